"""Linting decision notes: which notes, against which scorecard, each note once. It never prints.

- Every valid scorecard of the run brings all its notes (`<reviews>/<id>/*.yaml`); PS706 (no recent
  review) is reported on the scorecard.
- A note named on its own (pre-commit passes only changed files) is checked against the scorecard its
  folder names, found among the run's scorecards or in the scorecards folder; the scorecard's other notes
  are read too (a later note may close a decision) but only the named note is reported on.
- A note whose folder names no scorecard gets PS705 at its top.
- A scorecard with errors still brings its notes, which are checked against its valid parts; one whose id
  cannot be read brings the notes of its file name's folder (the id's default). When the scorecard cannot
  be read at all, the rules that need only the notes still run. A metric name that may be one of the
  scorecard's unreadable metrics is not checked: the scorecard's own errors say what to fix when it is in
  the run; a note named on its own gets PS705 (an error, as SPEC.md pins it) saying why it was not checked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from partnerscore.core.diagnostics import Diagnostic
from partnerscore.io.paths import YAML_SUFFIXES, FileSet, real_path
from partnerscore.io.settings import Settings
from partnerscore.lint.rules import all_rules, rules_for
from partnerscore.lint.rules.context import ReviewContext, ScorecardContext
from partnerscore.lint.rules.reviews import did_you_mean
from partnerscore.lint.running import finding_to_diagnostic
from partnerscore.model.program_file import ProgramCatalog
from partnerscore.model.review_file import ReviewFile, load_review, load_reviews, mark_same_day, sort_by_day
from partnerscore.model.scorecard_file import ScorecardFile, load_scorecard


class _Scorecards:
    """Scorecards by partnership id: the run's own first, then the scorecards folder (read lazily)."""

    def __init__(self, loaded: list[ScorecardFile], settings: Settings, programs: ProgramCatalog):
        self.loaded = loaded
        self.settings = settings
        self.programs = programs
        self._folder: list[ScorecardFile] | None = None

    def _in_folder(self) -> list[ScorecardFile]:
        if self._folder is None:
            folder = self.settings.folder("scorecards")
            paths = sorted(p for p in folder.glob("*") if p.suffix.lower() in YAML_SUFFIXES) \
                if folder.is_dir() else []
            in_run = {real_path(sc.path) for sc in self.loaded}
            self._folder = [load_scorecard(p, self.programs) for p in paths if real_path(p) not in in_run]
        return self._folder

    def find(self, partnership_id: str) -> tuple[ScorecardFile | None, bool]:
        """The scorecard with this id (or, with no readable id, this file name) and whether it is in the run."""
        for pool, in_run in ((self.loaded, True), (self._in_folder(), False)):
            for sc in pool:
                if sc.partnership_id == partnership_id:
                    return sc, in_run
            for sc in pool:
                if sc.partnership_id is None and sc.path.stem == partnership_id:
                    return sc, in_run
        return None, False

    def ids(self) -> list[str]:
        return [sc.partnership_id for sc in [*self.loaded, *self._in_folder()] if sc.partnership_id is not None]


def _unreadable_because(sc: ScorecardFile) -> str:
    """Why a scorecard gives its notes no context, as the end of a sentence."""
    if sc.program is not None and not sc.program.usable:
        return f"{sc.display} extends program '{sc.program.id}', which has errors (in it or a program it extends)"
    first = min(sc.diagnostics, key=Diagnostic.sort_key, default=None)
    where = f" ({first.rule} at line {first.line})" if first is not None else ""
    return f"{sc.display} cannot be read{where}"


def _run_rules(sc: ScorecardFile, partnership_id: str, reviews: list[ReviewFile], settings: Settings,
               as_of: dt.date, *, in_run: bool) -> list[Diagnostic]:
    # An unreadable scorecard gives no context (None): the rules that need it skip, or say they could not check.
    scorecard = ScorecardContext.of(sc, settings, as_of)
    context = ReviewContext(scorecard=scorecard, reviews=sort_by_day(reviews), as_of=as_of,
                            partnership_id=partnership_id, scorecard_path=sc.display, scorecard_in_run=in_run,
                            unreadable_because=_unreadable_because(sc) if scorecard is None else "")
    return [finding_to_diagnostic(finding, None, sc.display)
            for rule in rules_for("review") for finding in rule.findings(context)]


def _unknown_partnership(review: ReviewFile, settings: Settings, known: list[str]) -> Diagnostic:
    rule = all_rules()["PS705"]
    reviews_folder = real_path(settings.folder("reviews"))
    if real_path(review.path).parent == reviews_folder:
        message = (f"decision note is not in a partnership folder; notes live in "
                   f"{settings.reviews}/<id>/YYYY-MM-DD.yaml, where <id> is the scorecard's id")
    else:
        pid = review.partnership_id
        message = (f"folder '{pid}' names no scorecard: no scorecard with id '{pid}' in "
                   f"{settings.scorecards}/{did_you_mean(pid, known)}")
    return Diagnostic(review.display, 1, 1, "PS705", rule.severity, message)


def lint_reviews(loaded: list[ScorecardFile], files: FileSet, settings: Settings,
                 as_of: dt.date, programs: ProgramCatalog) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    checked: set[Path] = set()
    scorecards = _Scorecards(loaded, settings, programs)

    def check(sc: ScorecardFile, pid: str, reviews: list[ReviewFile], report: set[Path], in_run: bool) -> None:
        for review in reviews:
            if real_path(review.path) in report:
                diagnostics.extend(review.diagnostics)
        allowed = {r.display for r in reviews if real_path(r.path) in report}
        if in_run:
            allowed.add(sc.display)
        diagnostics.extend(d for d in _run_rules(sc, pid, reviews, settings, as_of, in_run=in_run)
                           if d.path in allowed)
        checked.update(report)

    # Scorecards with a readable id first: a folder is theirs before it is the guess of an unreadable one.
    for sc in sorted(loaded, key=lambda sc: sc.partnership_id is None):
        pid = sc.partnership_id or sc.path.stem
        if sc.partnership_id is None and scorecards.find(pid)[0] is not sc:
            continue  # its file name is another scorecard's id: those notes are not this one's
        reviews = load_reviews(settings, pid)
        check(sc, pid, reviews, {real_path(r.path) for r in reviews} - checked, in_run=True)

    # Notes named on their own, grouped by the scorecard their folder names.
    groups: dict[str, list[ReviewFile]] = {}
    for path in files.reviews:
        if real_path(path) not in checked:
            review = load_review(path)
            groups.setdefault(review.partnership_id, []).append(review)
            checked.add(real_path(path))
    for pid, named in groups.items():
        owner, in_run = scorecards.find(pid)
        if owner is None:
            for review in named:
                diagnostics.extend(review.diagnostics)
                diagnostics.append(_unknown_partnership(review, settings, scorecards.ids()))
            continue
        named_paths = {real_path(r.path) for r in named}
        others = [r for r in load_reviews(settings, pid) if real_path(r.path) not in named_paths]
        check(owner, pid, mark_same_day([*others, *named]), named_paths, in_run=False)
    return diagnostics
