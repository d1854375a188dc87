"""The decision loop in the report: explanations, decisions needed, open decisions, review dates.

`apply_decision_loop` takes the partnership's decision notes as the loading step read them (those dated
on or before `as_of`; notes with errors are left out — lint reports them) and fills the report. Pure.

What needs a decision this week, in this order:
1. off-track, then at-risk metrics (outcomes, drivers, health, operations), each with its
   `when_off_track` text or a prompt that fits its layer;
2. open decisions past their due date, with their owner;
3. stale metrics, with the owner who must update them;
4. a review that is due: none recorded, or `next_review_due` reached.
"""

from __future__ import annotations

import datetime as dt

from partnerscore.core.values import format_value, status_label
from partnerscore.core.vocabulary import LAYERS
from partnerscore.model.review_file import ReviewHistory
from partnerscore.model.scorecard import Scorecard
from partnerscore.report.result import DecisionNeeded, OpenDecision, PartnershipReport

_LAYER_ORDER = {layer.singular: rank for rank, layer in enumerate(LAYERS)}
_PROMPTS = {
    "outcome": "decide which driver to fix first (see which drivers explain it)",
    "driver": "decide how to lift it, or whether its target is right",
    "health": "decide how to address it with the partner before outcomes follow",
    "operations": "decide what unblocks execution",
}


def _metric_decisions(report: PartnershipReport) -> list[DecisionNeeded]:
    needed = []
    for status in ("off-track", "at-risk"):
        for m in sorted((m for m in report.metrics if m.status == status), key=lambda m: _LAYER_ORDER[m.layer]):
            figures = f"{format_value(m.projected, m.unit)} vs {format_value(m.target, m.unit)} target"
            action = m.when_off_track or _PROMPTS[m.layer]
            needed.append(DecisionNeeded(kind=status, metric=m.id, owner=m.owner,
                                         message=f"{m.name} is {status_label(status)} ({figures}): {action}"))
    return needed


def _overdue_decisions(open_decisions: list[OpenDecision], as_of: dt.date) -> list[DecisionNeeded]:
    needed = []
    for d in open_decisions:
        if not d.overdue:
            continue
        days = (as_of - d.due).days
        needed.append(DecisionNeeded(
            kind="overdue-decision", owner=d.owner, due=d.due,
            message=(f"'{d.what}' was due {d.due.isoformat()} ({days} day{'s' if days != 1 else ''} ago): "
                     f"{d.owner} to close it, or set a new date")))
    return needed


def _stale_metrics(report: PartnershipReport) -> list[DecisionNeeded]:
    needed = []
    for m in report.metrics:
        if not m.stale:
            continue
        since = f"no data since {m.last_date.isoformat()}" if m.last_date else "no data at all"
        needed.append(DecisionNeeded(kind="stale-data", metric=m.id, owner=m.owner,
                                     message=f"{m.name} has {since} (updated {m.cadence}): "
                                             f"{m.owner} to update it"))
    return needed


def _review_due(report: PartnershipReport, as_of: dt.date) -> list[DecisionNeeded]:
    if report.last_review is None:
        return [DecisionNeeded(kind="review-due", owner=report.lead,
                               message="no review recorded yet: hold one and record its decisions "
                                       f"(partnerscore review new {report.path})")]
    if report.next_review_due is not None and report.next_review_due <= as_of:
        return [DecisionNeeded(kind="review-due", owner=report.lead, due=report.next_review_due,
                               message=f"review due {report.next_review_due.isoformat()} (last one "
                                       f"{report.last_review.isoformat()}): record it with "
                                       f"`partnerscore review new {report.path}`")]
    return []


def decisions_needed(report: PartnershipReport, as_of: dt.date) -> list[DecisionNeeded]:
    """What the review must decide, from a report whose open decisions and review dates are filled."""
    return (_metric_decisions(report) + _overdue_decisions(report.open_decisions, as_of)
            + _stale_metrics(report) + _review_due(report, as_of))


def _experiment_record(state) -> dict:
    e = state.experiment
    return {"hypothesis": e.hypothesis, "expected_impact": e.expected_impact, "metric": e.metric,
            "owner": e.owner, "ends": e.ends.isoformat() if e.ends else None,
            "review": state.note_date.isoformat()}


def apply_decision_loop(report: PartnershipReport, card: Scorecard, history: ReviewHistory, as_of: dt.date) -> None:
    """Fill `explanations`, `decisions_needed`, `open_decisions`, `experiments`, `last_review`,
    `next_review_due` from the metrics and the decision notes the loading step read (`history`). Pure."""
    from partnerscore.calc.decisions import open_decisions, running_experiments
    from partnerscore.calc.review_dates import next_review_due
    from partnerscore.report.explain import explain

    notes = [n for n in history.notes if n.date <= as_of]
    held = [day for day in history.held if day <= as_of]
    report.unreadable_notes = list(history.unreadable)
    report.explanations = explain(report.metrics)
    report.open_decisions = [
        OpenDecision(what=s.decision.what, owner=s.decision.owner, due=s.decision.due,
                     overdue=s.overdue(as_of), review=s.note_date.isoformat())
        for s in open_decisions(notes)
    ]
    report.experiments = [_experiment_record(s) for s in running_experiments(notes, as_of)]
    report.last_review = max(held) if held else None
    if report.last_review is not None:
        report.next_review_due = next_review_due(report.last_review, card.cadence_for("outcomes"))
    report.decisions_needed = decisions_needed(report, as_of)
