"""lint's table reader and the report's pandas reader agree on every file: the report uses exactly the values lint
accepts (of two for the same series and day, the later one in the file), and none that lint rejects."""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from partnerscore.data import _pandas_reader as pandas_reader
from partnerscore.data.columns import NO_DAY
from partnerscore.data.table import read_csv

DATES = ["2026-11-02", "2026-11-03", " 2026-11-09 ", "2026-13-02", "11/05/2026", "2026-02-30", "", "1600-01-01",
         "2026-11-2", "2026-11-02\t"]
IDS = ["mql", "sql", " mql", "MQL", "m q", "", "007", "rate "]
PARTNERS = ["acme", "beta", " acme ", "Acme", "", "001", "a b"]
VALUES = ["1", "2.5", "30%", " 12.5 % ", "1,200", "12k", "$5", "", " ", "nan", "NaN", "inf", "-inf", "1e400", "-3",
          "0", " 7 ", "1_000", "١٢", "+.5", "5.", "1e3", "0.12345678901234567890123456789012345678901",
          "12345678901234567890123", "true", "0.1", "1.0000000000000002", "4.35",
          # MAX_MAGNITUDE (10^15) and just past it, in every spelling the fast paths take
          "1e308", "-1e308", "1e15", "-1e15", "1000000000000000", "1000000000000001", "1000000000000000.5",
          "999999999999999.9", "1e17%", "1.1e17%"]
NOTES = ["", "ok", "a note", "x,y", 'say "hi"', " "]
SERIES = ["mql", " sql", "Rate", "007", "m q"]
POOLS = {"date": DATES, "metric": IDS, "partnership": PARTNERS, "value": VALUES, "note": NOTES}


def spell(draw, name: str) -> str:
    """A header name as people write it: any case, spaces around."""
    cased = draw(st.sampled_from([name, name.upper(), name.capitalize()]))
    return draw(st.sampled_from(["", " "])) + cased + draw(st.sampled_from(["", " ", "  "]))


def quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


@st.composite
def csv_files(draw) -> bytes:
    """A small CSV with any of the troubles real files have: both forms, optional partnership and note
    columns in any order, quoted fields (or commas and quotes left unquoted), blank lines, a BOM, CRLF,
    stray spaces, rows with fields missing or extra, bad dates and values, duplicate rows."""
    wide = draw(st.booleans())
    columns = ["date"] if wide else ["date", "metric", "value"]
    columns += [name for name in ("partnership", "note") if draw(st.booleans())]
    if wide:
        columns += draw(st.lists(st.sampled_from(SERIES), min_size=1, max_size=3, unique_by=str.strip))
    columns = draw(st.permutations(columns))
    header = [spell(draw, name) if name in POOLS else name for name in columns]
    if draw(st.integers(0, 19)) == 0:  # a header lint refuses: an unknown or a repeated column
        header.append(draw(st.sampled_from(["valeu", header[0], "extra"])))
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = [draw(st.sampled_from(POOLS.get(name.strip().lower(), VALUES))) for name in columns]
        trouble = draw(st.integers(0, 11))
        if trouble == 0:
            row = row[:-1]
        elif trouble == 1:
            row = row + [draw(st.sampled_from(["x", ""]))]
        elif trouble == 2:
            row = [draw(st.sampled_from(["", "  ", ",,", "\t"]))]
        rows.append(row)
    quoting = draw(st.sampled_from(["never", "never", "never", "needed", "some"]))

    def cell(text: str) -> str:
        if quoting == "needed" and ("," in text or '"' in text):
            return quote(text)
        if quoting == "some" and draw(st.integers(0, 3)) == 0:
            return quote(text)
        return text

    lines = [",".join(header)] + [",".join(map(cell, row)) for row in rows]
    if draw(st.integers(0, 4)) == 0:
        lines.insert(0, draw(st.sampled_from(["", "  ", ",,"])))  # before the header
    breaks = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    text = ""
    for line in lines:
        text += line + (draw(st.sampled_from(["\n", "\r\n", "\r"])) if breaks == "mixed" else breaks)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no line break after the last line
    bom = draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf"]))
    return bom + text.encode("utf-8")


def lint_values(path: Path) -> dict:
    """{(partnership, series, day): value} of every value lint accepts, the later one winning a day."""
    table = read_csv(path, path.name)
    values: dict = {}
    if not table.usable:
        return values
    data = table.data
    for i in range(len(data)):
        if data.days[i] != NO_DAY and not math.isnan(data.values[i]):
            values[data.partnership_of(i), data.series_of(i), data.days[i]] = data.values[i]
    return values


def report_values(path: Path) -> dict:
    return {(partnership, series_id, int(day)): float(value)
            for partnership, by_id in pandas_reader.load_series(path).items()
            for series_id, series in by_id.items()
            for day, value in zip(series.days, series.values, strict=True)}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=csv_files(), with_pandas=st.booleans())
@example(content=b"date,metric,value,note\n2026-04-06,a,385,,x\n2026-04-07,a,1,\n", with_pandas=True)  # index shift
@example(content=b"date,a,b\n2026-01-01,1\n2026-01-02,1,2\n", with_pandas=True)  # a short wide row
@example(content=b'date,metric,value\n2026-01-01,a,"1"x\n2026-01-02,a,2\n', with_pandas=False)  # strict quotes
def test_report_uses_exactly_the_values_lint_accepts(tmp_path, monkeypatch, content, with_pandas):
    # A small file is split by the reader itself, a big one read by pandas: both ways, on these small files.
    monkeypatch.setattr(pandas_reader, "_PANDAS_FROM", 0 if with_pandas else 1 << 40)
    path = tmp_path / "values.csv"
    path.write_bytes(content)
    assert report_values(path) == lint_values(path)
