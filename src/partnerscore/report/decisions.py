"""The decision loop in the report: explanations, decisions needed, open decisions, review dates.

`apply_decision_loop` takes the partnership's decision notes as the loading step read them (those dated
on or before `as_of`; notes with errors are left out — lint reports them) and fills the report. Pure: no
files, no clock.

What needs a decision this week, most urgent first (SPEC.md, `report`; docs/status.md says it for users):
1. open decisions past their due date, most overdue first;
2. off-track outcomes, 3. off-track drivers, 4. off-track health metrics (the health warnings), then
   5. off-track operations metrics: each group furthest behind first;
6. metrics whose formula can never give a value (PS607), then stale data (outcomes first, the oldest
   data first);
7. at-risk metrics: outcomes, drivers, health, operations, each furthest behind first;
8. a review that is due: none recorded, or `next_review_due` reached.
"Furthest behind" is `explain.shortfall`: the projection's shortfall relative to the target, in the
metric's direction (22% against a 30% target is 27% behind; 4.2 days against 3 is 40% behind). Ties keep
the scorecard's order; overdue decisions of the same day keep the order of the open decisions.

A metric that an open decision names (`metric:`) is not proposed again, whatever the reason (off track,
at risk, stale, formula): that decision stands, and is listed with the metric's status. An overdue one is
still flagged as overdue.

Without `when_off_track`, a proposal says what the data says: for an outcome, the driver furthest behind
(its figures, its gap, its owners); for any other metric, its gap and who decides.
"""

from __future__ import annotations

import datetime as dt

from partnerscore.core.values import format_value, status_label
from partnerscore.core.vocabulary import LAYERS
from partnerscore.core.words import and_list
from partnerscore.model.review_file import ReviewHistory
from partnerscore.model.scorecard import Scorecard
from partnerscore.report.explain import figures, shortfall
from partnerscore.report.result import DecisionNeeded, MetricReport, OpenDecision, PartnershipReport

_LAYER_ORDER = {layer.singular: rank for rank, layer in enumerate(LAYERS)}
# Kinds that propose something about one metric: not proposed again while an open decision names it.
_ABOUT_A_METRIC = ("off-track", "at-risk", "stale-data", "formula-error")


def gap_words(m: MetricReport) -> str:
    """How far the projection is from the target, in the metric's unit and relative to the target:
    `12 short, 30% behind`; `8 pt short, 27% behind` (a rate, in points); `1.2 days over, 40% behind`
    (lower is better). With a target of 0 there is no relative gap to give."""
    if m.projected is None:
        return "no data"
    diff = abs(m.target - m.projected)
    side = "short" if m.direction == "up" else "over"
    if m.unit == "percent":  # a gap in a rate reads as a rate: points, as the tables say
        decimals = 2 if any(0.99 <= abs(v) < 1 for v in (m.projected, m.target)) else 1
        amount = f"{round(diff * 100, decimals):g} pt"
    else:
        amount = format_value(diff, m.unit)
    if not m.target:
        return f"{amount} {side}"
    relative = diff / abs(m.target)
    return f"{amount} {side}, {'under 1%' if relative < 0.005 else f'{relative:.0%}'} behind"


def _where(m: MetricReport) -> str:
    """`Qualified referrals is off track (28 vs 40 target, 12 short, 30% behind)`."""
    gap = f", {gap_words(m)}" if m.projected is not None else ""
    return f"{m.name} is {status_label(m.status)} ({figures(m)}{gap})"


def _who(m: MetricReport, partner: str) -> str:
    """The metric's owner, and its owner on the partner's side when it has one."""
    return f"{m.owner} with {m.partner_owner} at {partner}" if m.partner_owner else m.owner


def _behind(metrics: list[MetricReport]) -> list[MetricReport]:
    """Furthest behind first; ties keep their order."""
    return sorted(metrics, key=lambda m: -(shortfall(m) or 0.0))


def _outcome_action(outcome: MetricReport, p: PartnershipReport) -> str:
    drivers = [m for m in p.layer("driver") if outcome.id in m.drives]
    if not drivers:
        return ("no driver lists it under `drives:`, so nothing explains it; decide which activities move it "
                "and add them as drivers")
    short = _behind([d for d in drivers if d.status in ("off-track", "at-risk")])
    if short:
        d = short[0]
        return (f"its driver furthest behind is {d.name} ({figures(d)}, {gap_words(d)}), owned by "
                f"{_who(d, p.partner)}: decide with them how to close that gap first")
    missing = [d.name for d in drivers if d.status == "no-data"]
    if missing:
        return _missing_drivers(missing, len(drivers))
    if len(drivers) == 1:
        return (f"its one driver, {drivers[0].name}, is on track, so decide whether its target is too low "
                "or `drives:` credits the wrong driver")
    every = "both" if len(drivers) == 2 else f"all {len(drivers)} of"
    return (f"{every} its drivers are on track, so decide whether their targets are too low "
            "or `drives:` credits the wrong drivers")


def _missing_drivers(missing: list[str], drivers: int) -> str:
    """The drivers with no data this period (the rest are on track): one, some or every one of them."""
    one = len(missing) == 1
    names = and_list(missing)
    if len(missing) == drivers:
        every = "both" if drivers == 2 else "all"
        which = f"its driver {names} has" if one else f"{every} its drivers ({names}) have"
    else:
        which = f"its other drivers are on track, but {names} {'has' if one else 'have'}"
    return (f"{which} no data this period: get {'that number' if one else 'those numbers'} in before deciding "
            "what to change")


