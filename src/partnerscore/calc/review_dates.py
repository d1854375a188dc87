"""When the next review is due, from the outcome layer's cadence: one rule for lint and the report.

SPEC.md ties the report's `next_review_due` to PS706 ("no review within the outcome cadence"), and the
only length SPEC gives a cadence is in days (steps 3 and 5: 7, 14, 31 or 92). So a review is due at
most that many days after the newest one: `next_review_due` is that day, the review is overdue from the
day after (the report's "overdue review" is `next_review_due` before `as_of`) and that is exactly when
lint warns PS706. A calendar month would make "monthly" mean 28 to 31 days depending on the month, and
lint and the report disagreed on the day before this was one function.

Every date computed here stops at 9999-12-31 (`datetime.date.max`): a note dated at the very end of the
calendar still gets a due date (the last day there is) rather than an internal error.
"""

from __future__ import annotations

import datetime as dt

from partnerscore.core.vocabulary import CADENCE_MAX_AGE_DAYS


def add_days(day: dt.date, days: int) -> dt.date:
    """`day` plus `days`, or 9999-12-31 when that is past the calendar's end."""
    return day + dt.timedelta(days=days) if (dt.date.max - day).days >= days else dt.date.max


def next_review_due(last_review: dt.date, cadence: str) -> dt.date:
    """The last day the next review is on time: the cadence's maximum age after the newest one."""
    return add_days(last_review, CADENCE_MAX_AGE_DAYS[cadence])


def review_overdue(last_review: dt.date | None, cadence: str, as_of: dt.date) -> bool:
    """No review within the cadence (PS706): none at all, or `next_review_due` before as_of."""
    if last_review is None:
        return True
    return next_review_due(last_review, cadence) < as_of
