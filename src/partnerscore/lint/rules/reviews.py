"""Decision notes (rules PS7xx): a review meeting without decisions is status theater.

PS701 and PS702 are found while validating a note (like PS301 for scorecards); the others run on a
scorecard with its notes (``ReviewContext``; ``reviews`` are ``partnerscore.model.review_file.ReviewFile``).
A finding here always carries its own path and position, because one context spans several files.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterator

from partnerscore.calc.decisions import decision_states
from partnerscore.core.diagnostics import Position
from partnerscore.lint.rules import Finding, rule
from partnerscore.lint.rules.context import ReviewContext


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
    the top of the note when it has none.

    Bad::

        date: 2026-11-06
        changed: [Webinar leads up 40%]
        decisions: []
    """
    for review in ctx.reviews:
        if review.note is not None and not review.note.decisions:
            has_key = review.doc is not None and ("decisions",) in review.doc.key_marks
            yield Finding("PS703", "review records no decisions; a review without decisions is status "
                                   "theater (add what was decided, with owner and due date)",
                          **_at(review, ("decisions",) if has_key else (), key=has_key))


@rule("PS704", "W", "overdue-decision", "review")
def overdue_decision(ctx: ReviewContext) -> Iterator[Finding]:
    """Open decision past its due date.

    A decision's state is its latest mention across the partnership's notes: a later note that lists the
    same `what` with `status: done` or `dropped` closes it. Overdue means due before the day checked
    (`--as-of`, default today). Reported at `due:` in the latest note that mentions it.

    Fix: record in the next note that it is done or dropped, or repeat it with a new due date.
    """
    by_note = {id(r.note): r for r in ctx.reviews if r.note is not None}
    for state in decision_states(_modelled_notes(ctx)):
        if not state.overdue(ctx.as_of):
            continue
        decision = state.decision
        days = (ctx.as_of - decision.due).days
        what = " ".join(decision.what.split())
        yield Finding(
            "PS704",
            f"decision '{what if len(what) <= 60 else what[:59] + '…'}' (owner {decision.owner}) was due "
            f"{decision.due.isoformat()}, {days} day{'s' if days != 1 else ''} ago, and is still open; "
            "mark it done or dropped in a later note, or give it a new due date",
            **_at(by_note[id(state.note)], ("decisions", state.index, "due")))


def _modelled_notes(ctx: ReviewContext) -> list:
    return [r.note for r in ctx.reviews if r.note is not None]


def known_series(card) -> set[str]:
    """Metric ids and the series their formulas use: what an experiment may name."""
    from partnerscore.calc.formula import FormulaError, parse_formula

    known = set(card.metrics())
    for _, _, metric in card.layer_items():
        if metric.formula:
            with contextlib.suppress(FormulaError):  # PS607 reports it
                known |= set(parse_formula(metric.formula).series)
    return known


def did_you_mean(name: str, known: set[str] | list[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


@rule("PS705", "E", "unknown-review-metric", "review")
def unknown_review_metric(ctx: ReviewContext) -> Iterator[Finding]:
    """Review names an unknown metric.

    A decision's or an experiment's `metric` must be a metric id of the scorecard, or a series one of its
    formulas uses (such as raw `mql`), so the report can show which number the decision is meant to move
    (and stop proposing another decision for it) and follow the experiment's effect. Reported at the
    value. Also reported (at the top of the note) for a note whose folder names no scorecard:
    `reviews/<id>/` must match a scorecard's id.

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
    card = ctx.scorecard.card
    known = known_series(card)
    for review in ctx.reviews:
        if review.note is None:
            continue
        named = [("decision", ("decisions", i, "metric"), d.metric) for i, d in enumerate(review.note.decisions)]
        named += [("experiment", ("experiments", i, "metric"), e.metric)
                  for i, e in enumerate(review.note.experiments)]
        for what, loc, metric in named:
            if metric is None or metric in known:
                continue
            yield Finding("PS705", f"{what} names metric '{metric}', which scorecard '{card.id}' does not have"
                                   f"{did_you_mean(metric, known)}",
                          **_at(review, loc))


@rule("PS706", "W", "review-overdue", "review")
def no_recent_review(ctx: ReviewContext) -> Iterator[Finding]:
    """No review within the outcome cadence.

    Outcomes are reviewed at the outcome layer's cadence (monthly for every partnership type unless
    `cadence: {outcomes: …}` says otherwise). Warned when the newest decision note on or before the day
    checked is more than 7, 14, 31 or 92 days old (weekly, biweekly, monthly, quarterly), or when there
    is none. Reported on the scorecard. Start one with `partnerscore review new SCORECARD`.
    """
    from partnerscore.calc.review_dates import CADENCE_MAX_AGE_DAYS
    from partnerscore.calc.review_dates import review_overdue as overdue

    card = ctx.scorecard.card
    cadence = card.cadence_for("outcomes")
    days = [r.day for r in ctx.reviews if r.day is not None and r.day <= ctx.as_of]
    newest = max(days) if days else None
    if not overdue(newest, cadence, ctx.as_of):
        return
    doc = ctx.scorecard.doc
    if ("cadence", "outcomes") in doc.value_marks:
        position = doc.position(("cadence", "outcomes"))
    else:
        position = doc.position(("outcomes",), key=True)
    folder = f"{ctx.scorecard.settings.reviews}/{card.id}/"
    if newest is None:
        message = f"no decision notes in {folder}; outcomes are reviewed {cadence}"
    else:
        message = (f"last review was {newest.isoformat()}, {(ctx.as_of - newest).days} days ago; outcomes "
                   f"are reviewed {cadence} (at most {CADENCE_MAX_AGE_DAYS[cadence]} days apart)")
    yield Finding("PS706", message + f"; record the next one with `partnerscore review new {doc.path}`",
                  position=position, path=doc.path)