def _action(m: MetricReport, p: PartnershipReport) -> str:
    """What to decide about a metric behind target: its `when_off_track`, else what its figures say."""
    if m.when_off_track:
        return m.when_off_track
    if m.layer == "outcome":
        return _outcome_action(m, p)
    who = _who(m, p.partner)
    if m.layer == "driver":
        names = {o.id: o.name for o in p.layer("outcome")}
        feeds = [names[o] for o in m.drives if o in names]
        fed = f"it feeds {' and '.join(feeds)}; " if feeds else ""
        return (f"{fed}{who} to decide how to close the gap, or whether "
                f"{format_value(m.target, m.unit)} is the right target")
    if m.layer == "health":
        other = f"{m.partner_owner} at {p.partner}" if m.partner_owner else p.partner
        return f"{m.owner} to agree with {other} how to turn it around before the outcomes follow"
    return f"{who} to decide what unblocks it"


def _metric_decision(m: MetricReport, p: PartnershipReport) -> DecisionNeeded:
    return DecisionNeeded(kind=m.status, metric=m.id, owner=m.owner, message=f"{_where(m)}: {_action(m, p)}")


def _metric_name(p: PartnershipReport, metric_id: str | None) -> str | None:
    """A decision's `metric:` as people read it: the metric's name, or the series id as written."""
    if metric_id is None:
        return None
    return next((m.name for m in p.metrics if m.id == metric_id), metric_id)


def _overdue_decisions(p: PartnershipReport, as_of: dt.date) -> list[DecisionNeeded]:
    needed = []
    for d in sorted((d for d in p.open_decisions if d.overdue), key=lambda d: d.due):
        days = (as_of - d.due).days
        name = _metric_name(p, d.metric)
        acts_on = f" (for {name})" if name else ""
        needed.append(DecisionNeeded(
            kind="overdue-decision", owner=d.owner, due=d.due, metric=d.metric,
            message=(f"'{d.what}'{acts_on} was due {d.due.isoformat()} ({days} day{'s' if days != 1 else ''} "
                     f"ago): {d.owner} to close it, or set a new date")))
    return needed


def _formula_errors(p: PartnershipReport) -> list[DecisionNeeded]:
    return [DecisionNeeded(kind="formula-error", metric=m.id, owner=m.owner,
                           message=(f"{m.name} cannot be computed (PS607: {m.formula_problem}): {m.owner} to fix "
                                    f"its formula `{m.formula}` in {p.path}; the data is not what is missing"))
            for m in p.metrics if m.formula_problem] + _too_large(p)


def _too_large(p: PartnershipReport) -> list[DecisionNeeded]:
    """A metric whose arithmetic went past float's range (a formula multiplying huge inputs): named as a
    formula error, not left as a silent no-data."""
    return [DecisionNeeded(kind="formula-error", metric=m.id, owner=m.owner,
                           message=(f"{m.name} cannot be computed: {m.value_problem}: {m.owner} to check its "
                                    f"{'inputs and formula' if m.formula else 'data'} for a wrong unit or a "
                                    "misplaced decimal point"))
            for m in p.metrics if m.value_problem and not m.formula_problem]


def _stale_metrics(p: PartnershipReport) -> list[DecisionNeeded]:
    stale = [m for m in p.metrics if m.stale and not m.formula_problem]  # a broken formula is said above
    stale.sort(key=lambda m: (_LAYER_ORDER[m.layer], m.last_date or dt.date.min))
    needed = []
    for m in stale:
        since = f"no data since {m.last_date.isoformat()}" if m.last_date else "no data at all"
        needed.append(DecisionNeeded(kind="stale-data", metric=m.id, owner=m.owner,
                                     message=f"{m.name} has {since} (updated {m.cadence}): {m.owner} to update it"))
    return needed


def _review_due(p: PartnershipReport, as_of: dt.date) -> list[DecisionNeeded]:
    if p.last_review is None:
        return [DecisionNeeded(kind="review-due", owner=p.lead,
                               message="no review recorded yet: hold one and record its decisions "
                                       f"(partnerscore review new {p.path})")]
    if p.next_review_due is not None and p.next_review_due <= as_of:
        return [DecisionNeeded(kind="review-due", owner=p.lead, due=p.next_review_due,
                               message=f"review due {p.next_review_due.isoformat()} (last one "
                                       f"{p.last_review.isoformat()}): record it with "
                                       f"`partnerscore review new {p.path}`")]
    return []


def decisions_needed(report: PartnershipReport, as_of: dt.date) -> list[DecisionNeeded]:
    """What the review must decide, most urgent first, from a report whose open decisions and review
    dates are filled (the module docstring says the order)."""
    def off_track(layer: str) -> list[DecisionNeeded]:
        behind = _behind([m for m in report.metrics if m.status == "off-track" and m.layer == layer])
        return [_metric_decision(m, report) for m in behind]

    at_risk = sorted(_behind([m for m in report.metrics if m.status == "at-risk"]),
                     key=lambda m: _LAYER_ORDER[m.layer])
    needed = (_overdue_decisions(report, as_of) + off_track("outcome") + off_track("driver")
              + off_track("health") + off_track("operations") + _formula_errors(report) + _stale_metrics(report)
              + [_metric_decision(m, report) for m in at_risk] + _review_due(report, as_of))
    covered = {d.metric for d in report.open_decisions if d.metric}
    return [d for d in needed if not (d.kind in _ABOUT_A_METRIC and d.metric in covered)]


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
                     overdue=s.overdue(as_of), review=s.note_date.isoformat(), metric=s.decision.metric)
        for s in open_decisions(notes)
    ]
    report.experiments = [_experiment_record(s) for s in running_experiments(notes, as_of)]
    report.last_review = max(held) if held else None
    if report.last_review is not None:
        report.next_review_due = next_review_due(report.last_review, card.cadence_for("outcomes"))
    report.decisions_needed = decisions_needed(report, as_of)
