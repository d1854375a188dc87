"""Pulling from a real PostgreSQL server through `env:` sources, and every way that can fail.

Each failure is one line naming the query file, exit 2, nothing written, and no secret printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from pull.conftest import READER_PASSWORD
from pull.projects import make_project

SETTINGS = '[tool.partnerscore.sources]\nwarehouse = "env:WAREHOUSE_URL"\n'
QUERY = """-- source: warehouse
SELECT week AS date, 'influenced_pipeline' AS metric, pipeline AS value
FROM partner_pipeline WHERE partner = 'acme' ORDER BY week
"""
EXISTING = "date,metric,value\n2026-11-02,influenced_pipeline,30000\n2026-11-02,webinars,1\n"


@pytest.fixture(scope="module")
def warehouse(postgres_server):
    postgres_server.execute(
        "DROP TABLE IF EXISTS partner_pipeline",
        "CREATE TABLE partner_pipeline (partner text, week date, pipeline numeric(12, 2))",
        "INSERT INTO partner_pipeline VALUES ('acme', '2026-11-02', 31500.00), ('acme', '2026-11-09', 24000.50),"
        " ('globex', '2026-11-02', 999)",
        "GRANT SELECT ON partner_pipeline TO reader",
    )
    return postgres_server


def _project(tmp_path: Path, query: str = QUERY) -> Path:
    return make_project(tmp_path / "proj", {"queries/acme.sql": query, "data/acme.csv": EXISTING},
                        settings=SETTINGS)


def test_pulls_from_postgres_through_an_env_source(tmp_path, warehouse):
    root = _project(tmp_path)
    run = run_cli("pull", cwd=root, env={"WAREHOUSE_URL": warehouse.url(user="reader", password=READER_PASSWORD)})
    assert run.code == 0, run.stderr
    # 2026-11-02: 31500.00 (numeric) replaces 30000, so changed, written as 31500; 2026-11-09 is new, so
    # added; the hand-typed webinars row is kept as it was; globex's rows are not acme's.
    assert (root / "data" / "acme.csv").read_text() == (
        "date,metric,value\n2026-11-02,influenced_pipeline,31500\n2026-11-02,webinars,1\n"
        "2026-11-09,influenced_pipeline,24000.5\n")
    assert "1 added, 1 changed, 0 removed; written" in run.stdout
    assert READER_PASSWORD not in run.stdout + run.stderr


def _reader_env(server, **overrides) -> dict[str, str]:
    return {"WAREHOUSE_URL": server.url(user="reader", password=READER_PASSWORD, **overrides)}


def _fails_cleanly(root: Path, run, secret: str = READER_PASSWORD) -> str:
    """Exit 2, one line on stderr naming the query file, the data file untouched, no secret shown."""
    assert run.code == 2, run.stdout + run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("partnerscore: queries/acme.sql: "), lines[0]
    assert "Traceback" not in run.stderr
    assert secret not in run.stdout + run.stderr
    assert (root / "data" / "acme.csv").read_text() == EXISTING
    assert "failed; nothing written" in run.stdout
    return lines[0]


def test_wrong_password(tmp_path, warehouse):
    root = _project(tmp_path)
    wrong = "Wr0ng-pw-5521"
    run = run_cli("pull", cwd=root, env={"WAREHOUSE_URL": warehouse.url(user="reader", password=wrong)})
    line = _fails_cleanly(root, run, secret=wrong)
    assert "cannot connect to source 'warehouse'" in line and 'password authentication failed for user "reader"' in line


def test_unreachable_port(tmp_path, warehouse):
    from pull.conftest import _free_port

    root = _project(tmp_path)
    run = run_cli("pull", cwd=root, env=_reader_env(warehouse, port=_free_port()))
    line = _fails_cleanly(root, run)
    assert "cannot connect to source 'warehouse'" in line and "refused" in line.lower()


def test_query_error(tmp_path, warehouse):
    root = _project(tmp_path, "-- source: warehouse\nSELECT week AS date, 'x' AS metric, 1 AS value\n"
                              "FROM no_such_table\n")
    line = _fails_cleanly(root, run_cli("pull", cwd=root, env=_reader_env(warehouse)))
    assert 'relation "no_such_table" does not exist (line 3 of the query)' in line


def test_statement_timeout(tmp_path, warehouse):
    root = _project(tmp_path, "-- source: warehouse\nSELECT week AS date, 'x' AS metric, pipeline AS value\n"
                              "FROM partner_pipeline, pg_sleep(30)\n")
    line = _fails_cleanly(root, run_cli("pull", "--timeout", "1", cwd=root, env=_reader_env(warehouse)))
    assert "timed out after 1 s" in line and "statement_timeout" in line


def test_wrong_columns(tmp_path, warehouse):
    root = _project(tmp_path, "-- source: warehouse\nSELECT week, pipeline FROM partner_pipeline\n")
    line = _fails_cleanly(root, run_cli("pull", cwd=root, env=_reader_env(warehouse)))
    assert "returned the columns week, pipeline: it lacks date, metric, value" in line


@pytest.mark.parametrize("query", [
    "-- source: warehouse\nINSERT INTO partner_pipeline VALUES ('evil', '2026-01-05', 1)\n",
    "-- source: warehouse\nSELECT 1 AS date, 'x' AS metric, 1 AS value;\n"
    "COMMIT; INSERT INTO partner_pipeline VALUES ('evil', '2026-01-05', 1)\n",
    "-- source: warehouse\nWITH gone AS (DELETE FROM partner_pipeline RETURNING *)\n"
    "SELECT week AS date, 'x' AS metric, 1 AS value FROM gone\n",
], ids=["insert", "commit-insert", "delete-in-with"])
def test_a_query_that_writes_is_refused_before_it_runs(tmp_path, warehouse, query):
    root = _project(tmp_path, query)
    # As the superuser, who could write: the refusal is partnerscore's, not the role's.
    run = run_cli("pull", cwd=root, env={"WAREHOUSE_URL": warehouse.url()})
    line = _fails_cleanly(root, run)
    assert "refused before it ran" in line
    assert warehouse.scalar("SELECT count(*) FROM partner_pipeline") == 3
    assert warehouse.scalar("SELECT count(*) FROM partner_pipeline WHERE partner = 'evil'") == 0


def test_unset_and_empty_variables_are_named(tmp_path, warehouse, monkeypatch):
    root = _project(tmp_path)
    empty = run_cli("pull", cwd=root, env={"WAREHOUSE_URL": ""})
    _fails_cleanly(root, empty)
    assert "environment variable WAREHOUSE_URL is empty" in empty.stderr
    monkeypatch.delenv("WAREHOUSE_URL", raising=False)
    unset = run_cli("pull", cwd=root)
    _fails_cleanly(root, unset)
    assert "environment variable WAREHOUSE_URL is not set" in unset.stderr


def test_percent_and_colon_in_a_query_reach_the_server_as_written(tmp_path, warehouse):
    # psycopg's %s and SQLAlchemy's :name placeholders must not touch a query's own text.
    root = _project(tmp_path, "-- source: warehouse\n"
                              "SELECT week AS date, 'influenced_pipeline' AS metric, pipeline AS value\n"
                              "FROM partner_pipeline WHERE partner LIKE 'ac%' AND '12:30' <> ':x'\n")
    run = run_cli("pull", cwd=root, env=_reader_env(warehouse))
    assert run.code == 0, run.stderr
    assert "2026-11-09,influenced_pipeline,24000.5" in (root / "data" / "acme.csv").read_text()


# --- the walls behind the statement check, tried directly ---------------------------------------------------

@pytest.fixture
def superuser_connection(warehouse):
    from partnerscore.pull.postgres import PostgresConnection
    from partnerscore.pull.sources import source_from_url

    connection = PostgresConnection(source_from_url("warehouse", warehouse.url(), Path(".")), timeout=10)
    yield connection
    connection.close()


@pytest.mark.parametrize("text, says", [
    ("INSERT INTO partner_pipeline VALUES ('evil', '2026-01-05', 1)", "read-only transaction"),
    ("WITH gone AS (DELETE FROM partner_pipeline RETURNING *) SELECT * FROM gone", "read-only transaction"),
    ("SELECT 1; INSERT INTO partner_pipeline VALUES ('evil', '2026-01-05', 1)", "multiple commands"),
    ("COMMIT; INSERT INTO partner_pipeline VALUES ('evil', '2026-01-05', 1)", "multiple commands"),
], ids=["insert", "delete-in-with", "two-statements", "commit-insert"])
def test_the_server_refuses_what_the_check_would_have(superuser_connection, warehouse, text, says):
    from partnerscore.pull.database import QueryFailed

    with pytest.raises(QueryFailed, match=says):
        superuser_connection.run(text, timeout=10)
    assert warehouse.scalar("SELECT count(*) FROM partner_pipeline") == 3
