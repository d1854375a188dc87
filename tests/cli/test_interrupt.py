"""Ctrl-C in the middle of a command: "partnerscore: interrupted" on stderr, exit 130, no traceback.

A real process, interrupted the way a terminal does it: SIGINT to its whole process group (the CSV
reader child and any forked copy included). To be sure the signal lands mid-command and not during
start-up, the file the command reads is a named pipe: the command blocks reading it, and this test sees
that it has opened it (a non-blocking open for writing succeeds only once a reader has the pipe open)."""

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


def _interrupt(project: Path, pipe: Path, argv: list[str]) -> subprocess.CompletedProcess:
    pipe.unlink(missing_ok=True)
    os.mkfifo(pipe)
    env = {k: v for k, v in os.environ.items() if k != "PARTNERSCORE_DEBUG"}
    proc = subprocess.Popen([sys.executable, "-m", "partnerscore", *argv], cwd=project, env=env,
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
