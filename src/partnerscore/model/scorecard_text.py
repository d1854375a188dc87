"""Loading a scorecard from text that is not a file on disk (e.g. an old version read from git).

It shares `scorecards.scorecard_from` with files on disk, so both sides of a diff are judged alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from partnerscore.core.diagnostics import Diagnostic, Severity
from partnerscore.io.textfile import TextFileError, decode
from partnerscore.model.scorecard_file import ScorecardFile, scorecard_from
from partnerscore.yamlsource import MAX_YAML_BYTES, LoadResult, parse_yaml

if TYPE_CHECKING:
    from partnerscore.model.program_file import ProgramCatalog


def load_scorecard_text(text: str, display: str, stem: str, programs: ProgramCatalog) -> ScorecardFile:
    """Parse and validate scorecard `text`; `display` names it in diagnostics, `stem` is the default id."""
    return scorecard_from(parse_yaml(text, display), Path(display), display, stem, programs)


def parse_yaml_bytes(data: bytes, display: str) -> LoadResult:
    """YAML from raw bytes (a file at a git revision): not UTF-8 or too large becomes a PS100 diagnostic."""
    try:
        if len(data) > MAX_YAML_BYTES:
            raise TextFileError(f"file is over the {MAX_YAML_BYTES // 1024} KiB limit for a scorecard")
        text = decode(data)
    except TextFileError as exc:
        return LoadResult(None, [Diagnostic(display, exc.line, exc.column, "PS100", Severity.ERROR, exc.message)])
    return parse_yaml(text, display)


def load_scorecard_bytes(data: bytes, display: str, stem: str, programs: ProgramCatalog) -> ScorecardFile:
    """As `load_scorecard_text`, from raw bytes: not UTF-8 or too large becomes a PS100 diagnostic."""
    return scorecard_from(parse_yaml_bytes(data, display), Path(display), display, stem, programs)
