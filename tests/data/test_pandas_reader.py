"""The report's CSV reader (`data._pandas_reader`): its paths (a small file split as text, a big one read by pandas,
odd files left to lint's reader), each file read once, the index-shift bug, and the series split.

That the report uses exactly the values lint accepts is test_readers_agree.py's, on random messy files."""

from __future__ import annotations

import csv
import json
import random
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from test_readers_agree import lint_values, report_values

from conftest import run_cli
from partnerscore.data import _codes, _pandas_reader
from partnerscore.data import table as lint_table
from partnerscore.data._pandas_reader import load_codes, load_series
from partnerscore.data._series_split import split, split_rows
from partnerscore.data.flat import unflatten

FIXTURE = Path(__file__).parent.parent / "fixtures" / "report_project"


def plain(by_partnership: dict) -> dict:
    return {p: {m: ([int(d) for d in s.days], [float(v) for v in s.values]) for m, s in series.items()}
            for p, series in by_partnership.items()}


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


@pytest.fixture(params=["small", "big"])
def reader_path(request, monkeypatch) -> str:
    """Both ways a file is read: split as text (a small file), by pandas (a big one)."""
    monkeypatch.setattr(_pandas_reader, "_PANDAS_FROM", 1 << 40 if request.param == "small" else 0)
    return request.param


