"""Loading a scorecard file: YAML with positions, then the model, every problem a diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from partnerscore.config import Settings
from partnerscore.diagnostics import Diagnostic, Severity
from partnerscore.model import Scorecard
from partnerscore.paths import display_path
from partnerscore.rules.ownership import is_owner_error
from partnerscore.source import Document, load_yaml
from partnerscore.validate import validate_document


@dataclass
class ScorecardFile:
    path: Path
    display: str
    doc: Document | None = None
    card: Scorecard | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def data_path(self, settings: Settings) -> Path | None:
        """Where this scorecard's metric values live: its `data:` (relative to it) or <data>/<id>.csv."""
        if self.card is None:
            return None
        if self.card.data:
            return (self.path.parent / self.card.data)
        return settings.folder("data") / f"{self.card.id}.csv"


def require_mapping(doc: Document, what: str) -> Diagnostic | None:
    if isinstance(doc.data, dict):
        return None
    pos = doc.position(())
    if doc.data is None:
        message = f"file is empty; a {what} is a mapping of fields"
    else:
        kind = "a list" if isinstance(doc.data, list) else f"a single value ({type(doc.data).__name__})"
        message = f"top level is {kind}; a {what} is a mapping of fields such as `partnership:` and `goal:`"
    return Diagnostic(doc.path, pos.line, pos.column, "PS101", Severity.ERROR, message)


def load_scorecard(path: Path) -> ScorecardFile:
    display = display_path(path)
    result = load_yaml(path, display)
    loaded = ScorecardFile(path=path, display=display, doc=result.document, diagnostics=list(result.diagnostics))
    doc = result.document
    if doc is None:
        return loaded
    problem = require_mapping(doc, "scorecard")
    if problem:
        loaded.diagnostics.append(problem)
        return loaded
    card, problems = validate_document(
        doc, Scorecard, defaults={"id": path.stem},
        classify=lambda err: "PS301" if is_owner_error(err) else None,
    )
    loaded.diagnostics.extend(problems)
    # A scorecard with duplicate keys is still modelled (first value wins) but counts as invalid for report.
    loaded.card = card
    return loaded
