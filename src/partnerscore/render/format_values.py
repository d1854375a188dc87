"""Metric values in the human formats (table, Markdown, HTML): sparklines, trends, period phrases.

The value of one number (`$460,000`, `30.0%`) is `partnerscore.core.values.format_value`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from partnerscore.core.values import MISSING, amount_per_period, format_value, status_label  # noqa: F401 - re-exported

SPARK_BARS = "▁▂▃▄▅▆▇█"
SPARK_GAP = "·"
# A status as a shape, beside its colour wherever a status is only marked (never colour alone).
STATUS_MARKS = {"on-track": "✓", "at-risk": "!", "off-track": "✕", "no-data": "?"}


def sparkline(history: Sequence[float | None]) -> str:
    """One bar per period, scaled between the lowest and highest value; `·` for a period with no value."""
    values = [v for v in history if v is not None and math.isfinite(v)]
    if not values:
        return SPARK_GAP * len(history)
    low, high = min(values), max(values)
    top = len(SPARK_BARS) - 1
    bars = []
    for v in history:
        if v is None or not math.isfinite(v):
            bars.append(SPARK_GAP)
        elif high == low:
            bars.append(SPARK_BARS[top // 2])  # flat: a mid-height bar, so "no change" is not "zero"
        else:
            bars.append(SPARK_BARS[round((v - low) / (high - low) * top)])
    return "".join(bars)


def trend(history: Sequence[float | None], projected: float | None) -> list[float | None]:
    """The history to draw: the unfinished current period at its pace (projected), so a running total
    halfway through a quarter does not look like a collapse next to full quarters."""
    values = list(history)
    if values and projected is not None:
        values[-1] = projected
    return values


def metric_trend(metric) -> list[float | None]:
    """`trend` for one metric. A deadline metric's projection is where its window ends, not where this
    calendar period does, so its current period is drawn as it stands (`history` stays per period)."""
    return list(metric.history) if metric.by is not None else trend(metric.history, metric.projected)


_ADJECTIVES = {"week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "yearly"}


def per_period(metric) -> bool:
    """Is the target an amount per period (a summed flow: pipeline per quarter)? A rate, average or level
    is not: `2 days/month` or `98%/month` would read as a quantity per month."""
    return metric.effective_aggregation == "sum"


def period_phrase(metric) -> str:
    """What the target is for, in words: `per quarter`, `monthly average`, `latest value in the quarter`;
    for a deadline, what is counted in its window (`total since 2026-11-02`, `latest value`)."""
    period = metric.period
    if metric.by is not None:
        return _deadline_phrase(metric)
    if per_period(metric):
        return f"per {period}"
    if metric.formula:
        return f"over the {period}"
    aggregation = metric.effective_aggregation
    if aggregation == "mean":
        return f"{_ADJECTIVES.get(period, period)} average"
    if aggregation == "last":
        return f"latest value in the {period}"
    return f"{'lowest' if aggregation == 'min' else 'highest'} in the {period}"


def _deadline_phrase(metric) -> str:
    since = metric.period_start.isoformat()
    if metric.formula:
        return f"since {since}"
    return {"sum": f"total since {since}", "mean": f"average since {since}", "last": "latest value",
            "min": f"lowest since {since}", "max": f"highest since {since}"}.get(metric.effective_aggregation,
                                                                              f"since {since}")


def target_text(metric, target: float | None = None) -> str:
    """A target in words: `1,000 by 2026-12-29` for a deadline, the bare value otherwise."""
    text = format_value(metric.target if target is None else target, metric.unit)
    return f"{text} by {metric.by.isoformat()}" if metric.by is not None else text


def target_cell(metric) -> str:
    """The target as a table cell: `$500,000/quarter` for a summed amount, `1,000 by 2026-12-29` for a
    deadline, the bare value otherwise."""
    if metric.by is not None:
        return target_text(metric)
    return amount_per_period(metric.target, metric.unit, metric.period if per_period(metric) else None)


def paced(metric) -> bool:
    """Does the metric have an `expected` worth showing beside its actual: a paced sum or a deadline
    (SPEC.md step 10)? For any other metric `expected` is only the target again."""
    return metric.elapsed is not None and metric.actual is not None


def expected_cell(metric) -> str:
    """`expected` for a paced or deadline metric, '' for the others (their expected is their target)."""
    return format_value(metric.expected, metric.unit) if paced(metric) else ""


def stretch_met(metric) -> bool:
    return metric.stretch is not None and metric.stretch_met is True


def reading_words(metric) -> str:
    """What the actual is, for a metric that is not projected: `current reading`, `average so far`, …"""
    if metric.formula:
        return "so far"
    return {"last": "current reading", "mean": "average so far", "min": "lowest so far",
            "max": "highest so far"}.get(metric.effective_aggregation, "so far")


def day_of(metric) -> str:
    """Where in its period (or deadline window) a paced metric's data stands: `on day 47 of 90` for a
    reading (a level), `through day 51 of 92` for a running total, `at the deadline` once it is due."""
    days = (metric.period_end - metric.period_start).days + 1
    if metric.elapsed is None or days <= 0:
        return ""
    if metric.by is not None and metric.elapsed >= 1:
        return "at the deadline"
    day = round(metric.elapsed * days)
    level = metric.formula or metric.effective_aggregation != "sum"
    return f"{'on' if level else 'through'} day {day} of {days}"


def glide_words(metric) -> str:
    """What `expected` is called: a level with a deadline moves along a glide path; a sum keeps a pace."""
    level = metric.by is not None and (metric.formula or metric.effective_aggregation != "sum")
    return "on the glide path" if level else "expected"


@dataclass(frozen=True)
class LastPeriod:
    """The last complete period: its value, its change from the period before it, and its status
    judged against the target in force then (None when it has none worth showing)."""

    value: str
    change: str  # `▲20%`, `▼1.1 pt`, `±0%`, or '' when the period before it has no value
    status: str | None

    @property
    def text(self) -> str:
        return f"{self.value} {self.change}".strip()


def change_text(now: float | None, before: float | None, unit: str) -> str:
    """The change between two periods in a sign and a figure that read without colour: `▲20%`, `▼5%`,
    `±0%`. Percentages change in points (`▼1.1 pt`), since a relative change of a rate reads as a rate;
    from zero, the change itself (`▲5`)."""
    if now is None or before is None or not (math.isfinite(now) and math.isfinite(before)):
        return ""
    diff = now - before
    arrow = "▲" if diff > 0 else "▼"
    if unit == "percent":  # as many decimals as the values show (99.87% uptime moves in hundredths)
        decimals = 2 if any(0.99 <= abs(v) < 1 for v in (now, before)) else 1
        points = round(abs(diff) * 100, decimals)
        return "±0 pt" if points == 0 else f"{arrow}{points:g} pt"
    if before == 0:
        return "±0" if diff == 0 else f"{arrow}{format_value(abs(diff), unit)}"
    relative = round(abs(diff) / abs(before) * 100)
    return "±0%" if relative == 0 else f"{arrow}{relative}%"


def last_period(metric) -> LastPeriod | None:
    """The previous period as a table shows it; None when it has no value. A deadline metric has no past
    status to show: its target is for its window, so a calendar period before it was not judged by it."""
    if metric.previous is None:
        return None
    history = list(metric.history)
    before = history[-3] if len(history) >= 3 else None
    judged = metric.by is None and metric.previous_status in ("on-track", "at-risk", "off-track")
    status = metric.previous_status if judged else None
    return LastPeriod(format_value(metric.previous, metric.unit), change_text(metric.previous, before, metric.unit),
                      status)
