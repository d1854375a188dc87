"""The words of the method, defined once: layers, statuses, cadences, units, aggregations, periods.

Every other module takes these from here, so a new layer or status is one edit. The values are SPEC.md's
own spellings (they are what users write in YAML and what the JSON carries). The string enums compare
equal to those strings, so `metric.status == "on-track"` and `Status.ON_TRACK` are the same test.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal, get_args

# What a scorecard author may write (the Pydantic models and the JSON Schema use these types).
PartnershipType = Literal["referral", "strategic-alliance", "integration", "co-marketing"]
Cadence = Literal["weekly", "biweekly", "monthly", "quarterly"]
Direction = Literal["up", "down"]
Aggregation = Literal["sum", "mean", "last", "min", "max"]
Period = Literal["week", "month", "quarter", "year"]
Category = Literal[
    "financial", "performance", "operational", "productivity", "customer",
    "innovation", "expansion", "relationship", "impact",
]

PARTNERSHIP_TYPES: tuple[str, ...] = get_args(PartnershipType)


class Layer(StrEnum):
    """A scorecard layer, by its YAML key (plural); `singular` is the `layer` of a metric in the report."""

    OUTCOMES = "outcomes"
    DRIVERS = "drivers"
    HEALTH = "health"
    OPERATIONS = "operations"

    @property
    def singular(self) -> str:
        return _SINGULAR[self]


_SINGULAR = {Layer.OUTCOMES: "outcome", Layer.DRIVERS: "driver", Layer.HEALTH: "health",
             Layer.OPERATIONS: "operations"}

LAYERS: tuple[Layer, ...] = tuple(Layer)
# "outcomes" → "outcome": a metric's `layer` in the report and in messages ("outcome metric 'x' …").
LAYER_SINGULAR: dict[str, str] = {layer.value: layer.singular for layer in Layer}


class Status(StrEnum):
    """Where a metric or partnership stands (SPEC.md step 4)."""

    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    NO_DATA = "no-data"


# How bad a status is: a partnership's status is its worst outcome's; `--fail-on` compares with it.
STATUS_SEVERITY: dict[str, int] = {Status.OFF_TRACK: 3, Status.AT_RISK: 2, Status.ON_TRACK: 1, Status.NO_DATA: 0}
# The order people read statuses in: the worst first, no data last.
STATUS_DISPLAY_ORDER: tuple[Status, ...] = (Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.NO_DATA)

# The seed article's cadence per partnership type and layer.
DEFAULT_CADENCE: dict[str, dict[str, Cadence]] = {
    "referral": {"drivers": "weekly", "outcomes": "monthly", "health": "monthly", "operations": "weekly"},
    "strategic-alliance": {"drivers": "biweekly", "outcomes": "monthly", "health": "monthly",
                           "operations": "biweekly"},
    "integration": {"drivers": "monthly", "outcomes": "monthly", "health": "weekly", "operations": "weekly"},
    "co-marketing": {"drivers": "weekly", "outcomes": "monthly", "health": "monthly", "operations": "weekly"},
}
# The most days data (or a review) may age before it is stale (SPEC.md step 5).
CADENCE_MAX_AGE_DAYS: dict[str, int] = {"weekly": 7, "biweekly": 14, "monthly": 31, "quarterly": 92}

NAMED_UNITS: tuple[str, ...] = ("count", "percent", "ratio", "score", "days", "hours")
CURRENCY = re.compile(r"^[A-Z]{3}$")


# ISO 4217 minor units where they are not cents: money in these is written to whole units (¥55,435) or to
# thousandths (12.345 BHD). Any other currency code has cents.
_MINOR_UNITS = {**dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                                 "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
                **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3)}


def currency_decimals(code: str) -> int:
    """The decimals of a currency's smallest unit: 2 (cents) for most, 0 for JPY, 3 for BHD."""
    return _MINOR_UNITS.get(code, 2)


def is_currency(unit: str | None) -> bool:
    """A 3-letter currency code such as USD (any other unit is one of NAMED_UNITS)."""
    return bool(unit) and bool(CURRENCY.match(unit or ""))


def effective_aggregation(unit: str | None, aggregation: str | None) -> str:
    """The aggregation a metric uses: its own, else `sum` for counts and money, `mean` for the rest."""
    if aggregation:
        return aggregation
    return "sum" if unit in (None, "count") or is_currency(unit) else "mean"
