"""MetricStore: CSVs to per-partnership Series for report, read once, bad rows skipped, never a crash."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnerscore.data import _pandas_reader as pandas_reader
from partnerscore.data.cells import parse_value
from partnerscore.data.store import MetricStore


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def write(tmp_path: Path, text: str | bytes, name: str = "values.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def plain(series: dict) -> dict:
    """Series as plain lists, to compare (the store may hold numpy views)."""
    return {sid: ([int(d) for d in s.days], [float(v) for v in s.values]) for sid, s in series.items()}


def test_long_and_wide_forms_give_identical_series(tmp_path):
    long = write(tmp_path, "date,metric,value,note\n2026-11-09,mql,50,\n2026-11-02,mql,40,x\n"
                           "2026-11-02,sql,10,\n2026-11-09,rate,30%,\n", "long.csv")
    wide = write(tmp_path, "date,mql,sql,rate\n2026-11-02,40,10,\n2026-11-09,50,,30%\n", "wide.csv")
    store = MetricStore()
    expected = {
        "mql": ([day("2026-11-02"), day("2026-11-09")], [40.0, 50.0]),  # sorted by day, not file order
        "sql": ([day("2026-11-02")], [10.0]),
        "rate": ([day("2026-11-09")], [0.30]),  # 30% = 0.30
    }
    assert plain(store.series_for(long, "acme")) == expected
    assert plain(store.series_for(wide, "acme")) == expected


def test_shared_csv_is_sliced_per_partnership(tmp_path):
    path = write(tmp_path, "partnership,date,metric,value\nacme,2026-11-02,mql,4\nbeta,2026-11-02,mql,5\n"
                           " acme ,2026-11-03,mql,6\nbeta,2026-11-02,sql,1\n")
    store = MetricStore()
    assert plain(store.series_for(path, "acme")) == {"mql": ([day("2026-11-02"), day("2026-11-03")], [4.0, 6.0])}
    assert plain(store.series_for(path, "beta")) == {"mql": ([day("2026-11-02")], [5.0]),
                                                     "sql": ([day("2026-11-02")], [1.0])}
    assert store.series_for(path, "gamma") == {}  # not a partnership of this file


def test_a_csv_without_partnership_column_belongs_to_whoever_reads_it(tmp_path):
    path = write(tmp_path, "date,metric,value\n2026-11-02,mql,4\n")
    store = MetricStore()
    assert plain(store.series_for(path, "acme")) == plain(store.series_for(path, "anything"))
    assert plain(store.series_for(path, "acme")) == {"mql": ([day("2026-11-02")], [4.0])}


def test_bom_crlf_and_spaces(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf Date , Metric ,Value\r\n2026-11-02, mql , 7 \r\n\r\n2026-11-03,mql,8\r\n")
    assert plain(MetricStore().series_for(path, "acme")) == {"mql": ([day("2026-11-02"), day("2026-11-03")],
                                                                     [7.0, 8.0])}


def test_bad_rows_are_skipped_the_good_ones_kept(tmp_path):
    rows = ["2026/11/02,mql,1", "2026-02-30,mql,2", "Nov 5,mql,3", "2026-11-02,mql,abc", "2026-11-02,mql,NaN",
            "2026-11-02,mql,inf", "2026-11-02,mql,1e400", "2026-11-02,mql," + "1" * 5000, "2026-11-02,,4",
            "2026-11-02,mql,", "2026-11-02,mql,5,extra", "2026-11-02,mql,6"]
    path = write(tmp_path, "date,metric,value\n" + "\n".join(rows) + "\n")
    assert plain(MetricStore().series_for(path, "acme")) == {"mql": ([day("2026-11-02")], [6.0])}


def test_duplicate_day_keeps_the_later_row(tmp_path):
    # SPEC.md: of two rows for the same series and date, the later one in the file is used (lint: PS605).
    path = write(tmp_path, "date,metric,value\n2026-11-03,mql,1\n2026-11-02,mql,7\n2026-11-02,mql,9\n")
    assert plain(MetricStore().series_for(path, "acme")) == {"mql": ([day("2026-11-02"), day("2026-11-03")],
                                                                     [9.0, 1.0])}


def test_a_later_duplicate_without_a_value_leaves_the_earlier_one(tmp_path):
    path = write(tmp_path, "date,metric,value\n2026-11-02,mql,7\n2026-11-02,mql,n/a\n")
    assert plain(MetricStore().series_for(path, "acme")) == {"mql": ([day("2026-11-02")], [7.0])}


@pytest.mark.parametrize("content", [
    b"", b"\n\n", b"date,metric,value\n", "date,metric,value\n2026-11-02,mql,4\n".encode("utf-16"),
    "date,metric,value\n2026-11-02,caf\xe9,4\n".encode("latin-1"), b"date,metric\n2026-11-02,mql\n",
    b"day,mql\n2026-11-02,4\n", b'date,metric,value\n2026-11-02,mql,"4\n', b"\x00\x01\x02binary",
])
def test_unusable_files_give_no_series_and_no_crash(tmp_path, content):
    assert MetricStore().series_for(write(tmp_path, content), "acme") == {}


def test_missing_file_gives_no_series(tmp_path):
    assert MetricStore().series_for(tmp_path / "nope.csv", "acme") == {}


def test_each_csv_is_read_once_per_store(tmp_path, monkeypatch):
    path = write(tmp_path, "partnership,date,metric,value\nacme,2026-11-02,mql,4\nbeta,2026-11-02,mql,5\n")
    reads = []
    real = pandas_reader.read_bytes
    monkeypatch.setattr(pandas_reader, "read_bytes", lambda path, **bound: reads.append(path) or real(path, **bound))
    store = MetricStore()
    assert plain(store.series_for(path, "acme")) == {"mql": ([day("2026-11-02")], [4.0])}
    store.series_for(tmp_path / ".." / tmp_path.name / "values.csv", "beta")  # same file, other spelling
    assert len(reads) == 1


@pytest.mark.parametrize("text", ["42", "-3.5", "+5", ".5", "5.", "1e3", "30%", " 12.5 % ", "1,200", "1_000",
                                  "0x10", "nan", "inf", "-Infinity", "1e400", "", "abc", "١٢", "true"])
def test_report_and_lint_agree_on_what_a_number_is(tmp_path, text):
    path = write(tmp_path, f'date,metric,value\n2026-11-02,mql,"{text}"\n')
    try:
        expected = parse_value(text)
    except ValueError:
        expected = None
    got = plain(MetricStore().series_for(path, "acme")).get("mql", ([], []))[1]
    assert got == ([] if expected is None else [pytest.approx(expected)])


def test_numeric_looking_ids_keep_their_leading_zeros(tmp_path):
    # read_csv would turn an all-numeric column into numbers (001 -> 1); ids must stay as written.
    path = write(tmp_path, "partnership,date,metric,value\n001,2026-11-02,007,4\n002,2026-11-02,007,5\n")
    assert plain(MetricStore().series_for(path, "001")) == {"007": ([day("2026-11-02")], [4.0])}


def test_all_plain_numbers_and_mixed_spellings_read_the_same(tmp_path):
    plain_only = write(tmp_path, "date,metric,value\n2026-11-02,a,4\n2026-11-03,a,0.5\n", "plain.csv")
    mixed = write(tmp_path, "date,metric,value\n2026-11-02,a,4\n2026-11-03,a,50%\n", "mixed.csv")
    store = MetricStore()
    assert plain(store.series_for(plain_only, "x")) == plain(store.series_for(mixed, "x")) == {
        "a": ([day("2026-11-02"), day("2026-11-03")], [4.0, 0.5])}  # 50% = 0.5


def test_report_and_lint_agree_on_what_a_date_is(tmp_path):
    texts = ["2026-11-02", "1600-01-01", "9999-12-31", "2026-02-30", "2026/11/04", "Nov 5", " 2026-11-06 "]
    path = write(tmp_path, "date,metric,value\n" + "".join(f"{t},mql,1\n" for t in texts))
    # lint (csvcells.parse_day) accepts the ISO days, including the far past and future, and strips spaces.
    expected = sorted(day(t.strip()) for t in ["2026-11-02", "1600-01-01", "9999-12-31", " 2026-11-06 "])
    assert plain(MetricStore().series_for(path, "acme"))["mql"][0] == expected


def test_wide_form_with_a_partnership_column(tmp_path):
    path = write(tmp_path, "partnership,date,mql,sql\nacme,2026-11-02,4,\nbeta,2026-11-02,5,1\n")
    store = MetricStore()
    assert plain(store.series_for(path, "acme")) == {"mql": ([day("2026-11-02")], [4.0])}
    assert plain(store.series_for(path, "beta")) == {"mql": ([day("2026-11-02")], [5.0]),
                                                     "sql": ([day("2026-11-02")], [1.0])}
