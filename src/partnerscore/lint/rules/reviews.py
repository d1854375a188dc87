"""Decision notes (rules PS7xx): a review meeting without decisions is status theater.

PS701 and PS702 are found while validating a note (like PS301 for scorecards); the others run on a
scorecard with its notes (``ReviewContext``; ``reviews`` are ``partnerscore.model.review_file.ReviewFile``).
A finding here always carries its own path and position, because one context spans several files.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from partnerscore.calc.decisions import decision_states, normalise
from partnerscore.core.diagnostics import Position
from partnerscore.core.words import plural
from partnerscore.io.paths import display_path
from partnerscore.lint.rules import Finding, rule
from partnerscore.lint.rules.context import ReviewContext, ScorecardContext


def _at(review, loc: tuple, *, key: bool = False) -> dict:
    pos = review.doc.position(loc, key=key) if review.doc is not None else Position(1, 1)
    return {"position": pos, "path": review.display}


@rule("PS701", "E", "decision-owner-due", "parse", emitted=False)
def decision_owner_due():
    """Decision without owner or due date.

    A decision nobody owns, or that has no date, is a wish. Reported at the start of the decision
    (PS701, not PS103), also when `owner` is empty. A due date that is not a date is PS104.

    Bad::

        decisions:
          - what: Move two webinars to the partner's EMEA team

    Good::

        decisions:
          - what: Move two webinars to the partner's EMEA team
            owner: Dana Lee
            due: 2026-11-27
    """


@rule("PS702", "E", "experiment-hypothesis-impact", "parse", emitted=False)
def experiment_hypothesis_impact():
    """Experiment without hypothesis or expected impact.

    An experiment without a hypothesis teaches nothing; without an expected impact nobody can tell
    whether it worked. Reported at the start of the experiment (PS702, not PS103).

    Bad::

        experiments:
          - hypothesis: A partner-led demo lifts MQL → SQL

    Good::

        experiments:
          - hypothesis: A partner-led demo lifts MQL → SQL
            expected_impact: MQL → SQL from 22% to 30% in six weeks
    """


@rule("PS703", "W", "review-without-decisions", "review")
def review_without_decisions(ctx: ReviewContext) -> Iterator[Finding]:
    """Review with no decisions.

    A reporting meeting without decisions is just status theater. Record at least one decision (even
    "keep course until the next review", with an owner and a date). Reported at `decisions:`, or at
    the top of the note when it has none. A decision with errors of its own (PS701) still counts.

    Bad::

        date: 2026-11-06
        changed: [Webinar leads up 40%]
        decisions: []
    """
    for review in ctx.reviews:
        if review.parts is not None and review.parts.decision_count == 0:
            has_key = review.doc is not None and ("decisions",) in review.doc.key_marks
            yield Finding("PS703", "review records no decisions; a review without decisions is status "
                                   "theater (add what was decided, with owner and due date)",
                          **_at(review, ("decisions",) if has_key else (), key=has_key))


@rule("PS704", "W", "overdue-decision", "review")
def overdue_decision(ctx: ReviewContext) -> Iterator[Finding]:
    """Open decision past its due date.

    A decision's state is its latest mention across the partnership's notes: a later note that lists the
    same `what` with `status: done` or `dropped` closes it. Overdue means due before the day checked
    (`--as-of`, default today); notes dated after that day have not happened yet, as in the report.
    Reported at `due:` in the latest note that mentions it. A decision with errors of its own is not
    judged, and neither are the earlier mentions of its `what`, which it may close.

    Fix: record in the next note that it is done or dropped, or repeat it with a new due date.
    """
    notes, owners, unsettled = _decision_history(ctx)
    for state in decision_states(notes):
        if not state.overdue(ctx.as_of):
            continue
        review, place = owners[id(state.note)]
        index = review.parts.decisions[state.index][0]  # its index in the file
        key = normalise(state.decision.what)
        if any(what == key and (later is None or later > (place, index)) for later, what in unsettled):
            continue  # a later mention that cannot be read may settle it
        decision = state.decision
        days = (ctx.as_of - decision.due).days
        what = " ".join(decision.what.split())
        yield Finding(
            "PS704",
            f"decision '{what if len(what) <= 60 else what[:59] + '…'}' (owner {decision.owner}) was due "
            f"{decision.due.isoformat()}, {days} day{'s' if days != 1 else ''} ago, and is still open; "
            "mark it done or dropped in a later note, or give it a new due date",
            **_at(review, ("decisions", index, "due")))


def _decision_history(ctx: ReviewContext) -> tuple[list, dict, list[tuple[tuple[int, int] | None, str]]]:
    """The valid decisions of each dated note as notes for `decision_states`, the note file and place of
    each, and the mentions that cannot be judged: (place, normalised what), place None when the note has
    no date (it may come after any other)."""
    notes = []
    owners: dict[int, tuple] = {}
    unsettled: list[tuple[tuple[int, int] | None, str]] = []
    for place, review in enumerate(ctx.reviews):  # oldest first, as decision_states orders them
        parts = review.parts
        if parts is None:
            continue
        day = review.day
        if day is not None and day > ctx.as_of:  # not held yet as of the day checked: the report skips it too
            continue
        if day is None:
            unsettled += [(None, normalise(d.what)) for _, d in parts.decisions]
            unsettled += [(None, normalise(what)) for _, what in parts.unsettled]
            continue
        note = parts.as_note(day)
        owners[id(note)] = (review, place)
        notes.append(note)
        unsettled += [((place, i), normalise(what)) for i, what in parts.unsettled]
    return notes, owners, unsettled


@dataclass(frozen=True)
class KnownMetrics:
    """What a note's `metric:` may name: the scorecard's metric ids and the series its formulas read."""

    names: frozenset[str]
    # False when a metric's id or formula cannot be read (or the scorecard at all): a name not in `names`
    # may then still be the scorecard's, so it is not reported as unknown.
    complete: bool


def known_metrics(scorecard: ScorecardContext | None) -> KnownMetrics:
    from partnerscore.calc.formula import FormulaError, parse_formula

    if scorecard is None:
        return KnownMetrics(frozenset(), complete=False)
    known = scorecard.metric_ids()
    for _, _, text in scorecard.values("formula"):
        if text:
            with contextlib.suppress(FormulaError):  # PS607 reports it
                known |= set(parse_formula(text).series)
    return KnownMetrics(frozenset(known), complete=scorecard.knows("id") and scorecard.knows("formula"))


def did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def named_metrics(review) -> Iterator[tuple[tuple, str, str]]:
    """(loc, metric name, what names it) of every `metric:` of a note's valid parts: what PS705 checks."""
    for i, decision in review.parts.decisions:
        if decision.metric is not None:
            yield ("decisions", i, "metric"), decision.metric, "decision"
    for i, experiment in review.parts.experiments:
        if experiment.metric is not None:
            yield ("experiments", i, "metric"), experiment.metric, "experiment"
    # An entry with an error of its own (no due date) is reported for it, and its metric is checked too.
    for name, i, metric in review.parts.loose_metrics:
        yield (name, i, "metric"), metric, "decision" if name == "decisions" else "experiment"


