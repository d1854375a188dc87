"""Ctrl-C in the middle of a command: "partnerscore: interrupted" on stderr, exit 130, no traceback.

A real process, interrupted the way a terminal does it: SIGINT to its whole process group (the CSV
reader child and any forked copy included). To be sure the signal lands mid-command and not during
start-up, the command waits on a named pipe just before it reads the file named: partnerscore refuses a
named pipe as a scorecard or CSV (it would hang), so the process is started by `_GATED`, which wraps the
one function that reads user files (`io.textfile.read_bytes`) to wait on the pipe first, then runs the
real command line. This test sees that it waits (a non-blocking open for writing succeeds only once a
reader has the pipe open), then signals it."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fuzz_strategies import AS_OF, example_project

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(os, "killpg"),
                                reason="named pipes and process groups (POSIX)")


def _open_when_read(pipe: Path, proc: subprocess.Popen, timeout: float = 60.0) -> int:
    """The write end of `pipe`, once `proc` (or its child) has opened it for reading."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"exited {proc.returncode} before reading {pipe.name}: {out!r} {err!r}")
        if time.monotonic() > deadline:
            proc.kill()
            proc.communicate()
            pytest.fail(f"never opened {pipe.name}")
        time.sleep(0.01)


# Wraps the reader of user files before any module takes its own name for it, then runs the command as the
# `partnerscore` entry point does: argv is GATE TARGET ARGS….
_GATED = """
import os, sys
import partnerscore.io.textfile as textfile
gate, target = sys.argv[1], os.path.realpath(sys.argv[2])
read_bytes = textfile.read_bytes
def gated(path, **kwargs):
    if os.path.realpath(path) == target:
        with open(gate, "rb") as waiting:
            waiting.read()
    return read_bytes(path, **kwargs)
textfile.read_bytes = gated
sys.argv = ["partnerscore", *sys.argv[3:]]
from partnerscore.cli import run
run()
"""


def _interrupt(project: Path, target: Path, argv: list[str]) -> subprocess.CompletedProcess:
    pipe = project.parent / "gate"
    pipe.unlink(missing_ok=True)
    os.mkfifo(pipe)
    env = {k: v for k, v in os.environ.items() if k != "PARTNERSCORE_DEBUG"}
    proc = subprocess.Popen([sys.executable, "-c", _GATED, str(pipe), str(target), *argv], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    writer = _open_when_read(pipe, proc)
    try:
        time.sleep(0.05)  # the reader is now blocked in read(): no data, and the writer stays open
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(writer)
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("argv, pipe", [
    (["lint", "--as-of", AS_OF, "scorecards/kestrel.yaml"], "scorecards/kestrel.yaml"),
    (["lint", "--as-of", AS_OF], "data/kestrel.csv"),
    (["report", "--as-of", AS_OF, "--format", "json"], "data/kestrel.csv"),
    (["report", "--as-of", AS_OF, "scorecards/kestrel.yaml"], "scorecards/kestrel.yaml"),
    (["review", "new", "scorecards/kestrel.yaml", "--date", AS_OF], "data/kestrel.csv"),
], ids=["lint-scorecard", "lint-csv", "report-csv", "report-scorecard", "review-new"])
def test_ctrl_c_mid_command_says_interrupted_and_exits_130(tmp_path, argv, pipe):
    project = example_project(tmp_path)
    run = _interrupt(project, project / pipe, argv)
    assert run.returncode == 130, (run.returncode, run.stderr)
    assert run.stderr == "partnerscore: interrupted\n"
    assert "Traceback" not in run.stderr and "Aborted" not in run.stderr


@pytest.mark.parametrize("sent, said, code", [(signal.SIGINT, "interrupted", 130), (signal.SIGTERM, "terminated", 143)])
def test_a_signal_while_pull_runs_a_duckdb_query_stops_it(tmp_path, sent, said, code):
    """The query reads a named pipe first (so the signal is sent while DuckDB runs it), then counts for hours:
    the signal stops it (the watch of pull.duck interrupts DuckDB), with the boundary's one line and code,
    and nothing written. --timeout bounds the test should it not."""
    pytest.importorskip("duckdb")
    from pull.projects import make_project

    root = make_project(tmp_path / "proj", {"queries/acme.sql": (
        "WITH p AS (SELECT count(*) AS n FROM read_csv('exports/gate.csv'))\n"
        "SELECT DATE '2026-11-02' AS date, 'm' AS metric, count(*) AS value\n"
        "FROM range(10000000000) t(i), p WHERE hash(i + p.n) % 7 = 3\n")})
    gate = root / "exports" / "gate.csv"
    gate.parent.mkdir()
    os.mkfifo(gate)
    env = {k: v for k, v in os.environ.items() if k != "PARTNERSCORE_DEBUG"}
    proc = subprocess.Popen([sys.executable, "-m", "partnerscore", "pull", "--timeout", "60"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    writer = _open_when_read(gate, proc)
    try:
        os.killpg(proc.pid, sent)
        os.write(writer, b"a\n1\n")
    finally:
        os.close(writer)
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert (proc.returncode, err) == (code, f"partnerscore: {said}\n")
    assert not (root / "data").exists()
