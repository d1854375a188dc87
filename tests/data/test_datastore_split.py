"""The data layer's fast paths: the sort-key split, its int64-overflow fallback, prefetching in a thread."""

from __future__ import annotations

import gc
import random
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from partnerscore.data import _child as csv_child

from partnerscore.data import _pandas_reader as datastore

from partnerscore.data import flat as flatseries
from partnerscore.io.settings import load_settings
from partnerscore.data._pandas_reader import load_series
from partnerscore.data.store import MetricStore
from partnerscore.io.paths import discover
from partnerscore.render.report_json import render_json
from partnerscore.report import build

FIXTURE = Path(__file__).parent.parent / "fixtures" / "report_project"


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


def test_prefetched_csv_is_read_once_by_a_child_process_and_gives_the_same_series(tmp_path, monkeypatch):
    path = messy_csv(tmp_path, 1)
    expected = plain(load_series(path.resolve()))
    calls = []
    real = pd.read_csv

    def counting(*a, **k):
        if "nrows" not in k:  # whole-file reads only: a look at the first rows is not a read of the file
            calls.append(a)
        return real(*a, **k)

    monkeypatch.setattr(pd, "read_csv", counting)
    asked = []
    real_ask = csv_child.Child.ask
    monkeypatch.setattr(csv_child.Child, "ask", lambda self, p: asked.append(p) or real_ask(self, p))
    store = MetricStore()
    store.prefetch(path)
    store.prefetch(tmp_path / ".." / tmp_path.name / path.name)  # same file, other spelling: not again
    got = {p: store.series_for(path, p) for p in expected}
    assert plain(got) == expected
    assert len(asked) == 1 and calls == []  # read by the child, not here


def test_one_child_reads_every_prefetched_file_in_turn(tmp_path, monkeypatch):
    paths = [messy_csv(tmp_path, seed) for seed in (4, 5, 6)]
    expected = {p: plain(load_series(p.resolve())) for p in paths}
    started = []
    real_start = csv_child.start
    monkeypatch.setattr(csv_child, "start", lambda: started.append(1) or real_start())
    store = MetricStore()
    for path in paths:
        store.prefetch(path)
    got = {path: plain({p: store.series_for(path, p) for p in expected[path]}) for path in reversed(paths)}
    assert got == expected and len(started) == 1
    late = messy_csv(tmp_path, 7)  # asked for once the answers are in: read here, same result
    store.prefetch(late)
    assert plain({p: store.series_for(late, p) for p in load_series(late.resolve())}) == plain(
        load_series(late.resolve()))


@pytest.mark.parametrize("failure", ["no interpreter", "crash", "garbage"])
def test_a_child_that_fails_leaves_the_file_to_be_read_here(tmp_path, monkeypatch, failure):
    path = messy_csv(tmp_path, 2)
    expected = plain(load_series(path.resolve()))
    if failure == "no interpreter":
        monkeypatch.setattr(csv_child.sys, "executable", str(tmp_path / "no-python"))
        tries = []
        real_start = csv_child.start
        monkeypatch.setattr(csv_child, "start", lambda: tries.append(1) or real_start())
    else:
        program = "import sys; sys.exit(3)" if failure == "crash" else "import sys; sys.stdout.write('not a pickle')"
        monkeypatch.setattr(csv_child, "_PROGRAM", program)
    store = MetricStore()
    store.prefetch(path)
    store.prefetch(path)
    assert plain({p: store.series_for(path, p) for p in expected}) == expected
    if failure == "no interpreter":
        assert tries == [1]  # not tried again for every scorecard


def test_series_sent_as_bytes_come_back_as_they_went(tmp_path):
    path = messy_csv(tmp_path, 3).resolve()
    names, days, values = datastore.load_flat(path)
    back = flatseries.unflatten(names, memoryview(days.tobytes()).cast("q"), memoryview(values.tobytes()).cast("d"))
    series = load_series(path)
    assert plain(back) == plain(series) and series
    assert list(back) == list(series) and all(list(back[p]) == list(series[p]) for p in series)  # same order


