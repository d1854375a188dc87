"""Metric values in the human formats (table, Markdown, HTML): sparklines, trends, period phrases.

The value of one number (`$460,000`, `30.0%`) is `partnerscore.core.values.format_value`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from partnerscore.core.values import MISSING, format_value, status_label  # noqa: F401 - re-exported for renderers

SPARK_BARS = "▁▂▃▄▅▆▇█"
SPARK_GAP = "·"


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


_ADJECTIVES = {"week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "yearly"}


def per_period(metric) -> bool:
    """Is the target an amount per period (a summed flow: pipeline per quarter)? A rate, average or level
    is not: `2 days/month` or `98%/month` would read as a quantity per month."""
    return metric.effective_aggregation == "sum"


def period_phrase(metric) -> str:
    """What the target is for, in words: `per quarter`, `monthly average`, `latest value in the quarter`."""
    period = metric.period
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


def target_cell(metric) -> str:
    """The target as a table cell: `$500,000/quarter` for a summed amount, the bare value otherwise."""
    text = format_value(metric.target, metric.unit)
    return f"{text}/{metric.period}" if per_period(metric) else text
