"""Metric values as people read them, by unit: `$460,000`, `30.0%`, `4.2 days`, `—` for no value.

Every sentence partnerscore writes about a number uses these (report explanations, proposed decisions,
review drafts, every human format); the machine formats (JSON, CSV) keep raw numbers.
"""

from __future__ import annotations

import math

from partnerscore.core.vocabulary import Status, currency_decimals, is_currency

MISSING = "—"
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}

# `at-risk` → `at risk`: the words people read; the JSON keeps SPEC.md's hyphenated values.
STATUS_LABELS = {status.value: status.value.replace("-", " ") for status in Status}


def enough_decimals(value: float, decimals: int, digits: int = 2) -> int:
    """`decimals`, or more for a value so small that they would round it to zero: then as many as show its
    first `digits` significant digits (a ratio of 0.0000138 is 0.000014, not 0.00)."""
    if value == 0 or not math.isfinite(value) or abs(value) >= 10.0 ** -decimals:
        return decimals
    needed = digits - 1 - math.floor(math.log10(abs(value)))
    # Past 15 decimals a float holds no figure anyone measured: the noise of a formula that subtracts
    # (0.1 + 0.2 - 0.3 is 5.6e-17), shown as the zero it stands for.
    return decimals if needed > 15 else needed


def _grouped(value: float, decimals: int) -> str:
    more = enough_decimals(value, decimals)
    # `+ 0.0` turns -0.0 into 0.0, so a tiny negative rounding to zero never prints as "-0".
    text = f"{round(value, more) + 0.0:,.{more}f}"
    # The decimals added for a tiny value show its significant digits, not zeros after them (0.001%).
    return text.rstrip("0") if more > decimals else text


def _plain(value: float, decimals: int) -> str:
    """Whole numbers without decimals, others with `decimals` (4 → "4", 4.25 → "4.2" with 1)."""
    if float(value).is_integer():
        return _grouped(value, 0)
    return _grouped(value, decimals)


def format_money(value: float, code: str) -> str:
    # Whole units once amounts are large enough that cents are noise; cents below that ($12.50), or the
    # currency's own minor unit (¥13, 12.345 BHD).
    decimals = 0 if float(value).is_integer() or abs(value) >= 1000 else currency_decimals(code)
    amount = f"{round(abs(value), decimals) + 0.0:,.{decimals}f}"  # money keeps its minor unit: $0.00
    sign = "-" if value < 0 and amount.strip("0.,") else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {code}"


def _percent_decimals(value: float) -> int:
    """One decimal, except close to 100% where the interesting differences are smaller (99.87% uptime)."""
    return 2 if 0.99 <= abs(value) < 1 else 1


def format_value(value: float | None, unit: str = "count") -> str:
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
    if is_currency(unit):
        return format_money(value, unit)
    return _plain(value, 1)  # count


def amount_per_period(value: float | None, unit: str = "count", period: str | None = None) -> str:
    """A target as the report's tables show it: `$500,000/quarter` for a summed amount (give its `period`),
    the bare value for a rate, average or level (no period: `98.0%/month` would read as a quantity)."""
    text = format_value(value, unit)
    return f"{text}/{period}" if period and text != MISSING else text


def status_label(status: str) -> str:
    """`at-risk` → `at risk`: the words people read; the JSON keeps SPEC.md's hyphenated values."""
    return STATUS_LABELS.get(status, status)
