"""A parsed YAML document: plain data plus the position of every key and value, and the bounds on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partnerscore.core.diagnostics import Diagnostic, Position

# Bounds: generous for any real scorecard or decision note, small enough to refuse hostile input fast.
# A real scorecard or decision note is a few KiB; these bounds are a hundred times that, and small
# enough that even a file at the limit is read in a fraction of a second.
MAX_YAML_BYTES = 512 * 1024
MAX_DEPTH = 64
# Nodes after alias expansion. Checked on the composed graph (shared nodes counted once per use) before
# any value is built, so a "billion laughs" document is refused in milliseconds.
MAX_NODES = 50_000
Loc = tuple  # a path into the document, e.g. ("outcomes", 0, "target")


@dataclass
class Document:
    """A parsed YAML file: plain Python data plus the position of each key and value."""

    path: str
    data: Any
    value_marks: dict[Loc, Position] = field(default_factory=dict)
    key_marks: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The position of the value at `loc` (or of its key), else of the nearest enclosing node."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc:
            if loc in self.value_marks:
                return self.value_marks[loc]
            if loc in self.key_marks:
                return self.key_marks[loc]
            loc = loc[:-1]
        return self.value_marks.get((), Position(1, 1))

    def key_position(self, loc: Loc) -> Position:
        return self.position(loc, key=True)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[str, Position]:
        """The file and position of the value at `loc` (or of its key). A plain document is one file; a
        scorecard merged with its programs (`model.merge.MergedDocument`) answers with the file each value
        came from."""
        return self.path, self.position(loc, key=key)

    def source_loc(self, loc: Loc) -> Loc:
        """`loc` as written in the file `locate` names (a merged document renumbers inherited metrics)."""
        return tuple(loc)


@dataclass
class LoadResult:
    document: Document | None
    diagnostics: list[Diagnostic]
