"""Reading a report's big data CSV in a child process, while this one loads the scorecards.

Why a process and not a thread: pandas' C parser keeps coming back for the GIL while it reads (measured
on the standard machine: a 0.35 s read took 0.93 s beside a main thread busy with Python code, and a
whole report took 1.92 s with the reading thread, 1.85 s without). A child process has its own GIL:
it imports pandas, reads and splits the file while this process loads the scorecards, and this
process never imports pandas or numpy (~0.25 s of start-up it no longer spends).

The child runs `partnerscore.datastore.load_flat`, the very function the report runs in-process, on
each file it is asked for, in turn, and sends back each result: the (partnership, series id, length)
of each series, then all days as int64 and all values as float64. Here they become Series over
memoryviews of those bytes (no copy; status.py reads any sequence). Anything that goes wrong (no
interpreter to start, a crash, a non-zero exit, output that is not an answer) leaves the files it
did not answer to the caller, which reads them itself: the child can make a report faster, never
different.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Optional

from partnerscore.status import Series

# The child's whole program. It gets this process' import path, so that it runs this very partnerscore
# (and not, say, a `partnerscore/` folder in the working directory, which `-c` would put first).
_PROGRAM = "import sys; sys.path[:] = sys.argv[1:]; from partnerscore.csv_child import serve; serve()"


class Child:
    """A child process reading CSVs for this one, in the order they are asked for.

    One child however many big files there are: a child per file would import pandas (~0.3 s of CPU)
    once per file. Paths go to its stdin, one a line; it answers each in turn on its stdout."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen([sys.executable, "-c", _PROGRAM, *sys.path], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        _widen(self._proc.stdout)
        self._asked: list[Path] = []
        self._results: Optional[dict[Path, dict[Optional[str], dict[str, Series]]]] = None

    def ask(self, path: Path) -> bool:
        """Queue a file; False if the child cannot take it (the caller then reads it itself)."""
        line = os.fsencode(path)
        if self._results is not None or b"\n" in line:  # answers already collected; a path no line holds
            return False
        try:
            self._proc.stdin.write(line + b"\n")
            self._proc.stdin.flush()
        except OSError:
            return False
        self._asked.append(path)
        return True

    def kill(self) -> None:
        for stream in (self._proc.stdin, self._proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._proc.kill()
        self._proc.wait()

    def results(self) -> dict[Path, dict[Optional[str], dict[str, Series]]]:
        """The series of every file asked for, by path (waiting for the child if need be). A file missing
        from the answer was not delivered; after a failed child, none is. Asking more is then refused."""
        if self._results is not None:
            return self._results
        self._results = {}
        try:
            self._proc.stdin.close()  # no more files: the child ends after the last answer
        except OSError:
            pass
        answers = {}
        try:
            for path in self._asked:
                answers[path] = _receive(self._proc.stdout)
            if self._proc.stdout.read(1):
                answers = {}  # more than was asked for: not our child's output
        except Exception:  # a short or foreign message: the rest is read in-process
            pass
        finally:
            self._proc.stdout.close()
        if self._proc.wait() == 0:
            self._results = answers
        return self._results


def _widen(stream) -> None:
    """Let the pipe hold 1 MiB instead of 64 KiB: 38 MB of series then cross in ~40 turns between the two
    processes instead of ~600 (0.025 s less). Linux only; elsewhere the pipe stays as it is."""
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ"), 1 << 20)
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def cores() -> int:
    """Cores this process may run on: with one, a child only competes with it."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def start() -> Optional[Child]:
    """A child to read CSVs (the warm one, if `warm_up` started one), or None when none can be started
    (the caller reads them itself)."""
    global _warm
    if _warm is not None:
        child, _warm = _warm, None
        return child
    if not sys.executable:
        return None
    try:
        return Child()
    except OSError:
        return None


# A child started by `warm_up`, that nobody has taken yet.
_warm: Optional[Child] = None


def warm_up() -> None:
    """Start a child now, before this process has loaded its own command line code (~0.15 s), so that
    the child's `import pandas` (~0.2 s) overlaps this process' start-up instead of following the first
    scorecard. `start` hands it out; `discard_warm` ends it if nobody takes it. Only with a second core."""
    global _warm
    if _warm is not None or not sys.executable or cores() < 2:
        return
    try:
        _warm = Child()
    except OSError:
        _warm = None


def is_warm() -> bool:
    """A warm child waits: reading any data file there costs this process nothing but the hand-over."""
    return _warm is not None


def discard_warm() -> None:
    """End a warm child nobody took (it has read nothing, so nothing is lost)."""
    global _warm
    child, _warm = _warm, None
    if child is not None:
        child.kill()


def unflatten(names: list[tuple[Optional[str], str, int]], days, values) -> dict[Optional[str], dict[str, Series]]:
    """Series by partnership and id from every series one after the other (datastore.Flat): each a
    slice of `days` and `values` (numpy arrays, or memoryviews of their bytes), no copy."""
    result: dict[Optional[str], dict[str, Series]] = {}
    start = 0
    for partner, series_id, length in names:
        end = start + length
        result.setdefault(partner, {})[series_id] = Series(days=days[start:end], values=values[start:end])
        start = end
    return result


# The message: the length of a pickled (names, bytes of days, bytes of values), that pickle, then the
# days (int32: a day ordinal is at most 3,652,059) and the values (float64) as raw bytes, written straight from the arrays and read into one buffer here
# (copying 38 MB three times more, as a pickle of the whole would, was ~0.03 s).
_LENGTH = 8


def serve() -> None:
    """The child: for each path on stdin, read that CSV as the report would and write its series."""
    import numpy as np

    from partnerscore.datastore import load_flat

    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        names, days, values = load_flat(Path(os.fsdecode(line.rstrip(b"\n"))))
        days, values = np.ascontiguousarray(days, dtype=np.int32), np.ascontiguousarray(values, dtype=np.float64)
        header = pickle.dumps((names, days.nbytes, values.nbytes), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(header).to_bytes(_LENGTH, "little"))
        out.write(header)
        out.write(memoryview(days).cast("B"))
        out.write(memoryview(values).cast("B"))
        out.flush()
    # Done: end now. Freeing pandas and a few hundred MB object by object took ~0.04 s, which the report
    # spent waiting for this exit.
    os._exit(0)


def _receive(stream) -> dict[Optional[str], dict[str, Series]]:
    """One answer from the child; ValueError (or pickle's errors) if the stream does not hold one."""
    length = int.from_bytes(_exactly(stream, _LENGTH), "little")
    names, days_size, values_size = pickle.loads(_exactly(stream, length))
    data = memoryview(_exactly(stream, days_size + values_size))
    return unflatten(names, data[:days_size].cast("i"), data[days_size:].cast("d"))


# No message is bigger (16 bytes a row of a CSV within the size bound); a bigger size is not ours.
_MAX_MESSAGE = 1 << 33


def _exactly(stream, size: int) -> bytearray:
    """`size` bytes from the stream, or ValueError if it ends first."""
    if not 0 <= size <= _MAX_MESSAGE:
        raise ValueError("not a message from the child")
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        n = stream.readinto(view[got:])
        if not n:
            raise ValueError("the child's message ended early")
        got += n
    return buffer
