"""Which data file a partnership's pulled rows go to: its scorecard's `data:`, else `<data>/<id>.csv`.

Only a scorecard's `id` and `data` matter here, so scorecards are read as YAML and not validated: a
scorecard with an unrelated mistake still gets its numbers (lint reports the mistake). The file named
after the id is tried first; the whole folder is read (once) only for an id no file name gives.
"""

from __future__ import annotations

from pathlib import Path

from partnerscore.io.paths import YAML_SUFFIXES, display_path
from partnerscore.io.settings import Settings
from partnerscore.yamlsource import load_yaml


class Scorecards:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.folder = settings.folder("scorecards")
        self._index: dict[str, Path] | None = None  # id -> data file, every scorecard of the folder

    def _entry(self, path: Path) -> tuple[str, Path] | None:
        """(id, data file) of a scorecard file; None when it is not a mapping."""
        document = load_yaml(path, display_path(path)).document
        if document is None or not isinstance(document.data, dict):
            return None
        pid = document.data.get("id", path.stem)
        data = document.data.get("data")
        if not isinstance(pid, str):
            return None
        if isinstance(data, str) and data.strip():
            return pid, path.parent / data
        return pid, self.settings.folder("data") / f"{pid}.csv"

    def data_file(self, pid: str) -> Path | None:
        """The data file of the scorecard whose id is `pid`; None when no scorecard has that id."""
        for suffix in YAML_SUFFIXES:
            path = self.folder / f"{pid}{suffix}"
            if path.is_file():
                found = self._entry(path)
                if found is not None and found[0] == pid:
                    return found[1]
        if self._index is None:
            self._index = {}
            paths = sorted(self.folder.glob("*")) if self.folder.is_dir() else []
            for path in paths:
                if path.suffix.lower() in YAML_SUFFIXES and path.is_file():
                    found = self._entry(path)
                    if found is not None:
                        self._index.setdefault(*found)
        return self._index.get(pid)
