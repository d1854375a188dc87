"""Loading a scorecard file: YAML with positions, merged with its program, then the model; every problem a
diagnostic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from partnerscore.core.diagnostics import Diagnostic, Position, Severity
from partnerscore.io.paths import display_path
from partnerscore.io.settings import Settings
from partnerscore.model.error_codes import is_owner_error, owner_message
from partnerscore.model.merge import MergedDocument, merge, root_document
from partnerscore.model.scorecard import ID_PATTERN, Scorecard
from partnerscore.model.scorecard_parts import ScorecardParts, scorecard_parts
from partnerscore.model.validate import errors_to_diagnostics, require_mapping
from partnerscore.yamlsource import Document, LoadResult, load_yaml

if TYPE_CHECKING:
    from partnerscore.model.program_file import ProgramCatalog, ResolvedProgram


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
    # The program it extends (`extends:`), when that names one; its chain's errors are reported in the
    # programs' files, once, and keep this scorecard out of the report.
    program: ResolvedProgram | None = None

    @property
    def program_errors(self) -> list[Diagnostic]:
        return self.program.chain_errors if self.program is not None else []

    def program_problem(self) -> Diagnostic | None:
        """Why this scorecard cannot be reported because of its program, at its `extends:` line; None when
        its program (and every program that one extends) has no error."""
        errors = self.program_errors
        if not errors or self.program is None:
            return None
        first = min(errors, key=Diagnostic.sort_key)
        doc = self.doc
        if isinstance(doc, MergedDocument):
            position = doc.anchor
        else:
            position = doc.key_position(("extends",)) if doc is not None else Position(1, 1)
        if self.program.claimed_by:
            return Diagnostic(self.display, position.line, position.column, first.rule, Severity.ERROR, (
                f"cannot be merged: `extends: {self.program.id}` is ambiguous, as "
                f"{len(self.program.claimed_by)} program files claim that id "
                f"({', '.join(self.program.claimed_by)}); give all but one of them another id"))
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return Diagnostic(self.display, position.line, position.column, first.rule, Severity.ERROR,
                          f"cannot be merged with program '{self.program.id}', which has errors: {first.path}:"
                          f"{first.line}:{first.column}: {first.message}{more}")

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
            diagnostic = replace(diagnostic, message=owner_message(err, data))
        elif tuple(err["loc"]) == ("id",) and "id" not in data:
            diagnostic = replace(diagnostic, message=(
                f"the file name '{stem}' is not a valid partnership id (lowercase letters, digits, '-' and "
                "'_'); rename the file or add an `id:` field"))
        result.append(diagnostic)
    return None, result, scorecard_parts(given, errors)


def _merged(loaded: ScorecardFile, doc: Document, programs: ProgramCatalog) -> MergedDocument | None:
    """The scorecard merged with the program it extends (the stage between parsing and validation); None
    when it cannot be merged (its `extends:` names no usable program), with the reason in `loaded`."""
    if "extends" not in doc.data:
        merged, problems = root_document(doc)  # a `metrics:` key without `extends:`
        loaded.diagnostics.extend(problems)
        return merged
    pid = doc.data["extends"]
    position = doc.position(("extends",))
    if not isinstance(pid, str) or not re.match(ID_PATTERN, pid):
        loaded.diagnostics.append(Diagnostic(doc.path, position.line, position.column, "PS104", Severity.ERROR, (
            "`extends:` names one program by its id (lowercase letters, digits, '-' and '_'), e.g. "
            "`extends: referral-gold`")))
        return None
    program = programs.get(pid)
    if program is None:
        loaded.diagnostics.append(Diagnostic(doc.path, position.line, position.column, "PS104", Severity.ERROR,
                                             programs.unknown_message(pid)))
        return None
    loaded.program = program
    if program.merged is None:
        return None  # the program cannot be merged itself: its file says why
    merged, problems = merge(doc, program.merged, program.id)
    loaded.diagnostics.extend(problems)
    return merged


def scorecard_from(result: LoadResult, path: Path, display: str, stem: str,
                   programs: ProgramCatalog) -> ScorecardFile:
    """A parsed scorecard file, whether it came from disk or from git: the same checks either way.

    Three stages: the parsed document (`result`), merged with its program when it `extends:` one, then
    validated. A diagnostic in a program's file that the program reports itself is not repeated here."""
    loaded = ScorecardFile(path=path, display=display, doc=result.document, diagnostics=list(result.diagnostics))
    doc = result.document
    if doc is None:
        return loaded
    problem = require_mapping(doc, "scorecard")
    if problem:
        loaded.diagnostics.append(problem)
        return loaded
    source = doc
    if "extends" in doc.data or "metrics" in doc.data:
        merged = _merged(loaded, doc, programs)
        if merged is None:
            return loaded
        source = loaded.doc = merged
    # A scorecard with duplicate keys (PS105) is still modelled, first value winning, so its other
    # problems are reported in the same run.
    loaded.card, problems, loaded.parts = validate_scorecard(source, stem)
    if source is not doc:
        problems = [p if p.path == display else replace(p, via=display)
                    for p in problems if p.path == display or not programs.reports(p)]
    loaded.diagnostics.extend(problems)
    return loaded


def load_scorecard(path: Path, programs: ProgramCatalog) -> ScorecardFile:
    """A scorecard file; `programs` are the run's programs, for a scorecard that `extends:` one."""
    display = display_path(path)
    return scorecard_from(load_yaml(path, display), path, display, path.stem, programs)
