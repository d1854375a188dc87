"""The status arithmetic of SPEC.md ("How status is computed"): values in, statuses out. No I/O.

Built to be called ~15,000 times per report: each series is cut once (two bisects) to the rows of the
last few periods, so the cost does not grow with the length of the history kept in the CSV.

Choices where SPEC.md is silent:
- `history` has up to 6 periods ending with the current one; leading periods that end before the
  metric's first row of data are dropped (3 periods of data give a 3-long history), gaps in between stay
  as None. It always holds at least the current period, so `history[-1] == actual`.
- For a formula metric, data "starts" when its last input starts (the newest of the inputs' first rows),
  mirroring SPEC.md's rule that its newest row is the oldest of its inputs' newest rows.
- A formula input that is a declared formula metric with no series of its own is computed from its own
  formula (cycles give no value). A formula that does not parse gives no-data; lint reports it (PS607).
- Series values are expected finite; an aggregate that is not a finite number counts as no value.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from partnerscore.calc.formula import FormulaError, parse_formula
from partnerscore.calc.periods import elapsed_fraction, recent_periods
from partnerscore.core.vocabulary import CADENCE_MAX_AGE_DAYS, STATUS_SEVERITY

if TYPE_CHECKING:  # only for annotations: the CSV child process imports Series without pydantic
    from partnerscore.model.scorecard import Metric

HISTORY_PERIODS = 6
# A metric is stale when its newest row is more than this many days before as_of (SPEC.md step 5).
# Comparisons forgive float noise: with target 0.30 and a 10% band, 0.27 must count as "at" 0.30 - 0.03.
_REL_TOL = 1e-9
_ABS_TOL = 1e-12


@dataclass(frozen=True)
class Series:
    """One series' values, ascending by day; `days` are `date.toordinal()` numbers."""

    days: Sequence[int]
    values: Sequence[float]


@dataclass(frozen=True)
class MetricStatus:
    period_start: date
    period_end: date
    actual: float | None
    projected: float | None
    status: str  # on-track | at-risk | off-track | no-data
    stale: bool
    last_date: date | None
    previous: float | None
    history: list[float | None]


# (actual per period oldest first, ordinal of the first row, ordinal of the newest row on/before as_of)
_Data = tuple[list[float | None], int | None, int | None]


@lru_cache(maxsize=256)
def _plan(period: str, as_of: date, fiscal_year_start: int) -> tuple[tuple[date, date], tuple[tuple[int, int], ...]]:
    """The periods to aggregate, oldest first, as dates and as ordinal ranges cut off at as_of."""
    bounds = recent_periods(period, as_of, fiscal_year_start, HISTORY_PERIODS)
    cutoff = as_of.toordinal()
    ranges = tuple((start.toordinal(), min(end.toordinal(), cutoff)) for start, end in bounds)
    return bounds[-1], ranges


def _as_list(values: Sequence) -> list:
    if isinstance(values, list):
        return values
    return values.tolist() if hasattr(values, "tolist") else list(values)  # numpy arrays, tuples


def _aggregate(values: list, how: str) -> float | None:
    if not values:
        return None
    if how == "sum":
        result = math.fsum(values)
    elif how == "mean":
        result = math.fsum(values) / len(values)
    elif how == "last":
        result = values[-1]
    elif how == "min":
        result = min(values)
    elif how == "max":
        result = max(values)
    else:
        raise ValueError(f"unknown aggregation {how!r}")
    result = float(result)
    return result if math.isfinite(result) else None


def _series_data(series: Series | None, how: str, ranges: tuple[tuple[int, int], ...]) -> _Data:
    """Aggregate one series over each period range; rows after the last range's end are ignored."""
    if series is None or len(series.days) == 0:
        return [None] * len(ranges), None, None
    days = series.days
    if hasattr(days, "searchsorted"):  # a numpy array (the report's data layer)
        return _array_data(series, how, ranges)
    end = bisect_right(days, ranges[-1][1])
    if end == 0:
        return [None] * len(ranges), None, None
    begin = bisect_left(days, ranges[0][0], 0, end)
    window_days = _as_list(days[begin:end])
    window_values = _as_list(series.values[begin:end])
    actuals: list[float | None] = []
    low = 0
    for start, stop in ranges:  # contiguous ascending ranges: each search starts where the last ended
        low = bisect_left(window_days, start, low)
        high = bisect_right(window_days, stop, low)
        actuals.append(_aggregate(window_values[low:high], how) if high > low else None)
        low = high
    return actuals, int(days[0]), int(days[end - 1])


# Per tuple of ranges, the day each range starts and the day after each ends, as the numpy array one
# searchsorted call takes: for whole-number days, "left of stop + 1" is "right of stop".
_EDGES: dict[tuple[tuple[int, int], ...], object] = {}


