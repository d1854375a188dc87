"""DuckDB for real: a CRM export in its awkward formats, a `duckdb:///` file, and the locked-down sandbox."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import duckdb
import pytest

from conftest import run_cli
from partnerscore.pull.database import QueryFailed
from partnerscore.pull.duck import DuckDBConnection
from partnerscore.pull.statements import check_read_only
from pull.projects import make_project

# A CRM opportunity export as a European-locale CRM writes it: semicolons, US dates, decimal commas,
# thousands dots, a partner column, a quoted name holding the separator.
EXPORT = """\
Opportunity ID;Opportunity Name;Partner;Created Date;Amount;Stage
OPP-101;"Fabrikam; finance suite";Acme Corp;11/02/2026;12.500,00;Qualify
OPP-102;Contoso renewal;Acme Corp;11/04/2026;7.250,50;Discovery
OPP-103;Tailspin pilot;Globex;11/05/2026;99.000,00;Qualify
OPP-104;Litware expansion;Acme Corp;11/10/2026;20.000,00;Proposal
"""
QUERY = """\
-- Influenced pipeline per week (Monday), from the CRM export
SELECT date_trunc('week', "Created Date")::DATE AS date,
       'influenced_pipeline' AS metric,
       sum("Amount") AS value
FROM read_csv('exports/opportunities.csv', delim = ';', decimal_separator = ',', thousands = '.',
              dateformat = '%m/%d/%Y')
