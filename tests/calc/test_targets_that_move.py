"""SPEC.md step 3 (pacing by the data's date) and steps 8-11 (schedules, deadlines, expected, stretch).

Every expected number is worked out by hand in the comment or expression next to it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerscore.calc.status import Series, evaluate_metric, gap_days
from partnerscore.calc.targets import deadline_window, target_in_force
from partnerscore.model.scorecard import Metric

D = date.fromisoformat


def metric(**fields) -> Metric:
    base = {"id": "m", "name": "A metric", "owner": "Dana Lee", "target": 100}
    return Metric(**{**base, **fields})


def rows(*pairs: tuple[str, float]) -> Series:
    ordered = sorted(pairs)
    return Series(days=[D(day).toordinal() for day, _ in ordered], values=[float(v) for _, v in ordered])


def evaluate(m: Metric, data: dict[str, Series], as_of: str, *, cadence: str = "weekly",
             tolerance: float = 0.10, fiscal_year_start: int = 1):
    declared = {m.id: m}
    return evaluate_metric(m, data, D(as_of), default_tolerance=tolerance, fiscal_year_start=fiscal_year_start,
                           cadence=cadence, declared=declared)


def mondays(first: str, count: int, value: float) -> Series:
    start = D(first)
    return rows(*[((start + timedelta(weeks=i)).isoformat(), value) for i in range(count)])


# --- step 3: gap -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("dates", "expected"), [
    (["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-30"], 7),     # steps 7, 7, 14: odd count, median 7
    (["2026-11-02", "2026-11-05", "2026-11-16", "2026-11-30"], 11),    # steps 3, 11, 14: median 11
    (["2026-11-01", "2026-11-08", "2026-11-18", "2026-11-30", "2026-12-02"], 8),  # steps 7, 10, 12, 2 →
    # sorted 2, 7, 10, 12: even count, mean of 7 and 10 = 8.5, rounded down to 8
    (["2026-11-02", "2026-11-02", "2026-11-09", "2026-11-09", "2026-11-23"], 10),  # one per date: steps
    # 7, 14: mean 10.5 → 10 (duplicate dates would have added zero steps and given 3)
])
def test_gap_is_the_median_step_between_distinct_dates(dates, expected):
    series = Series(days=[D(d).toordinal() for d in dates], values=[1.0] * len(dates))
    assert gap_days(series, D("2026-12-31").toordinal(), "monthly") == expected


def test_gap_with_one_row_is_the_cadence_and_rows_after_as_of_do_not_count():
    one = rows(("2026-11-02", 5))
    assert [gap_days(one, D("2026-11-20").toordinal(), c) for c in ("weekly", "biweekly", "monthly", "quarterly")] \
        == [7, 14, 31, 92]
    # Three rows, but only the first is on or before as_of: one row, so the cadence's 7 days.
    later = rows(("2026-11-02", 5), ("2026-11-05", 5), ("2026-11-08", 5))
    assert gap_days(later, D("2026-11-03").toordinal(), "weekly") == 7


def test_gap_of_a_numpy_series_is_the_same_as_of_a_list():
    import numpy as np

    days = [D(d).toordinal() for d in ("2026-11-01", "2026-11-08", "2026-11-18", "2026-11-30", "2026-12-02")]
    as_numpy = Series(days=np.array(days, dtype=np.int64), values=np.ones(5))
    assert gap_days(as_numpy, D("2026-12-31").toordinal(), "monthly") == 8


# --- step 3: through and elapsed ---------------------------------------------------------------------

def test_spec_worked_example_both_halves():
    # Weekly rows each Monday of Q4 through 2026-11-09 adding up to 230000; target 500000, tolerance 10%.
    m = metric(period="quarter", target=500000, tolerance="10%")
    data = {"m": mondays("2026-10-05", 6, 230000 / 6)}  # Oct 5, 12, 19, 26, Nov 2, 9
    first = evaluate(m, data, "2026-11-15")
    # gap 7: through = min(Nov 15, Dec 31, Nov 9 + 6 = Nov 15) = Nov 15; elapsed 46/92 = 0.5.
    assert first.actual == pytest.approx(230000)
    assert first.elapsed == pytest.approx(0.5)
    assert first.projected == pytest.approx(460000)
    assert first.status == "at-risk"  # 460000 >= 500000 - 50000
    # Five days later and no new row: through is still Nov 15, so nothing moves.
    later = evaluate(m, data, "2026-11-20")
    assert (later.projected, later.status) == (pytest.approx(460000), "at-risk")


def test_through_is_capped_by_as_of():
    # A row on Nov 16 with gap 7 would cover through Nov 22, but today is Nov 18: through = Nov 18.
    m = metric(period="month", target=300)
    data = {"m": rows(("2026-11-09", 100), ("2026-11-16", 100))}
    result = evaluate(m, data, "2026-11-18")
    assert result.elapsed == pytest.approx(18 / 30)
    assert result.projected == pytest.approx(200 * 30 / 18)


def test_through_is_capped_by_the_period_end():
    # Monthly-ish rows every 14 days: the Nov 23 row would cover through Dec 6, but November ends on the 30th.
    m = metric(period="month", target=300)
    data = {"m": rows(("2026-10-26", 80), ("2026-11-09", 100), ("2026-11-23", 100))}
    result = evaluate(m, data, "2026-11-30", cadence="biweekly")
    assert result.elapsed == 1.0
    assert result.projected == pytest.approx(200)


def test_a_stale_sum_keeps_its_projection_for_a_whole_week_of_as_of_dates():
    # Newest row Mon Nov 9, weekly: it covers through Nov 15. Every as_of from Nov 15 to Nov 22 gives the
    # same elapsed 46/92 and projection 2 × 230000; from Nov 17 on it is also stale (> 7 days old).
    m = metric(period="quarter", target=500000)
    data = {"m": mondays("2026-10-05", 6, 230000 / 6)}
    seen = set()
    for day in range(15, 23):
        result = evaluate(m, data, f"2026-11-{day:02d}")
        seen.add((round(result.projected, 6), result.status))
        assert result.stale is (day > 16)
    assert seen == {(460000.0, "at-risk")}


def test_a_monthly_reported_sum_covers_its_month():
    # Totals dated the 1st of each month: gaps 31 (Aug→Sep... here Sep 1 → Oct 1 = 30, Oct 1 → Nov 1 = 31),
    # steps 31, 30, 31 (Aug 1, Sep 1, Oct 1, Nov 1) sorted 30, 31, 31: median 31. Quarter Q4 = Oct 1..Dec 31.
    m = metric(period="quarter", target=900)
    data = {"m": rows(("2026-08-01", 250), ("2026-09-01", 250), ("2026-10-01", 280), ("2026-11-01", 320))}
    result = evaluate(m, data, "2026-11-20", cadence="monthly")
    # actual = Oct + Nov = 600; through = min(Nov 20, Dec 31, Nov 1 + 30 = Dec 1) = Nov 20: 51 of 92 days.
    assert result.actual == 600
    assert result.elapsed == pytest.approx(51 / 92)
    assert result.projected == pytest.approx(600 * 92 / 51)
    # On Dec 1 with no December row, November's row covers through Dec 1: 62 of 92 days, and it stays so.
    for as_of in ("2026-12-01", "2026-12-15"):
        assert evaluate(m, data, as_of, cadence="monthly").projected == pytest.approx(600 * 92 / 62)


def test_levels_and_formulas_are_not_paced():
    level = metric(period="month", target=50, aggregation="last")
    data = {"m": rows(("2026-11-02", 40), ("2026-11-09", 45))}
    result = evaluate(level, data, "2026-11-10")
    assert (result.projected, result.elapsed, result.expected) == (45, None, 50)


# --- step 8: schedules --------------------------------------------------------------------------------

RAMP = {"2026-07-01": 400000, "2026-10-01": 500000}


@pytest.mark.parametrize(("period_end", "as_of", "expected"), [
    ("2026-03-31", None, 400000),          # before every date: the earliest entry
    ("2026-09-30", None, 400000),          # Q3: the July entry
    ("2026-12-31", None, 500000),          # Q4 (a past period): the October entry
    ("2026-12-31", "2026-09-30", 400000),  # the current Q4 read on Sep 30: October's entry is not in force yet
    ("2026-12-31", "2026-10-01", 500000),  # ... and is from Oct 1
])
def test_target_in_force(period_end, as_of, expected):
    schedule = {D(k): float(v) for k, v in RAMP.items()}
    assert target_in_force(schedule, D(period_end), D(as_of) if as_of else None) == expected
    assert target_in_force(123.0, D(period_end)) == 123.0


def test_a_mid_period_change_applies_from_its_date_and_history_uses_the_target_in_force_then():
    # Monthly target 100, raised to 150 from Nov 16. Weekly rows of 30 each Monday.
    m = metric(period="month", target={"2026-01-01": 100, "2026-11-16": 150})
    data = {"m": mondays("2026-09-07", 11, 30)}  # Sep 7 ... Nov 16
    before = evaluate(m, data, "2026-11-15")
    # Nov rows: 2, 9 = 60; through = min(Nov 15, Nov 30, Nov 9 + 6) = Nov 15: elapsed 15/30 → 120 vs 100.
    assert (before.target, before.projected, before.status) == (100, pytest.approx(120), "on-track")
    on_the_day = evaluate(m, data, "2026-11-16")
    # On Nov 16 the new row makes 90, through Nov 16 (as_of): 16/30 → 168.75 against the new 150.
    assert (on_the_day.target, on_the_day.projected, on_the_day.status) == (150, pytest.approx(168.75), "on-track")
    after = evaluate(m, data, "2026-11-22")
    # The Nov 16 row covers through Nov 22: elapsed 22/30 → 122.7 vs 150, below 135 (150 - 15): off track.
    assert after.target == 150
    assert after.projected == pytest.approx(90 * 30 / 22)
    assert after.status == "off-track"
    # October was judged against 100 (in force then): Oct 5, 12, 19, 26 = 120, on track.
    assert after.history_targets[-2:] == [100, 150]
    assert (after.previous, after.previous_status) == (120, "on-track")


def test_a_future_entry_is_not_in_force_yet():
    m = metric(period="month", target={"2026-01-01": 100, "2027-01-01": 500})
    result = evaluate(m, {"m": mondays("2026-11-02", 3, 40)}, "2026-11-20")
    assert result.target == 100


# --- step 9: deadlines ---------------------------------------------------------------------------------

def accounts(**extra) -> Metric:
    # The seed's "1,000 active accounts within 90 days": a level, baseline 420, due 2026-12-29.
    return metric(id="active", aggregation="last", baseline=420, target=1000, by="2026-12-29", period="quarter",
                  **extra)


def test_spec_worked_example_of_a_deadline_level():
    data = {"active": rows(("2026-10-12", 520), ("2026-11-02", 690), ("2026-11-16", 781))}
    result = evaluate(accounts(), data, "2026-11-20")
    # start = Q4's first day, Oct 1: the window Oct 1..Dec 29 is 90 days; Nov 16 is day 47.
    assert (result.period_start, result.period_end) == (D("2026-10-01"), D("2026-12-29"))
    assert result.elapsed == pytest.approx(47 / 90)
    assert result.projected == pytest.approx(420 + 361 * 90 / 47)  # 1111.28
    assert result.expected == pytest.approx(420 + 580 * 47 / 90)   # 722.89
    assert result.status == "on-track"
    # Without `by` the same reading would be judged against 1000 today: off track (the false alarm).
    plain = metric(id="active", aggregation="last", baseline=420, target=1000, period="quarter")
    assert evaluate(plain, data, "2026-11-20").status == "off-track"


def test_a_deadline_before_its_window_has_no_data():
    m = accounts(start="2026-12-01")
    assert evaluate(m, {"active": rows(("2026-11-16", 781))}, "2026-11-20").status == "no-data"


def test_rows_before_the_window_do_not_count():
    m = accounts(start="2026-11-17")
    result = evaluate(m, {"active": rows(("2026-11-16", 781), ("2026-11-20", 800))}, "2026-11-20")
    # Only Nov 20 counts: window Nov 17..Dec 29 = 43 days, Nov 20 is day 4.
    assert result.actual == 800
    assert result.projected == pytest.approx(420 + 380 * 43 / 4)


def test_after_the_deadline_the_verdict_is_the_result():
    data = {"active": rows(("2026-11-16", 781), ("2026-12-28", 990), ("2027-01-05", 1200))}
    result = evaluate(accounts(), data, "2027-01-10")
    # Rows after `by` do not count; elapsed is 1, projected = actual = 990 against 1000: within 10% (at risk).
    assert (result.actual, result.projected, result.elapsed, result.expected) == (990, 990, 1.0, 1000)
    assert result.status == "at-risk"


def test_a_deadline_sum_is_paced_over_its_window():
    # 60 demos by Dec 19, starting Nov 1 (49 days). Weekly rows Nov 2, 9, 16 of 10 each; as_of Nov 20.
    m = metric(target=60, by="2026-12-19", start="2026-11-01")
    result = evaluate(m, {"m": rows(("2026-11-02", 10), ("2026-11-09", 10), ("2026-11-16", 10))}, "2026-11-20")
    # gap 7: through = min(Nov 20, Dec 19, Nov 16 + 6 = Nov 22) = Nov 20: 20 of 49 days.
    assert result.elapsed == pytest.approx(20 / 49)
    assert result.projected == pytest.approx(30 * 49 / 20)  # 73.5
    assert result.expected == pytest.approx(60 * 20 / 49)
    assert result.status == "on-track"


def test_start_defaults_to_the_fiscal_period_containing_by():
    # fiscal_year_start 2: quarters Feb-Apr, May-Jul, Aug-Oct, Nov-Jan. `by` Dec 29 is in Nov 1..Jan 31.
    assert deadline_window(D("2026-12-29"), None, "quarter", 2) == (D("2026-11-01"), D("2026-12-29"))
    data = {"active": rows(("2026-10-20", 700), ("2026-11-16", 781))}
    result = evaluate(accounts(), data, "2026-11-20", fiscal_year_start=2)
    # Window Nov 1..Dec 29 = 59 days; the Oct 20 row is before it; Nov 16 is day 16.
    assert result.period_start == D("2026-11-01")
    assert result.projected == pytest.approx(420 + 361 * 59 / 16)


def test_a_formula_with_a_deadline_uses_the_oldest_input_reading():
    # Conversion sql / mql to reach 30% by Dec 29 from a 20% baseline; mql is read Nov 16, sql Nov 9.
    m = metric(id="rate", unit="percent", formula="sql / mql", baseline="20%", target="30%", by="2026-12-29",
               period="quarter")
    data = {"mql": rows(("2026-10-05", 100), ("2026-11-16", 100)), "sql": rows(("2026-10-05", 20), ("2026-11-09", 30))}
    result = evaluate_metric(m, data, D("2026-11-20"), default_tolerance=0.1, fiscal_year_start=1,
                             cadence="weekly", declared={"rate": m})
    # actual = (20 + 30) / (100 + 100) = 0.25; through = the oldest newest input row, Nov 9 = day 40 of 90.
    assert result.actual == pytest.approx(0.25)
    assert result.elapsed == pytest.approx(40 / 90)
    assert result.projected == pytest.approx(0.20 + 0.05 * 90 / 40)  # 0.3125
    assert result.expected == pytest.approx(0.20 + 0.10 * 40 / 90)
    assert result.status == "on-track"


# --- steps 10-11: expected and stretch ---------------------------------------------------------------

def test_expected_for_each_kind_of_metric():
    data = {"m": rows(("2026-11-02", 40), ("2026-11-09", 60))}
    # A paced sum: target × elapsed = 300 × 15/30 (through Nov 15).
    assert evaluate(metric(target=300), data, "2026-11-15").expected == pytest.approx(150)
    # A mean (not paced): the target itself.
    assert evaluate(metric(target=55, aggregation="mean"), data, "2026-11-15").expected == 55
    # Without an actual: null.
    assert evaluate(metric(target=300), {}, "2026-11-15").expected is None


@pytest.mark.parametrize(("direction", "target", "stretch", "met"), [
    ("up", 300, 350, True),      # projected 400 >= 350
    ("up", 300, 450, False),     # 400 < 450
    ("down", 500, 450, True),    # 400 <= 450
    ("down", 500, 380, False),   # 400 > 380
])
def test_stretch_in_both_directions(direction, target, stretch, met):
    data = {"m": rows(("2026-11-02", 100), ("2026-11-09", 100))}  # 200 through Nov 15: projected 400
    result = evaluate(metric(target=target, stretch=stretch, direction=direction), data, "2026-11-15")
    assert result.projected == pytest.approx(400)
    assert result.stretch_met is met


def test_stretch_met_is_null_without_a_stretch_or_without_data():
    data = {"m": rows(("2026-11-02", 100))}
    assert evaluate(metric(target=10), data, "2026-11-15").stretch_met is None
    assert evaluate(metric(target=10, stretch=20), {}, "2026-11-15").stretch_met is None


# --- the property: no new data, no new verdict ----------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(st.integers(min_value=1, max_value=20), min_size=0, max_size=12),
    values=st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=13, max_size=13),
    period=st.sampled_from(["week", "month", "quarter", "year"]),
    target=st.floats(min_value=1, max_value=1e7),
    cadence=st.sampled_from(["weekly", "biweekly", "monthly", "quarterly"]),
)
def test_with_no_row_after_day_d_the_projection_and_status_stand_still(steps, values, period, target, cadence):
    days = [D("2026-06-01").toordinal()]
    for step in steps:
        days.append(days[-1] + step)
    series = Series(days=days, values=values[:len(days)])
    newest = days[-1]
    m = metric(period=period, target=target)
    gap = gap_days(series, newest, cadence)
    first = date.fromordinal(newest + gap - 1)
    end = evaluate(m, {"m": series}, first.isoformat(), cadence=cadence).period_end
    results = {(None if r.projected is None else round(r.projected, 6), r.status)
               for r in (evaluate(m, {"m": series}, date.fromordinal(day).isoformat(), cadence=cadence)
                         for day in range(first.toordinal(), min(end.toordinal(), first.toordinal() + 40) + 1))}
    assert len(results) == 1
