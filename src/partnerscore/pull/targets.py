"""Which data file a partnership's pulled rows go to: its scorecard's `data:`, else `<data>/<id>.csv`.

Only a scorecard's `id` and `data` matter here, so scorecards are read as YAML and not validated: a
scorecard with an unrelated mistake still gets its numbers (lint reports the mistake). The file named
after the id is tried first; the whole folder is read (once) only for an id no file name gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from partnerscore.calc.formula import formula_series
from partnerscore.core.text import closest
from partnerscore.core.vocabulary import LAYERS
from partnerscore.io.paths import YAML_SUFFIXES, display_path
from partnerscore.io.settings import Settings
from partnerscore.yamlsource import load_yaml


@dataclass
class _Entry:
    data: Path  # the data file
    path: Path  # the scorecard file
    data_text: str | None  # its `data:` as written, or None for the default `<data>/<id>.csv`
    reads: set[str]  # the metric ids and formula series its own YAML names
    extends: bool  # whether it extends a program (whose metrics it reads too)


class Scorecards:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.folder = settings.folder("scorecards")
        self._index: dict[str, _Entry] | None = None  # id -> entry, every scorecard of the folder
        self._found: dict[str, _Entry] = {}
        self._read: dict[Path, tuple[str, _Entry] | None] = {}  # scorecard file -> what `_entry` found
        self._by_file: dict[Path, list[str]] | None = None  # data file (resolved) -> the ids of its scorecards

    def _entry(self, path: Path) -> tuple[str, _Entry] | None:
        """(id, entry) of a scorecard file; None when it is not a mapping. Each file is read once."""
        if path not in self._read:
            self._read[path] = self._load(path)
        return self._read[path]

    def _load(self, path: Path) -> tuple[str, _Entry] | None:
        document = load_yaml(path, display_path(path)).document
        if document is None or not isinstance(document.data, dict):
            return None
        pid = document.data.get("id", path.stem)
        data = document.data.get("data")
        if not isinstance(pid, str):
            return None
        if isinstance(data, str) and data.strip():
            target, written = path.parent / data, data
        else:
            target, written = self.settings.folder("data") / f"{pid}.csv", None
        return pid, _Entry(target, path, written, _reads(document.data), document.data.get("extends") is not None)

    def _lookup(self, pid: str) -> _Entry | None:
        if pid in self._found:
            return self._found[pid]
        for suffix in YAML_SUFFIXES:
            path = self.folder / f"{pid}{suffix}"
            if path.is_file():
                found = self._entry(path)
                if found is not None and found[0] == pid:
                    self._found[pid] = found[1]
                    return found[1]
        return self._everyone().get(pid)

    def _everyone(self) -> dict[str, _Entry]:
        """Every scorecard of the folder, by id (the first file of an id), read once per run."""
        if self._index is None:
            self._index = {}
            paths = sorted(self.folder.glob("*")) if self.folder.is_dir() else []
            for path in paths:
                if path.suffix.lower() in YAML_SUFFIXES and path.is_file():
                    found = self._entry(path)
                    if found is not None:
                        self._index.setdefault(*found)
        return self._index

    def data_file(self, pid: str) -> Path | None:
        """The data file of the scorecard whose id is `pid`; None when no scorecard has that id."""
        entry = self._lookup(pid)
        return entry.data if entry is not None else None

    def where(self, pid: str) -> tuple[str, str | None]:
        """The scorecard of `pid` as shown, and its `data:` as written (None: the default file)."""
        entry = self._lookup(pid)
        assert entry is not None  # only asked about a partnership whose data file was found
        return display_path(entry.path), entry.data_text

    def sharing(self, key: Callable[[Path], Path], target: Path) -> list[str]:
        """The ids of every scorecard whose data file is `target` (as `key` resolves paths). Reads the
        whole folder, once per run: asked only when a pull is about to create a file."""
        if self._by_file is None:
            self._by_file = {}
            for pid, entry in self._everyone().items():
                self._by_file.setdefault(key(entry.data), []).append(pid)
        return sorted(self._by_file.get(target, []))

    def misspelt(self, pid: str, series: list[str]) -> dict[str, str]:
        """{series: why} for each pulled series that no metric or formula of the scorecard reads although one
        is spelt almost the same: a typo in the query, whose rows lint (PS606) and the report would call an
        error, so pull refuses them as bad rows. A scorecard that extends a program is read whole (the
        program's metrics count), and only then; one that cannot be read is lint's business."""
        entry = self._lookup(pid)
        if entry is None or all(name in entry.reads for name in series):
            return {}
        reads: set[str] | None = entry.reads
        if entry.extends:
            reads = self._reads_with_program(entry.path)
        if not reads:  # unreadable (lint's business), or nothing to be spelt like
            return {}
        shown = display_path(entry.path)
        return {name: (f"series '{name}' is used by no metric or formula of {shown}; did you mean '{close}'? "
                       "Lint and the report would call its rows an error (PS606): fix the id in the query")
                for name in series if name not in reads and (close := closest(name, reads))}

    def _reads_with_program(self, path: Path) -> set[str] | None:
        from partnerscore.model.program_file import ProgramCatalog
        from partnerscore.model.scorecard_file import load_scorecard

        card = load_scorecard(path, ProgramCatalog.on_disk(self.settings)).card
        if card is None:
            return None
        declared = card.metrics()
        return set(declared).union(*(formula_series(m.formula) for m in declared.values() if m.formula))


def _reads(data: dict) -> set[str]:
    """The metric ids and the series their formulas read, as a scorecard's own YAML names them."""
    reads: set[str] = set()
    for layer in LAYERS:
        entries = data.get(layer.value)
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict):
                if isinstance(entry.get("id"), str):
                    reads.add(entry["id"])
                if isinstance(entry.get("formula"), str):
                    reads |= formula_series(entry["formula"])
    return reads
