"""The data store's CSV child: the same series as an in-process read, whatever the child does, and no process
left behind on any path. The rest of the suite runs with PARTNERSCORE_JOBS=1 (conftest.py); these tests turn
the child on (PARTNERSCORE_JOBS=2, and CHILD_BYTES=0 so that small files count).
"""

from __future__ import annotations

import gc
import os
import pickle
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO
from partnerscore.data import _child
from partnerscore.data import store as store_module
from partnerscore.data._pandas_reader import load_flat_checked, load_series
from partnerscore.data.store import MetricStore
from partnerscore.io.paths import discover
from partnerscore.io.settings import load_settings
from partnerscore.render.report_json import render_json
from partnerscore.report import build


def plain(by_partnership: dict) -> dict:
    return {p: {m: ([int(d) for d in s.days], [float(v) for v in s.values]) for m, s in series.items()}
            for p, series in by_partnership.items()}


def everything(store: MetricStore, path: Path) -> dict:
    """Every series the store has of a CSV, by partnership (None: a CSV without a partnership column)."""
    found = store._series_of(path)
    return plain({p: found.get(p) for p in found.partnerships()})


def messy_csv(folder: Path, seed: int, name: str = "") -> Path:
    """Long-form rows with trouble: bad dates and values, blanks, spaces, duplicates, short rows."""
    rng = random.Random(seed)
    rows = ["partnership,date,metric,value"]
    for _ in range(80):
        row = [rng.choice(["acme", "beta", " acme", "", "001"]),
               rng.choice(["2026-11-02", "2026-11-03", " 2026-11-02", "2026-02-30", "", "2026-11-10"]),
               rng.choice(["mql", "sql", " mql", "", "007"]),
               rng.choice(["1", "2.5", "30%", "", "abc", "nan", "inf", "1,200", "-3", "0"])]
        rows.append(",".join(row[:-1] if rng.random() < 0.05 else row))
    path = folder / (name or f"messy{seed}.csv")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def with_child(monkeypatch):
    """A child for any file, and every child started recorded (to check that each is reaped)."""
    monkeypatch.setenv("PARTNERSCORE_JOBS", "2")
    monkeypatch.setattr(store_module, "CHILD_BYTES", 0)
    started: list[_child.Child] = []
    real_start = _child.start

    def recording_start():
        child = real_start()
        if child is not None:
            started.append(child)
        return child

    monkeypatch.setattr(_child, "start", recording_start)
    return started


def no_read_here(monkeypatch) -> None:
    def forbidden(path):
        raise AssertionError(f"{path} read in this process, not by the child")

    monkeypatch.setattr(store_module, "_load_here", forbidden)


def gone(child: _child.Child) -> bool:
    """Reaped: no process, not even a zombie, is left of it."""
    return child.returncode is not None and not Path(f"/proc/{child.pid}").exists()


def test_the_child_gives_the_series_an_in_process_read_gives(tmp_path, with_child, monkeypatch):
    wide = tmp_path / "wide.csv"
    wide.write_text("date,mql,sql\n2026-11-02,4,\n2026-11-03,,30%\n2026-11-02,9,1\n", encoding="utf-8")
    undecodable = tmp_path / "latin1.csv"
    undecodable.write_bytes(b"date,metric,value\n2026-11-02,caf\xe9,4\n")
    paths = [messy_csv(tmp_path, seed) for seed in range(4)] + [wide, undecodable, tmp_path / "missing.csv"]
    monkeypatch.setenv("PARTNERSCORE_JOBS", "1")
    with MetricStore() as here:
        for path in paths:
            here.prefetch(path)
        expected = {path: everything(here, path) for path in paths}
    assert with_child == []  # PARTNERSCORE_JOBS=1: no process
    monkeypatch.setenv("PARTNERSCORE_JOBS", "2")
    no_read_here(monkeypatch)
    with MetricStore() as store:
        for path in paths:
            store.prefetch(path)
        store.prefetch(tmp_path / ".." / tmp_path.name / paths[0].name)  # the same file, spelled otherwise
        got = {path: everything(store, path) for path in reversed(paths)}
    assert got == expected
    assert expected[paths[0]] and expected[wide] and expected[undecodable] == {}  # not a vacuous comparison
    assert len(with_child) == 1 and gone(with_child[0]) and with_child[0].returncode == 0  # one child, ended


