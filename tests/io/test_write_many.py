"""`write_many`: several files written atomically at once, each on its own (used by `pull`)."""

from __future__ import annotations

from partnerscore.core.errors import UserError
from partnerscore.io.writing import RefusedOverwrite, write_many


def test_every_file_is_written_whole(tmp_path):
    texts = {tmp_path / "data" / f"p{i:03d}.csv": f"date,metric,value\n2026-11-0{i % 9 + 1},m,{i}\n" for i in range(40)}
    assert write_many(texts, force=True) == {}
    for path, text in texts.items():
        assert path.read_text() == text
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == sorted(p.name for p in texts)  # no temp files


def test_a_file_that_cannot_be_written_does_not_stop_the_others(tmp_path):
    (tmp_path / "blocked").write_text("a file where a folder should be")
    good, bad = tmp_path / "ok.csv", tmp_path / "blocked" / "x.csv"
    problems = write_many({good: "a\n", bad: "b\n"}, force=True)
    assert list(problems) == [bad] and isinstance(problems[bad], UserError)
    assert good.read_text() == "a\n"


def test_without_force_an_existing_file_is_refused(tmp_path):
    (tmp_path / "old.csv").write_text("old\n")
    problems = write_many({tmp_path / "old.csv": "new\n", tmp_path / "new.csv": "new\n"}, force=False)
    assert isinstance(problems[tmp_path / "old.csv"], RefusedOverwrite)
    assert (tmp_path / "old.csv").read_text() == "old\n" and (tmp_path / "new.csv").read_text() == "new\n"


# Run as `python -c SIGTERM_WHILE_THREADS_WRITE FOLDER`: SIGTERM (as `partnerscore` handles it) arrives while
# the first of many files is flushed to disk in a writer thread.
SIGTERM_WHILE_THREADS_WRITE = """
import os, signal, sys, threading
from pathlib import Path
import partnerscore.cli as cli
from partnerscore.io import writing
real_fsync = os.fsync
once = threading.Lock()
def fsync(fd):
    if once.acquire(blocking=False):
        os.kill(os.getpid(), signal.SIGTERM)  # handled in the main thread, waiting for the writers
    real_fsync(fd)
writing.os.fsync = fsync
cli._handle_signals()
folder = Path(sys.argv[1])
try:
    writing.write_many({folder / f"p{i:03d}.csv": f"value {i}\\n" for i in range(200)}, force=True)
except cli.Terminated:
    print("terminated")
"""


def test_sigterm_while_threads_write_leaves_every_file_whole_or_absent_and_no_temp_file(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "data"
    proc = subprocess.run([sys.executable, "-c", SIGTERM_WHILE_THREADS_WRITE, str(folder)], capture_output=True,
                          text=True, timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "terminated\n", "")
    written = sorted(folder.iterdir())
    assert [p.name for p in written if not p.name.endswith(".csv")] == []  # no temporary file left
    for path in written:
        assert path.read_text() == f"value {int(path.stem[1:])}\n"
