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
            data = self._proc.stdout.read()
        except OSError:
            data = b""
        finally:
            self._proc.stdout.close()
        if self._proc.wait() != 0 or not data:
            return None
        try:
            names, days, values = pickle.loads(data)
            return unflatten(names, memoryview(days).cast("q"), memoryview(values).cast("d"))
        except Exception:  # output that is not ours: read the file in-process instead
            return None


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


def serve(path: str) -> None:
    """The child: read one CSV as the report would, write its series to stdout, pickled."""
    from partnerscore.datastore import load_flat

    names, days, values = load_flat(Path(path))
    flat = (names, days.astype("int64", copy=False).tobytes(), values.astype("float64", copy=False).tobytes())
    payload = pickle.dumps(flat, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
