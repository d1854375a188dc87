"""When the next review is due, from the outcome layer's cadence.

Two views of one cadence, on purpose:
- "overdue" (lint PS706, the report's review-due prompt) uses the same maximum ages as stale data
  (SPEC.md step 5): more than 7, 14, 31 or 92 days since the newest note;
- `next_review_due` is a calendar date people put in their diary: 7 or 14 days later for weekly and
  biweekly, the same day of the next month (or three months on, for quarterly) for monthly and quarterly,
  clamped to the month's last day (Jan 31 → Feb 28).

Every date computed here stops at 9999-12-31 (`datetime.date.max`): a note dated at the very end of the
calendar still gets a due date (the last day there is) rather than an internal error.
"""

from __future__ import annotations

import calendar
import datetime as dt

from partnerscore.core.vocabulary import CADENCE_MAX_AGE_DAYS

_MONTHS = {"monthly": 1, "quarterly": 3}


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_days(day: dt.date, days: int) -> dt.date:
    """`day` plus `days`, or 9999-12-31 when that is past the calendar's end."""
    return day + dt.timedelta(days=days) if (dt.date.max - day).days >= days else dt.date.max


def next_review_due(last_review: dt.date, cadence: str) -> dt.date:
    if cadence in _MONTHS:
        return add_months(last_review, _MONTHS[cadence])
    return add_days(last_review, CADENCE_MAX_AGE_DAYS[cadence])


def review_overdue(last_review: dt.date | None, cadence: str, as_of: dt.date) -> bool:
    """No review within the cadence: none at all, or the newest more than its maximum age before as_of."""
    if last_review is None:
        return True
    return (as_of - last_review).days > CADENCE_MAX_AGE_DAYS[cadence]
