"""Reading a report's data CSVs in a child process, while this one loads the scorecards.

Why a process and not a thread: pandas' C parser keeps coming back for the GIL while it reads (measured
on the standard machine: a 0.35 s read took 0.93 s beside a main thread busy with Python code, and a
whole report took 1.92 s with the reading thread, 1.85 s without). A child process has its own GIL:
it imports pandas and reads the files while this process loads the scorecards, and this process never
imports pandas (~0.25 s of start-up it no longer spends). `warm_up` starts it before this process has
even loaded its command line code, so that its `import pandas` overlaps this process' own start-up.

The child runs the very code the report runs in-process (`partnerscore.data._pandas_reader`) on each file it is
asked for, in turn, and answers with (see `_message`) either the file's series, one after the other,
for a small file, or, for a big one, its rows as codes (`seriessplit.RowCodes`), which the report's
processes then split, each for the partnerships it builds. The bytes go to a memory file both
processes map (Linux), or through the pipe. Here they become Series over memoryviews or numpy arrays
of those bytes: no copy (status.py reads any sequence; partnerscore.data.flat). Anything that goes
wrong (no interpreter to start, a crash, a non-zero exit, output that is not an answer) leaves the
files it did not answer to the caller, which reads them itself: the child can make a report faster,
never different.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from pathlib import Path
from typing import Optional

from partnerscore.data.flat import FlatFile
from partnerscore.data._machine import cores, widen_pipe

# The child's whole program. It gets this process' import path, so that it runs this very partnerscore
# (and not, say, a `partnerscore/` folder in the working directory, which `-c` would put first).
# Its first argument is the file descriptor of the memory file it writes the series to (-1: none).
_PROGRAM = ("import sys; sys.path[:] = sys.argv[2:]; from partnerscore.data._child import serve; "
            "serve(int(sys.argv[1]))")


class Child:
    """A child process reading CSVs for this one, in the order they are asked for.

    One child however many big files there are: a child per file would import pandas (~0.3 s of CPU)
    once per file. Paths go to its stdin, one a line; it answers each in turn on its stdout."""

    def __init__(self) -> None:
        self._shared = _memory_file()
        shared = () if self._shared is None else (self._shared,)
        fd = str(-1 if self._shared is None else self._shared)
        try:
            self._proc = subprocess.Popen([sys.executable, "-c", _PROGRAM, fd, *sys.path],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, pass_fds=shared)
        except BaseException:
            self._forget_shared()
            raise
        widen_pipe(self._proc.stdout.fileno())
        self._asked: list[Path] = []
        self._results: Optional[dict] = None  # path: FlatFile or seriessplit.CodesFile

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
        self._forget_shared()

    def _forget_shared(self) -> None:
        if self._shared is not None:
            os.close(self._shared)
            self._shared = None

    def results(self) -> dict:
        """The series of every file asked for, by path (a FlatFile; for a big file a seriessplit.CodesFile),
        waiting for the child if need be. A file missing from the answer was not delivered; after a failed
        child, none is. Asking more is then refused."""
        if self._results is not None:
            return self._results
        self._results = {}
        try:
            self._proc.stdin.close()  # no more files: the child ends after the last answer
        except OSError:
            pass
        if any(_size(path) >= CODES_BYTES for path in self._asked):
            # A big file will come as codes, to be split here with numpy: import it while the child reads
            # (~0.07 s), not after.
            import partnerscore.data._series_split  # noqa: F401
        answers = {}
        try:
            shared = _SharedFile(self._shared)
            for path in self._asked:
                answers[path] = _receive(self._proc.stdout, shared)
            if self._proc.stdout.read(1):
                answers = {}  # more than was asked for: not our child's output
        except Exception:  # a short or foreign message: the rest is read in-process
            pass
        finally:
            self._proc.stdout.close()
            self._forget_shared()  # a mapping of it stays valid without the descriptor
        if self._proc.wait() == 0:
            self._results = answers
        return self._results


def _memory_file() -> Optional[int]:
    """A file in memory for the child to write the series to (Linux: memfd), or None (then they come
    through its stdout). The series are then never copied: the child writes them once, and this process
    (and a fork of it, partnerscore.report._parallel) maps the very pages. Through the pipe they cost ~0.03 s."""
    try:
        return os.memfd_create("partnerscore-series")
    except (AttributeError, OSError):
        return None


class _SharedFile:
    """The child's memory file, mapped when an answer points into it. An answer's series are in the
    file before its message is sent, but the child may be writing the next file's already: a range
    past the current mapping maps the file again, as long as it is now (earlier views stay valid)."""

    def __init__(self, fd: Optional[int]) -> None:
        self._fd = fd
        self._view = memoryview(b"")

    def view(self, start: int, size: int) -> memoryview:
        if self._fd is None:
            raise ValueError("the child's message names a memory file there is none of")
        if start + size > len(self._view):
            import mmap

            length = os.fstat(self._fd).st_size
            if length:
                self._view = memoryview(mmap.mmap(self._fd, length, access=mmap.ACCESS_READ))
        if not 0 <= start <= start + size <= len(self._view):
            raise ValueError("the child's message points outside its memory file")
        return self._view[start:start + size]


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


# The message: the length of a pickled header (kind, meta, [(array name, format, count)], where), that
# pickle, then (where = -1) the arrays' bytes one after the other, each from a multiple of 8 (so that
# they are aligned), written straight from the arrays and read into one buffer here (copying them again,
# as a pickle of the whole would, was ~0.03 s for 38 MB); or (where >= 0) nothing more: the bytes are at
# that offset of the memory file. Kinds: "flat", a file's series one after the other (meta: their
# names; arrays: days as int32, a day ordinal being at most 3,652,059, and values); "codes", a big file's
# rows as codes (seriessplit.RowCodes; meta: its partnership and metric names), split here.
_LENGTH = 8

# A file with this many rows or more is sent as codes, to be split by the report's processes (each the
# rows of the partnerships it builds, on both cores); a smaller one is split by the child, so that the
# report process needs no numpy for it (~0.07 s to import).
CODES_ROWS = 100_000


# A file this big has about CODES_ROWS rows or more (20 bytes a row is short for a long-form CSV).
CODES_BYTES = CODES_ROWS * 20


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _message(path: Path) -> tuple[str, object, dict]:
    import numpy as np

    from partnerscore.data._pandas_reader import load_codes
    from partnerscore.data._series_split import NONE, split

    codes = load_codes(path)
    if codes is not None and len(codes) >= CODES_ROWS:
        return "codes", (codes.partners, codes.metrics), codes.arrays()
    names, days, values = NONE if codes is None else split(codes)
    return "flat", names, {"days": np.ascontiguousarray(days, dtype=np.int32), "values": values}


def serve(shared: int = -1) -> None:
    """The child: for each path on stdin, read that CSV as the report would and write its series (or its
    rows' codes), to the memory file `shared` when there is one, else after the message on stdout."""
    import numpy as np

    import partnerscore.data._pandas_reader  # noqa: F401 - pandas, imported before the first path comes: the warm-up

    out = sys.stdout.buffer
    offset = 0
    for line in sys.stdin.buffer:
        kind, meta, arrays = _message(Path(os.fsdecode(line.rstrip(b"\n"))))
        layout, data = [], []
        for name, array in arrays.items():
            array = np.ascontiguousarray(array)
            layout.append((name, array.dtype.char, len(array)))
            data += [memoryview(array).cast("B"), bytes(-array.nbytes % 8)]
        where = -1
        if shared >= 0:
            where = offset
            for part in data:
                _write_all(shared, part)
                offset += len(part)
        header = pickle.dumps((kind, meta, layout, where), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(header).to_bytes(_LENGTH, "little"))
        out.write(header)
        if where < 0:
            for part in data:
                out.write(part)
        out.flush()
    # Done: end now. Freeing pandas and a few hundred MB object by object took ~0.04 s, which the report
    # spent waiting for this exit.
    os._exit(0)


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        data = data[os.write(fd, data):]


def _receive(stream, shared: _SharedFile):
    """One answer from the child: a FlatFile, or a seriessplit.CodesFile; ValueError (or pickle's errors)
    if the stream does not hold one."""
    length = int.from_bytes(_exactly(stream, _LENGTH), "little")
    kind, meta, layout, where = pickle.loads(_exactly(stream, length))
    sizes = [struct.calcsize(char) * count for _, char, count in layout]
    total = sum(size + (-size % 8) for size in sizes)
    data = memoryview(_exactly(stream, total)) if where < 0 else shared.view(where, total)
    arrays, start = {}, 0
    for (name, char, count), size in zip(layout, sizes):
        arrays[name] = data[start:start + size].cast(char)
        start += size + (-size % 8)
    if kind == "flat":
        return FlatFile(meta, arrays["days"], arrays["values"])
    if kind != "codes":
        raise ValueError("not a message from the child")
    from partnerscore.data._series_split import CodesFile, RowCodes  # numpy: only for a big file

    import numpy as np

    partners, metrics = meta
    arrays = {name: np.frombuffer(view, dtype=view.format) for name, view in arrays.items()}
    return CodesFile(RowCodes(partners=partners, metrics=metrics, value_codes=arrays.pop("value_codes", None),
                              **arrays))


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
