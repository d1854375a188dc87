"""When the next review is due, from the outcome layer's cadence.

Two views of one cadence, on purpose:
- "overdue" (lint PS706, the report's review-due prompt) uses the same maximum ages as stale data
  (SPEC.md step 5): more than 7, 14, 31 or 92 days since the newest note;
- `next_review_due` is a calendar date people put in their diary: 7 or 14 days later for weekly and
  biweekly, the same day of the next month (or three months on, for quarterly) for monthly and quarterly,
  clamped to the month's last day (Jan 31 → Feb 28).
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
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_due(last_review: dt.date, cadence: str) -> dt.date:
    if cadence in _MONTHS:
        return add_months(last_review, _MONTHS[cadence])
    return last_review + dt.timedelta(days=CADENCE_MAX_AGE_DAYS[cadence])


def review_overdue(last_review: dt.date | None, cadence: str, as_of: dt.date) -> bool:
    """No review within the cadence: none at all, or the newest more than its maximum age before as_of."""
    if last_review is None:
        return True
    return (as_of - last_review).days > CADENCE_MAX_AGE_DAYS[cadence]
