"""The pandas reader's fast paths: the sort-key split, its int64-overflow fallback, values read as numbers.

The store's CSV child is tested in test_store_child.py."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from partnerscore.data import _pandas_reader as datastore
from partnerscore.data._pandas_reader import load_series


def plain(by_partnership: dict) -> dict:
    return {p: {m: ([int(d) for d in s.days], [float(v) for v in s.values]) for m, s in series.items()}
            for p, series in by_partnership.items()}


def messy_csv(tmp_path: Path, seed: int) -> Path:
    """Long-form rows with every kind of trouble: bad dates and values, blanks, spaces, duplicates, short rows."""
    rng = random.Random(seed)
    partners = ["acme", "beta", " acme", "", "001"]
    days = ["2026-11-02", "2026-11-03", " 2026-11-02", "2026-02-30", "", "1600-01-01", "2026-11-10"]
    metrics = ["mql", "sql", " mql", "", "007"]
    values = ["1", "2.5", "30%", "", "abc", "nan", "inf", "1,200", "-3", "1e400", "0"]
    rows = ["partnership,date,metric,value"]
    for _ in range(60):
        row = [rng.choice(partners), rng.choice(days), rng.choice(metrics), rng.choice(values)]
        rows.append(",".join(row[:-1] if rng.random() < 0.05 else row))
    path = tmp_path / f"messy{seed}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("seed", range(8))
def test_overflow_fallback_splits_exactly_like_the_sort_key(tmp_path, seed):
    frame = datastore._read(messy_csv(tmp_path, seed))
    assert plain(datastore._split_rows(frame)) == plain(datastore._split(frame))


def test_split_keeps_first_row_of_a_day_and_drops_bad_rows(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("partnership,date,metric,value\n"
                    "acme,2026-11-03,mql,7\n"
                    "acme,2026-11-02,mql,4\n"
                    "acme,2026-11-02,mql,5\n"      # same day again: the first row (4) wins
                    " acme ,2026-11-04, mql ,30%\n"  # spaces stripped; 30% is 0.3
                    "acme,2026-02-30,mql,1\n"      # no such day
                    "acme,2026-11-05,mql,abc\n"    # not a number
                    ",2026-11-05,mql,1\n"          # no partnership
                    "beta,2026-11-02,sql,inf\n",   # not finite: beta has no valid row at all
                    encoding="utf-8")
    day = lambda text: date.fromisoformat(text).toordinal()  # noqa: E731
    assert plain(load_series(path)) == {
        "acme": {"mql": ([day("2026-11-02"), day("2026-11-03"), day("2026-11-04")], [4.0, 7.0, 0.3])}}


def number_texts(seed: int, n: int = 3000) -> list[str]:
    """Plain numbers of every shape read_csv parses: ints, long and short decimals, exponents, huge ints,
    signs, surrounding spaces, overflow to infinity."""
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
        lambda: str(rng.randrange(10**19, 10**30)),  # past uint64: the categories are texts then
        lambda: "0." + "".join(rng.choice("0123456789") for _ in range(rng.randrange(18, 40))),
        lambda: f"{rng.randrange(1, 10**17)}e{rng.randrange(-330, 310)}",
    ]
    return [rng.choice(shapes)() for _ in range(n)]


def long_csv(tmp_path: Path, values: list[str]) -> Path:
    rows = ["partnership,date,metric,value"]
    rows += [f"p{i % 7},{date.fromordinal(738000 + i // 7).isoformat()},m{i % 3},{v}" for i, v in enumerate(values)]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("seed", range(4))
def test_values_read_as_numbers_are_the_numbers_the_categories_give(tmp_path, seed, monkeypatch):
    path = long_csv(tmp_path, number_texts(seed))
    assert datastore._read(path)["value"].dtype == "float64"  # the numbers path was taken
    fast = plain(load_series(path))
    monkeypatch.setattr(datastore, "_numbers_frame", lambda path: None)  # categories only, as before
    slow = plain(load_series(path))
    assert fast == slow
    assert fast  # the comparison is not vacuous


@pytest.mark.parametrize("late", ["30%", "", "abc", "nan", "true"])
def test_a_value_that_is_not_a_number_after_the_first_rows_reads_the_file_as_categories(tmp_path, late,
                                                                                        monkeypatch):
    values = [str(i) for i in range(datastore._SAMPLE_ROWS + 50)]
    values[-10] = late
    path = long_csv(tmp_path, values)
    assert isinstance(datastore._read(path)["value"].dtype, pd.CategoricalDtype)
    got = plain(load_series(path))
    monkeypatch.setattr(datastore, "_numbers_frame", lambda path: None)
    assert got == plain(load_series(path))
