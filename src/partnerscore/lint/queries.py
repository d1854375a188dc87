"""Linting query files (`queries/<id>.sql`) against the project's scorecards and sources. It never prints.

A query file named on its own (pre-commit passes only changed files) is judged against every scorecard of
the scorecards folder, not only those of the run, so renaming nothing never makes PS801 appear.
"""

from __future__ import annotations

from datetime import date

from partnerscore.core.diagnostics import Diagnostic
from partnerscore.io.paths import YAML_SUFFIXES, FileSet, display_path, real_path
from partnerscore.io.query_files import read_query_file
from partnerscore.io.settings import Settings
from partnerscore.io.textfile import TextFileError
from partnerscore.lint.rules import all_rules, rules_for
from partnerscore.lint.rules.queries import QueryContext
from partnerscore.lint.running import finding_to_diagnostic
from partnerscore.model.program_file import ProgramCatalog
from partnerscore.model.scorecard_file import ScorecardFile, load_scorecard


def _ids(scorecards: list[ScorecardFile]) -> set[str]:
    """A valid scorecard's id; an invalid one's file name (its id cannot be trusted, its file can)."""
    return {sc.card.id if sc.card is not None else sc.path.stem for sc in scorecards}


def _partnerships(loaded: list[ScorecardFile], wanted: set[str], settings: Settings,
                  programs: ProgramCatalog) -> set[str]:
    """The ids of the run's scorecards, and of the scorecards folder when the run lacks one of `wanted`."""
    ids = _ids(loaded)
    folder = settings.folder("scorecards")
    if wanted <= ids or not folder.is_dir():
        return ids
    in_run = {real_path(sc.path) for sc in loaded}
    others = [load_scorecard(path, programs) for path in sorted(folder.glob("*"))
              if path.suffix.lower() in YAML_SUFFIXES and path.is_file() and real_path(path) not in in_run]
    return ids | _ids(others)


def lint_queries(loaded: list[ScorecardFile], files: FileSet, settings: Settings, as_of: date,
                 programs: ProgramCatalog) -> list[Diagnostic]:
    if not files.queries:
        return []
    partnerships = _partnerships(loaded, {path.stem for path in files.queries}, settings, programs)
    diagnostics: list[Diagnostic] = []
    for path in files.queries:
        try:
            query = read_query_file(path)
        except TextFileError as exc:
            diagnostics.append(Diagnostic(display_path(path), exc.line, exc.column, "PS100",
                                          all_rules()["PS100"].severity, exc.message))
            continue
        context = QueryContext(query=query, partnerships=partnerships, settings=settings)
        diagnostics.extend(finding_to_diagnostic(finding, None, query.display)
                           for rule in rules_for("query") for finding in rule.findings(context))
    return diagnostics
