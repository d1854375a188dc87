"""Calendar periods: ISO weeks, months of every length, fiscal quarters and years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerscore.calc.periods import (
    days_in_period,
    elapsed_fraction,
    period_bounds,
    previous_period,
    recent_periods,
)

D = date.fromisoformat


@pytest.mark.parametrize("day", ["2026-12-28", "2026-12-31", "2027-01-01", "2027-01-03"])
def test_iso_week_across_the_year_boundary(day):
    # 2026-12-28 is the Monday of ISO week 2026-W53, which runs through Sunday 2027-01-03.
    assert period_bounds("week", D(day)) == (D("2026-12-28"), D("2027-01-03"))


def test_the_next_iso_week_starts_on_monday_2027_01_04():
    assert period_bounds("week", D("2027-01-04")) == (D("2027-01-04"), D("2027-01-10"))
    assert previous_period("week", D("2027-01-04")) == (D("2026-12-28"), D("2027-01-03"))


def test_week_ignores_the_fiscal_year_start():
    assert period_bounds("week", D("2026-11-15"), 4) == (D("2026-11-09"), D("2026-11-15"))


@pytest.mark.parametrize(
    ("day", "start", "end", "length"),
    [
        ("2026-02-14", "2026-02-01", "2026-02-28", 28),  # common year February
        ("2028-02-29", "2028-02-01", "2028-02-29", 29),  # leap year February
        ("2026-04-30", "2026-04-01", "2026-04-30", 30),
        ("2026-01-01", "2026-01-01", "2026-01-31", 31),
        ("2026-12-31", "2026-12-01", "2026-12-31", 31),
    ],
)
def test_months_of_every_length(day, start, end, length):
    bounds = period_bounds("month", D(day))
    assert bounds == (D(start), D(end))
    assert days_in_period(*bounds) == length


def test_previous_month_of_march_in_a_leap_year_is_a_29_day_february():
    assert previous_period("month", D("2028-03-01")) == (D("2028-02-01"), D("2028-02-29"))


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        ("2026-01-01", "2026-01-01", "2026-03-31"),
        ("2026-05-31", "2026-04-01", "2026-06-30"),
        ("2026-11-15", "2026-10-01", "2026-12-31"),  # SPEC.md's worked example: Q4, 92 days
    ],
)
def test_calendar_quarters(day, start, end):
    assert period_bounds("quarter", D(day), 1) == (D(start), D(end))


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        # fiscal_year_start 2: Feb-Apr, May-Jul, Aug-Oct, Nov-Jan (crosses the calendar year).
        ("2026-02-01", "2026-02-01", "2026-04-30"),
        ("2026-07-31", "2026-05-01", "2026-07-31"),
        ("2026-10-15", "2026-08-01", "2026-10-31"),
        ("2026-11-01", "2026-11-01", "2027-01-31"),
        ("2027-01-15", "2026-11-01", "2027-01-31"),  # January belongs to the quarter that began in November
        ("2027-01-31", "2026-11-01", "2027-01-31"),
    ],
)
def test_fiscal_quarters_starting_in_february(day, start, end):
    assert period_bounds("quarter", D(day), 2) == (D(start), D(end))


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        # fiscal_year_start 4: Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar.
        ("2026-04-01", "2026-04-01", "2026-06-30"),
        ("2026-09-30", "2026-07-01", "2026-09-30"),
        ("2026-12-31", "2026-10-01", "2026-12-31"),
        ("2027-02-15", "2027-01-01", "2027-03-31"),
    ],
)
def test_fiscal_quarters_starting_in_april(day, start, end):
    assert period_bounds("quarter", D(day), 4) == (D(start), D(end))


def test_fiscal_quarter_starting_in_december_spans_a_leap_february():
    # fiscal_year_start 12: Dec-Feb; Dec 2027 .. Feb 29 2028.
    assert period_bounds("quarter", D("2028-01-10"), 12) == (D("2027-12-01"), D("2028-02-29"))


def test_previous_fiscal_quarter_across_the_year_boundary():
    assert previous_period("quarter", D("2027-02-01"), 2) == (D("2026-11-01"), D("2027-01-31"))
    assert previous_period("quarter", D("2026-11-01"), 2) == (D("2026-08-01"), D("2026-10-31"))


@pytest.mark.parametrize(
    ("day", "fiscal_year_start", "start", "end"),
    [
        ("2026-06-15", 1, "2026-01-01", "2026-12-31"),
        ("2027-02-15", 4, "2026-04-01", "2027-03-31"),  # before April: still the year that began in 2026
        ("2026-04-01", 4, "2026-04-01", "2027-03-31"),
        ("2026-01-31", 2, "2025-02-01", "2026-01-31"),
        ("2026-02-01", 2, "2026-02-01", "2027-01-31"),
    ],
)
def test_fiscal_years(day, fiscal_year_start, start, end):
    assert period_bounds("year", D(day), fiscal_year_start) == (D(start), D(end))


def test_recent_periods_are_oldest_first_and_end_with_the_current_one():
    periods = recent_periods("month", D("2026-03-15"), 1, 6)
    assert [start for start, _ in periods] == [
        D("2025-10-01"), D("2025-11-01"), D("2025-12-01"), D("2026-01-01"), D("2026-02-01"), D("2026-03-01"),
    ]
    assert periods[-1] == (D("2026-03-01"), D("2026-03-31"))


def test_elapsed_fraction_counts_as_of_itself():
    q4 = (D("2026-10-01"), D("2026-12-31"))
    assert days_in_period(*q4) == 92
    assert elapsed_fraction(*q4, D("2026-11-15")) == 46 / 92  # Oct 31 + Nov 15 = 46 days
    assert elapsed_fraction(*q4, D("2026-10-01")) == 1 / 92
    assert elapsed_fraction(*q4, D("2026-12-31")) == 1.0


@pytest.mark.parametrize(("period", "fiscal_year_start"), [("fortnight", 1), ("month", 0), ("quarter", 13)])
def test_bad_arguments_are_value_errors(period, fiscal_year_start):
    with pytest.raises(ValueError):
        period_bounds(period, D("2026-01-01"), fiscal_year_start)


def test_the_ends_of_the_calendar_do_not_overflow():
    assert period_bounds("week", date.max)[1] == date.max
    assert period_bounds("year", D("0001-01-15"), 2)[0] == date.min
    assert len(recent_periods("month", D("0001-02-10"), 1, 6)) == 2  # only Jan and Feb of year 1 exist


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.sampled_from(["week", "month", "quarter", "year"]),
    st.integers(min_value=1, max_value=12),
)
def test_periods_tile_the_calendar(day, period, fiscal_year_start):
    start, end = period_bounds(period, day, fiscal_year_start)
    assert start <= day <= end
    # The day before the start belongs to the previous period, which ends right before this one.
    previous = previous_period(period, start, fiscal_year_start)
    assert previous[1] == start - timedelta(days=1)
    assert period_bounds(period, end + timedelta(days=1), fiscal_year_start)[0] == end + timedelta(days=1)
    length = days_in_period(start, end)
    expected = {"week": {7}, "month": {28, 29, 30, 31}, "quarter": {89, 90, 91, 92}, "year": {365, 366}}
    assert length in expected[period]
    if period in ("quarter", "year"):
        assert start.day == 1 and (start.month - fiscal_year_start) % 3 == 0
    if period == "year":
        assert start.month == fiscal_year_start
    if period == "week":
        assert start.weekday() == 0