@rule("PS705", "E", "unknown-review-metric", "review")
def unknown_review_metric(ctx: ReviewContext) -> Iterator[Finding]:
    """Review names an unknown metric.

    A decision's or an experiment's `metric` must be a metric id of the scorecard, or a series one of its
    formulas uses (such as raw `mql`), so the report can show which number the decision is meant to move
    (and stop proposing another decision for it) and follow the experiment's effect. Reported at the
    value. Also reported (at the top of the note) for a note whose folder names no scorecard:
    `reviews/<id>/` must match a scorecard's id.
    While the scorecard's metrics cannot all be read (it has errors of its own, or its program has), a
    name that may be one of them is not checked: the scorecard's own errors fail the run and say what to
    fix. A note linted without its scorecard (pre-commit passes only changed files) gets PS705 once,
    saying why its names could not be checked.

    Bad::

        decisions:
          - what: Move two webinars to the partner's EMEA team
            owner: Dana Lee
            due: 2026-11-27
            metric: referals         # did you mean 'referrals'?
        experiments:
          - hypothesis: A partner-led demo lifts MQL → SQL
            expected_impact: MQL → SQL from 22% to 30%
            metric: mql_sql          # did you mean 'mql_to_sql'?
    """
    known = known_metrics(ctx.scorecard)
    for review in ctx.reviews:
        if review.parts is None:
            continue
        unchecked = []
        for loc, name, kind in named_metrics(review):
            if name in known.names:
                continue
            if known.complete:
                yield Finding("PS705", f"{kind} names metric '{name}', which scorecard '{ctx.partnership_id}' "
                                       f"does not have{did_you_mean(name, known.names)}", **_at(review, loc))
            else:
                unchecked.append((loc, name))
        # A name that cannot be checked is not known to be wrong. With the scorecard in the run, its own
        # errors fail the run and this note is checked once they are fixed; a note linted without its
        # scorecard would otherwise pass unchecked, so it fails, saying why.
        if unchecked and not ctx.scorecard_in_run:
            loc, name = unchecked[0]
            more = f" (and {plural(len(unchecked) - 1, 'other name')} in this note)" if len(unchecked) > 1 else ""
            why = ctx.unreadable_because if ctx.scorecard is None \
                else f"{ctx.scorecard_path} has a metric whose id or formula is missing or invalid"
            yield Finding("PS705", f"metric '{name}'{more} could not be checked: {why}; lint {ctx.scorecard_path} "
                                   "and fix it", **_at(review, loc))


