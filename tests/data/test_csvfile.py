"""Reading metric-values CSVs for lint: rows with their lines, and every parse problem with its position."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from partnerscore.core.diagnostics import Position
from partnerscore.data.cells import parse_day, parse_value
from partnerscore.data.table import MAX_SHOWN, read_csv


def table_of(tmp_path: Path, text: str | bytes, name: str = "values.csv"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return read_csv(path, name)


def problems(table) -> list[tuple[str, int, int]]:
    return sorted((f.code, f.position.line, f.position.column) for f in table.problems)


def test_long_form_rows_keep_lines_series_dates_and_values(tmp_path):
    table = table_of(tmp_path, "date,metric,value,note\n2026-11-02,mql,42,\n2026-11-03,mql_to_sql,30%,from crm\n"
                               "2026-11-04,sql,,\n")
    assert table.form == "long" and table.usable and table.problems == []
    assert [(r.line, r.series, r.date_text, r.value_text, r.value) for r in table.rows] == [
        (2, "mql", "2026-11-02", "42", 42.0),
        (3, "mql_to_sql", "2026-11-03", "30%", 0.30),  # 30% means 0.30
        (4, "sql", "2026-11-04", "", None),  # empty means no value
    ]
    assert table.rows[0].day == date(2026, 11, 2).toordinal()
    assert table.rows[1].note == "from crm" and table.rows[0].partnership is None


def test_quoted_newlines_do_not_shift_later_line_numbers(tmp_path):
    text = 'date,metric,value,note\n2026-11-02,mql,42,"two\nline note"\n2026-11-03,mql,x,\n'
    table = table_of(tmp_path, text)
    assert [r.line for r in table.rows] == [2, 4]  # the note spans lines 2-3
    # 'x' is on line 4 after "2026-11-03,mql," (15 characters): column 16.
    assert problems(table) == [("PS604", 4, 16)]


def test_bom_and_crlf_are_accepted(tmp_path):
    table = table_of(tmp_path, b"\xef\xbb\xbfdate,metric,value\r\n2026-11-02,mql,42\r\n\r\n2026-11-03,mql,7\r\n")
    assert table.problems == [] and table.columns == ["date", "metric", "value"]
    assert [(r.line, r.value) for r in table.rows] == [(2, 42.0), (4, 7.0)]  # line 3 is blank


def test_wide_form_makes_one_row_per_filled_cell(tmp_path):
    table = table_of(tmp_path, "date,mql,sql\n2026-11-02,40,10\n2026-11-09,,12\n")
    assert table.form == "wide"
    assert [(r.line, r.field, r.series, r.value) for r in table.rows] == [
        (2, 1, "mql", 40.0), (2, 2, "sql", 10.0), (3, 2, "sql", 12.0)]  # the empty mql cell is no value
    # A wide series is located at its header cell: 'sql' starts at column 10 of "date,mql,sql".
    assert table.series_summary(None)["sql"].position == Position(1, 10)


def test_shared_csv_rows_are_summarised_per_partnership(tmp_path):
    table = table_of(tmp_path, "partnership,date,metric,value\nacme,2026-11-02,mql,4\nnorthwind,2026-11-02,sql,\n"
                               "northwind,2026-11-03,sql,2\n")
    assert table.shared
    assert set(table.series_summary("acme")) == {"mql"}
    northwind = table.series_summary("northwind")
    assert northwind["sql"].values == 1 and northwind["sql"].position == Position(3, 22)
    assert table.series_summary("other") == {}


@pytest.mark.parametrize("text, message, position", [
    ("", "file is empty", (1, 1)),
    ("\n\n", "file is empty", (1, 1)),
    ("date,metric\n2026-11-02,mql\n", "missing required column 'value'", (1, 1)),
    ("date,metric,value,partnerhsip\n", "did you mean 'partnership'?", (1, 19)),
    ("day,mql\n2026-11-02,4\n", "no 'date' column", (1, 1)),
    ("2026-11-02,mql,4\n", "no header", (1, 1)),
    ("date,mql,mql\n", "column 'mql' appears twice", (1, 10)),
    ("date\n2026-11-02\n", "no series columns", (1, 1)),
    ("date,metric,value\n2026-11-02,mql,42\n2026-11-03,mql,\"4\n", "check the quotes", (3, 1)),
])
def test_unusable_files_are_ps602_and_keep_no_rows(tmp_path, text, message, position):
    table = table_of(tmp_path, text)
    assert table.broken and not table.usable and table.rows == []
    [finding] = table.problems
    assert (finding.code, finding.position) == ("PS602", Position(*position))
    assert message in finding.message and finding.path == "values.csv"


def test_ragged_rows_and_empty_ids_are_ps602_but_the_rest_is_read(tmp_path):
    text = ("partnership,date,metric,value\nacme,2026-11-02,mql,4,extra\n,2026-11-02,mql,4\n"
            "acme,2026-11-03,,4\n,,,\nacme,2026-11-04,mql,5\n")
    table = table_of(tmp_path, text)
    # Line 5 is spreadsheet padding (",,,") and is skipped silently.
    assert problems(table) == [("PS602", 2, 1), ("PS602", 3, 1), ("PS602", 4, 17)]
    assert "5 fields but the header has 4" in table.problems[0].message
    assert [r.line for r in table.rows] == [6] and table.usable


@pytest.mark.parametrize("cell, expected", [
    ("2026/11/05", "write YYYY-MM-DD, e.g. 2026-11-05"),
    ("2026-02-30", "not a day of the calendar"),
    ("Nov 5", "not an ISO date"),
    ("2026-11-5", "not an ISO date"),
])
def test_bad_dates_are_ps603_at_the_date_cell(tmp_path, cell, expected):
    table = table_of(tmp_path, f"metric,date,value\nmql,{cell},4\n")
    [finding] = table.problems
    assert (finding.code, finding.position) == ("PS603", Position(2, 5))  # after "mql,"
    assert expected in finding.message
    assert table.rows[0].day is None and table.rows[0].value == 4.0


@pytest.mark.parametrize("cell", ["abc", "NaN", "inf", "-Infinity", "1e400", "1" * 5000, "4,2", "1_000"])
def test_non_numbers_are_ps604_with_a_short_message(tmp_path, cell):
    table = table_of(tmp_path, f'date,metric,value\n2026-11-02,mql,"{cell}"\n')
    [finding] = table.problems
    assert (finding.code, finding.position) == ("PS604", Position(2, 16))
    assert len(finding.message) < 120  # a 5,000-digit value is not echoed whole
    assert table.rows[0].value is None


@pytest.mark.parametrize("text, value", [("42", 42.0), ("-3.5", -3.5), ("30%", 0.30), (" 7 ", 7.0),
                                         ("12.5 %", 0.125), ("1e3", 1000.0), ('"1,200"', 1200.0)])
def test_numbers_and_percentages(text, value, tmp_path):
    table = table_of(tmp_path, f"date,metric,value\n2026-11-02,mql,{text}\n")
    assert table.problems == [] and table.rows[0].value == pytest.approx(value)


def test_many_bad_rows_are_capped_with_a_count(tmp_path):
    body = "".join(f"2026-13-01,mql,{i}\n" for i in range(MAX_SHOWN + 10))
    table = table_of(tmp_path, "date,metric,value\n" + body)
    assert len(table.problems) == MAX_SHOWN + 1
    assert table.problems[-1].message.startswith("10 more problems of this kind")


@pytest.mark.parametrize("data, words", [
    ("date,metric,value\n2026-11-02,mql,42\n".encode("utf-16"), "UTF-16"),
    ("date,metric,value,note\n2026-11-02,mql,42,café\n".encode("latin-1"), "Latin-1"),
])
def test_other_encodings_are_ps100_with_advice(tmp_path, data, words):
    table = table_of(tmp_path, data)
    [finding] = table.problems
    assert finding.code == "PS100" and words in finding.message and "UTF-8" in finding.message
    assert table.broken


def test_missing_file_is_flagged_not_reported(tmp_path):
    table = read_csv(tmp_path / "none.csv", "none.csv")
    assert table.missing and table.problems == [] and not table.usable


def test_cell_parsers_directly():
    assert parse_day("2026-11-05") == date(2026, 11, 5).toordinal()
    assert parse_value("") is None and parse_value("  ") is None
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_day("05.11.2026")
    with pytest.raises(ValueError, match="not a finite number"):
        parse_value("1e400")


@pytest.mark.parametrize("text, value", [("1e15", 1e15), ("-1000000000000000", -1e15), ("1e17%", 1e15),
                                         ("999999999999999.9", 999999999999999.9), ("1e-300", 1e-300)])
def test_values_up_to_10_to_the_15_are_numbers(text, value):
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["1e308", "-1e308", "1000000000000001", "1.0000000000000002e15", "1.1e17%"])
def test_values_beyond_10_to_the_15_are_too_large(text):
    # 1e308 is finite, but two of them sum past float's 1.8e308: the grammar stops far below that.
    with pytest.raises(ValueError, match=f"value '{re.escape(text)}' is too large: numbers go up to 1e15 in size"):
        parse_value(text)


def test_a_cell_after_a_quoted_newline_is_located_on_its_own_line(tmp_path):
    table = table_of(tmp_path, 'date,note,metric,value\n2026-11-02,"a, \nb",mql,x\n')
    # The record starts on line 2; 'x' follows 'b",mql,' (7 characters) on line 3: column 8.
    assert problems(table) == [("PS604", 3, 8)]
    assert table.rows[0].line == 2 and table.rows[0].note == "a, \nb"