def write(tmp_path: Path, text: str, name: str = "values.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_a_first_row_with_an_extra_field_is_left_out_not_taken_for_an_index(tmp_path, reader_path):
    # pandas took the first column for an index (every column shifted, every metric no-data); lint: PS602.
    path = write(tmp_path, "date,metric,value,note\n2026-04-06,mql,385,,x\n2026-04-07,mql,1,\n2026-04-08,mql,2\n")
    assert plain(load_series(path)) == {None: {"mql": ([day("2026-04-07")], [1.0])}}  # the third is short
    assert report_values(path) == lint_values(path)


def test_the_report_reads_a_csv_whose_first_row_has_an_extra_field(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(FIXTURE, root)
    csv_path = root / "data" / "northwind.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + ",x\n"  # 2026-05-11, a quarter before the one reported
    csv_path.write_text("".join(lines), encoding="utf-8")
    env = {"PARTNERSCORE_JOBS": "1"}
    report = run_cli("report", "--as-of", "2026-11-15", "--format", "json", "scorecards/northwind.yaml",
                     cwd=root, env=env)
    (northwind,) = json.loads(report.stdout)["partnerships"]
    pipeline = next(m for m in northwind["metrics"] if m["id"] == "influenced_pipeline")
    assert (pipeline["actual"], pipeline["status"]) == (230000, "at-risk")  # SPEC's worked example, not no-data
    lint = run_cli("lint", "--format", "json", cwd=root, env=env)
    found = json.loads(lint.stdout)["diagnostics"]
    assert {(d["path"], d["line"]) for d in found if d["rule"] == "PS602"} == {("data/northwind.csv", 2)}


def test_the_later_row_of_a_day_wins_and_bad_rows_are_dropped(tmp_path, reader_path):
    path = write(tmp_path, "partnership,date,metric,value\n"
                           "acme,2026-11-03,mql,7\n"
                           "acme,2026-11-02,mql,4\n"
                           "acme,2026-11-02,mql,5\n"        # same day again: the later row (5) wins
                           " acme ,2026-11-04, mql ,30%\n"  # spaces stripped; 30% is 0.3
                           "acme,2026-02-30,mql,1\n"        # no such day
                           "acme,2026-11-05,mql,abc\n"      # not a number
                           ",2026-11-05,mql,1\n"            # no partnership
                           "beta,2026-11-02,sql,inf\n")     # not finite: beta has no valid row at all
    assert plain(load_series(path)) == {
        "acme": {"mql": ([day("2026-11-02"), day("2026-11-03"), day("2026-11-04")], [5.0, 7.0, 0.3])}}


@pytest.mark.parametrize("text, expected", [
    ("date,metric,value,note\n2026-11-02,mql,4,\n2026-11-03,mql,5\n2026-11-04,mql,6,,\n", [4.0]),  # note last
    ("date,mql,sql\n2026-11-02,4,\n2026-11-03,5\n", [4.0]),  # a wide row short of its last cell
    ("date,metric,value\r\n2026-11-02,mql,4\r\n\r\n2026-11-03,mql,5,\r\n", [4.0]),  # CRLF, a trailing comma
])
def test_only_rows_with_as_many_fields_as_the_header_count(tmp_path, reader_path, text, expected):
    path = write(tmp_path, text)
    assert plain(load_series(path))[None]["mql"][1] == expected
    assert report_values(path) == lint_values(path)


def test_quoted_fields_are_read_by_lints_reader(tmp_path, reader_path):
    path = write(tmp_path, 'date,metric,value,note\n2026-11-02,mql,"1,200","a, b"\n2026-11-03,mql,5,"say ""hi"""\n')
    assert plain(load_series(path)) == {None: {"mql": ([day("2026-11-02"), day("2026-11-03")], [1200.0, 5.0])}}


def test_csv_quoting_that_lint_refuses_makes_the_file_unusable_here_too(tmp_path, reader_path):
    path = write(tmp_path, 'date,metric,value\n2026-11-02,mql,"4"x\n2026-11-03,mql,5\n')  # the csv module stops
    assert load_series(path) == {} and lint_values(path) == {}


def test_a_field_longer_than_the_csv_module_takes_makes_the_file_unusable(tmp_path, reader_path):
    old = csv.field_size_limit(200)
    try:
        rows = "2026-11-02,mql,4,ok\n" * 20 + f"2026-11-03,mql,5,{'x' * 300}\n"
        path = write(tmp_path, "date,metric,value,note\n" + rows)
        assert load_series(path) == {} and lint_values(path) == {}
    finally:
        csv.field_size_limit(old)


def test_more_ids_than_lint_reads_leaves_the_file_to_lint(tmp_path, reader_path, monkeypatch):
    monkeypatch.setattr(lint_table, "MAX_SERIES", 3)
    monkeypatch.setattr(_codes, "MAX_SERIES", 3)
    few = write(tmp_path, "date,metric,value\n2026-11-02,a,1\n2026-11-02,b,2\n", "few.csv")
    many = write(tmp_path, "date,metric,value\n" + "".join(f"2026-11-02,m{i},1\n" for i in range(5)), "many.csv")
    assert set(load_series(few)[None]) == {"a", "b"}
    assert load_series(many) == {} == lint_values(many)


def number_texts(seed: int, n: int = 600) -> list[str]:
    """Numbers of every shape: ints, long and short decimals, exponents, huge ints, signs, spaces, overflow."""
    rng = random.Random(seed)
    shapes = [
        lambda: str(rng.randrange(-10**6, 10**6)),
        lambda: f"{rng.random() * 10 ** rng.randrange(-5, 8):.{rng.randrange(1, 20)}f}",
        lambda: repr(rng.random() * 10 ** rng.randrange(-300, 300)),
        lambda: f"{rng.randrange(1, 10**17)}.{rng.randrange(10**17)}",
        lambda: str(rng.randrange(10**15, 10**19)),
        lambda: f"{rng.random():.3e}",
        lambda: f" {rng.randrange(100)}.{rng.randrange(100)} ",
        lambda: f"+{rng.randrange(100)}.5",
        lambda: "1e400",
        lambda: str(rng.randrange(10**19, 10**30)),
        lambda: "0." + "".join(rng.choice("0123456789") for _ in range(rng.randrange(18, 45))),  # past 40 too
        lambda: f"{rng.randrange(1, 10**17)}e{rng.randrange(-330, 310)}",
    ]
    return [rng.choice(shapes)() for _ in range(n)]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("other", [None, "30%", ""])  # all plain numbers, or one that is not
def test_numbers_are_read_exactly_as_lint_reads_them(tmp_path, reader_path, seed, other):
    values = number_texts(seed)
    if other is not None:
        values[-1] = other
    rows = [f"p{i % 7},{date.fromordinal(738000 + i // 7).isoformat()},m{i % 3},{v}" for i, v in enumerate(values)]
    path = write(tmp_path, "partnership,date,metric,value\n" + "\n".join(rows) + "\n")
    got = report_values(path)
    # About 340 of the 600 are values: the rest are beyond 1e15 in size (a third of the shapes), 1e400, or
    # over 40 characters, and both readers refuse them alike.
    assert got == lint_values(path) and len(got) > 300


@pytest.mark.parametrize("seed", range(4))
def test_overflow_fallback_splits_exactly_like_the_sort_key(tmp_path, seed):
    rng = random.Random(seed)
    rows = [",".join([rng.choice(["acme", "beta", " acme", "", "001"]),
                      rng.choice(["2026-11-02", "2026-11-03", " 2026-11-02", "2026-02-30", "", "1600-01-01"]),
                      rng.choice(["mql", "sql", " mql", "", "007"]),
                      rng.choice(["1", "2.5", "30%", "", "abc", "nan", "inf", "-3", "1e400", "0"])]) for _ in range(80)]
    codes = load_codes(write(tmp_path, "partnership,date,metric,value\n" + "\n".join(rows) + "\n"))
    assert plain(unflatten(*split_rows(codes))) == plain(unflatten(*split(codes))) != {}


def count_reads(monkeypatch) -> tuple[list, list]:
    """Calls of the reader's file read, and of pandas.read_csv."""
    import pandas as pd

    reads, parses = [], []
    read_bytes, read_csv = _pandas_reader.read_bytes, pd.read_csv
    monkeypatch.setattr(_pandas_reader, "read_bytes",
                        lambda path, **bound: reads.append(path) or read_bytes(path, **bound))
    monkeypatch.setattr(pd, "read_csv", lambda *args, **kwargs: parses.append(args) or read_csv(*args, **kwargs))
    return reads, parses


@pytest.mark.parametrize("text", ["date,metric,value\n2026-11-02,mql,4\n2026-11-03,mql,30%\n",
                                  "date,metric,value,note\n2026-11-02,mql,4,\n2026-11-03,mql,5\n",
                                  "partnership,date,mql,sql\nacme,2026-11-02,4,\nacme,2026-11-03,5\n"])
def test_each_file_is_read_once(tmp_path, reader_path, monkeypatch, text):
    reads, parses = count_reads(monkeypatch)
    assert load_series(write(tmp_path, text))
    assert len(reads) == 1 and len(parses) == (1 if reader_path == "big" else 0)


def test_small_files_do_not_import_pandas(tmp_path):
    path = write(tmp_path, "date,metric,value\n2026-11-02,mql,4\n2026-11-03,mql,5\n")
    code = ("import sys; from pathlib import Path; from partnerscore.data._pandas_reader import load_series\n"
            f"assert load_series(Path({str(path)!r}))\nprint('pandas' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
