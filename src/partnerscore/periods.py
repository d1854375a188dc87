"""Calendar periods: ISO weeks, months, and quarters and years that start at the fiscal year start.

INTERFACE (being implemented).
"""

from __future__ import annotations

from datetime import date


def period_bounds(period: str, day: date, fiscal_year_start: int = 1) -> tuple[date, date]:
    """First and last day (inclusive) of the `period` (week|month|quarter|year) that contains `day`."""
    raise NotImplementedError


def previous_period(period: str, start: date, fiscal_year_start: int = 1) -> tuple[date, date]:
    """The period just before the one starting on `start`."""
    raise NotImplementedError
