"""The status arithmetic of SPEC.md ("How status is computed"): values in, statuses out. No I/O.

INTERFACE (being implemented).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Optional, Sequence

from partnerscore.model import Metric


@dataclass(frozen=True)
class Series:
    """One series' values, ascending by day; `days` are `date.toordinal()` numbers."""

    days: Sequence[int]
    values: Sequence[float]


@dataclass(frozen=True)
class MetricStatus:
    period_start: date
    period_end: date
    actual: Optional[float]
    projected: Optional[float]
    status: str  # on-track | at-risk | off-track | no-data
    stale: bool
    last_date: Optional[date]
    previous: Optional[float]
    history: list[Optional[float]]


def evaluate_metric(
    metric: Metric,
    series: Mapping[str, Series],
    as_of: date,
    *,
    default_tolerance: float,
    fiscal_year_start: int,
    cadence: str,
    declared: Mapping[str, Metric],
) -> MetricStatus:
    """Status of one metric as of a day. `series` holds every series of the partnership by id;
    `declared` the scorecard's metrics by id (a formula input that is a declared metric is aggregated
    with its own aggregation, any other with sum)."""
    raise NotImplementedError


def worst_status(outcome_statuses: Iterable[str]) -> str:
    """A partnership's status from its outcomes' (SPEC.md step 7)."""
    raise NotImplementedError
