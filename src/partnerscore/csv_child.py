"""Reading a report's big data CSV in a child process, while this one loads the scorecards.

Why a process and not a thread: pandas' C parser keeps coming back for the GIL while it reads (measured
on the standard machine: a 0.35 s read took 0.93 s beside a main thread busy with Python code, and a
whole report took 1.92 s with the reading thread, 1.85 s without). A child process has its own GIL:
it imports pandas, reads and splits the file while this process loads the scorecards, and this
process never imports pandas or numpy (~0.25 s of start-up it no longer spends).

The child runs `partnerscore.datastore.load_flat`, the very function the report runs in-process,
and sends back its result: the (partnership, series id, length) of each series, then all days as
int64 and all values as float64. Here they become Series over memoryviews of those bytes (no
copy; status.py reads any sequence). Anything that goes wrong (no interpreter to start, a crash, a
non-zero exit, output that does not unpickle) makes `collect` return None and the caller reads the
file itself: the child can make a report faster, never different.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Optional

from partnerscore.status import Series

# The child's whole program. It gets this process' import path, so that it runs this very partnerscore
# (and not, say, a `partnerscore/` folder in the working directory, which `-c` would put first).
_PROGRAM = "import sys; sys.path[:] = sys.argv[2:]; from partnerscore.csv_child import serve; serve(sys.argv[1])"


class Child:
    """One CSV being read by a child process."""

    def __init__(self, path: Path):
        self._proc = subprocess.Popen([sys.executable, "-c", _PROGRAM, str(path), *sys.path],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL)

    def collect(self) -> Optional[dict[Optional[str], dict[str, Series]]]:
        """The child's series (waiting for it if need be), or None if it did not deliver them."""
        try:
            found = _receive(self._proc.stdout)
        except Exception:  # a short or foreign message: read the file in-process instead
            found = None
        finally:
            self._proc.stdout.close()
        return found if self._proc.wait() == 0 else None


def start(path: Path) -> Optional[Child]:
    """A child reading `path`, or None when no child can be started (the caller reads it itself)."""
    if not sys.executable:
        return None
    try:
        return Child(path)
    except OSError:
        return None


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
# days and the values as raw bytes, written straight from the arrays and read into one buffer here
# (copying 38 MB three times more, as a pickle of the whole would, was ~0.03 s).
_LENGTH = 8


def serve(path: str) -> None:
    """The child: read one CSV as the report would, write its series to stdout."""
    from partnerscore.datastore import load_flat

    names, days, values = load_flat(Path(path))
    days, values = days.astype("int64", copy=False), values.astype("float64", copy=False)
    header = pickle.dumps((names, days.nbytes, values.nbytes), protocol=pickle.HIGHEST_PROTOCOL)
    out = sys.stdout.buffer
    out.write(len(header).to_bytes(_LENGTH, "little"))
    out.write(header)
    out.write(memoryview(days).cast("B"))
    out.write(memoryview(values).cast("B"))
    out.flush()


def _receive(stream) -> Optional[dict[Optional[str], dict[str, Series]]]:
    length = int.from_bytes(_exactly(stream, _LENGTH), "little")
    names, days_size, values_size = pickle.loads(_exactly(stream, length))
    data = memoryview(_exactly(stream, days_size + values_size))
    if stream.read(1):
        return None  # more than the message said
    return unflatten(names, data[:days_size].cast("q"), data[days_size:].cast("d"))


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
