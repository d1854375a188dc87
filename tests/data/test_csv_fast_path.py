"""Lint's CSV reading on large files: the fast ways of reading (whole blocks split at once, clean blocks
taken with C-level loops) give exactly what reading row by row gives, and memory stays small.

`RowReader.row` is the reference for every row; the fast paths only take blocks it would find clean.
These tests read the same text three ways and compare everything lint uses: problems (code, message,
position), rows, per-partnership summaries, and the PS605/PS608 findings.
"""

from __future__ import annotations

import gc
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerscore.data import records as csvrecords
from partnerscore.data import rows as csvrows
from partnerscore.data.table import CsvTable, _parse, read_csv
from partnerscore.lint.rules.data import CsvContext, duplicate_row, future_row

AS_OF = date(2026, 11, 20)

DATES = ["2026-11-02", "2026-11-03", " 2026-11-04", "2062-01-01", "2026/11/05", "2026-02-30", "", " ", "x"]
VALUES = ["42", "4.2", "-3", "30%", "", " ", "1e3", "1e400", "NaN", "inf", "abc", "1_000", "+5", ".5", "5.",
          " 7 ", "1" * 45, "0." + "1" * 41, "12.5 %", "1e", "--4", "\u0664\u0662", "-0", "1,200",
          "1e308", "1e15", "1000000000000001", "-1000000000000000"]
IDS = ["mql", "sql", " mql", "", " ", "pipeline", "a b"]
PARTNERS = ["acme", "northwind", " acme", "", "p1"]
NOTES = ["", "from crm", "a, b", "two\nlines", 'say "hi"']


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n\r') else cell


@st.composite
def csv_texts(draw) -> str:
    """Long-form CSVs, mostly clean so that whole blocks are clean, with hostile cells and lines mixed in."""
    columns = draw(st.permutations(["date", "metric", "value", "partnership", "note"]))
    columns = [c for c in columns if c in ("date", "metric", "value") or draw(st.booleans())]
    dirty = draw(st.floats(0, 0.2))
    lines = [",".join(columns)]
    for _ in range(draw(st.integers(0, 150))):
        if draw(st.floats(0, 1)) < dirty:
            cells = {"date": draw(st.sampled_from(DATES)), "metric": draw(st.sampled_from(IDS)),
                     "value": draw(st.sampled_from(VALUES)), "partnership": draw(st.sampled_from(PARTNERS)),
                     "note": draw(st.sampled_from(NOTES))}
        else:
            cells = {"date": date.fromordinal(739_000 + draw(st.integers(0, 1200))).isoformat(),
                     "metric": draw(st.sampled_from(["mql", "sql", "opps"])), "value": str(draw(st.integers(0, 99))),
                     "partnership": draw(st.sampled_from(["p1", "p2", "p3"])), "note": ""}
        row = [_quoted(cells[c]) for c in columns]
        shape = draw(st.floats(0, 1))
        if shape < dirty / 4:
            row.append("extra")
        elif shape < dirty / 2:
            row = row[:-1]
        elif shape < dirty * 3 / 4:
            lines.append(draw(st.sampled_from(["", ",,,", " "])))
        lines.append(",".join(row))
        if draw(st.floats(0, 1)) < dirty / 4:
            lines.append(lines[-1])  # a duplicate
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines) + draw(st.sampled_from([newline, ""]))


def _everything(table) -> dict:
    findings = lambda found: [(f.code, f.message, f.position) for f in found]  # noqa: E731
    context = CsvContext(table, AS_OF)
    partnerships = {r.partnership for r in table.rows} | {None, "nobody"}
    return {
        "problems": findings(table.problems), "broken": table.broken,
        "rows": [(r.line, r.field, r.series, r.date_text, r.value_text, r.day, r.value, r.partnership, r.note)
                 for r in table.rows],
        "summaries": {p: [(s, v.position, v.values) for s, v in table.series_summary(p).items()]
                      for p in partnerships},
        "PS605": findings(duplicate_row(context)), "PS608": findings(future_row(context)),
    }


def _read_three_ways(path: Path, monkeypatch) -> list[dict]:
    results = [_everything(read_csv(path, "v.csv"))]
    with monkeypatch.context() as patch:  # the csv module for every block, clean ones still taken whole
        patch.setattr(csvrecords, "_split", lambda *args: None)
        results.append(_everything(read_csv(path, "v.csv")))
    with monkeypatch.context() as patch:  # every row one by one: the reference
        patch.setattr(csvrows.RowReader, "block", lambda self, block: False)
        results.append(_everything(read_csv(path, "v.csv")))
    return results


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(text=csv_texts())
def test_fast_and_row_by_row_reading_agree(text, tmp_path, monkeypatch):
    # Tiny blocks (a few lines) and halving down to one row, so block edges land everywhere.
    monkeypatch.setattr(csvrecords, "PIECE", 64)
    monkeypatch.setattr(csvrecords, "CHUNK", 7)
    monkeypatch.setattr(csvrows, "_FEW_ROWS", 1)
    path = tmp_path / "v.csv"
    path.write_text(text, encoding="utf-8", newline="")
    fast, csv_blocks, reference = _read_three_ways(path, monkeypatch)
    assert fast == reference
    assert csv_blocks == reference


