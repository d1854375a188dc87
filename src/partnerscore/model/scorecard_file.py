"""Loading a scorecard file: YAML with positions, then the model, every problem a diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from partnerscore.core.diagnostics import Diagnostic, Severity
from partnerscore.io.paths import display_path
from partnerscore.io.settings import Settings
from partnerscore.model.error_codes import is_owner_error
from partnerscore.model.scorecard import Scorecard
from partnerscore.model.scorecard_parts import ScorecardParts, scorecard_parts
from partnerscore.model.validate import errors_to_diagnostics
from partnerscore.yamlsource import Document, LoadResult, load_yaml


@dataclass
class ScorecardFile:
    path: Path
    display: str
    doc: Document | None = None
    card: Scorecard | None = None  # the whole scorecard, when it validated (what report and diff use)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Each part that validated on its own (what lint checks); None when the file is not a mapping at all.
    parts: ScorecardParts | None = None

    @property
    def partnership_id(self) -> str | None:
        """The id when it is valid, also in a scorecard with errors elsewhere; None otherwise."""
        return self.parts.id if self.parts is not None else None

    def data_path(self, settings: Settings) -> Path | None:
        """Where this scorecard's metric values live: its `data:` (relative to it) or <data>/<id>.csv.

        Also for a scorecard with errors elsewhere (lint checks its CSV all the same); None when `data:`
        or the id is invalid."""
        fields = self.parts.fields if self.parts is not None else {}
        if "data" not in fields or self.partnership_id is None:
            return None
        if fields["data"]:
            return (self.path.parent / fields["data"])
        return settings.folder("data") / f"{self.partnership_id}.csv"


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


def _owner_message(err: ErrorDetails, data: dict) -> str:
    layer, index = err["loc"][0], err["loc"][1]
    try:
        metric_id = data[layer][index].get("id")
    except (KeyError, IndexError, AttributeError, TypeError):
        metric_id = None
    what = f"metric '{metric_id}'" if isinstance(metric_id, str) else f"metric {layer}[{index}]"
    if err["type"] == "missing":
        return f"{what} has no owner; add `owner:` naming the person accountable for it"
    if err.get("input") is None or err.get("input") == "" or str(err.get("input")).strip() == "":
        return f"{what} has an empty owner; name the person accountable for it"
    return f"owner of {what} must be a person's name (got {err['input']!r})"


def validate_scorecard(doc: Document, stem: str) -> tuple[Scorecard | None, list[Diagnostic], ScorecardParts]:
    """The scorecard model over a parsed mapping, with scorecard-specific messages, and its valid parts.

    `stem` (the file name without .yaml) is the default id. Shared by every way of loading a scorecard
    so that a file on disk and an old version from git are judged alike.
    """
    data = doc.data
    given = {"id": stem, **data}
    try:
        card = Scorecard.model_validate(given)
        return card, [], ScorecardParts.of_card(card)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        diagnostics = errors_to_diagnostics(
            exc, doc, Scorecard, lambda err: "PS301" if is_owner_error(err) else None, top="the scorecard")
    result = []
    for err, diagnostic in zip(errors, diagnostics, strict=True):
        if diagnostic.rule == "PS301":
            diagnostic = replace(diagnostic, message=_owner_message(err, data))
        elif tuple(err["loc"]) == ("id",) and "id" not in data:
            diagnostic = replace(diagnostic, message=(
                f"the file name '{stem}' is not a valid partnership id (lowercase letters, digits, '-' and "
                "'_'); rename the file or add an `id:` field"))
        result.append(diagnostic)
    return None, result, scorecard_parts(given, errors)


def scorecard_from(result: LoadResult, path: Path, display: str, stem: str) -> ScorecardFile:
    """A parsed scorecard file, whether it came from disk or from git: the same checks either way."""
    loaded = ScorecardFile(path=path, display=display, doc=result.document, diagnostics=list(result.diagnostics))
    doc = result.document
    if doc is None:
        return loaded
    problem = require_mapping(doc, "scorecard")
    if problem:
        loaded.diagnostics.append(problem)
        return loaded
    # A scorecard with duplicate keys (PS105) is still modelled, first value winning, so its other
    # problems are reported in the same run.
    loaded.card, problems, loaded.parts = validate_scorecard(doc, stem)
    loaded.diagnostics.extend(problems)
    return loaded


def load_scorecard(path: Path) -> ScorecardFile:
    display = display_path(path)
    return scorecard_from(load_yaml(path, display), path, display, path.stem)
