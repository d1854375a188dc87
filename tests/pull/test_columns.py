"""A DuckDB result fetched column by column gives what the row fetch gives: the same texts, the same bad
rows with the same messages, the same failures. Each query runs both ways on one real DuckDB."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerscore.pull.database import QueryFailed
from partnerscore.pull.duck import DuckDBConnection
from partnerscore.pull.rows import BadRows, check_rows
from partnerscore.pull.statements import bounded_select, check_read_only
from pull.projects import make_project

TYPES = ["DOUBLE", "BIGINT", "INTEGER", "FLOAT", "DECIMAL(12,3)", "VARCHAR"]


@pytest.fixture(scope="module")
def connection(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("columns") / "proj")
    connection = DuckDBConnection(duckdb, root)
    yield connection
    connection.close()


def _run(connection: DuckDBConnection, text: str, *, by_column: bool):
    connection.by_column = by_column
    try:
        return connection.run(check_read_only(text, duckdb=duckdb, duckdb_dialect=True), 30)
    finally:
        connection.by_column = True


def _outcome(connection: DuckDBConnection, text: str, *, by_column: bool):
    """What a pull makes of the query: its texts, its bad rows, or its failure."""
    try:
        pulled = check_rows(_run(connection, text, by_column=by_column))
    except BadRows as exc:
        return "bad rows", exc.problems
    except QueryFailed as exc:
        return "failed", str(exc)
    return "pulled", pulled.dates, pulled.metrics, pulled.values, pulled.notes


def _both_ways(connection: DuckDBConnection, text: str):
    by_rows = _outcome(connection, text, by_column=False)
    assert _outcome(connection, text, by_column=True) == by_rows
    return by_rows


def _load(connection: DuckDBConnection, value_type: str, rows: list[tuple]) -> None:
    # Values are bound as parameters, each row on its own: the test never writes a value into SQL.
    connection.con.execute(f"CREATE OR REPLACE TABLE t (n INTEGER, d DATE, m VARCHAR, v {value_type}, note VARCHAR)")
    for n, row in enumerate(rows):
        connection.con.execute("INSERT INTO t VALUES ($1, $2, $3, $4, $5)", [n, *row, *[None] * (4 - len(row))])


_days = st.one_of(st.none(), st.dates(min_value=date(2026, 1, 5), max_value=date(2026, 1, 9)),
                  st.sampled_from([date(1, 1, 1), date(999, 3, 1), date(9999, 12, 31)]))
_metrics = st.one_of(st.none(), st.sampled_from(["mql", "sql", " mql", "sql ", "", "  ", "a,b", 'say "hi"', "ünï"]))
_values = {
    "DOUBLE": st.one_of(st.none(), st.floats(), st.sampled_from([0.0, -0.0, 1e16, 1e-5, 0.1 + 0.2, 2.0**60])),
    "BIGINT": st.one_of(st.none(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.integers(-5, 5)),
    "INTEGER": st.one_of(st.none(), st.integers(min_value=-(2**31), max_value=2**31 - 1)),
    "FLOAT": st.one_of(st.none(), st.floats(width=32)),
    "DECIMAL(12,3)": st.one_of(st.none(), st.decimals(min_value=-10**8, max_value=10**8, places=3)),
    "VARCHAR": st.one_of(st.none(), st.sampled_from(["12", " 7.50 ", "30%", "n/a", "", "1e400", "-0"])),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value_type=st.sampled_from(TYPES), with_note=st.booleans(), order=st.booleans())
def test_columns_and_rows_give_the_same_pull(connection, data, value_type, with_note, order):
    rows = data.draw(st.lists(st.tuples(_days, _metrics, _values[value_type],
                                        st.one_of(st.none(), st.sampled_from(["", "ok", "a, b"]))), max_size=30))
    _load(connection, value_type, rows)
    note = ", note" if with_note else ""
    # The table's own order (n), or the series order a query often asks for: both must give the same rows.
    by = "ORDER BY d, m" if order else "ORDER BY n"
    _both_ways(connection, f"SELECT d AS date, m AS metric, v AS value{note} FROM t {by}")


def test_the_usual_shapes_are_fetched_by_column(connection):
    _load(connection, "DOUBLE", [(date(2026, 1, 5), "mql", 1.5), (date(2026, 1, 5), "sql", None)])
    for text in ("SELECT d AS date, m AS metric, v AS value FROM t",
                 "SELECT v AS Value, m AS METRIC, d AS Date, 'x' AS note FROM t;",  # any case, any order, a `;`
                 "WITH r AS (SELECT * FROM t) SELECT d AS date, m AS metric, v AS value FROM r -- a comment",
                 "FROM t SELECT d AS date, m AS metric, v AS value"):
        assert _run(connection, text, by_column=True).by_column is not None, text
        _both_ways(connection, text)
    # 1.5 on 2026-01-05 for mql; sql has no value (NULL: an empty cell).
    assert check_rows(_run(connection, "SELECT d AS date, m AS metric, v AS value FROM t", by_column=True)).values \
        == ["1.5", ""]


@pytest.mark.parametrize("text", [
    "SELECT d AS date, m AS metric, v AS value FROM t; -- a semicolon before a comment: not wrapped",
    "SELECT d AS date, m AS metric, CAST(v AS DECIMAL(9,2)) AS value FROM t",  # a DECIMAL: fetched as rows
    "SELECT CAST(d AS TIMESTAMP) AS date, m AS metric, v AS value FROM t",
    "SELECT d AS date, m AS metric, v AS value, v AS VALUE FROM t",  # a column twice
    "SELECT d AS date, m AS metric FROM t",
    "SELECT d AS date, m AS metric, nope AS value FROM t",  # a binder error: the message of the file's text
    "SELECT d AS date, m AS metric,\n  CAST('x' || v AS DOUBLE) AS value FROM t",  # fails while it runs
])
def test_other_shapes_and_failures_are_the_row_fetchs(connection, text):
    _load(connection, "DOUBLE", [(date(2026, 1, 5), "mql", 1.5), (date(2026, 1, 6), "mql", 2.0)])
    _both_ways(connection, text)


def test_a_day_numpy_cannot_hold_is_fetched_as_rows(connection):
    connection.con.execute("CREATE OR REPLACE TABLE t AS SELECT 'infinity'::DATE AS d, 'mql' AS m, 1.0 AS v")
    assert _both_ways(connection, "SELECT d AS date, m AS metric, v AS value FROM t") == \
        ("pulled", ["9999-12-31"], ["mql"], ["1"], None)  # what DuckDB's row fetch makes of it


def test_the_bound_holds_by_column(connection, monkeypatch):
    import partnerscore.pull.duck

    monkeypatch.setattr(partnerscore.pull.duck, "MAX_ROWS", 3)  # a data file holds 5,000,000 values
    text = ("SELECT DATE '2026-01-05' + CAST(range AS INTEGER) AS date, 'mql' AS metric, 1.0::DOUBLE AS value "
            "FROM range({})")
    assert _run(connection, text.format(3), by_column=True).by_column is not None
    for by_column in (True, False):
        with pytest.raises(QueryFailed, match="returned more than .* rows"):
            _run(connection, text.format(10**12), by_column=by_column)  # stops at the fourth row


def test_the_wrapped_statement_is_the_files_inside_a_limit():
    parsed = check_read_only("-- source: x\nSELECT 1 AS value;  \n;", duckdb=duckdb, duckdb_dialect=True)
    assert bounded_select(duckdb, parsed, 7).query == "SELECT * FROM (\n-- source: x\nSELECT 1 AS value\n) LIMIT 7"
    # A statement ending in a comment after its semicolon cannot be wrapped; it runs as it is.
    parsed = check_read_only("SELECT 1 AS value; -- done", duckdb=duckdb, duckdb_dialect=True)
    assert bounded_select(duckdb, parsed, 7) is None
