"""The report's metric values by CSV and partnership, read once per run: the data layer's one entry point.

Imports neither pandas nor numpy. Each CSV is read on first use, in this process, by
`partnerscore.data._pandas_reader` (which imports pandas); or ahead of time, when the caller says which
files it will need (`prefetch`) and they are worth it, by a child process while the caller does other
work (`partnerscore.data._child`). Many small files said ahead are read together, in one parse
(`partnerscore.data._batch_reader`), here or in the child. Either way the series are the same: the child
runs the same reader, and whatever it does not deliver in time is read here.

`PARTNERSCORE_JOBS=1` keeps everything in this process; otherwise a child is used when this process may
run on two cores or more. Use the store as a context manager (or call `close`): a child still running
is then killed and reaped on every path, errors and Ctrl-C included.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from partnerscore.calc.status import Series
from partnerscore.data import _child
from partnerscore.data._machine import cores
from partnerscore.data.flat import ALL_ROWS, FlatFile
from partnerscore.data.problems import FileProblems, find_problems
from partnerscore.io.paths import display_path, real_path

# The files asked for ahead must add up to this many bytes before a child is started: for less, starting
# a Python and importing pandas in it costs more CPU than the reading it would take off this process.
CHILD_BYTES = 1 << 20

# Files said ahead and read in this process are read together (`_batch_reader`: one parse for many small
# files) once they add up to this many bytes: the 0.3 s pandas' import costs is then won back (splitting a
# small file's text costs ~25 ms a MB, pandas' parse of many ~10 ms a MB).
TOGETHER_BYTES = 16 << 20

# How long to wait for the child's answers, all of them together from the first wait: a base, and more for
# every MB asked for (pandas reads about a hundred MB a second; this allows for a machine twenty times
# slower). A child that takes longer is killed, and the files it has not answered are read here.
TIMEOUT_SECONDS = 30.0
TIMEOUT_SECONDS_PER_MB = 0.2


def jobs() -> int:
    """The processes a report may use: PARTNERSCORE_JOBS when it is a whole number of at least 1, else
    the cores this process may run on."""
    try:
        wanted = int(os.environ.get("PARTNERSCORE_JOBS", ""))
    except ValueError:
        wanted = 0
    return wanted if wanted >= 1 else cores()


def _load_here(path: Path) -> FlatFile:
    from partnerscore.data._pandas_reader import load_flat_checked  # pandas: only when this process reads a CSV

    flat, suspect = load_flat_checked(path)
    return FlatFile(*flat, suspect=suspect)


def _load_many_here(paths: list[Path]) -> dict[Path, FlatFile]:
    from partnerscore.data._batch_reader import load_many_checked  # imports pandas

    return {path: FlatFile(*flat, suspect=suspect) for path, (flat, suspect) in zip(paths, load_many_checked(paths),
                                                                                     strict=True)}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class MetricStore:
    """Series by CSV and partnership; each CSV is read on first use (or ahead, by a child) and kept."""

    def __init__(self) -> None:
        self._files: dict[Path, FlatFile] = {}
        self._keys: dict[Path, Path] = {}  # each spelling resolved once: 1,000 scorecards may share one
        self._may_use_child = jobs() >= 2
        self._said: set[Path] = set()  # every file said ahead (1,000 scorecards may say the same one)
        self._waiting: dict[Path, int] = {}  # said, and not given to a child yet: their sizes
        self._waiting_bytes = 0
        self._child: _child.Child | None = None
        self._asked: dict[Path, int] = {}  # the files the child has been asked for: the number of each answer
        self._asked_bytes = 0
        self._deadline: float | None = None  # set when the first answer is waited for
        self._problems: dict[Path, FileProblems] = {}
        self._ahead: dict[Path, int] = {}  # said, to be read in this process: their sizes

    def __enter__(self) -> MetricStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _key(self, csv_path: Path) -> Path:
        key = self._keys.get(csv_path)
        if key is None:
            key = self._keys[csv_path] = real_path(csv_path)
        return key

    def prefetch(self, csv_path: Path) -> None:
        """Say that this CSV will be needed: once the files said add up to CHILD_BYTES, a child process
        is started and reads them (and any said after) while the caller goes on. `series_for` then
        waits for them, if it must."""
        key = self._key(csv_path)
        if key in self._files or key in self._said:
            return
        self._said.add(key)
        if not self._may_use_child:
            self._ahead[key] = _size(key)
            return
        self._waiting[key] = size = _size(key)
        self._waiting_bytes += size
        if self._child is None:
            if self._waiting_bytes < CHILD_BYTES:
                return
            self._child = _child.start()
            if self._child is None:  # none can start: once is enough to learn that
                self._may_use_child = False
                self._ahead.update(self._waiting)
                self._waiting.clear()
                return
        for path, size in self._waiting.items():
            number = self._child.ask(path)
            if number is not None:
                self._asked[path] = number
                self._asked_bytes += size
        self._waiting.clear()
        self._waiting_bytes = 0
        self._child.poll()  # keep the answers flowing: the child need not wait for a pipe this process fills

    def _from_child(self, key: Path) -> FlatFile | None:
        """The child's answer for a file asked for, waiting for it if it must (all the answers together at
        most the timeout); None when the child failed, and then the files it has not answered are read here."""
        child = self._child
        if child is None:
            return None
        child.done_asking()  # the build has begun: no more files will be said ahead
        if self._deadline is None:
            self._deadline = time.monotonic() + TIMEOUT_SECONDS + TIMEOUT_SECONDS_PER_MB * self._asked_bytes / 1e6
        # None when the child has failed (it is then killed and reaped); the answers that came before stand.
        return child.answer(self._asked[key], self._deadline)

    def close(self) -> None:
        """End the child, if one still runs (killed and reaped). What was read stays; a file not read yet
        is read in this process when it is needed."""
        child, self._child = self._child, None
        self._asked.clear()
        if child is not None:
            child.close()

    def _series_of(self, csv_path: Path) -> FlatFile:
        key = self._key(csv_path)
        found = self._files.get(key)
        if found is None:
            if key in self._asked:
                found = self._from_child(key)
            if found is None:
                found = self._read_here(key)
            self._files[key] = found
        return found

    def _read_here(self, key: Path) -> FlatFile:
        """Read a file in this process: with every other file said ahead and not read yet, when they are
        worth reading together."""
        ahead = {**self._ahead, **self._waiting}
        if key in ahead and sum(ahead.values()) >= TOGETHER_BYTES:
            self._ahead.clear()
            self._waiting.clear()
            self._waiting_bytes = 0
            self._files.update(_load_many_here(list(ahead)))
            return self._files[key]
        self._ahead.pop(key, None)
        return _load_here(key)

    def problems(self, csv_path: Path) -> FileProblems | None:
        """What the report left out of this CSV, in lint's words; None when it left nothing out. Lint's
        reader reads the file again only when the report's reader says it may have left something out."""
        if not self._series_of(csv_path).suspect:
            return None
        return self.problems_found(csv_path)

    def problems_found(self, csv_path: Path) -> FileProblems:
        """Lint's reading of the CSV (once per run), whatever the report's reader said: also for the
        positions of misspelt series, which are rows the report's reader read without a problem."""
        key = self._key(csv_path)
        found = self._problems.get(key)
        if found is None:
            found = self._problems[key] = find_problems(key, display_path(csv_path.absolute()))
        return found

    def read_any(self, csv_path: Path) -> bool:
        """Whether the data layer got any row from the CSV (not, say, from a file pandas cannot decode)."""
        return bool(self._series_of(csv_path))

    def partnerships_in(self, csv_path: Path) -> list[str]:
        """The `partnership` values of a shared CSV's rows (none for a CSV without that column)."""
        return [p for p in self._series_of(csv_path).partnerships() if p is not None]

    def series_for(self, csv_path: Path, partnership_id: str) -> dict[str, Series]:
        """Every series of one partnership in the CSV (its rows, or all rows of an unshared CSV)."""
        by_partnership = self._series_of(csv_path)
        found = by_partnership.get(partnership_id)
        if found is None:
            found = by_partnership.get(ALL_ROWS)
        return dict(found) if found is not None else {}
