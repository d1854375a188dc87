"""Metric values as people read them, by unit: `$460,000`, `30.0%`, `4.2 days`, `—` for no value.

Shared by every human format (table, Markdown, HTML); the machine formats (JSON, CSV) keep raw numbers.
"""

from __future__ import annotations

import math
import re
from typing import Optional, Sequence

MISSING = "—"
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_CURRENCY = re.compile(r"^[A-Z]{3}$")

STATUS_LABELS = {"on-track": "on track", "at-risk": "at risk", "off-track": "off track", "no-data": "no data"}
SPARK_BARS = "▁▂▃▄▅▆▇█"
SPARK_GAP = "·"


def _grouped(value: float, decimals: int) -> str:
    # `+ 0.0` turns -0.0 into 0.0, so a tiny negative rounding to zero never prints as "-0".
    return f"{round(value, decimals) + 0.0:,.{decimals}f}"


def _plain(value: float, decimals: int) -> str:
    """Whole numbers without decimals, others with `decimals` (4 → "4", 4.25 → "4.2" with 1)."""
    if float(value).is_integer():
        return _grouped(value, 0)
    return _grouped(value, decimals)


def format_money(value: float, code: str) -> str:
    # Whole units once amounts are large enough that cents are noise; cents below that ($12.50).
    decimals = 0 if float(value).is_integer() or abs(value) >= 1000 else 2
    amount = _grouped(abs(value), decimals)
    sign = "-" if value < 0 and amount.strip("0.,") else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {code}"


def _percent_decimals(value: float) -> int:
    """One decimal, except close to 100% where the interesting differences are smaller (99.87% uptime)."""
    return 2 if 0.99 <= abs(value) < 1 else 1


def format_value(value: Optional[float], unit: str = "count") -> str:
    """One value in its unit; `—` when there is none."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    value = float(value)
    if unit == "percent":
        return f"{_grouped(value * 100, _percent_decimals(value))}%"
    if unit == "days":
        text = _plain(value, 1)
        return f"{text} day" if text == "1" else f"{text} days"
    if unit == "hours":
        return f"{_plain(value, 1)} h"
    if unit == "ratio":
        return _grouped(value, 2)
    if unit == "score":
        return _grouped(value, 1)
    if _CURRENCY.match(unit or ""):
        return format_money(value, unit)
    return _plain(value, 1)  # count


def status_label(status: str) -> str:
    """`at-risk` → `at risk`: the words people read; the JSON keeps SPEC.md's hyphenated values."""
    return STATUS_LABELS.get(status, status)


def sparkline(history: Sequence[Optional[float]]) -> str:
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


def trend(history: Sequence[Optional[float]], projected: Optional[float]) -> list[Optional[float]]:
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
