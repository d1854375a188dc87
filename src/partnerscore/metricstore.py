"""The report's metric values by CSV and partnership, read once per run. Imports neither pandas nor numpy.

A CSV is read on first use, in this process, by `partnerscore.datastore` (which imports pandas); or,
when the builder asks for it early (`prefetch`, a big file), by a child process while the scorecards
load (`partnerscore.csv_child`), and then this process never needs pandas at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from partnerscore import csv_child
from partnerscore.status import Series

_ALL = None  # key of the rows of a CSV without a `partnership` column: they belong to its scorecard


def _load_here(path: Path) -> dict[Optional[str], dict[str, Series]]:
    from partnerscore.datastore import load_series  # pandas: only when this process reads a CSV itself

    return load_series(path)


class MetricStore:
    """Series by CSV and partnership; each CSV is read on first use (or prefetched) and kept for the run."""

    def __init__(self) -> None:
        self._files: dict[Path, dict[Optional[str], dict[str, Series]]] = {}
        self._keys: dict[Path, Path] = {}  # each spelling resolved once: 1,000 scorecards may share one
        self._pending: dict[Path, csv_child.Child] = {}

    def _key(self, csv_path: Path) -> Path:
        key = self._keys.get(csv_path)
        if key is None:
            key = self._keys[csv_path] = csv_path.resolve()
        return key

    def prefetch(self, csv_path: Path) -> None:
        """Start reading a CSV in a child process; `series_for` then waits for it, if it must.

        The result is exactly what `series_for` would have read itself (the child runs the same code,
        and if it fails the file is read here)."""
        key = self._key(csv_path)
        if key in self._files or key in self._pending:
            return
        child = csv_child.start(key)
        if child is not None:
            self._pending[key] = child

    def series_for(self, csv_path: Path, partnership_id: str) -> dict[str, Series]:
        """Every series of one partnership in the CSV (its rows, or all rows of an unshared CSV)."""
        key = self._key(csv_path)
        if key not in self._files:
            child = self._pending.pop(key, None)
            found = child.collect() if child is not None else None
            self._files[key] = found if found is not None else _load_here(key)
        by_partnership = self._files[key]
        found = by_partnership.get(partnership_id)
        if found is None:
            found = by_partnership.get(_ALL, {})
        return dict(found)