def _big(rows: int, tweak=None) -> str:
    """A clean shared CSV: 4 series a day for 2 partnerships, from 2020-01-01 (ordinal 737425) on."""
    lines = ["partnership,date,metric,value"]
    for i in range(rows):
        day = date.fromordinal(737_425 + i // 8).isoformat()
        lines.append(f"p{i // 4 % 2},{day},{('mql', 'sql', 'opps', 'nps')[i % 4]},{i % 97}")
    if tweak:
        tweak(lines)
    return "\n".join(lines) + "\n"


def test_one_bad_cell_in_a_big_clean_file_is_found_where_it_is(tmp_path, monkeypatch):
    def tweak(lines):
        lines[3001] = "p0,2028-03-20,mql,1_000"  # float() reads 1_000; parse_value does not
        lines[3002] = "p0,2028-03-20,sql," + "1" * 45  # float() reads it; over parse_number's 40 characters
        lines[4001] = "p0,2028-13-01,mql,4"
        lines[4500] = lines[4499]  # a duplicate of the row before
    path = tmp_path / "v.csv"
    path.write_text(_big(6000, tweak), encoding="utf-8")
    table = read_csv(path, "v.csv")
    # lines[k] is on line k + 1; "p0,2028-03-20,mql," is 18 characters, "p0," 3.
    assert [(f.code, f.position.line, f.position.column) for f in table.problems] == [
        ("PS604", 3002, 19), ("PS604", 3003, 19), ("PS603", 4002, 4)]
    [duplicate] = duplicate_row(CsvContext(table, AS_OF))
    assert duplicate.position.line == 4501 and "on line 4500" in duplicate.message
    assert _everything(table) == _read_three_ways(path, monkeypatch)[2]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_breaks_give_the_same_lines(tmp_path, newline):
    text = _big(3000).replace("\n", "|")
    (tmp_path / "lf.csv").write_text(text.replace("|", "\n"), encoding="utf-8", newline="")
    (tmp_path / "other.csv").write_text(text.replace("|", newline), encoding="utf-8", newline="")
    lf, other = read_csv(tmp_path / "lf.csv", "v.csv"), read_csv(tmp_path / "other.csv", "v.csv")
    assert other.problems == [] and len(other.data) == 3000
    assert [other.data.line_of(i) for i in (0, 1499, 2999)] == [2, 1501, 3001]  # row k is on line k + 2
    assert other.rows == lf.rows


def test_a_quoted_note_spanning_lines_shifts_later_lines_in_a_big_file(tmp_path):
    def tweak(lines):
        lines[0] += ",note"
        for k in range(1, len(lines)):
            lines[k] += ',"two\nlines"' if k == 10 else ","
        lines[2000] = "p0,2020-09-04,mql,x,"
    path = tmp_path / "v.csv"
    path.write_text(_big(3000, tweak), encoding="utf-8")
    table = read_csv(path, "v.csv")
    # Row 10 takes lines 11-12, so lines[2000] is on line 2002; 'x' follows "p0,2020-09-04,mql," (18 chars).
    assert [(f.code, f.position.line, f.position.column) for f in table.problems] == [("PS604", 2002, 19)]
    assert table.data.line_of(10) == 13  # the row after the two-line note


def test_a_field_over_the_csv_limit_without_quotes_is_ps602(tmp_path):
    import csv

    path = tmp_path / "v.csv"
    path.write_text(_big(2000) + "p0,2026-01-01,mql," + "1" * (csv.field_size_limit() + 1) + "\n", encoding="utf-8")
    table = read_csv(path, "v.csv")
    [problem] = table.problems
    # 2,000 rows on lines 2-2001; the long one is line 2002.
    assert (problem.code, problem.position.line) == ("PS602", 2002) and "a field is over" in problem.message


def test_reading_keeps_a_few_bytes_a_value_not_an_object_per_row(tmp_path):
    text = _big(100_000)
    table = CsvTable(path=tmp_path / "v.csv", display="v.csv", text=text)
    tracemalloc.start()
    try:
        _parse(table)  # what read_csv does once the file is read
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(table.data) == 100_000 and table.problems == []
    # Kept: a day, a value, a pair (16 bytes) a value, and the 12,500 distinct dates met. Peak: that, plus the
    # few thousand rows being split and arrays growing. Reading into an object per row and cell, as lint
    # did before, kept 156 bytes a row and peaked at 250 (it also copied the text into an io.StringIO).
    assert kept < 25 * 100_000, kept
    assert peak < 80 * 100_000, peak


def test_reading_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text(_big(10), encoding="utf-8")
    assert gc.isenabled()
    read_csv(path, "v.csv")
    assert gc.isenabled()
    gc.disable()
    try:
        read_csv(path, "v.csv")
        assert not gc.isenabled()
    finally:
        gc.enable()
