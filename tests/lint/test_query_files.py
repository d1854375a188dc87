"""Query files in a lint run: which files are query files, and one that cannot be read."""

from __future__ import annotations

import json

from conftest import run_cli
from pull.projects import make_project


def test_a_query_file_that_is_not_text_is_ps100(tmp_path):
    root = make_project(tmp_path / "proj", {"queries/acme.sql": ""})
    (root / "queries" / "acme.sql").write_bytes(b"SELECT 'caf\xe9'\n")  # Latin-1, not UTF-8
    run = run_cli("lint", "queries/acme.sql", cwd=root)
    assert run.code == 1
    assert run.stdout.startswith("queries/acme.sql:1:") and " PS100 " in run.stdout


def test_only_the_queries_folders_own_sql_files_are_query_files(tmp_path):
    root = make_project(tmp_path / "proj", {
        "queries/acme.sql": "SELECT 1\n",
        "queries/drafts/globex.sql": "SELECT 1\n",   # pull reads no subfolder: not linted either
        "migrations/001.sql": "CREATE TABLE t (x int)\n",  # the repository's other SQL is not ours
    })
    run = run_cli("lint", "--format", "json", ".", cwd=root)

    paths = {d["path"] for d in json.loads(run.stdout)["diagnostics"]}
    assert not any(path.endswith(".sql") for path in paths), paths
    named = run_cli("lint", "--format", "json", "queries/drafts/globex.sql", cwd=root)
    # Named on its own, a .sql file is a query file: globex has no scorecard.
    assert [d["rule"] for d in json.loads(named.stdout)["diagnostics"]] == ["PS801"]