WHERE "Partner" = 'Acme Corp'
GROUP BY ALL
"""


def _project(tmp_path: Path, query: str = QUERY) -> Path:
    return make_project(tmp_path / "proj", {"queries/acme.sql": query, "exports/opportunities.csv": EXPORT})


def test_a_crm_export_becomes_the_weekly_series(tmp_path):
    root = _project(tmp_path)
    run = run_cli("pull", cwd=root)
    assert run.code == 0, run.stderr
    # Week of Mon 2026-11-02: 12,500.00 + 7,250.50 = 19,750.5; week of Mon 11-09: 20,000. Globex is left out.
    assert (root / "data" / "acme.csv").read_text() == (
        "date,metric,value\n2026-11-02,influenced_pipeline,19750.5\n2026-11-09,influenced_pipeline,20000\n")
    assert "acme  data/acme.csv  1 series (influenced_pipeline): 2 added, 0 changed, 0 removed; written" in run.stdout


def test_relative_paths_are_the_repositorys_wherever_pull_runs(tmp_path):
    root = _project(tmp_path)
    (root / "scorecards" / "sub").mkdir()
    run = run_cli("pull", cwd=root / "scorecards" / "sub")  # settings found in a parent folder
    assert run.code == 0, run.stderr
    assert (root / "data" / "acme.csv").is_file()


def test_a_duckdb_file_source(tmp_path):
    root = _project(tmp_path, "-- source: warehouse\n"
                              "SELECT day AS date, metric, value FROM metrics WHERE partnership = 'acme'\n",
)
    (root / "pyproject.toml").write_text('[tool.partnerscore.sources]\nwarehouse = "duckdb:///warehouse.duckdb"\n')
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        con.execute("CREATE TABLE metrics AS SELECT * FROM (VALUES ('acme', DATE '2026-11-02', 'mql', 7), "
                    "('acme', DATE '2026-11-09', 'mql', 9), ('globex', DATE '2026-11-02', 'mql', 1)) "
                    "t(partnership, day, metric, value)")
    before = (root / "warehouse.duckdb").read_bytes()
    run = run_cli("pull", cwd=root)
    assert run.code == 0, run.stderr
    assert (root / "data" / "acme.csv").read_text() == "date,metric,value\n2026-11-02,mql,7\n2026-11-09,mql,9\n"
    assert (root / "warehouse.duckdb").read_bytes() == before  # opened read-only


def test_a_missing_duckdb_file_is_not_created(tmp_path):
    root = _project(tmp_path, "-- source: warehouse\nSELECT 1\n")
    (root / "pyproject.toml").write_text('[tool.partnerscore.sources]\nwarehouse = "duckdb:///nothing.duckdb"\n')
    run = run_cli("pull", cwd=root)
    assert run.code == 2 and "no DuckDB file" in run.stderr
    assert not (root / "nothing.duckdb").exists()


# --- the sandbox --------------------------------------------------------------------------------------------

@pytest.fixture
def sandbox(tmp_path):
    root = _project(tmp_path)
    connection = DuckDBConnection(duckdb, root)
    yield root, connection
    connection.close()


def _run(connection: DuckDBConnection, text: str, timeout: float = 30):
    return connection.run(check_read_only(text, duckdb=duckdb, duckdb_dialect=True), timeout)


@pytest.mark.parametrize("text", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_csv('../outside.csv')",
    "SELECT * FROM read_csv('exports/../../outside.csv')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM read_csv('https://example.com/data.csv')",
])
def test_nothing_outside_the_repository_can_be_read(sandbox, tmp_path, text):
    (tmp_path / "outside.csv").write_text("secret\n42\n")
    _, connection = sandbox
    with pytest.raises(QueryFailed, match="Permission Error"):
        _run(connection, text)


@pytest.mark.parametrize("text", [
    "SELECT * FROM read_text('.git/config')",
    "SELECT * FROM read_text('exports/../.git/config')",
    "SELECT * FROM read_csv('.env')",
    "SELECT * FROM glob('*')",
])
def test_hidden_entries_of_the_repository_are_out_of_reach(sandbox, text):
    # actions/checkout keeps the job's token in .git/config; a query must not copy it into a CSV.
    root, connection = sandbox
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
    (root / ".env").write_text("TOKEN=secret\n")
    fresh = DuckDBConnection(duckdb, root)  # what may be read is fixed when the connection opens
    try:
        with pytest.raises(QueryFailed, match="Permission Error"):
            _run(fresh, text)
    finally:
        fresh.close()


def test_top_level_files_and_folders_are_readable(sandbox):
    _, connection = sandbox
    assert _run(connection, "SELECT count(*) AS n FROM read_text('pyproject.toml')").rows == [(1,)]
    assert _run(connection, "SELECT * FROM glob('exports/*')").rows == [("exports/opportunities.csv",)]


def test_a_symlink_out_of_the_repository_leads_nowhere(sandbox, tmp_path):
    root, connection = sandbox
    (tmp_path / "outside.csv").write_text("secret\n42\n")
    (root / "exports" / "link.csv").symlink_to(tmp_path / "outside.csv")
    (root / "exports" / "etc").symlink_to("/etc")
    for text in ("SELECT * FROM read_csv('exports/link.csv')", "SELECT * FROM read_text('exports/etc/passwd')"):
        with pytest.raises(QueryFailed, match="Permission Error"):
            _run(connection, text)


@pytest.mark.parametrize("statement", [
    "SET enable_external_access = true",
    "SET allowed_directories = ['/']",
    "SET temp_directory = '/tmp'",
])
def test_the_lock_cannot_be_loosened(sandbox, statement):
    _, connection = sandbox
    # The statement check refuses SET; run straight on the connection, the locked configuration does too.
    with pytest.raises(duckdb.Error, match="locked"):
        connection.con.execute(statement)


@pytest.mark.parametrize("statement", [
    "COPY (SELECT 1) TO 'exports/out.csv'",
    "ATTACH 'exports/new.duckdb' AS other",
    "INSTALL httpfs",
    "LOAD httpfs",
])
def test_writes_and_extensions_are_refused_before_anything_runs(sandbox, statement):
    from partnerscore.pull.statements import Refused

    root, connection = sandbox
    with pytest.raises(Refused):
        _run(connection, statement)
    assert sorted(p.name for p in (root / "exports").iterdir()) == ["opportunities.csv"]


def test_extensions_cannot_be_loaded_even_past_the_check(sandbox):
    _, connection = sandbox
    for statement in ("INSTALL httpfs", "LOAD httpfs"):
        with pytest.raises(duckdb.Error, match="Permission Error"):
            connection.con.execute(statement)


def test_a_long_query_is_interrupted(sandbox):
    _, connection = sandbox
    with pytest.raises(QueryFailed, match=r"timed out after 0\.5 s"):
        _run(connection, "SELECT count(*) AS value FROM range(1000000000000) a", timeout=0.5)
    # The connection is still usable afterwards.
    assert _run(connection, "SELECT 42 AS value").rows == [(42,)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes (POSIX)")
def test_ctrl_c_during_a_query_is_an_interrupt_not_an_error(tmp_path):
    """Ctrl-C while DuckDB runs: DuckDB runs the signal handler itself and raises a plain RuntimeError("Query
    interrupted") in place of its KeyboardInterrupt; run() gives the KeyboardInterrupt back (the error boundary
    then says "interrupted", exit 130), not an error for the query or a bug.

    The query first reads a named pipe, so the signal is sent once DuckDB runs it (it has opened the pipe),
    then goes on with a count that would take hours; the --timeout watchdog stops it should DuckDB not look
    at the signal (it looks between its tasks), and that, too, ends in the KeyboardInterrupt."""
    root = _project(tmp_path)
    # As rows: the statement is given as text (the read-only check would already read the pipe).
    connection = DuckDBConnection(duckdb, root, by_column=False)
    gate = root / "exports" / "gate.csv"
    os.mkfifo(gate)

    def interrupt_once_running() -> None:
        while True:
            try:
                writer = os.open(gate, os.O_WRONLY | os.O_NONBLOCK)  # succeeds once DuckDB has it open
                break
            except OSError:
                time.sleep(0.005)
        os.kill(os.getpid(), signal.SIGINT)
        os.write(writer, b"a\n1\n")
        os.close(writer)

    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal
    sender = threading.Thread(target=interrupt_once_running, daemon=True)
    sender.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            connection.run("SELECT count(*) AS value FROM range(1000000000000) r, read_csv('exports/gate.csv') g "
                           "WHERE hash(r.range + g.a) % 7 = 3", timeout=10)
    finally:
        sender.join(timeout=30)
        signal.signal(signal.SIGINT, before)
        connection.close()


def test_the_working_folder_is_restored(sandbox):
    _, connection = sandbox
    before = os.getcwd()
    _run(connection, "SELECT * FROM read_csv('exports/opportunities.csv', delim = ';')")
    assert os.getcwd() == before


@pytest.mark.parametrize("text", [
    "SELECT * FROM query('COPY (SELECT 1) TO ''exports/out.csv''')",
    "SELECT * FROM query('ATTACH ''exports/new.duckdb''')",
    "SELECT * FROM query('CREATE TABLE t AS SELECT 1')",
])
def test_a_select_cannot_smuggle_a_write_in(sandbox, text):
    # query() runs a statement from a string at run time: DuckDB itself allows only a SELECT there.
    root, connection = sandbox
    with pytest.raises(QueryFailed, match="single SELECT"):
        _run(connection, text)
    assert sorted(p.name for p in (root / "exports").iterdir()) == ["opportunities.csv"]


def test_a_query_returning_more_than_a_data_file_holds(sandbox, monkeypatch):
    import partnerscore.pull.duck

    monkeypatch.setattr(partnerscore.pull.duck, "MAX_ROWS", 3)  # a data file holds 5,000,000 values
    _, connection = sandbox
    assert len(_run(connection, "SELECT * FROM range(3)").rows) == 3
    with pytest.raises(QueryFailed, match="returned more than .* rows, more than a data file holds"):
        _run(connection, "SELECT * FROM range(4)")


def test_connections_give_back_the_signal_wakeup_fd_in_any_order(tmp_path):
    """The signal watch is one for the process (Python has one wakeup fd): closed in any order, the
    connections leave the fd as they found it (none), never pointing at a pipe already closed."""
    root = _project(tmp_path)
    first, second = DuckDBConnection(duckdb, root), DuckDBConnection(duckdb, root)
    first.close()
    watched = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(watched)  # put back at once
    assert watched != -1  # still watched for the second
    second.close()
    assert signal.set_wakeup_fd(-1) == -1