def _array_data(series: Series, how: str, ranges: tuple[tuple[int, int], ...]) -> _Data:
    """_series_data for numpy arrays: one searchsorted for every range bound, one list of the values."""
    edges = _EDGES.get(ranges)
    if edges is None:
        import numpy as np  # already imported: the series are numpy arrays

        edges = _EDGES[ranges] = np.array([day for start, stop in ranges for day in (start, stop + 1)],
                                          dtype=np.int64)
    days: Any = series.days  # a numpy array, as _series_data checked; calc does not type against numpy
    at = days.searchsorted(edges).tolist()  # [start of range 0, end of range 0, start of range 1, ...]
    end = at[-1]
    if end == 0:
        return [None] * len(ranges), None, None
    begin = at[0]
    values = cast(Any, series.values)[begin:end].tolist()
    actuals: list[float | None] = []
    for i in range(0, len(at), 2):
        low, high = at[i], at[i + 1]
        actuals.append(_aggregate(values[low - begin:high - begin], how) if high > low else None)
    return actuals, int(days[0]), int(days[end - 1])


def _formula_data(metric: Metric, series: Mapping[str, Series], declared: Mapping[str, Metric],
                  ranges: tuple[tuple[int, int], ...], visiting: frozenset[str]) -> _Data:
    """Evaluate the formula on each period's aggregates of its inputs: a ratio of sums, not a mean of ratios."""
    try:
        formula = parse_formula(metric.formula)
    except FormulaError:
        return [None] * len(ranges), None, None
    inputs: dict[str, list[float | None]] = {}
    firsts: list[int | None] = []
    newests: list[int | None] = []
    for series_id in formula.series:
        source = declared.get(series_id)
        if series_id in series:
            how = source.effective_aggregation if source is not None else "sum"
            data = _series_data(series[series_id], how, ranges)
        elif source is not None and source.formula and series_id not in visiting:
            data = _formula_data(source, series, declared, ranges, visiting | {series_id})
        else:
            data = [None] * len(ranges), None, None
        inputs[series_id], first, newest = data
        firsts.append(first)
        newests.append(newest)
    actuals = [formula.evaluate({sid: values[i] for sid, values in inputs.items()}) for i in range(len(ranges))]
    if not formula.series or None in newests:
        return actuals, None, None
    # Data starts when the last input starts; it is as fresh as its stalest input.
    # An input has both days or neither, so with no None among the newest days there is none among the first.
    return actuals, max(day for day in firsts if day is not None), min(day for day in newests if day is not None)


def _at_least(value: float, bound: float) -> bool:
    return value >= bound or math.isclose(value, bound, rel_tol=_REL_TOL, abs_tol=_ABS_TOL)


def _at_most(value: float, bound: float) -> bool:
    return value <= bound or math.isclose(value, bound, rel_tol=_REL_TOL, abs_tol=_ABS_TOL)


def classify(projected: float | None, target: float, tolerance: float, direction: str) -> str:
    """SPEC.md step 4: on-track, at-risk (within tolerance × |target| of the target), off-track or no-data."""
    if projected is None:
        return "no-data"
    band = tolerance * abs(target)
    if direction == "down":
        if _at_most(projected, target):
            return "on-track"
        return "at-risk" if _at_most(projected, target + band) else "off-track"
    if _at_least(projected, target):
        return "on-track"
    return "at-risk" if _at_least(projected, target - band) else "off-track"


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
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    if cadence not in CADENCE_MAX_AGE_DAYS:
        raise ValueError(f"unknown cadence {cadence!r}: expected one of {', '.join(CADENCE_MAX_AGE_DAYS)}")
    (period_start, period_end), ranges = _plan(metric.period, as_of, fiscal_year_start)
    if metric.formula:
        actuals, first, newest = _formula_data(metric, series, declared, ranges, frozenset({metric.id}))
    else:
        actuals, first, newest = _series_data(series.get(metric.id), metric.effective_aggregation, ranges)

    actual = actuals[-1]
    projected = actual
    if actual is not None and not metric.formula and metric.effective_aggregation == "sum":
        # Pace a running total to the full period: 230000 on day 46 of 92 projects to 460000.
        projected = actual / elapsed_fraction(period_start, period_end, as_of)
        if not math.isfinite(projected):
            projected = None
    tolerance = metric.tolerance if metric.tolerance is not None else default_tolerance

    as_of_ordinal = as_of.toordinal()
    stale = newest is None or as_of_ordinal - newest > CADENCE_MAX_AGE_DAYS[cadence]
    # Keep the periods that end on or after the first row; always keep the current one.
    kept = 1 if first is None else max(1, sum(1 for _, stop in ranges if stop >= first))
    return MetricStatus(
        period_start=period_start,
        period_end=period_end,
        actual=actual,
        projected=projected,
        status=classify(projected, metric.target, tolerance, metric.direction),
        stale=stale,
        last_date=date.fromordinal(newest) if newest is not None else None,
        previous=actuals[-2] if len(actuals) >= 2 else None,
        history=actuals[-kept:],
    )


def worst_status(outcome_statuses: Iterable[str]) -> str:
    """A partnership's status from its outcomes' (SPEC.md step 7): the worst of off-track > at-risk >
    on-track; no-data only when every outcome has no data (or there are none)."""
    worst, severity = "no-data", 0
    for status in outcome_statuses:
        rank = STATUS_SEVERITY.get(status, 0)
        if rank > severity:
            worst, severity = status, rank
    return worst
