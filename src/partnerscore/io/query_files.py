"""Query files (`queries/<id>.sql`): which partnership each feeds and which source it names.

A query file belongs to the partnership its name says (`queries/northwind.sql` → `northwind`). Its first
line may name a source, `-- source: NAME` (a SQL comment, so the file runs as it is); without one, `pull`
uses the embedded DuckDB. Lint (PS801, PS802) and `pull` read the files the same way, through here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from partnerscore.core.diagnostics import Position
from partnerscore.io.paths import display_path
from partnerscore.io.settings import Settings
from partnerscore.io.textfile import decode, read_bytes

SUFFIX = ".sql"
MAX_QUERY_BYTES = 1024 * 1024  # a query is reviewed code, not data
# `-- source: NAME`; `source` in any case, spaces optional. A first line that starts this way but names
# nothing is still a source line (PS802 says it names nothing), so a typo never silently means "default".
_SOURCE_LINE = re.compile(r"--\s*source\s*:(?P<space>\s*)(?P<name>.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class QueryFile:
    path: Path
    display: str
    text: str
    source: str | None  # the name on the `-- source:` line; None: the embedded DuckDB
    source_position: Position | None  # where that name starts (or where it is missing)

    @property
    def partnership(self) -> str:
        return self.path.stem

    @property
    def named_source(self) -> bool:
        return self.source_position is not None


def source_line(text: str) -> tuple[str | None, Position | None]:
    """The source the first line names, and where; (None, None) when it names none."""
    first = text.split("\n", 1)[0].rstrip("\r")
    match = _SOURCE_LINE.match(first)
    if not match:
        return None, None
    return match["name"], Position(1, match.start("name") + 1)


def read_query_file(path: Path) -> QueryFile:
    """The file's text and source line; raises io.textfile.TextFileError when it cannot be read."""
    text = decode(read_bytes(path, max_bytes=MAX_QUERY_BYTES))
    name, position = source_line(text)
    return QueryFile(path=path, display=display_path(path), text=text, source=name, source_position=position)


def query_paths(settings: Settings) -> list[Path]:
    """Every query file of the configured folder, by name (hidden files left out)."""
    folder = settings.folder("queries")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() == SUFFIX and p.is_file() and not p.name.startswith("."))
