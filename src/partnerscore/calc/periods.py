"""Calendar periods: ISO weeks, months, and quarters and years that start at the fiscal year start.

All bounds are inclusive `date`s. Quarters and years start on the first day of month
`fiscal_year_start` (1-12): with 2, the quarters are Feb-Apr, May-Jul, Aug-Oct and Nov-Jan, and the
last one spans the calendar year boundary. Weeks are ISO weeks (Monday to Sunday).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

PERIODS: tuple[str, ...] = ("week", "month", "quarter", "year")
_ONE_DAY = timedelta(days=1)


def _check(period: str, fiscal_year_start: int) -> None:
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}: expected one of {', '.join(PERIODS)}")
    if not (isinstance(fiscal_year_start, int) and 1 <= fiscal_year_start <= 12):
        raise ValueError(f"fiscal_year_start must be a month number 1-12, got {fiscal_year_start!r}")


def _month_end(year: int, month: int) -> date:
    """Last day of `month` (may be > 12: counts on into the next years); clamped at date.max."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_start(year: int, month: int) -> date:
    """First day of the month; clamped at date.min (a fiscal year that would begin in year 0)."""
    return date(year, month, 1) if year >= date.min.year else date.min


@lru_cache(maxsize=4096)
def period_bounds(period: str, day: date, fiscal_year_start: int = 1) -> tuple[date, date]:
    """First and last day (inclusive) of the `period` (week|month|quarter|year) that contains `day`."""
    _check(period, fiscal_year_start)
    if period == "week":
        start = day - timedelta(days=day.weekday())  # ISO weeks start on Monday
        end = start + timedelta(days=6) if date.max - start >= timedelta(days=6) else date.max
        return start, end
    if period == "month":
        return day.replace(day=1), _month_end(day.year, day.month)
    if period == "quarter":
        months_into_year = (day.month - fiscal_year_start) % 12
        start_month = (fiscal_year_start - 1 + months_into_year - months_into_year % 3) % 12 + 1
        # A quarter that starts in a later calendar month than `day` began in the previous calendar year.
        start_year = day.year if start_month <= day.month else day.year - 1
        return _month_start(start_year, start_month), _month_end(start_year, start_month + 2)
    start_year = day.year if day.month >= fiscal_year_start else day.year - 1
    return _month_start(start_year, fiscal_year_start), _month_end(start_year, fiscal_year_start + 11)


def previous_period(period: str, start: date, fiscal_year_start: int = 1) -> tuple[date, date]:
    """The period just before the one starting on `start`."""
    return period_bounds(period, start - _ONE_DAY, fiscal_year_start)


@lru_cache(maxsize=1024)
def recent_periods(period: str, day: date, fiscal_year_start: int = 1, count: int = 6) -> tuple[tuple[date, date], ...]:
    """Up to `count` consecutive periods, oldest first, ending with the one that contains `day`.

    Fewer only at the very start of the calendar (year 1), where there is no earlier period.
    Cached: a report asks for the same few periods for every metric.
    """
    bounds = [period_bounds(period, day, fiscal_year_start)]
    while len(bounds) < count and bounds[-1][0] > date.min:
        bounds.append(previous_period(period, bounds[-1][0], fiscal_year_start))
    return tuple(reversed(bounds))


def days_in_period(start: date, end: date) -> int:
    """Number of days from `start` through `end`, both included."""
    return (end - start).days + 1


def elapsed_fraction(start: date, end: date, as_of: date) -> float:
    """Share of the period gone by on `as_of`, counting `as_of` itself: 1 day into a 92-day quarter is 1/92."""
    elapsed = min(max((as_of - start).days + 1, 0), days_in_period(start, end))
    return elapsed / days_in_period(start, end)
