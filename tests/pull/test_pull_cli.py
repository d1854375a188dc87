"""`partnerscore pull` through the real entry point: modes, exit codes, what it prints and what it writes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from pull.projects import make_project


def _values(rows: str) -> str:
    """A query returning literal rows: `2026-11-02 mql 7; …` as VALUES."""
    parts = []
    for row in rows.split(";"):
        day, metric, value = row.split()
        parts.append(f"(DATE '{day}', '{metric}', {value})")
    return f"SELECT * FROM (VALUES {', '.join(parts)}) AS t(date, metric, value)\n"


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj", {
        "queries/acme.sql": _values("2026-11-02 mql 7; 2026-11-09 mql 9"),
        "data/acme.csv": "date,metric,value\n2026-11-02,mql,7\n2026-11-02,sql,2\n",
    })


def test_dry_run_says_what_would_change_and_writes_nothing(proj):
    run = run_cli("pull", "--dry-run", cwd=proj)
    assert run.code == 0, run.stderr
    assert run.stdout == ("acme  data/acme.csv  1 series (mql): 1 added, 0 changed, 0 removed; "
                          "would be written (dry run)\n"
                          "Pulled 1 partnership: 1 file would be written, 0 unchanged; nothing written.\n")
    assert (proj / "data" / "acme.csv").read_text() == "date,metric,value\n2026-11-02,mql,7\n2026-11-02,sql,2\n"


def test_check_exits_1_while_a_file_would_change_and_0_once_pulled(proj):
    check = run_cli("pull", "--check", cwd=proj)
    assert check.code == 1 and "would change" in check.stdout
    assert (proj / "data" / "acme.csv").read_text() == "date,metric,value\n2026-11-02,mql,7\n2026-11-02,sql,2\n"
    pulled = run_cli("pull", cwd=proj)
    assert pulled.code == 0 and "; written" in pulled.stdout
    assert (proj / "data" / "acme.csv").read_text() == (
        "date,metric,value\n2026-11-02,mql,7\n2026-11-02,sql,2\n2026-11-09,mql,9\n")
    again = run_cli("pull", "--check", cwd=proj)
    assert again.code == 0, again.stdout
    assert "1 series (mql): 0 added, 0 changed, 0 removed; unchanged" in again.stdout


def test_an_unchanged_file_is_not_rewritten(proj):
    assert run_cli("pull", cwd=proj).code == 0
    path = proj / "data" / "acme.csv"
    before = path.stat()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns - 10_000_000_000))  # ten seconds back
    older = path.stat()
    run = run_cli("pull", cwd=proj)
    assert run.code == 0 and "unchanged" in run.stdout
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (older.st_ino, older.st_mtime_ns)
    assert [p.name for p in (proj / "data").iterdir()] == ["acme.csv"]  # no temporary file left behind


def test_a_bad_row_leaves_the_file_untouched_and_the_others_are_pulled(proj):
    make_project(proj, {"queries/acme.sql": "SELECT * FROM (VALUES ('2026-11-02', 'mql', '7'), ('11/09/2026', "
                                            "'mql', '9'), ('2026-11-16', 'mql', 'lots')) t(date, metric, value)\n",
                        "queries/globex.sql": _values("2026-11-02 mql 1")}, scorecards=("acme", "globex"))
    run = run_cli("pull", cwd=proj)
    assert run.code == 1, run.stderr
    assert run.stderr.splitlines() == [
        "partnerscore: queries/acme.sql: row 2: date '11/09/2026' is not an ISO date; write YYYY-MM-DD: "
        "2026-11-09 if it is month/day/year (US style), 2026-09-11 if day/month/year",
        "partnerscore: queries/acme.sql: row 3: value 'lots' is not a number; write e.g. 42, 4.2 or 30%",
    ]
    assert (proj / "data" / "acme.csv").read_text() == "date,metric,value\n2026-11-02,mql,7\n2026-11-02,sql,2\n"
    assert (proj / "data" / "globex.csv").read_text() == "date,metric,value\n2026-11-02,mql,1\n"
    assert "acme    data/acme.csv    bad rows; nothing written" in run.stdout


def test_the_worst_exit_code_wins_after_every_partnership_ran(proj):
    make_project(proj, {"queries/acme.sql": "SELECT 'x' AS date, 'mql' AS metric, 1 AS value\n",
                        "queries/globex.sql": "SELECT * FROM no_such_table\n",
                        "queries/initech.sql": _values("2026-11-02 mql 3")},
                 scorecards=("acme", "globex", "initech"))
    run = run_cli("pull", cwd=proj)
    assert run.code == 2  # globex's failed query (2) over acme's bad row (1)
    assert "queries/globex.sql: Catalog Error: Table with name no_such_table does not exist!" in run.stderr
    assert (proj / "data" / "initech.csv").read_text() == "date,metric,value\n2026-11-02,mql,3\n"
    assert run.stdout.splitlines()[-1] == "Pulled 3 partnerships: 1 file written, 0 unchanged, 2 failed."


def test_no_rows_is_a_warning_and_changes_nothing(proj):
    (proj / "queries" / "acme.sql").write_text("SELECT DATE '2026-11-02' AS date, 'mql' AS metric, 1 AS value "
                                               "WHERE false\n")
    run = run_cli("pull", cwd=proj)
    assert run.code == 0
    assert run.stderr == ("partnerscore: queries/acme.sql: warning: no rows: nothing changed (a filter that "
                          "matches nothing looks the same)\n")
    assert (proj / "data" / "acme.csv").read_text() == "date,metric,value\n2026-11-02,mql,7\n2026-11-02,sql,2\n"


def test_ids_choose_the_queries(proj):
    make_project(proj, {"queries/globex.sql": _values("2026-11-02 mql 1")}, scorecards=("acme", "globex"))
    run = run_cli("pull", "globex", cwd=proj)
    assert run.code == 0 and run.stdout.startswith("globex  data/globex.csv")
    assert "acme" not in run.stdout
    missing = run_cli("pull", "initech", "acme", cwd=proj)
    assert missing.code == 2 and "no query file for initech: expected queries/initech.sql" in missing.stderr


def test_no_queries_is_a_usage_error(tmp_path):
    root = make_project(tmp_path / "proj")
    run = run_cli("pull", cwd=root)
    assert run.code == 2 and "no folder queries/" in run.stderr
    (root / "queries").mkdir()
    run = run_cli("pull", cwd=root)
    assert run.code == 2 and "no query files in queries/" in run.stderr


def test_a_query_without_a_scorecard(proj):
    (proj / "queries" / "initech.sql").write_text(_values("2026-11-02 mql 1"))
    run = run_cli("pull", "initech", cwd=proj)
    assert run.code == 2
    assert "queries/initech.sql: no scorecard in scorecards/ has the id 'initech' (PS801)" in run.stderr
    assert not (proj / "data" / "initech.csv").exists()


def test_the_scorecards_data_file_is_the_one_written(proj):
    (proj / "scorecards" / "acme.yaml").write_text("partnership: Acme\ndata: ../numbers/acme-2026.csv\n")
    assert run_cli("pull", cwd=proj).code == 0
    assert (proj / "numbers" / "acme-2026.csv").read_text() == "date,metric,value\n2026-11-02,mql,7\n2026-11-09,mql,9\n"


def test_a_scorecard_whose_id_is_not_its_file_name(proj):
    (proj / "scorecards" / "acme.yaml").unlink()
    (proj / "scorecards" / "acme-corp.yaml").write_text("partnership: Acme\nid: acme\n")
    assert run_cli("pull", cwd=proj).code == 0
    assert "2026-11-09,mql,9" in (proj / "data" / "acme.csv").read_text()


def test_an_unknown_source(proj):
    (proj / "queries" / "acme.sql").write_text("-- source: warehose\nSELECT 1\n")
    (proj / "pyproject.toml").write_text('[tool.partnerscore.sources]\nwarehouse = "duckdb:///w.duckdb"\n')
    run = run_cli("pull", cwd=proj)
    assert run.code == 2
    assert "source 'warehose' is not defined in the settings' sources (defined: warehouse; PS802)" in run.stderr


def test_a_refused_query_names_what_it_refused(proj):
    (proj / "queries" / "acme.sql").write_text("COPY (SELECT 1) TO 'data/acme.csv'\n")
    run = run_cli("pull", cwd=proj)
    assert run.code == 2
    assert run.stderr == ("partnerscore: queries/acme.sql: refused before it ran: the query starts with COPY; a "
                          "query file holds one SELECT (or WITH … SELECT) statement, nothing that writes or "
                          "changes settings\n")


def test_a_byte_order_mark_and_crlf_are_kept(proj):
    (proj / "data" / "acme.csv").write_bytes(b"\xef\xbb\xbfdate,metric,value\r\n2026-11-02,sql,2\r\n")
    assert run_cli("pull", cwd=proj).code == 0
    assert (proj / "data" / "acme.csv").read_bytes() == (
        b"\xef\xbb\xbfdate,metric,value\r\n2026-11-02,mql,7\r\n2026-11-02,sql,2\r\n2026-11-09,mql,9\r\n")


def test_a_malformed_data_file_is_left_alone(proj):
    (proj / "data" / "acme.csv").write_text("day;metric;value\n2026-11-02;mql;7\n")
    run = run_cli("pull", cwd=proj)
    assert run.code == 1
    assert "queries/acme.sql: data/acme.csv:1: no 'date' column" in run.stderr and "fix the file first" in run.stderr
    assert (proj / "data" / "acme.csv").read_text() == "day;metric;value\n2026-11-02;mql;7\n"


@pytest.mark.parametrize("value", ["0", "-5", "nan"])
def test_a_timeout_must_be_positive(proj, value):
    run = run_cli("pull", "--timeout", value, cwd=proj)
    assert run.code == 2 and "--timeout" in run.stderr


def test_help():
    run = run_cli("pull", "--help")
    assert run.code == 0
    for option in ("--dry-run", "--check", "--timeout", "partnerscore[pull]"):
        assert option in run.stdout
    assert "pull" in run_cli("--help").stdout


# --- without the extra ----------------------------------------------------------------------------------------

def test_without_the_extra_pull_names_the_pip_command(proj, tmp_path):
    # A folder first on the path whose `duckdb` cannot be imported, as on a machine without the extra.
    blocked = tmp_path / "blocked"
    (blocked / "duckdb").mkdir(parents=True)
    (blocked / "duckdb" / "__init__.py").write_text("raise ImportError('No module named duckdb')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(blocked), os.environ.get("PYTHONPATH", "")])}
    run = run_cli("pull", cwd=proj, env=env)
    assert run.code == 2
    assert run.stderr == ("partnerscore: error: partnerscore pull needs duckdb, which is not installed; install "
                          "the pull extra: pip install 'partnerscore[pull]'\n")


@pytest.mark.parametrize("args", [["lint"], ["report", "--as-of", "2026-11-20"], ["--help"], ["pull", "--help"],
                                  ["lint", "queries/acme.sql"]])
def test_lint_report_and_help_never_import_the_pull_dependencies(proj, args):
    code = (
        "import sys\n"
        "from partnerscore.cli import main\n"
        f"sys.argv = ['partnerscore', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'duckdb', 'sqlalchemy', 'psycopg'}))\n")
    import subprocess

    proc = subprocess.run([sys.executable, "-c", code], cwd=proj, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


@pytest.mark.parametrize("pid", ["../acme", "queries/acme", ".."])
def test_an_id_is_never_a_path(proj, pid):
    run = run_cli("pull", pid, cwd=proj)
    assert run.code == 2 and "is not a partnership id" in run.stderr
