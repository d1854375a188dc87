"""`partnerscore report` through the real entry point: the decisions needed (their cap, the no-duplicate
rule, formula errors) and the CSV a spreadsheet reads. The fixture is tests/fixtures/report_project."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import run_cli

FIXTURE = Path(__file__).parent.parent / "fixtures" / "report_project"
AS_OF = "2026-11-15"


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(FIXTURE, root)
    return root


def report(root: Path, fmt: str, *paths: str, code: int = 0) -> str:
    run = run_cli("report", "--as-of", AS_OF, "--format", fmt, *paths, cwd=root)
    assert run.code == code, run.stderr
    return run.stdout


def northwind_json(root: Path, code: int = 0) -> dict:
    return json.loads(report(root, "json", "scorecards/northwind.yaml", code=code))["partnerships"][0]


def test_at_most_five_decisions_shown_and_json_keeps_them_all():
    # Northwind as of 2026-11-15: the overdue deal-desk decision (due 11-13), two off-track metrics
    # (revenue $100,000 vs $150,000, 33% behind; referrals 28 vs 40, 30% behind), two stale ones (webinars,
    # newest row 11-05; executive meetings, none) and the at-risk pipeline: six. Deal registration time is
    # off track too, but the overdue decision names it (`metric: deal_reg_time`), so it is not proposed.
    needed = northwind_json(FIXTURE)["decisions_needed"]
    assert [(d["kind"], d["metric"]) for d in needed] == [
        ("overdue-decision", "deal_reg_time"), ("off-track", "partner_sourced_revenue"), ("off-track", "referrals"),
        ("stale-data", "partner_webinars"), ("stale-data", "exec_meetings"), ("at-risk", "influenced_pipeline")]
    more = "and 1 more, less urgent (1 at risk); the JSON report (--format json) lists every one"
    for fmt in ("table", "markdown", "html"):
        text = report(FIXTURE, fmt, "scorecards/northwind.yaml")
        assert more in text, fmt
        assert "Executive meetings has no data at all" in text  # the fifth is shown
        assert "$460,000 vs $500,000 target, $40,000 short" not in text  # the sixth is not
    table = report(FIXTURE, "table", "scorecards/northwind.yaml")
    # The block ends at the running experiments listed under it (the fixture's note has one).
    block = table.split("What decision this week?", 1)[1].split("\nRunning experiments\n", 1)[0].splitlines()[1:]
    assert len([line for line in block if not line.lstrip().startswith("- Open decision")]) == 5 + 1


def test_an_open_decision_shows_its_metric_and_stands_for_it(proj: Path):
    note = proj / "reviews/northwind/2026-11-06.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace(
        "    due: 2026-11-27\n", "    due: 2026-11-27\n    metric: referrals\n"), encoding="utf-8")
    p = northwind_json(proj)
    assert [(d["what"], d["metric"]) for d in p["open_decisions"]] == [
        ("Agree a deal-desk SLA with Northwind", "deal_reg_time"),
        ("Move two webinars to the partner's EMEA team", "referrals")]
    kinds = [(d["kind"], d["metric"]) for d in p["decisions_needed"]]
    assert ("off-track", "referrals") not in kinds and ("off-track", "deal_reg_time") not in kinds
    assert ("off-track", "partner_sourced_revenue") in kinds
    table = report(proj, "table", "scorecards/northwind.yaml")
    assert ("Open decision — Move two webinars to the partner's EMEA team (Dana Lee, due 2026-11-27; for "
            "Qualified referrals, off track; from the 2026-11-06 review)") in table
    assert "'Agree a deal-desk SLA with Northwind' (for Deal registration time) was due 2026-11-13" in table
    html = report(proj, "html", "scorecards/northwind.yaml")
    assert '<small class="acts-on" data-metric="referrals">For Qualified referrals, off track</small>' in html
    assert run_cli("lint", "--as-of", AS_OF, cwd=proj).code == 0  # a metric the scorecard has: no PS705


def test_a_formula_lint_rejects_is_a_formula_problem_for_its_owner_not_missing_data(proj: Path):
    card = proj / "scorecards/northwind.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("formula: sql / mql", "formula: sqls / mql"),
                    encoding="utf-8")
    lint = run_cli("lint", "--as-of", AS_OF, "--format", "json", cwd=proj)
    [ps607] = [d for d in json.loads(lint.stdout)["diagnostics"] if d["rule"] == "PS607"]
    # The `sql` rows no formula reads now are a misspelling of `sqls` to lint (PS606 as an error) and to the
    # report, which names them and exits 1 (SPEC.md: the report never hides data it could not use).
    needed = northwind_json(proj, code=1)["decisions_needed"]
    [formula] = [d for d in needed if d["metric"] == "mql_to_sql"]
    assert formula["kind"] == "formula-error" and formula["owner"] == "Priya Shah"
    # Lint's words, its code, and the fix asked of the owner: the formula, not the data.
    assert f"(PS607: {ps607['message']})" in formula["message"]
    assert "Priya Shah to fix its formula `sqls / mql` in scorecards/northwind.yaml" in formula["message"]
    for fmt in ("table", "markdown", "html"):
        text = report(proj, fmt, "scorecards/northwind.yaml", code=1)
        assert "MQL → SQL conversion has no data" not in text and "MQL → SQL conversion cannot be computed" in text
        assert "PS607" in text
        assert "3 rows of data/northwind.csv left out: 3 misspelt series" in " ".join(text.split())
    assert "formula error" in report(proj, "table", "scorecards/northwind.yaml", code=1)


def test_csv_rounds_by_unit_and_has_both_owners_expected_and_the_last_period(proj: Path):
    rows = {row["metric_id"]: row for row in csv.DictReader(io.StringIO(report(proj, "csv")))}
    conversion = rows["trial_conversion"]  # Acme: 8 paid of 30 trials = 0.266666…; October 0.230769…
    assert (conversion["actual"], conversion["previous"]) == ("0.2667", "0.2308")
    assert (conversion["owner"], conversion["partner_owner"]) == ("Ravi Kumar", "Mia Park")
    pipeline = rows["influenced_pipeline"]  # 230,000 by day 46 of 92: expected 500,000 × 46/92 = 250,000
    assert (pipeline["expected"], pipeline["previous"], pipeline["previous_target"]) == ("250000", "400000", "500000")
    # Q3: 400,000 against 500,000 with a 10% band (450,000) → off track then.
    assert pipeline["previous_status"] == "off-track"
    assert rows["deal_reg_time"]["actual"] == "4.2" and rows["exec_meetings"]["actual"] == ""


def test_csv_money_keeps_cents_and_counts_two_decimals(proj: Path):
    data = proj / "data/northwind.csv"
    data.write_text(data.read_text(encoding="utf-8") + "2026-11-12,partner_sourced_revenue,0.125\n"
                    "2026-11-12,referrals,0.333\n", encoding="utf-8")
    rows = {row["metric_id"]: row for row in csv.DictReader(io.StringIO(report(proj, "csv")))}
    # 50,000 + 0.125 = 50,000.125 → cents: 50000.12 (round half to even on the binary value).
    assert rows["partner_sourced_revenue"]["actual"] == "50000.12"
    assert rows["referrals"]["actual"] == "14.33"  # 14 + 0.333, to 2 decimals
