"""The status arithmetic of SPEC.md ("How status is computed"): values in, statuses out. No I/O.

Built to be called ~15,000 times per report: each series is cut once (two bisects) to the rows of the
last few periods, so the cost does not grow with the length of the history kept in the CSV.

Choices where SPEC.md is silent:
- `history` has up to 6 periods ending with the current one; leading periods that end before the
  metric's first row of data are dropped (3 periods of data give a 3-long history), gaps in between stay
  as None. It always holds at least the current period, so `history[-1] == actual` (except for a
  deadline metric, whose `actual` is over its window while `history` stays per calendar period).
- For a formula metric, data "starts" when its last input starts (the newest of the inputs' first rows),
  mirroring SPEC.md's rule that its newest row is the oldest of its inputs' newest rows.
- A formula input that is a declared formula metric with no series of its own is computed from its own
  formula (cycles give no value). A formula that does not parse gives no-data; lint reports it (PS607).
- Series values are finite and at most MAX_MAGNITUDE in size (the CSV grammar refuses the rest), so sums
  and projections stay finite; a formula can still multiply or divide past float's range. A number too
  large to compute (an aggregate, a formula's result, a projection) is carried as infinity to the end and
  then becomes no value with `MetricStatus.problem` saying which, so the report names it on the metric
  instead of crashing (fsum raises OverflowError) or reporting a silent no-data.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from partnerscore.calc.formula import FormulaError, parse_formula
from partnerscore.calc.periods import elapsed_fraction, recent_periods
from partnerscore.calc.targets import deadline_window, target_in_force
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
    period_start: date  # the current calendar period, or a deadline's window (step 9)
    period_end: date
    actual: float | None
    projected: float | None
    status: str  # on-track | at-risk | off-track | no-data
    stale: bool
    last_date: date | None
    previous: float | None
    history: list[float | None]
    target: float = 0.0  # the target in force for the current period (step 8)
    expected: float | None = None  # the value that would keep it exactly on target (step 10)
    stretch_met: bool | None = None  # step 11
    elapsed: float | None = None  # the share of the period (or window) the data covers, when paced
    history_targets: list[float] = field(default_factory=list)  # the target in force for each history period
    previous_status: str = "no-data"  # the previous period judged against the target in force then
    problem: str | None = None  # why a value could not be computed (too large), or None


# (actual per period oldest first, ordinal of the first row, ordinal of the newest row on/before as_of)
_Data = tuple[list[float | None], int | None, int | None]


@lru_cache(maxsize=256)
def _plan(period: str, as_of: date, fiscal_year_start: int
          ) -> tuple[tuple[tuple[date, date], ...], tuple[tuple[int, int], ...]]:
    """The periods to aggregate, oldest first, as dates and as ordinal ranges cut off at as_of."""
    bounds = recent_periods(period, as_of, fiscal_year_start, HISTORY_PERIODS)
    cutoff = as_of.toordinal()
    ranges = tuple((start.toordinal(), min(end.toordinal(), cutoff)) for start, end in bounds)
    return bounds, ranges


def _as_list(values: Sequence) -> list:
    if isinstance(values, list):
        return values
    return values.tolist() if hasattr(values, "tolist") else list(values)  # numpy arrays, tuples


def _aggregate(values: list, how: str) -> float | None:
    if not values:
        return None
    if how in ("sum", "mean"):
        try:
            result = math.fsum(values)
        except OverflowError:  # "intermediate overflow": too large for a float
            return math.inf
        if how == "mean":
            result /= len(values)
    elif how == "last":
        result = values[-1]
    elif how == "min":
        result = min(values)
    elif how == "max":
        result = max(values)
    else:
        raise ValueError(f"unknown aggregation {how!r}")
    result = float(result)
    return result if math.isfinite(result) else math.inf  # too large: evaluate_metric names it


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
    actuals = [formula.evaluate({sid: values[i] for sid, values in inputs.items()}, overflow=math.inf)
               for i in range(len(ranges))]
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


def gap_days(series: Series | None, as_of: int, cadence: str) -> int:
    """Step 3: the median of the day differences between consecutive dates of the series on or before
    `as_of` (the mean of the two middle ones when even), rounded down; the cadence's days with fewer
    than two dates. Weekly rows give 7, monthly ones about 30."""
    days: Sequence[int] = [] if series is None else series.days
    if hasattr(days, "searchsorted"):  # a numpy array (the report's data layer), ascending
        import numpy as np  # already imported: the series are numpy arrays

        step_array = np.diff(days[:int(days.searchsorted(as_of, side="right"))])
        # Ascending days: a zero step is a repeated date. Sorting the few steps as Python ints costs less
        # than np.unique and np.median per metric (9,000 of them in a 1,000-partnership report).
        steps = sorted(step_array[step_array > 0].tolist())
    else:
        distinct_days = sorted(set(days[:bisect_right(days, as_of)]))
        steps = sorted(b - a for a, b in zip(distinct_days, distinct_days[1:], strict=False))
    if not steps:  # fewer than two dates
        return CADENCE_MAX_AGE_DAYS[cadence]
    middle = len(steps) // 2
    median = steps[middle] if len(steps) % 2 else (steps[middle - 1] + steps[middle]) / 2
    return int(math.floor(median))


@dataclass(frozen=True)
class _Pace:
    """Where the current period (or deadline window) stands: steps 3, 9 and 10."""

    period_start: date
    period_end: date
    actual: float | None
    projected: float | None
    expected: float | None
    elapsed: float | None


def _share(start: int, through: int, end: int) -> float:
    """Days of start..through over days of start..end, both inclusive (ordinals)."""
    return elapsed_fraction(date.fromordinal(start), date.fromordinal(end), date.fromordinal(through))


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _too_large(value: float | None) -> bool:
    return value is not None and not math.isfinite(value)


def _too_large_problem(metric: Metric, actuals: list[float | None]) -> str:
    """Which number could not be computed, in the words a scorecard uses."""
    limit = "beyond ±1.8e308, the largest number a computer's float holds"
    if metric.formula:
        return f"its formula `{metric.formula}` gives a number too large to compute ({limit})"
    if any(map(_too_large, actuals)):
        return f"its {metric.effective_aggregation} is too large to compute ({limit})"
    return f"its projection is too large to compute ({limit})"


def _period_pace(metric: Metric, series: Mapping[str, Series], bounds: tuple[date, date], actual: float | None,
                 newest: int | None, as_of: int, cadence: str, target: float) -> _Pace:
    """Step 3: a plain `sum` is paced by the days its data covers; anything else is taken as it is."""
    start, end = bounds
    if actual is None or newest is None:
        return _Pace(start, end, None, None, None, None)
    if metric.formula or metric.effective_aggregation != "sum":
        return _Pace(start, end, actual, actual, target, None)
    gap = gap_days(series.get(metric.id), as_of, cadence)
    # The newest row covers the days up to the next one expected (a weekly total covers its week).
    through = min(as_of, end.toordinal(), newest + gap - 1)
    elapsed = _share(start.toordinal(), through, end.toordinal())
    return _Pace(start, end, actual, actual / elapsed, target * elapsed, elapsed)


def _deadline_pace(metric: Metric, series: Mapping[str, Series], declared: Mapping[str, Metric], as_of: int,
                   cadence: str, fiscal_year_start: int, target: float) -> _Pace:
    """Step 9: judged over `start..by`; a sum paced like step 3, a level on its glide path from baseline."""
    assert metric.by is not None, "only called for deadline metrics"
    start, by = deadline_window(metric.by, metric.start, metric.period, fiscal_year_start)
    first, last = start.toordinal(), by.toordinal()
    if last < first or as_of < first:
        return _Pace(start, by, None, None, None, None)  # a window that ends before it starts is PS406
    window = ((first, min(as_of, last)),)
    if metric.formula:
        actuals, _, newest = _formula_data(metric, series, declared, window, frozenset({metric.id}))
    else:
        actuals, _, newest = _series_data(series.get(metric.id), metric.effective_aggregation, window)
    actual = actuals[0]
    if actual is None or newest is None:
        return _Pace(start, by, None, None, None, None)
    paced_sum = not metric.formula and metric.effective_aggregation == "sum"
    baseline = metric.baseline if metric.baseline is not None else 0.0
    if as_of > last:  # the deadline has passed: the verdict is the result
        return _Pace(start, by, actual, actual, target, 1.0)
    if paced_sum:
        through = min(as_of, last, newest + gap_days(series.get(metric.id), as_of, cadence) - 1)
        elapsed = _share(first, through, last)
        return _Pace(start, by, actual, actual / elapsed, target * elapsed, elapsed)
    # A level is a reading taken on the day of its newest row.
    elapsed = _share(first, newest, last)
    return _Pace(start, by, actual, baseline + (actual - baseline) / elapsed,
                 baseline + (target - baseline) * elapsed, elapsed)


def _stretch_met(metric: Metric, projected: float | None) -> bool | None:
    """Step 11: whether the projection reaches the stretch level; None without a stretch or without data."""
    if metric.stretch is None or projected is None:
        return None
    if metric.direction == "down":
        return _at_most(projected, metric.stretch)
    return _at_least(projected, metric.stretch)


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
    bounds, ranges = _plan(metric.period, as_of, fiscal_year_start)
    if metric.formula:
        actuals, first, newest = _formula_data(metric, series, declared, ranges, frozenset({metric.id}))
    else:
        actuals, first, newest = _series_data(series.get(metric.id), metric.effective_aggregation, ranges)
    as_of_ordinal = as_of.toordinal()
    tolerance = metric.tolerance if metric.tolerance is not None else default_tolerance
    # Each period is judged against the target in force then; the current one as of today.
    if isinstance(metric.target, (int, float)):  # a plain number, in force always: most metrics
        targets = [float(metric.target)] * len(bounds)
    else:
        targets = [target_in_force(metric.target, end) for _, end in bounds[:-1]]
        targets.append(target_in_force(metric.target, bounds[-1][1], as_of))
    if metric.by is not None:
        pace = _deadline_pace(metric, series, declared, as_of_ordinal, cadence, fiscal_year_start, targets[-1])
    else:
        pace = _period_pace(metric, series, bounds[-1], actuals[-1], newest, as_of_ordinal, cadence, targets[-1])

    problem = None
    if _too_large(pace.actual) or _too_large(pace.projected) or _too_large(pace.expected) or any(
            map(_too_large, actuals)):
        problem = _too_large_problem(metric, actuals)
        actuals = [_finite(value) for value in actuals]
        if _too_large(pace.actual) or _too_large(pace.projected) or _too_large(pace.expected):
            # No actual without its projection: the current period cannot be judged (no-data).
            pace = _Pace(pace.period_start, pace.period_end, None, None, None, None)
    stale = newest is None or as_of_ordinal - newest > CADENCE_MAX_AGE_DAYS[cadence]
    # Keep the periods that end on or after the first row; always keep the current one.
    kept = 1 if first is None else max(1, sum(1 for _, stop in ranges if stop >= first))
    previous = actuals[-2] if len(actuals) >= 2 else None
    previous_target = targets[-2] if len(targets) >= 2 else targets[-1]
    return MetricStatus(
        period_start=pace.period_start,
        period_end=pace.period_end,
        actual=pace.actual,
        projected=pace.projected,
        status=classify(pace.projected, targets[-1], tolerance, metric.direction),
        stale=stale,
        last_date=date.fromordinal(newest) if newest is not None else None,
        previous=previous,
        history=actuals[-kept:],
        target=targets[-1],
        expected=pace.expected,
        stretch_met=_stretch_met(metric, pace.projected),
        elapsed=pace.elapsed,
        history_targets=targets[-kept:],
        previous_status=classify(previous, previous_target, tolerance, metric.direction),
        problem=problem,
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
