"""The read-only check: one SELECT (or WITH … SELECT) per query file, whatever hides in strings and comments."""

from __future__ import annotations

import duckdb
import pytest

from partnerscore.pull.statements import Refused, check_read_only, check_tokens, first_line, split_statements


@pytest.mark.parametrize("text", [
    "SELECT 1",
    "select 1;",
    "-- source: crm\nSELECT 1 AS value -- trailing comment\n;\n",
    "WITH x AS (SELECT 1 AS v) SELECT v FROM x",
    "(SELECT 1)",
    "SELECT 'a;b', \"odd;name\", $$x;y$$, $tag$ ; DROP TABLE t; $tag$ FROM t",
    "SELECT E'it\\'s; fine' AS note",
    "SELECT 1 /* a; comment /* nested; */ still comment; */",
    "SELECT 'INSERT INTO t' AS metric, \"update\" FROM t",
])
def test_one_reading_statement_passes(text):
    check_tokens(text, duckdb_dialect=False)


@pytest.mark.parametrize("text, says", [
    ("COMMIT; INSERT INTO t VALUES (1)", "2 statements"),
    ("SELECT 1; SELECT 2", "2 statements"),
    ("SELECT 1; DELETE FROM t", "2 statements"),
    ("INSERT INTO t SELECT 1", "starts with INSERT"),
    ("COPY (SELECT 1) TO 'out.csv'", "starts with COPY"),
    ("ATTACH 'other.db'", "starts with ATTACH"),
    ("SET search_path = evil", "starts with SET"),
    ("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", "has DELETE on line 1, which writes"),
    ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "has INSERT on line 1, which writes"),
    ("SELECT * FROM t FOR UPDATE", "has UPDATE on line 1, which writes"),
    ("-- only a comment\n", "no SQL statement"),
    ("", "no SQL statement"),
    ("SELECT 'never closed", "never closed"),
    ("SELECT 1 /* never closed", "never closed"),
    ("SELECT $q$ never closed", "never closed"),
    ("SELECT 1 /* a */ ; /* b */ ; COMMIT", "2 statements"),
])
def test_anything_else_is_refused(text, says):
    with pytest.raises(Refused, match=says):
        check_tokens(text, duckdb_dialect=False)


def test_a_semicolon_inside_strings_and_comments_splits_nothing():
    (statement,) = split_statements("SELECT ';' -- ;\n, /* ; */ \"a;b\" FROM t;")
    # The words outside the strings and comments, with their lines: SELECT (1), FROM, T (line 2).
    assert statement.words == [("SELECT", 1), ("FROM", 2), ("T", 2)]


def test_a_write_keyword_is_reported_at_its_line():
    with pytest.raises(Refused, match="has DELETE on line 3, which writes"):
        check_tokens("WITH gone AS (\n  SELECT 1\n) DELETE FROM t", duckdb_dialect=False)


def test_duckdb_from_first_select_is_a_select_on_duckdb_only():
    check_read_only("FROM range(3) SELECT range AS value", duckdb=duckdb, duckdb_dialect=True)
    with pytest.raises(Refused, match="starts with FROM"):
        check_tokens("FROM t SELECT 1", duckdb_dialect=False)


@pytest.mark.parametrize("text, says", [
    ("EXPLAIN SELECT 1", "starts with EXPLAIN"),
    ("PIVOT t ON a USING sum(b)", "starts with PIVOT"),
    ("SELECT * FROM", "cannot be parsed by DuckDB"),
])
def test_duckdb_sources_need_duckdbs_agreement(text, says):
    with pytest.raises(Refused, match=says):
        check_read_only(text, duckdb=duckdb, duckdb_dialect=True)


def test_a_sql_source_text_duckdb_cannot_parse_is_left_to_the_server():
    # PostgreSQL's `FOR SHARE` is not DuckDB syntax: the tokenizer's opinion decides, and it passes.
    assert check_read_only("SELECT 1 FROM t FOR SHARE", duckdb=duckdb, duckdb_dialect=False) is None


def test_the_statement_returned_is_the_one_duckdb_classified():
    statement = check_read_only("-- source: x\nSELECT 42 AS v;", duckdb=duckdb, duckdb_dialect=True)
    assert statement.type.name == "SELECT"
    assert duckdb.connect().execute(statement).fetchall() == [(42,)]


def test_database_messages_become_one_line_with_the_line_they_point_at():
    message = 'relation "t" does not exist\nLINE 3: FROM t\n             ^'
    assert first_line(message) == 'relation "t" does not exist (line 3 of the query)'
    assert first_line("Catalog Error: x\n\nDid you mean y?") == "Catalog Error: x"
    assert first_line("") == "no message"
