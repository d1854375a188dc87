"""Returned rows checked like CSV rows: dates, values, series ids, duplicates; texts as a CSV holds them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from partnerscore.data.cells import parse_day, parse_value
from partnerscore.pull.database import QueryFailed, Returned
from partnerscore.pull.rows import MAX_SHOWN, BadRows, check_rows

COLUMNS = ["date", "metric", "value"]


def _check(rows, columns=COLUMNS):
    return check_rows(Returned(columns=list(columns), rows=list(rows)))


def test_rows_become_csv_texts_sorted_by_day_then_series():
    pulled = _check([
        (date(2026, 11, 9), "mql", 12.0),
        ("2026-11-02", "sql", Decimal("4.00")),
        (datetime(2026, 11, 2), "mql", 7),
        (date(2026, 11, 2), "rate", "30%"),
        (date(2026, 11, 2), "spend", 1234.5),
        (date(2026, 11, 9), "sql", None),
    ])
    assert list(zip(pulled.dates, pulled.metrics, pulled.values, strict=True)) == [
        ("2026-11-02", "mql", "7"),
        ("2026-11-02", "rate", "30%"),
        ("2026-11-02", "spend", "1234.5"),
        ("2026-11-02", "sql", "4"),       # Decimal 4.00: trailing zeros dropped
        ("2026-11-09", "mql", "12"),      # a whole float without its .0
        ("2026-11-09", "sql", ""),        # NULL: no value, as an empty CSV cell
    ]
    assert pulled.series == ["mql", "rate", "spend", "sql"] and pulled.notes is None


def test_every_text_written_reads_back_as_the_same_number():
    # 1e15 is the largest size a CSV value may have; 2**49 + 1 = 562949953421313 needs all its digits.
    values = [0.1 + 0.2, 1e-7, 123456789.125, -0.0, 1e15, 2**49 + 1, Decimal("0.000125"), Decimal("-12.50")]
    pulled = _check([(date(2026, 1, 5), f"s{i}", v) for i, v in enumerate(values)])
    by_series = dict(zip(pulled.metrics, pulled.values, strict=True))
    for i, value in enumerate(values):
        assert parse_value(by_series[f"s{i}"]) == float(value), (value, by_series[f"s{i}"])
    assert by_series["s3"] == "0"  # -0.0 is written 0


def test_columns_in_any_case_and_order_with_a_note():
    pulled = _check([("x", 5, "2026-01-05", "first")], columns=["METRIC", "Value", "Date", "note"])
    assert (pulled.dates, pulled.metrics, pulled.values, pulled.notes) == (["2026-01-05"], ["x"], ["5"], ["first"])


@pytest.mark.parametrize("columns, says", [
    (["week", "pipeline"], "lacks date, metric, value"),
    (["date", "metric"], "lacks value"),
    (["date", "metric", "value", "partner"], "has partner, which is not a column"),
    (["date", "metric", "value", "VALUE"], "names a column twice"),
])
def test_wrong_columns_fail_the_query(columns, says):
    with pytest.raises(QueryFailed, match=says):
        _check([], columns=columns)


def test_bad_rows_are_listed_by_row_number_counted_from_one():
    with pytest.raises(BadRows) as caught:
        _check([
            (date(2026, 1, 5), "mql", 1),                 # row 1: fine
            ("2026-13-01", "mql", 1),                     # row 2: no such day
            ("01/05/2026", "mql", 1),                     # row 3: not ISO
            (datetime(2026, 1, 5, 13, 30), "sql", 1),     # row 4: a time of day
            (date(2026, 1, 6), "", 1),                    # row 5: no series
            (date(2026, 1, 6), "mql", "n/a"),             # row 6: not a number
            (date(2026, 1, 6), "sql", float("nan")),      # row 7: not finite
            (date(2026, 1, 5), "mql", 2),                 # row 8: row 1's series and day again
            (None, "mql", 1),                             # row 9: no date
            (date(2026, 1, 7), "mql", True),              # row 10: a boolean is not a number
            (date(2026, 1, 8), "mql", 1e16),              # row 11: beyond 1e15 in size
        ])
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == [f"row {n}" for n in range(2, 12)]
    assert "is not a day of the calendar" in problems[0]
    assert "is not an ISO date; write YYYY-MM-DD" in problems[1]  # the CSV reader's own words
    assert "has a time of day" in problems[2]
    assert "metric is empty" in problems[3]
    assert "value 'n/a' is not a number" in problems[4]
    assert "not a finite number" in problems[5]
    assert "second row for series 'mql' on 2026-01-05 (row 1 is the first)" in problems[6]
    assert "date is empty" in problems[7] and "True is not a number" in problems[8]
    assert "value '1e+16' is too large: numbers go up to 1e15 in size" in problems[9]


@pytest.mark.parametrize("value, shown", [
    (Decimal("1e400"), "1E+400"),  # a PostgreSQL NUMERIC: 401 digits, past a CSV value's 40 characters
    (Decimal("-12345678901234567890.5"), "-12345678901234567890.5"),
    (10**40, "1e+40"),  # a whole number of 41 digits
])
def test_a_whole_or_decimal_number_past_the_bound_is_too_large_not_not_a_number(value, shown):
    with pytest.raises(BadRows) as caught:
        _check([(date(2026, 1, 5), "mql", value)])
    assert caught.value.problems == [f"row 1: value '{shown}' is too large: numbers go up to 1e15 in size "
                                     "(a quadrillion)"]


def test_the_date_check_is_the_csvs():
    # Whatever parse_day refuses in a CSV, a pull refuses too, with the same message.
    for text in ("2026-02-30", "2026/01/05", " ", "2026-1-5"):
        with pytest.raises(ValueError) as csv_says:
            parse_day(text.strip())
        with pytest.raises(BadRows) as pull_says:
            _check([(text, "mql", 1)])
        assert str(csv_says.value) in pull_says.value.problems[0]


def test_many_bad_rows_are_counted_after_the_first_few():
    with pytest.raises(BadRows) as caught:
        _check([("bad", "mql", i) for i in range(MAX_SHOWN + 7)])
    problems = caught.value.problems
    assert len(problems) == MAX_SHOWN + 1 and problems[-1] == "7 more bad rows not shown"


def test_no_rows():
    pulled = _check([])
    assert len(pulled) == 0 and pulled.series == []
