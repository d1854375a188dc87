"""SPEC.md "How status is computed", steps 1-7, with every expected number worked out by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from partnerscore.calc.status import Series, classify, evaluate_metric, worst_status
from partnerscore.model.scorecard import Metric

D = date.fromisoformat


def metric(**fields) -> Metric:
    base = {"id": "m", "name": "A metric", "owner": "Dana Lee", "target": 100}
    return Metric(**{**base, **fields})


def rows(*pairs: tuple[str, float]) -> Series:
    ordered = sorted(pairs)
    return Series(days=[D(day).toordinal() for day, _ in ordered], values=[float(v) for _, v in ordered])


def evaluate(m: Metric, data: dict[str, Series], as_of: str, *, cadence: str = "monthly",
             tolerance: float = 0.10, fiscal_year_start: int = 1, declared: dict | None = None):
    return evaluate_metric(m, data, D(as_of), default_tolerance=tolerance, fiscal_year_start=fiscal_year_start,
                           cadence=cadence, declared=declared if declared is not None else {m.id: m})


def test_spec_worked_example_is_at_risk():
    m = metric(period="quarter", target=500000, tolerance="10%")
    data = {"m": rows(("2026-10-05", 100000), ("2026-11-02", 80000), ("2026-11-14", 50000))}  # 230000
    result = evaluate(m, data, "2026-11-15")
    # Q4 2026-10-01..2026-12-31 is 92 days; 46 have passed: projected 230000 / 0.5 = 460000.
    assert (result.period_start, result.period_end) == (D("2026-10-01"), D("2026-12-31"))
    assert result.actual == 230000
    assert result.projected == pytest.approx(460000)
    # band = 10% of 500000 = 50000; 460000 >= 450000 but < 500000.
    assert result.status == "at-risk"


# March 2026: 10 on the 2nd, 40 on the 9th, 20 on the 16th, 30 on the 23rd; plus a February and an April row
# that belong to other periods. as_of is the last day of March, so a sum is not scaled (elapsed 31/31).
MARCH = rows(("2026-02-27", 1000), ("2026-03-02", 10), ("2026-03-09", 40), ("2026-03-16", 20),
             ("2026-03-23", 30), ("2026-04-01", 5000))


@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [
        ("sum", 100.0),  # 10 + 40 + 20 + 30
        ("mean", 25.0),  # 100 / 4
        ("last", 30.0),  # the value of the latest day (23rd), not the largest
        ("min", 10.0),
        ("max", 40.0),
    ],
)
def test_each_aggregation_over_the_current_period(aggregation, expected):
    result = evaluate(metric(aggregation=aggregation), {"m": MARCH}, "2026-03-31")
    assert result.actual == expected
    if aggregation == "sum":
        # Paced by the data: dates Feb 27, Mar 2, 9, 16, 23 step by 3, 7, 7, 7 days, median 7, so the row of
        # the 23rd covers through the 29th: elapsed 29/31 and projected 100 × 31/29.
        assert result.projected == pytest.approx(100 * 31 / 29)
    else:
        assert result.projected == expected


@pytest.mark.parametrize(("unit", "expected"), [("count", 100.0), ("USD", 100.0), ("percent", 25.0), ("score", 25.0)])
def test_default_aggregation_follows_the_unit(unit, expected):
    # count and currencies are summed, everything else averaged (model.Metric.effective_aggregation).
    assert evaluate(metric(unit=unit), {"m": MARCH}, "2026-03-31").actual == expected


def test_sum_is_paced_to_the_whole_period():
    # April has 30 days; on the 10th, 10/30 of it has passed: 50 / (10/30) = 150.
    m = metric(target=150)
    result = evaluate(m, {"m": rows(("2026-04-03", 20), ("2026-04-10", 30))}, "2026-04-10")
    assert result.actual == 50
    assert result.projected == pytest.approx(150)
    assert result.status == "on-track"  # exactly at target


def test_first_day_of_the_period_counts_as_elapsed():
    # 1 day of 31 in May: 4 / (1/31) = 124.
    result = evaluate(metric(), {"m": rows(("2026-05-01", 4))}, "2026-05-01")
    assert result.projected == pytest.approx(124)


@pytest.mark.parametrize("aggregation", ["mean", "last", "min", "max"])
def test_only_sums_are_paced(aggregation):
    result = evaluate(metric(aggregation=aggregation), {"m": rows(("2026-04-03", 50))}, "2026-04-10")
    assert result.projected == result.actual == 50


@pytest.mark.parametrize(
    ("as_of", "days_in_month"),
    [("2026-02-14", 28), ("2028-02-14", 29), ("2026-04-14", 30), ("2026-01-14", 31)],
)
def test_pacing_uses_the_length_of_the_month(as_of, days_in_month):
    # 14 on day 14 is 1 per day: projected = 14 / (14 / n) = n.
    result = evaluate(metric(), {"m": rows((as_of, 14))}, as_of)
    assert result.projected == pytest.approx(days_in_month)
    assert (result.period_end - result.period_start).days + 1 == days_in_month


@pytest.mark.parametrize(
    ("projected", "direction", "expected"),
    [
        # target 0.30, tolerance 10%: band = 0.03.
        (0.31, "up", "on-track"),
        (0.30, "up", "on-track"),  # exactly at target
        (0.27, "up", "at-risk"),  # exactly at target - band
        (0.2699, "up", "off-track"),  # just below
        (0.31, "down", "at-risk"),  # above target, within the band
        (0.10, "down", "on-track"),
        (0.30, "down", "on-track"),  # exactly at target
        (0.33, "down", "at-risk"),  # exactly at target + band, which floats compute as 0.32999999999999996
        (0.3301, "down", "off-track"),  # just above
        (None, "up", "no-data"),
        (None, "down", "no-data"),
    ],
)
def test_status_bands_and_their_edges(projected, direction, expected):
    assert classify(projected, 0.30, 0.10, direction) == expected


def test_float_noise_below_target_minus_band_is_forgiven():
    # 0.55 - 0.1 * 0.55 computes as 0.49500000000000005, a hair above 0.495: still at-risk.
    assert classify(0.495, 0.55, 0.10, "up") == "at-risk"
    assert classify(0.4949, 0.55, 0.10, "up") == "off-track"


def test_band_uses_the_absolute_target():
    # target -10, tolerance 10%: band 1, so -11 is at-risk and -11.5 off-track when higher is better.
    assert classify(-11, -10, 0.10, "up") == "at-risk"
    assert classify(-11.5, -10, 0.10, "up") == "off-track"


def test_a_down_metric_through_evaluate():
    # Days to close, lower is better: mean of 40 and 50 = 45 > target 40 + band 4 = 44.
    m = metric(unit="days", direction="down", target=40)
    result = evaluate(m, {"m": rows(("2026-03-03", 40), ("2026-03-20", 50))}, "2026-03-31")
    assert result.actual == 45
    assert result.status == "off-track"


def test_float_noise_at_the_band_edge_through_evaluate():
    # mean(0.2, 0.34) = 0.27 = 0.30 - 10% of 0.30: at-risk, whatever the float rounding.
    m = metric(unit="percent", target="30%")
    result = evaluate(m, {"m": rows(("2026-03-03", 0.2), ("2026-03-20", 0.34))}, "2026-03-31")
    assert result.actual == pytest.approx(0.27)
    assert result.status == "at-risk"


def test_metric_tolerance_overrides_the_setting():
    data = {"m": rows(("2026-03-10", 93))}  # mean 93 vs target 100
    # With the default 10%: band 10, 93 >= 90 is at-risk; with the metric's own 5%: band 5, 93 < 95 off-track.
    assert evaluate(metric(unit="score"), data, "2026-03-31").status == "at-risk"
    assert evaluate(metric(unit="score", tolerance="5%"), data, "2026-03-31").status == "off-track"
    # A tolerance of 0 is an override too, not "unset": 99.99 is off-track.
    zero = evaluate(metric(unit="score", tolerance=0), {"m": rows(("2026-03-10", 99.99))}, "2026-03-31")
    assert zero.status == "off-track"


def test_fiscal_quarter_across_the_year_boundary():
    # fiscal_year_start 2: the quarter holding 2027-01-15 is 2026-11-01..2027-01-31 (30 + 31 + 31 = 92 days).
    m = metric(period="quarter", target=700)
    data = {"m": rows(("2026-10-20", 999), ("2026-11-05", 100), ("2026-12-10", 200), ("2027-01-10", 300))}
    result = evaluate(m, data, "2027-01-15", fiscal_year_start=2)
    assert (result.period_start, result.period_end) == (D("2026-11-01"), D("2027-01-31"))
    assert result.actual == 600  # 100 + 200 + 300; October is in the Aug-Oct quarter
    # elapsed = (30 + 31 + 15) / 92 = 76/92: projected = 600 * 92 / 76 = 726.32 >= 700.
    assert result.projected == pytest.approx(600 * 92 / 76)
    assert result.status == "on-track"
    assert result.previous == 999


def test_fiscal_quarter_and_year_starting_in_april():
    data = {"m": rows(("2026-03-31", 7), ("2026-04-01", 10), ("2026-06-30", 20), ("2026-07-01", 40))}
    quarter = evaluate(metric(period="quarter", aggregation="max"), data, "2026-06-30", fiscal_year_start=4)
    assert (quarter.period_start, quarter.period_end) == (D("2026-04-01"), D("2026-06-30"))
    assert quarter.actual == 20  # max(10, 20); 2026-03-31 is the previous fiscal quarter, 07-01 after as_of
    assert quarter.previous == 7
    year = evaluate(metric(period="year"), data, "2027-03-31", fiscal_year_start=4)
    assert (year.period_start, year.period_end) == (D("2026-04-01"), D("2027-03-31"))
    assert year.actual == 70  # 10 + 20 + 40; as_of is the last day, so projected = actual
    assert year.previous == 7


def test_iso_week_across_the_year_boundary():
    # Friday 2027-01-01 is in ISO week 2026-W53: Monday 2026-12-28 .. Sunday 2027-01-03.
    m = metric(period="week", target=20)
    data = {"m": rows(("2026-12-27", 100), ("2026-12-28", 5), ("2026-12-31", 7))}
    result = evaluate(m, data, "2027-01-01", cadence="weekly")
    assert (result.period_start, result.period_end) == (D("2026-12-28"), D("2027-01-03"))
    assert result.actual == 12  # 5 + 7; Sunday the 27th closes the week before
    assert result.projected == pytest.approx(12 / (5 / 7))  # 5 of 7 days gone: 16.8
    assert result.status == "off-track"  # 16.8 < 20 - 2
    assert result.previous == 100


def test_formula_is_a_ratio_of_sums_not_a_mean_of_ratios():
    # Two weeks in March: 5 SQL of 10 MQL (50%), then 9 of 90 (10%). Mean of ratios would be 30%;
    # the ratio of sums is 14 / 100 = 14%.
    m = metric(id="conversion", unit="percent", target="30%", formula="sql / mql")
    data = {"mql": rows(("2026-03-02", 10), ("2026-03-09", 90)), "sql": rows(("2026-03-02", 5), ("2026-03-09", 9))}
    result = evaluate(m, data, "2026-03-15")
    assert result.actual == pytest.approx(0.14)
    assert result.projected == result.actual  # a formula is never paced
    assert result.status == "off-track"  # 0.14 < 0.27


def test_formula_division_by_zero_and_missing_input_are_no_data():
    m = metric(id="conversion", unit="percent", target="30%", formula="sql / mql")
    zero = {"mql": rows(("2026-03-02", 0)), "sql": rows(("2026-03-02", 3))}
    assert evaluate(m, zero, "2026-03-15").status == "no-data"
    # sql has rows, but none this month: the input is missing, not 0.
    missing = {"mql": rows(("2026-03-02", 10)), "sql": rows(("2026-02-02", 3))}
    result = evaluate(m, missing, "2026-03-15")
    assert result.actual is None and result.status == "no-data"


def test_a_sum_too_large_for_a_float_is_a_named_problem_not_a_crash():
    # Two rows of 1e308 (the CSV grammar refuses them; calc must not crash on them either): fsum raises
    # OverflowError ("intermediate overflow") as 2e308 > 1.8e308. No actual, so no-data, and the problem says why.
    m = metric(id="rev", unit="USD", target=500000)
    result = evaluate(m, {"rev": rows(("2026-11-10", 1e308), ("2026-11-11", 1e308))}, "2026-11-20")
    assert (result.actual, result.projected, result.expected, result.status) == (None, None, None, "no-data")
    assert result.problem == ("its sum is too large to compute (beyond ±1.8e308, the largest number a "
                              "computer's float holds)")
    assert result.history == [None]


def test_a_projection_too_large_for_a_float_is_a_named_problem():
    # One row of 1e308 on 2026-11-10 in a quarter (Q4: 92 days); with one row the gap is the monthly 31 days,
    # so through = min(11-20, 11-10 + 30) = 11-20: elapsed 51/92, projected 1e308 × 92/51 = 1.8e308 > float max.
    m = metric(id="rev", unit="USD", period="quarter", target=500000)
    result = evaluate(m, {"rev": rows(("2026-11-10", 1e308))}, "2026-11-20")
    assert (result.actual, result.projected, result.status) == (None, None, "no-data")  # no actual without it
    assert result.problem == ("its projection is too large to compute (beyond ±1.8e308, the largest number a "
                              "computer's float holds)")


def test_a_formula_result_too_large_for_a_float_is_named_and_other_periods_keep_theirs():
    # November: 1e15 / 1e-300 = 1e315, past float's 1.8e308. October: 1e15 / 1e-290 = 1e305, finite.
    m = metric(id="ratio", target=10, formula="p / q")
    data = {"p": rows(("2026-10-05", 1e15), ("2026-11-02", 1e15)),
            "q": rows(("2026-10-05", 1e-290), ("2026-11-02", 1e-300))}
    result = evaluate(m, data, "2026-11-20")
    assert result.actual is None and result.status == "no-data"
    assert result.problem == ("its formula `p / q` gives a number too large to compute (beyond ±1.8e308, the "
                              "largest number a computer's float holds)")
    assert result.previous == pytest.approx(1e305) and result.history[-2:] == [pytest.approx(1e305), None]
    # Division by zero stays what SPEC.md says: no value, and no problem to name.
    zero = {"p": rows(("2026-11-02", 5)), "q": rows(("2026-11-02", 0))}
    assert evaluate(m, zero, "2026-11-20").problem is None


def test_formula_inputs_use_the_declared_metrics_aggregation_and_sum_otherwise():
    # revenue (not declared) is summed: 100 + 200 = 300; headcount is a declared metric with
    # aggregation last: 20 (a sum would give 30). 300 / 20 = 15.
    per_head = metric(id="revenue_per_head", unit="USD", target=10, formula="revenue / headcount")
    headcount = metric(id="headcount", aggregation="last", target=20)
    data = {"revenue": rows(("2026-03-03", 100), ("2026-03-17", 200)),
            "headcount": rows(("2026-03-03", 10), ("2026-03-17", 20))}
    declared = {"revenue_per_head": per_head, "headcount": headcount}
    assert evaluate(per_head, data, "2026-03-31", declared=declared).actual == 15
    # The same data with headcount undeclared: 300 / (10 + 20) = 10.
    assert evaluate(per_head, data, "2026-03-31", declared={"revenue_per_head": per_head}).actual == 10


def test_formula_can_use_another_formula_metric():
    # `conversion` has no series of its own, so it is computed from its formula: 5 / 10 = 0.5; double = 1.0.
    # A formula that names itself gives no value instead of recursing forever.
    conversion = metric(id="conversion", unit="percent", target=0.3, formula="sql / mql")
    double = metric(id="double", unit="ratio", target=1, formula="conversion * 2")
    loop = metric(id="loop", unit="ratio", target=1, formula="loop + 1")
    data = {"sql": rows(("2026-03-02", 5)), "mql": rows(("2026-03-02", 10))}
    declared = {"conversion": conversion, "double": double, "loop": loop}
    result = evaluate(double, data, "2026-03-31", declared=declared)
    assert result.actual == 1.0
    assert result.last_date == D("2026-03-02")
    assert evaluate(loop, data, "2026-03-31", declared=declared).status == "no-data"


def test_unparseable_formula_is_no_data_not_a_crash():
    bad = metric(id="bad", unit="ratio", formula="sql / (mql")
    result = evaluate(bad, {"sql": rows(("2026-03-02", 1)), "mql": rows(("2026-03-02", 2))}, "2026-03-31")
    assert (result.status, result.stale, result.history) == ("no-data", True, [None])


def test_rows_after_as_of_are_ignored():
    data = {"m": rows(("2026-03-05", 10), ("2026-03-15", 20), ("2026-03-16", 1000), ("2026-04-02", 5000))}
    result = evaluate(metric(aggregation="last"), data, "2026-03-15")
    assert result.actual == 20  # the 16th is after as_of, although in the same month
    assert result.last_date == D("2026-03-15")


@pytest.mark.parametrize(
    ("cadence", "newest", "stale"),
    [
        ("weekly", "2026-03-24", False),  # 7 days before 2026-03-31
        ("weekly", "2026-03-23", True),  # 8 days
        ("biweekly", "2026-03-17", False),  # 14
        ("biweekly", "2026-03-16", True),  # 15
        ("monthly", "2026-02-28", False),  # 31
        ("monthly", "2026-02-27", True),  # 32
        ("quarterly", "2025-12-29", False),  # 92: 2 (Dec) + 31 + 28 + 31
        ("quarterly", "2025-12-28", True),  # 93
    ],
)
def test_staleness_at_each_cadence_boundary(cadence, newest, stale):
    data = {"m": rows(("2025-06-01", 1), (newest, 1), ("2026-04-15", 1))}  # the April row is after as_of
    result = evaluate(metric(), data, "2026-03-31", cadence=cadence)
    assert result.stale is stale
    assert result.last_date == D(newest)


def test_no_rows_at_all_is_stale_no_data():
    result = evaluate(metric(), {}, "2026-03-31", cadence="quarterly")
    assert (result.actual, result.status, result.stale, result.last_date) == (None, "no-data", True, None)
    assert (result.previous, result.history) == (None, [None])


def test_formula_is_as_fresh_as_its_stalest_input():
    # sql last reported 2026-03-01 (30 days before as_of), mql on 2026-03-20.
    m = metric(id="conversion", unit="percent", target=0.3, formula="sql / mql")
    data = {"sql": rows(("2026-03-01", 3)), "mql": rows(("2026-03-20", 10))}
    weekly = evaluate(m, data, "2026-03-31", cadence="weekly")
    assert weekly.last_date == D("2026-03-01")
    assert weekly.stale is True  # 30 > 7
    assert evaluate(m, data, "2026-03-31", cadence="monthly").stale is False  # 30 <= 31
    no_sql = evaluate(m, {"mql": rows(("2026-03-20", 10))}, "2026-03-31")
    assert (no_sql.last_date, no_sql.stale) == (None, True)


def test_previous_and_history_with_a_gap():
    # Monthly sums; data starts in January, nothing in March. as_of 2026-05-31 so May is not scaled.
    data = {"m": rows(("2026-01-10", 1), ("2026-02-10", 2), ("2026-04-10", 4), ("2026-05-10", 5))}
    result = evaluate(metric(), data, "2026-05-31")
    # The six periods are Dec..May; December is before the first row, so it is dropped; March stays a gap.
    assert result.history == [1, 2, None, 4, 5]
    assert result.previous == 4


def test_history_keeps_the_last_six_periods_oldest_first():
    data = {"m": rows(*((f"2026-{month:02d}-01", month) for month in range(1, 11)))}  # Jan=1 .. Oct=10
    result = evaluate(metric(aggregation="last"), data, "2026-10-31")
    assert result.history == [5, 6, 7, 8, 9, 10]  # May..October
    assert result.previous == 9


def test_history_of_a_new_metric_is_only_its_current_period():
    result = evaluate(metric(aggregation="last"), {"m": rows(("2026-10-02", 3))}, "2026-10-31")
    assert result.history == [3]
    assert result.previous is None


def test_previous_period_without_data_is_none():
    data = {"m": rows(("2026-08-01", 8), ("2026-10-01", 10))}
    result = evaluate(metric(aggregation="last"), data, "2026-10-31")
    assert result.previous is None
    assert result.history == [8, None, 10]


def test_numpy_arrays_give_the_same_result_as_lists():
    data = {"m": Series(days=np.array(MARCH.days), values=np.array(MARCH.values))}
    result = evaluate(metric(), data, "2026-03-31")
    assert result.actual == 100.0 and type(result.actual) is float
    assert result.last_date == D("2026-03-23")


def test_unknown_cadence_is_an_error():
    with pytest.raises(ValueError):
        evaluate(metric(), {}, "2026-03-31", cadence="daily")


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["on-track", "off-track", "at-risk"], "off-track"),
        (["on-track", "at-risk"], "at-risk"),
        (["on-track", "no-data"], "on-track"),  # no-data does not hide a known status
        (["no-data", "at-risk", "no-data"], "at-risk"),
        (["no-data", "no-data"], "no-data"),
        ([], "no-data"),
    ],
)
def test_worst_status(statuses, expected):
    assert worst_status(statuses) == expected
    assert worst_status(iter(statuses)) == expected  # any iterable
