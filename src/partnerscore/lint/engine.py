"""The lint engine: load every file, run the rules of each scope, apply ignores. It never prints."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from partnerscore.core.diagnostics import Diagnostic
from partnerscore.io.paths import FileSet, real_path
from partnerscore.io.settings import Settings
from partnerscore.lint.result import LintResult
from partnerscore.lint.rules import all_rules, rules_for
from partnerscore.lint.rules.context import ProjectContext, ScorecardContext
from partnerscore.lint.running import finding_to_diagnostic, run_rules
from partnerscore.model.program_file import ProgramCatalog
from partnerscore.model.scorecard_file import ScorecardFile, load_scorecard


def _lint_scorecards(loaded: list[ScorecardFile], settings: Settings, as_of: date,
                     peers: Sequence[ScorecardFile] = ()):
    """`peers`: scorecards not named but needed by the project rules (PS211); nothing is reported in them."""
    diagnostics: list[Diagnostic] = []
    contexts: list[ScorecardContext] = []
    for sc in loaded:
        diagnostics.extend(sc.diagnostics)
        ctx = ScorecardContext.of(sc, settings, as_of)
        if ctx is None:
            continue
        contexts.append(ctx)
        diagnostics.extend(run_rules("scorecard", ctx, ctx.doc, sc.display))
    others = [ctx for ctx in (ScorecardContext.of(p, settings, as_of) for p in peers) if ctx is not None]
    named = {c.doc.path for c in contexts}
    project = ProjectContext(scorecards=contexts + others, settings=settings)
    for rule in rules_for("project"):
        for finding in rule.findings(project):
            if others and finding.path not in named:
                continue
            owner = next((c.doc for c in contexts if c.doc.path == finding.path), None)
            diagnostics.append(finding_to_diagnostic(finding, owner, finding.path or ""))
    return diagnostics, contexts


def _peers(loaded: list[ScorecardFile], settings: Settings, programs: ProgramCatalog) -> list[ScorecardFile]:
    """Given some scorecards only (pre-commit passes the changed files), the others in the scorecards
    folder that may share an id with one of them, so PS211 still fires. Only a file whose name or text
    mentions one of the ids is parsed: a commit of one file does not parse the whole portfolio."""
    from partnerscore.io.paths import discover
    from partnerscore.io.textfile import TextFileError, decode, read_bytes
    from partnerscore.yamlsource import MAX_YAML_BYTES

    ids = {sc.partnership_id for sc in loaded if sc.partnership_id is not None}
    folder = settings.folder("scorecards")
    if not ids or not folder.is_dir():
        return []
    named = {real_path(sc.path) for sc in loaded}
    found = []
    for path in discover([folder], settings).scorecards:
        if real_path(path) in named:
            continue
        if path.stem not in ids:
            try:
                text = decode(read_bytes(path, max_bytes=MAX_YAML_BYTES))
            except TextFileError:
                continue
            if not any(pid in text for pid in ids):
                continue
        peer = load_scorecard(path, programs)
        if peer.partnership_id in ids:
            found.append(peer)
    return found


def _lint_data(loaded: list[ScorecardFile], files: FileSet, settings: Settings, as_of: date,
               programs: ProgramCatalog) -> list[Diagnostic]:
    """CSV rules (PS6xx): each scorecard's data file, and CSVs named on their own."""
    from partnerscore.lint.data_files import lint_data

    return lint_data(loaded, files, settings, as_of, programs)


def _lint_reviews(loaded: list[ScorecardFile], files: FileSet, settings: Settings, as_of: date,
                  programs: ProgramCatalog) -> list[Diagnostic]:
    """Decision-note rules (PS7xx): each scorecard's reviews, and notes named on their own."""
    from partnerscore.lint.reviews import lint_reviews

    return lint_reviews(loaded, files, settings, as_of, programs)


def _lint_queries(loaded: list[ScorecardFile], files: FileSet, settings: Settings, as_of: date,
                  programs: ProgramCatalog) -> list[Diagnostic]:
    """Query-file rules (PS8xx): each query file's partnership and source."""
    from partnerscore.lint.queries import lint_queries

    return lint_queries(loaded, files, settings, as_of, programs)


def apply_ignores(diagnostics: Iterable[Diagnostic], ignore: Iterable[str]) -> list[Diagnostic]:
    ignored = {code.strip().upper() for code in ignore if code.strip()}
    kept = [d for d in diagnostics if d.rule not in ignored]
    return sorted(kept, key=Diagnostic.sort_key)


def run_lint(files: FileSet, settings: Settings, as_of: date, ignore: Iterable[str] = ()) -> LintResult:
    from partnerscore.lint.programs import (
        fold_program_diagnostics,
        named_programs,
        programs_of_run,
        scorecards_extending,
    )

    programs = ProgramCatalog.on_disk(settings)  # each program read once in this run
    loaded = [load_scorecard(path, programs) for path in files.scorecards]
    count = files.count
    if files.programs and not files.whole_project:
        # A program named alone: the scorecards that extend it are what a change to it can break.
        extending = scorecards_extending(named_programs(files, programs), programs, settings, files.scorecards)
        loaded += extending
        count += len(extending)
    peers = [] if files.whole_project else _peers(loaded, settings, programs)
    diagnostics, _ = _lint_scorecards(loaded, settings, as_of, peers)
    diagnostics += _lint_data(loaded, files, settings, as_of, programs)
    diagnostics += _lint_reviews(loaded, files, settings, as_of, programs)
    diagnostics += _lint_queries(loaded, files, settings, as_of, programs)
    diagnostics = fold_program_diagnostics(diagnostics, programs_of_run(files, loaded, programs), loaded)
    return LintResult(diagnostics=apply_ignores(diagnostics, [*settings.ignore, *ignore]), files=count,
                      rules=all_rules())
