"""The next review's date from the outcome cadence, up to the calendar's last day."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerscore.calc.review_dates import add_days, next_review_due


@pytest.mark.parametrize("last, cadence, due", [
    ("2026-11-06", "weekly", "2026-11-13"),       # + 7 days
    ("2026-11-06", "biweekly", "2026-11-20"),     # + 14 days
    ("2026-01-31", "monthly", "2026-03-03"),      # + 31 days (the age PS706 allows), whatever the month
    ("2026-11-30", "quarterly", "2027-03-02"),    # + 92 days
    ("9999-12-25", "weekly", "9999-12-31"),       # 9999-12-25 + 7 is past the calendar's end
    ("9999-12-24", "weekly", "9999-12-31"),       # exactly the last day
    ("9999-11-15", "monthly", "9999-12-16"),      # + 31
    ("9999-12-15", "monthly", "9999-12-31"),      # + 31 would be in year 10000
    ("9999-10-01", "quarterly", "9999-12-31"),    # + 92 would be 10000-01-01
])
def test_next_review_due(last: str, cadence: str, due: str):
    assert next_review_due(dt.date.fromisoformat(last), cadence) == dt.date.fromisoformat(due)


def test_add_days_stops_at_the_last_day():
    assert add_days(dt.date(9999, 12, 17), 14) == dt.date(9999, 12, 31)  # 17 + 14 = 31: exact
    assert add_days(dt.date(9999, 12, 18), 14) == dt.date(9999, 12, 31)  # would be the 32nd: clamped
    assert add_days(dt.date(2026, 12, 18), 14) == dt.date(2027, 1, 1)
