"""Which drivers explain the trend: metric reports in, explanations out. Pure, no I/O.

For every outcome that is not on track (at-risk, off-track, or no-data), the drivers whose `drives:`
include it are ranked by how far they fall short of their target:

- relative shortfall: up `(target − projected) / |target|`, down `(projected − target) / |target|`;
  positive means short of target. With a target of 0 the absolute difference is used instead.
- order: drivers short of target, largest shortfall first; then drivers with no data (they cannot be
  ruled out, but a measured shortfall is stronger evidence); then drivers on target.
- if every driver is on track, the note says so plainly: the driver targets or the attribution need a look.

Health metrics give early warnings: off track, or worse two periods in a row given their direction
(the current period's figure is its projection, so a running total part-way through a month is not
mistaken for a fall).
"""

from __future__ import annotations

from partnerscore.core.values import format_value, status_label
from partnerscore.report.result import Explanation, MetricReport

NOT_ON_TRACK = ("off-track", "at-risk", "no-data")


def shortfall(metric: MetricReport) -> float | None:
    """How far the projection falls short of target, relative to it (positive = short); None without data."""
    if metric.projected is None:
        return None
    gap = metric.target - metric.projected if metric.direction == "up" else metric.projected - metric.target
    return gap / abs(metric.target) if metric.target else gap


def _rank_key(metric: MetricReport) -> tuple:
    value = shortfall(metric)
    if value is None:
        return (1, 0.0)
    if metric.status == "on-track" or value <= 0:
        return (2, -value)
    return (0, -value)


def _driver_record(metric: MetricReport) -> dict:
    value = shortfall(metric)
    return {"id": metric.id, "name": metric.name, "status": metric.status, "actual": metric.actual,
            "projected": metric.projected, "target": metric.target,
            "shortfall": None if value is None else round(value, 4), "owner": metric.owner}


def figures(metric: MetricReport) -> str:
    """`53.6% vs 80.0% target`, or `no data`."""
    if metric.projected is None:
        return "no data"
    return f"{format_value(metric.projected, metric.unit)} vs {format_value(metric.target, metric.unit)} target"


def _named(metric: MetricReport) -> str:
    """`MQL → SQL off track (22.0% vs 30.0% target)`; `Referrals (no data)`, not `no data (no data)`."""
    if metric.projected is None:
        return f"{metric.name} (no data)"
    return f"{metric.name} {status_label(metric.status)} ({figures(metric)})"


def _outcome_note(outcome: MetricReport, drivers: list[MetricReport]) -> tuple[str, str]:
    """(kind, sentence) for one outcome that is not on track."""
    if outcome.status == "no-data":
        where = f"{outcome.name} has no data this period"
    else:
        where = f"{outcome.name} is {status_label(outcome.status)} ({figures(outcome)})"
    if not drivers:
        return "no-drivers", (f"{where}; no driver lists it under `drives:`, so nothing explains it — "
                              "add the drivers that feed it")
    lagging = [d for d in drivers if d.status != "on-track"]
    if not lagging:
        every = {1: f"its one driver, {drivers[0].name}, is", 2: "both its drivers are"}.get(
            len(drivers), f"all {len(drivers)} of its drivers are")
        fix = "its target or the attribution needs" if len(drivers) == 1 else "their targets or the attribution need"
        return "all-drivers-on-track", f"{where}, yet {every} on track: {fix} a look"
    named = "; ".join(_named(d) for d in lagging[:3])
    more = f"; and {len(lagging) - 3} more" if len(lagging) > 3 else ""
    return "drivers", f"{where}. Drivers behind it: {named}{more}"


def explain_outcomes(metrics: list[MetricReport]) -> list[Explanation]:
    drivers = [m for m in metrics if m.layer == "driver"]
    explanations = []
    for outcome in (m for m in metrics if m.layer == "outcome"):
        if outcome.status not in NOT_ON_TRACK:
            continue
        feeding = sorted((d for d in drivers if outcome.id in d.drives), key=_rank_key)
        kind, note = _outcome_note(outcome, feeding)
        explanations.append(Explanation(outcome=outcome.id, outcome_status=outcome.status,
                                        drivers=[_driver_record(d) for d in feeding], note=note, kind=kind))
    return explanations


def _worse(a: float, b: float, direction: str) -> bool:
    """Is b worse than a?"""
    return b < a if direction == "up" else b > a


def worsening_streak(metric: MetricReport) -> list[float] | None:
    """The last three figures when each is worse than the one before (two periods in a row), else None."""
    figures = list(metric.history)
    if figures and metric.projected is not None:
        figures[-1] = metric.projected
    if len(figures) < 3:
        return None
    a, b, c = figures[-3:]
    if a is None or b is None or c is None:
        return None
    return [a, b, c] if _worse(a, b, metric.direction) and _worse(b, c, metric.direction) else None


def early_warnings(metrics: list[MetricReport]) -> list[Explanation]:
    """Health metrics off track or worsening: the drift that outcomes will follow.

    For these, `Explanation.outcome` holds the health metric's id and `outcome_status` its status.
    """
    warnings = []
    for metric in (m for m in metrics if m.layer == "health"):
        streak = worsening_streak(metric)
        if metric.status != "off-track" and streak is None:
            continue
        parts = []
        if metric.status == "off-track":
            parts.append(f"off track ({figures(metric)})")
        if streak is not None:
            trail = " → ".join(format_value(v, metric.unit) for v in streak)
            parts.append(f"worse two periods in a row ({trail})")
        note = f"Early warning: {metric.name} is {' and '.join(parts)}; outcomes tend to follow health"
        warnings.append(Explanation(outcome=metric.id, outcome_status=metric.status, drivers=[],
                                    note=note, kind="early-warning"))
    return warnings


def explain(metrics: list[MetricReport]) -> list[Explanation]:
    """Outcome explanations first, then early warnings."""
    return explain_outcomes(metrics) + early_warnings(metrics)