@rule("PS706", "W", "review-overdue", "review")
def no_recent_review(ctx: ReviewContext) -> Iterator[Finding]:
    """No review within the outcome cadence.

    Outcomes are reviewed at the outcome layer's cadence (monthly for every partnership type unless
    `cadence: {outcomes: …}` says otherwise). Warned when the newest decision note on or before the day
    checked is more than 7, 14, 31 or 92 days old (weekly, biweekly, monthly, quarterly), or when there
    is none. Reported on the scorecard. Start one with `partnerscore review new SCORECARD`.
    """
    from partnerscore.calc.review_dates import CADENCE_MAX_AGE_DAYS, next_review_due
    from partnerscore.calc.review_dates import review_overdue as overdue

    cadence = ctx.scorecard.parts.cadence_for("outcomes") if ctx.scorecard is not None else None
    if ctx.scorecard is None or cadence is None:  # without a valid `type` (or cadence) there is no cadence
        return
    days = [r.day for r in ctx.reviews if r.day is not None and r.day <= ctx.as_of]
    newest = max(days) if days else None
    if not overdue(newest, cadence, ctx.as_of):
        return
    doc = ctx.scorecard.doc
    if ("cadence", "outcomes") in doc.value_marks:
        position = doc.position(("cadence", "outcomes"))
    else:
        position = doc.position(("outcomes",), key=True)
    # Shown from the current folder, as every path in a finding (PS601's data file too): run from a
    # repository's root, the project's reviews folder is `partners/reviews/`, not `reviews/`.
    folder = display_path(ctx.scorecard.settings.folder("reviews") / str(ctx.partnership_id)) + "/"
    if newest is None:
        message = f"no decision notes in {folder}; outcomes are reviewed {cadence}"
    else:
        message = (f"last review was {newest.isoformat()}, {(ctx.as_of - newest).days} days ago (the next was due "
                   f"{next_review_due(newest, cadence).isoformat()}); outcomes are reviewed {cadence} "
                   f"(at most {CADENCE_MAX_AGE_DAYS[cadence]} days apart)")
    yield Finding("PS706", message + f"; record the next one with `partnerscore review new {doc.path}`",
                  position=position, path=doc.path)
