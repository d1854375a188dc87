"""A child process that reads the report's CSVs while this one loads the scorecards. Private to store.py.

Why a process and not a thread: pandas' C parser keeps taking the GIL back while it reads, so a reading
thread slowed the loading of the scorecards about as much as it saved. A child has its own GIL: it
imports pandas and reads the files while this process loads the scorecards, and this process then never
imports pandas at all.

The child runs the very code an in-process read runs (`_batch_reader.load_many_checked`: many small files
in one parse) on the paths it gets on its stdin, one a line, a batch at a time as they come, and once its
stdin ends answers each in turn on its stdout, as a pickle of the file's series (see `serve`). This process never blocks on the child: a path the pipe cannot take at once
is not sent (the caller reads that file itself), and the answers are taken all together with a timeout
(`Child.results`).
Anything that goes wrong (no interpreter to start, a crash, a hang, output that is not an answer) gives
no answers, and the caller reads the files itself: the child can make a report faster, never different.
`Child.close` kills and reaps it, whatever state it is in.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import select
import subprocess
import sys
from pathlib import Path

from partnerscore.data._machine import widen_pipe
from partnerscore.data.flat import FlatFile

# The child's whole program. It gets this process' import path, so that it runs this very partnerscore
# (and not, say, a `partnerscore/` folder in the working directory, which `-c` would put first).
_PROGRAM = "import sys; sys.path[:] = sys.argv[1:]; from partnerscore.data._child import serve; serve()"

# The child reads the files asked for in batches of about this many bytes: enough rows for one parse to cost
# far less than a parse per file, while the paths still come in (a thousand 70 KB files make 18 batches).
BATCH_BYTES = 4 << 20

# How long `close` waits for a killed child to be gone (it is, at once, unless the kernel holds it).
_REAP_SECONDS = 5.0


class Child:
    """A child process reading CSVs for this one, in the order they are asked for.

    One child however many files there are: a child per file would import pandas once per file."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([sys.executable, "-c", _PROGRAM, *sys.path], bufsize=0,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._asked: list[Path] = []
        self._answered = False
        try:
            stdin = self._stdin_fd()
            # Room for a thousand paths while the child imports pandas, and never a blocking write.
            widen_pipe(stdin)
            os.set_blocking(stdin, False)
        except BaseException:
            self.close()
            raise

    def _stdin_fd(self) -> int:
        assert self._proc.stdin is not None
        return self._proc.stdin.fileno()

    def ask(self, path: Path) -> bool:
        """Queue a file; False if the child cannot take it now (the caller then reads it itself)."""
        line = os.fsencode(path) + b"\n"
        # A write of at most PIPE_BUF bytes to a pipe is all or nothing: never half a path.
        if self._answered or line.count(b"\n") > 1 or len(line) > select.PIPE_BUF:
            return False
        try:
            os.write(self._stdin_fd(), line)
        except OSError:  # the pipe is full (the child is behind) or closed (it is gone)
            return False
        self._asked.append(path)
        return True

    def results(self, timeout: float) -> dict[Path, FlatFile]:
        """The series of every file asked for, by path; {} when the child did not answer them all within
        `timeout` seconds, or answered something else. The child is gone after this (no more `ask`)."""
        self._answered = True
        try:
            # Closes stdin (no more paths: the child ends after the last answer) and reads to the end.
            out, _ = self._proc.communicate(timeout=timeout)
            if self._proc.returncode != 0:
                return {}
            return dict(zip(self._asked, _answers(out, len(self._asked)), strict=True))
        except subprocess.TimeoutExpired:
            return {}
        except Exception:  # noqa: BLE001 - a short or foreign answer: the files are read in-process
            return {}
        finally:
            self.close()

    def close(self) -> None:
        """Kill the child if it still runs and reap it; its pipes are closed. Safe to call again."""
        self._answered = True
        proc = self._proc
        if proc.returncode is None:
            proc.kill()  # nothing happens if it has ended already
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()
        with contextlib.suppress(subprocess.TimeoutExpired):  # a process the kernel holds (stuck on I/O)
            proc.wait(timeout=_REAP_SECONDS)

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def returncode(self) -> int | None:
        """None while the child has not been reaped."""
        return self._proc.returncode


def start() -> Child | None:
    """A new child, or None when none can be started (the caller then reads the files itself)."""
    if not sys.executable:
        return None
    try:
        return Child()
    except (OSError, ValueError):  # no interpreter to start, no pipes, a platform without non-blocking pipes
        return None


def _answers(out: bytes, count: int) -> list[FlatFile]:
    """`count` answers, the whole of `out`: each a pickle of (names, days as int32 bytes, values as float64
    bytes, suspect), made into a FlatFile over those bytes (no numpy here). ValueError if `out` is anything
    else."""
    stream = io.BytesIO(out)
    found = []
    for _ in range(count):
        names, day_bytes, value_bytes, suspect = pickle.load(stream)
        days, values = memoryview(day_bytes).cast("i"), memoryview(value_bytes).cast("d")
        if len(days) != len(values) or sum(length for _, _, length in names) != len(days):
            raise ValueError("not an answer from the child")
        found.append(FlatFile(names, days, values, suspect=bool(suspect)))
    if stream.read(1):
        raise ValueError("more answers than files asked for")
    return found


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def serve() -> None:
    """The child: for each path on stdin, read that CSV as the report would; once stdin ends, write the
    series of every file, in turn."""
    import numpy as np
    import pandas  # noqa: F401 - imported before the first path comes, while the report loads its scorecards

    from partnerscore.data._batch_reader import load_many_checked

    answers: list[bytes] = []
    pending: list[Path] = []
    pending_bytes = 0

    def read_pending() -> None:
        for (names, days, values), suspect in load_many_checked(pending):
            # Days as int32 (a day ordinal is at most 3,652,059): less to send.
            answer = (names, np.asarray(days, dtype=np.int32).tobytes(),
                      np.asarray(values, dtype=np.float64).tobytes(), suspect)
            answers.append(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        pending.clear()

    for line in sys.stdin.buffer:
        path = Path(os.fsdecode(line.rstrip(b"\n")))
        pending.append(path)
        pending_bytes += _size(path)
        # Small files are read a batch at a time (one parse for many: `_batch_reader`), as their paths come;
        # a big one at once, with those before it.
        if pending_bytes >= BATCH_BYTES:
            read_pending()
            pending_bytes = 0
    read_pending()
    # Only now: the report reads the answers once it has said its last path, and an answer written earlier
    # would fill the pipe (64 KiB: two answers of a per-partnership CSV) and stop this child until then.
    out = sys.stdout.buffer
    out.writelines(answers)
    out.flush()
    # Done, and nothing to clean up: end without freeing pandas and the frames object by object, which
    # the report would spend waiting for this exit. (multiprocessing's workers end the same way.)
    os._exit(0)