def test_report_prefetches_big_data_files_with_identical_results(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    shutil.copytree(FIXTURE, root)
    monkeypatch.chdir(root)
    settings = load_settings()
    as_of = date(2026, 11, 15)
    plain_run = render_json(build.build_portfolio(discover([], settings), settings, as_of))

    prefetched = []
    real_prefetch = MetricStore.prefetch
    monkeypatch.setattr(MetricStore, "prefetch", lambda self, p: prefetched.append(p.name) or real_prefetch(self, p))
    monkeypatch.setattr(build, "PREFETCH_BYTES", 0)  # every data file counts as big
    monkeypatch.setattr(build, "_cores", lambda: 2)
    assert render_json(build.build_portfolio(discover([], settings), settings, as_of)) == plain_run
    assert sorted(prefetched) == ["acme.csv", "northwind.csv"]
    assert gc.isenabled()  # the collector, paused while building, is back on


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


def _in_process_reads_forbidden(monkeypatch):
    from partnerscore.data import store as metricstore

    def forbidden(path):
        raise AssertionError(f"{path} read in this process, not by the child")

    monkeypatch.setattr(metricstore, "_load_here", forbidden)


def test_a_warm_child_reads_every_data_file_whatever_its_size(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    shutil.copytree(FIXTURE, root)
    monkeypatch.chdir(root)
    settings = load_settings()
    plain_run = render_json(build.build_portfolio(discover([], settings), settings, date(2026, 11, 15)))
    monkeypatch.setattr(build, "_cores", lambda: 2)
    monkeypatch.setattr(csv_child, "cores", lambda: 2)
    csv_child.warm_up()
    assert csv_child.is_warm()
    _in_process_reads_forbidden(monkeypatch)  # the fixture's CSVs are far under PREFETCH_BYTES
    assert render_json(build.build_portfolio(discover([], settings), settings, date(2026, 11, 15))) == plain_run
    assert not csv_child.is_warm()  # handed out, once


def test_a_warm_child_nobody_takes_is_ended(monkeypatch):
    monkeypatch.setattr(csv_child, "cores", lambda: 2)
    csv_child.warm_up()
    proc = csv_child._warm._proc
    csv_child.discard_warm()
    assert proc.poll() is not None and not csv_child.is_warm()
    csv_child.discard_warm()  # nothing to end: nothing happens


def test_no_warm_child_with_a_single_core(monkeypatch):
    monkeypatch.setattr(csv_child, "cores", lambda: 1)
    csv_child.warm_up()
    assert not csv_child.is_warm()


@pytest.mark.parametrize("argv, warms", [
    (["report"], True), (["report", "--format", "json", "scorecards"], True),
    (["report", "--help"], False), (["report", "-h"], False), (["lint"], False), ([], False),
    (["lint", "report"], False),
])
def test_the_command_line_warms_a_child_only_for_a_report(argv, warms):
    from partnerscore.cli import _reads_data

    assert _reads_data(argv) is warms


@pytest.mark.parametrize("channel", ["memory file", "pipe"])
def test_series_come_back_the_same_through_a_memory_file_or_the_pipe(tmp_path, monkeypatch, channel):
    paths = [messy_csv(tmp_path, seed) for seed in (8, 9)]
    expected = {p: plain(load_series(p.resolve())) for p in paths}
    if channel == "pipe":
        monkeypatch.setattr(csv_child, "_memory_file", lambda: None)
    child = csv_child.start()
    for path in paths:
        assert child.ask(path.resolve())
    answers = child.results()
    for path in paths:
        found = answers[path.resolve()]
        assert plain({p: found.get(p) for p in found.partnerships()}) == expected[path]
    if channel == "memory file" and csv_child._memory_file is not None and hasattr(csv_child.os, "memfd_create"):
        import mmap

        assert isinstance(answers[paths[0].resolve()]._days.obj, mmap.mmap)  # not copied through the pipe


def test_a_message_pointing_outside_the_memory_file_leaves_the_file_to_be_read_here(tmp_path, monkeypatch):
    path = messy_csv(tmp_path, 10)
    expected = plain(load_series(path.resolve()))
    program = ("import pickle, sys\n"
               "sys.stdin.read()\n"
               "h = pickle.dumps(([('acme', 'mql', 1)], 4, 4, 8, 10 ** 9))\n"
               "sys.stdout.buffer.write(len(h).to_bytes(8, 'little') + h)\n")
    monkeypatch.setattr(csv_child, "_PROGRAM", program)
    store = MetricStore()
    store.prefetch(path)
    assert plain({p: store.series_for(path, p) for p in expected}) == expected


def _codes(path: Path):
    return datastore.row_codes(datastore._read(path))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("wanted", [{"acme"}, {"beta", "001"}, set(), {"nobody"}, {"acme", "beta", "001"}])
def test_the_rows_of_some_partnerships_split_exactly_as_all_rows(tmp_path, seed, wanted):
    from partnerscore.data._series_split import split

    codes = _codes(messy_csv(tmp_path, seed))
    everything = plain(flatseries.unflatten(*split(codes)))
    some = plain(flatseries.unflatten(*split(codes, wanted)))
    assert some == {p: series for p, series in everything.items() if p in wanted}


def test_a_file_without_partnership_column_keeps_every_row_whoever_is_wanted(tmp_path):
    from partnerscore.data._series_split import split

    path = tmp_path / "one.csv"
    path.write_text("date,metric,value\n2026-11-02,mql,4\n2026-11-03,mql,5\n", encoding="utf-8")
    codes = _codes(path)
    assert plain(flatseries.unflatten(*split(codes, {"acme"}))) == plain(flatseries.unflatten(*split(codes))) != {}


def test_a_codes_file_splits_what_is_expected_and_anything_else_when_asked(tmp_path):
    from partnerscore.data._series_split import CodesFile, split

    path = tmp_path / "v.csv"
    path.write_text("partnership,date,metric,value\nacme,2026-11-02,mql,4\nbeta,2026-11-02,mql,5\n"
                    " acme ,2026-11-03,sql,30%\nbeta,2026-11-01,mql,1\n,2026-11-01,mql,9\n", encoding="utf-8")
    codes = _codes(path)
    everything = plain(flatseries.unflatten(*split(codes)))
    assert set(everything) == {"acme", "beta"}
    file = CodesFile(codes)
    file.expect({"acme"})
    assert plain({"acme": file.get("acme")}) == {"acme": everything["acme"]}
    assert file.get(None) is None  # no rows without a partnership in a file that has the column
    assert plain({"beta": file.get("beta")}) == {"beta": everything["beta"]}  # not expected: still right
    assert sorted(file.partnerships(), key=str) == sorted(everything, key=str) and file


def _big_csv(tmp_path: Path, rows: int) -> Path:
    """A long CSV of `rows` rows for three partnerships, with a few bad values and duplicate days."""
    rng = random.Random(rows)
    lines = ["partnership,date,metric,value"]
    for i in range(rows):
        day = date(2020, 1, 1).toordinal() + (i // 30) % 2000
        value = rng.choice(["1", "2.5", "30%", "", "abc", str(rng.randrange(1000))])
        lines.append(f"{rng.choice(['acme', 'beta', ' gamma'])},{date.fromordinal(day)},"
                     f"{rng.choice(['mql', 'sql', 'rate'])},{value}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("channel", ["memory file", "pipe"])
def test_a_big_file_comes_as_codes_and_gives_the_series_read_here(tmp_path, monkeypatch, channel):
    from partnerscore.data._series_split import CodesFile

    path = _big_csv(tmp_path, csv_child.CODES_ROWS).resolve()
    expected = plain(load_series(path))
    if channel == "pipe":
        monkeypatch.setattr(csv_child, "_memory_file", lambda: None)
    child = csv_child.start()
    assert child.ask(path)
    found = child.results()[path]
    assert isinstance(found, CodesFile) and found
    found.expect({"beta", "gamma"})
    assert plain({p: found.get(p) for p in ("beta", "gamma")}) == {p: expected[p] for p in ("beta", "gamma")}
    assert plain({"acme": found.get("acme")}) == {"acme": expected["acme"]}


def test_a_file_written_partnership_by_partnership_is_cut_without_copies(tmp_path):
    from partnerscore.data._series_split import split

    path = tmp_path / "grouped.csv"
    path.write_text("partnership,date,metric,value\nacme,2026-11-02,mql,4\nacme,2026-11-01,mql,3\n"
                    "beta,2026-11-02,mql,5\nbeta,2026-11-02,mql,6\ngamma,2026-11-03,sql,30%\n", encoding="utf-8")
    codes = _codes(path)
    some = codes.rows({"beta", "gamma"})
    assert np_shares(some.date_codes, codes.date_codes)  # one run of rows: a view
    assert not np_shares(codes.rows({"acme", "gamma"}).date_codes, codes.date_codes)  # two runs: a copy
    everything = plain(flatseries.unflatten(*split(codes)))
    for wanted in ({"beta", "gamma"}, {"acme", "gamma"}, {"acme"}):
        assert plain(flatseries.unflatten(*split(codes, wanted))) == {p: everything[p] for p in wanted}


def np_shares(a, b) -> bool:
    import numpy as np

    return bool(np.shares_memory(a, b))