def test_files_under_the_size_worth_a_child_are_read_here(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERSCORE_JOBS", "2")
    starts = []
    monkeypatch.setattr(_child, "start", lambda: starts.append(1))
    path = messy_csv(tmp_path, 1)
    assert path.stat().st_size < store_module.CHILD_BYTES
    with MetricStore() as store:
        store.prefetch(path)
        assert everything(store, path)
    assert starts == []


@pytest.mark.parametrize("jobs, cores, child", [("1", 2, False), ("", 1, False), ("", 2, True), ("2", 1, True),
                                                 ("many", 2, True), ("0", 1, False)])
def test_partnerscore_jobs_decides_whether_a_child_starts(tmp_path, with_child, monkeypatch, jobs, cores, child):
    monkeypatch.setenv("PARTNERSCORE_JOBS", jobs)
    monkeypatch.setattr(store_module, "cores", lambda: cores)
    path = messy_csv(tmp_path, 2)
    with MetricStore() as store:
        store.prefetch(path)
        assert everything(store, path)
    assert len(with_child) == child


def test_a_report_with_partnerscore_jobs_1_starts_no_process(report_copy, monkeypatch):
    monkeypatch.setenv("PARTNERSCORE_JOBS", "1")
    monkeypatch.setattr(store_module, "CHILD_BYTES", 0)
    popens = []
    monkeypatch.setattr(_child.subprocess, "Popen", lambda *a, **k: popens.append(a))
    settings = load_settings()
    portfolio = build.build_portfolio(discover([], settings), settings, date(2026, 11, 15))
    assert popens == [] and any(m.actual is not None for p in portfolio.partnerships for m in p.metrics)


def test_a_report_read_by_the_child_is_the_report_read_here(report_copy, with_child, monkeypatch):
    (report_copy / "data" / "northwind.csv").write_bytes(b"date,metric,value\n2026-11-02,mql,\xff\xfe4\n")
    settings = load_settings()
    as_of = date(2026, 11, 15)
    monkeypatch.setenv("PARTNERSCORE_JOBS", "1")
    here = build.build_portfolio(discover([], settings), settings, as_of)
    monkeypatch.setenv("PARTNERSCORE_JOBS", "2")
    no_read_here(monkeypatch)
    by_child = build.build_portfolio(discover([], settings), settings, as_of)
    assert by_child == here and render_json(by_child) == render_json(here)
    assert gc.isenabled()  # the collector, paused while building, is back on
    assert any(d.path.endswith("northwind.csv") and d.rule == "PS100" and "UTF-8" in d.message
               for d in by_child.problems)
    assert len(with_child) == 1 and gone(with_child[0])


# Children that go wrong. Each replaces the child's program; whatever it does, the series are read here.
# A well-formed answer, framed as the child frames it: an empty file's series.
_EMPTY = "__import__('partnerscore.data._child').data._child.frame(pickle.dumps(([], b'', b'', False)))"
# The first file's true answer, as the real child writes it (the rest must then be read here).
_FIRST_ANSWER = """import pickle, sys
from pathlib import Path
import numpy as np
from partnerscore.data._child import frame
from partnerscore.data._pandas_reader import load_flat_checked
def answer(line):
    (names, days, values), suspect = load_flat_checked(Path(line.rstrip("\\n")))
    found = (names, np.asarray(days, dtype=np.int32).tobytes(), np.asarray(values, dtype=np.float64).tobytes(), suspect)
    sys.stdout.buffer.write(frame(pickle.dumps(found)))
    sys.stdout.flush()
answer(sys.stdin.readline())
"""
MISBEHAVING = {
    "crash": "import sys; sys.exit(3)",
    "garbage": "import sys; sys.stdin.read(); sys.stdout.write('not a pickle')",
    "a foreign pickle": ("import pickle, sys; sys.stdin.read(); "
                         "pickle.dump(([('acme', 'mql', 5)], b'1234', b'12345678'), sys.stdout.buffer)"),
    "an answer cut short": f"import pickle, sys; sys.stdin.read(); sys.stdout.buffer.write({_EMPTY}[:-3])",
    "more answers than files": (_FIRST_ANSWER
                                + f"[answer(line) for line in sys.stdin]; sys.stdout.buffer.write({_EMPTY})"),
    "too few answers": _FIRST_ANSWER + "sys.stdin.read()",
    "a hang": "import time\nwhile True: time.sleep(1)",
    "a hang after reading": "import sys, time\nsys.stdin.read()\nwhile True: time.sleep(1)",
    "a hang after one answer": _FIRST_ANSWER + "import time\nwhile True: time.sleep(1)",
}


@pytest.mark.parametrize("failure", sorted(MISBEHAVING))
def test_a_child_that_goes_wrong_leaves_the_files_to_be_read_here_and_no_process(tmp_path, with_child,
                                                                                 monkeypatch, failure):
    paths = [messy_csv(tmp_path, seed) for seed in (5, 6)]
    monkeypatch.setenv("PARTNERSCORE_JOBS", "1")
    expected = {path: everything(MetricStore(), path) for path in paths}
    monkeypatch.setenv("PARTNERSCORE_JOBS", "2")
    # The child's program, with this process' import path (as the real one gets it).
    monkeypatch.setattr(_child, "_PROGRAM", "import sys; sys.path[:] = sys.argv[1:]\n" + MISBEHAVING[failure])
    monkeypatch.setattr(store_module, "TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(store_module, "TIMEOUT_SECONDS_PER_MB", 0.0)
    timeouts = []
    real_select = _child.select.select
    monkeypatch.setattr(_child.select, "select", lambda r, w, x, timeout: timeouts.append(timeout)
                        or real_select(r, w, x, timeout))
    with MetricStore() as store:
        for path in paths:
            store.prefetch(path)
        assert {path: everything(store, path) for path in paths} == expected
    assert timeouts and all(timeout is not None and 0 < timeout <= 0.5 for timeout in timeouts)  # always bounded
    assert len(with_child) == 1 and gone(with_child[0])


def test_no_interpreter_to_start_means_reading_here_and_trying_once(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERSCORE_JOBS", "2")
    monkeypatch.setattr(store_module, "CHILD_BYTES", 0)
    monkeypatch.setattr(_child.sys, "executable", str(tmp_path / "no-python"))
    tries = []
    real_start = _child.start
    monkeypatch.setattr(_child, "start", lambda: tries.append(1) or real_start())
    paths = [messy_csv(tmp_path, seed) for seed in (7, 8)]
    with MetricStore() as store:
        for path in paths:
            store.prefetch(path)
        assert all(everything(store, path) for path in paths)
    assert tries == [1]


def test_ctrl_c_while_the_child_reads_kills_and_reaps_it(tmp_path, with_child):
    path = messy_csv(tmp_path, 9)
    with pytest.raises(KeyboardInterrupt), MetricStore() as store:
        store.prefetch(path)
        raise KeyboardInterrupt
    assert len(with_child) == 1 and gone(with_child[0])


def test_ctrl_c_while_waiting_for_the_child_kills_and_reaps_it(tmp_path, with_child, monkeypatch):
    monkeypatch.setattr(_child, "_PROGRAM", MISBEHAVING["a hang"])

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    path = messy_csv(tmp_path, 10)
    store = MetricStore()  # no `with`: the wait itself must not leave the child behind
    store.prefetch(path)
    monkeypatch.setattr(_child.select, "select", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.series_for(path, "acme")
    assert len(with_child) == 1 and gone(with_child[0])


def test_a_build_that_fails_ends_the_child(report_copy, with_child, monkeypatch):
    monkeypatch.setattr(_child, "_PROGRAM", MISBEHAVING["a hang"])

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the builder")

    monkeypatch.setattr(build, "partnership_report", broken)
    settings = load_settings()
    with pytest.raises(RuntimeError, match="a bug in the builder"):
        build.build_portfolio(discover([], settings), settings, date(2026, 11, 15))
    assert len(with_child) == 1 and gone(with_child[0])


def test_a_child_that_does_not_read_never_blocks_this_process(tmp_path, monkeypatch):
    """Paths the child's pipe cannot take at once are refused (and read here), never waited for."""
    monkeypatch.setattr(_child, "_PROGRAM", "import time\nwhile True: time.sleep(1)")
    child = _child.start()
    assert child is not None
    try:
        long_path = Path("/" + "x" * 200) / ("y" * 3800)
        taken = 0
        while child.ask(long_path) is not None:
            taken += 1
            assert taken < 1000, "a pipe of 1 MiB at most holds 270 such paths"
        assert taken > 0
        assert child.ask(tmp_path / "line\nbreak.csv") is None  # no line would hold that path
    finally:
        child.close()
    assert gone(child)


@pytest.mark.parametrize("answer", [
    b"",  # nothing
    pickle.dumps(([("acme", "mql", 2)], b"\x01\x00\x00\x00", b"\x00" * 16, False)),  # 1 day, 2 values
    pickle.dumps(([("acme", "mql", 1)], b"\x01\x00\x00\x00", b"\x00" * 8, False)) + b"x",  # more than an answer
    pickle.dumps(([("acme", "mql", 1)], b"\x01\x00\x00", b"\x00" * 8, False)),  # 3 bytes are no int32
    pickle.dumps(([("acme", "mql", 1)], b"\x01\x00\x00\x00", b"\x00" * 8)),  # no word on left-out rows
    pickle.dumps("a string"),
])
def test_anything_but_one_answer_per_file_is_refused(answer):
    with pytest.raises(Exception):  # noqa: B017 - ValueError, TypeError or pickle's own: all mean "not an answer"
        _child._answer(answer)


def test_an_answer_is_the_series_load_flat_read(tmp_path):
    path = messy_csv(tmp_path, 0)
    (names, days, values), suspect = load_flat_checked(path)
    assert suspect  # a messy file: some of its lines are no value
    answer = pickle.dumps((names, days.astype("int32").tobytes(), values.tobytes(), suspect))
    found = _child._answer(answer)
    assert plain({p: found.get(p) for p in found.partnerships()}) == plain(load_series(path)) != {}
    assert found.suspect  # the report names the left-out lines, whichever process read the file


def test_the_command_on_a_big_portfolio_prints_the_same_report_with_or_without_the_child(tmp_path):
    """End to end, a portfolio whose CSV (3 MB) is worth a child: the output with PARTNERSCORE_JOBS=2 is the
    output with PARTNERSCORE_JOBS=1, byte for byte, and with the child the report process never imports pandas."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate_portfolio import generate

    csv_path = generate(tmp_path, 240, 1, date(2026, 11, 16))
    assert csv_path.stat().st_size > store_module.CHILD_BYTES
    program = ("import atexit, sys\n"
               "atexit.register(lambda: sys.stderr.write('pandas here' if 'pandas' in sys.modules else ''))\n"
               "from partnerscore.cli import run\n"
               "run()\n")
    runs = {}
    for jobs in ("1", "2"):
        env = {**{k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}, "NO_COLOR": "1",
               "PARTNERSCORE_JOBS": jobs}
        runs[jobs] = subprocess.run([sys.executable, "-c", program, "report", "--format", "json", "--as-of",
                                     "2026-11-20", "--fail-on", "off-track"],
                                    cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert runs["1"].stderr == "pandas here" and runs["2"].stderr == ""
    assert runs["2"].stdout == runs["1"].stdout and runs["2"].returncode == runs["1"].returncode
    assert runs["1"].stdout.count('"partnership":') == 240



def test_answers_come_as_each_batch_is_read_while_paths_still_come(tmp_path, monkeypatch):
    """The report builds the first partnerships while the child reads the last files: a batch's answers are
    written as soon as it is read, not once every path has come."""
    monkeypatch.setattr(_child, "_PROGRAM", _child._PROGRAM.replace(
        "from partnerscore.data._child import serve; serve()",
        "from partnerscore.data import _child; _child.BATCH_BYTES = 1; _child.serve()"))
    first, second = messy_csv(tmp_path, 11), messy_csv(tmp_path, 12)
    child = _child.start()
    assert child is not None
    try:
        assert child.ask(first) == 0
        found = child.answer(0, time.monotonic() + 60)  # stdin still open: more paths could come
        assert found is not None and plain({p: found.get(p) for p in found.partnerships()}) == plain(
            load_series(first)) != {}
        assert child.ask(second) == 1 and child.returncode is None  # still there, still taking paths
        child.done_asking()
        assert child.answer(1, time.monotonic() + 60) is not None
    finally:
        child.close()
    assert gone(child) and child.returncode == 0  # it ended on its own once every answer was in
