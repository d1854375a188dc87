"""The repository's own example: a CRM export and the query that feeds Northwind's influenced pipeline."""

from __future__ import annotations

import csv
import shutil

from conftest import REPO, run_cli

EXPORT = REPO / "exports" / "opportunities.csv"


def test_the_example_data_matches_the_export():
    run = run_cli("pull", "--check", cwd=REPO)
    assert run.code == 0, run.stdout + run.stderr
    assert "northwind  data/northwind.csv  1 series (influenced_pipeline): 0 added, 0 changed, 0 removed; " \
           "unchanged" in run.stdout


def test_the_export_is_as_awkward_as_a_real_one():
    text = EXPORT.read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    assert b"\r\n" in EXPORT.read_bytes() and len(rows) > 100  # CRLF, as spreadsheets write
    assert {"Partner", "Amount", "Created Date"} <= set(rows[0])
    assert all("," in row["Amount"] and "." not in row["Amount"] for row in rows)  # decimal commas
    assert all(row["Created Date"][2] == "/" and row["Created Date"][5] == "/" for row in rows)  # MM/DD/YYYY
    assert {"Northwind Consulting", "Alder & Finch Advisory", "Kestrel Software", ""} <= {r["Partner"] for r in rows}
    assert any(";" in row["Opportunity Name"] for row in rows)  # a quoted field holding the separator


def test_the_query_is_lint_clean():
    run = run_cli("lint", "queries/northwind.sql", cwd=REPO)
    assert run.code == 0 and "All checks passed: 1 file" in run.stdout, run.stdout


def test_a_changed_amount_changes_only_its_weeks_row(tmp_path):
    root = tmp_path / "repo"
    for name in ("scorecards", "data", "reviews", "queries", "exports"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    export = root / "exports" / "opportunities.csv"
    # OPP-20260305, created Wed 2026-04-08 (the week of Mon 04-06), goes from 12,750.00 to 13,750.00.
    old = "Northwind Consulting;Sourced;Closed Lost;12750,00;USD;04/08/2026"
    assert export.read_text(encoding="utf-8").count(old) == 1
    export.write_text(export.read_text(encoding="utf-8").replace(old, old.replace("12750,00", "13750,00")),
                      encoding="utf-8")
    before = (root / "data" / "northwind.csv").read_text(encoding="utf-8")
    run = run_cli("pull", cwd=root)
    assert run.code == 0, run.stderr
    assert "0 added, 1 changed, 0 removed; written" in run.stdout
    after = (root / "data" / "northwind.csv").read_text(encoding="utf-8")
    # That week's total was 31,500; 1,000 more is 32,500. Every other line is as it was.
    assert after == before.replace("2026-04-06,influenced_pipeline,31500,", "2026-04-06,influenced_pipeline,32500,")
    assert after != before
