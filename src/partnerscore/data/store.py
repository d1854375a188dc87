"""The report's metric values by CSV and partnership, read once per run. Imports neither pandas nor numpy.

A CSV is read on first use, in this process, by `partnerscore.data._pandas_reader` (which imports pandas); or,
when the builder asks for it early (`prefetch`), by a child process while the scorecards load
(`partnerscore.data._child`), and then this process never needs pandas at all (a big file's rows come
as codes, which it splits with numpy: `partnerscore.data._series_split`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from partnerscore.data import _child
from partnerscore.data.flat import ALL_ROWS, FlatFile
from partnerscore.calc.status import Series



def _load_here(path: Path) -> FlatFile:
    from partnerscore.data._pandas_reader import load_flat  # pandas: only when this process reads a CSV itself

    return FlatFile(*load_flat(path))


class MetricStore:
    """Series by CSV and partnership; each CSV is read on first use (or prefetched) and kept for the run."""

    def __init__(self) -> None:
        self._files: dict[Path, FlatFile] = {}
        self._keys: dict[Path, Path] = {}  # each spelling resolved once: 1,000 scorecards may share one
        self._child: Optional[_child.Child] = None
        self._no_child = False
        self._asked: set[Path] = set()

    def _key(self, csv_path: Path) -> Path:
        key = self._keys.get(csv_path)
        if key is None:
            key = self._keys[csv_path] = csv_path.resolve()
        return key

    def prefetch(self, csv_path: Path) -> None:
        """Have a CSV read by the child process (started on the first call); `series_for` then waits
        for it, if it must. Files asked for after the first `series_for` are read here instead.

        The result is exactly what `series_for` would have read itself (the child runs the same code,
        and whatever it does not deliver is read here)."""
        key = self._key(csv_path)
        if key in self._files or key in self._asked:
            return
        if self._child is None and not self._no_child:
            self._child = _child.start()
            self._no_child = self._child is None  # once is enough to learn that none can start
        if self._child is not None and self._child.ask(key):
            self._asked.add(key)

    def wait(self) -> None:
        """Take in every prefetched file now (they arrive at once), instead of at the first `series_for`."""
        if self._asked:
            for path, found in self._child.results().items():
                self._files.setdefault(path, found)
            self._asked.clear()

    def _series_of(self, csv_path: Path) -> FlatFile:
        key = self._key(csv_path)
        if key not in self._files:
            if key in self._asked:
                self.wait()
            if key not in self._files:
                self._files[key] = _load_here(key)
        return self._files[key]

    def read_any(self, csv_path: Path) -> bool:
        """Whether the data layer got any row from the CSV (not, say, from a file pandas cannot decode)."""
        return bool(self._series_of(csv_path))

    def expect(self, csv_path: Path, partnership_ids: set[str]) -> None:
        """Only these partnerships' series will be asked for from this CSV, in this process: a big file,
        whose rows came as codes, is then split for them alone (with a second process building the
        other partnerships, each process splits half of the rows)."""
        found = self._files.get(self._key(csv_path))
        expect = getattr(found, "expect", None)
        if expect is not None:
            expect(partnership_ids)

    def series_for(self, csv_path: Path, partnership_id: str) -> dict[str, Series]:
        """Every series of one partnership in the CSV (its rows, or all rows of an unshared CSV)."""
        by_partnership = self._series_of(csv_path)
        found = by_partnership.get(partnership_id)
        if found is None:
            found = by_partnership.get(ALL_ROWS)
        return dict(found) if found is not None else {}
