"""`partnerscore init ID --program PROGRAM`: a short scorecard that extends the program and lints without
errors, leaving the partner's own fields as TBD warnings."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import run_cli
from program_helpers import BASE, GOLD, write_project


def _lint(root: Path, *paths: str) -> dict:
    run = run_cli("lint", *paths, "--format", "json", "--as-of", "2026-11-20", cwd=root)
    return json.loads(run.stdout)


def test_init_from_a_tier_lints_without_errors(tmp_path: Path):
    write_project(tmp_path, {"programs/base.yaml": BASE, "programs/gold.yaml": GOLD})
    run = run_cli("init", "acme", "--program", "gold", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert "Wrote scorecards/acme.yaml" in run.stdout and "Wrote data/acme.csv" in run.stdout
    text = (tmp_path / "scorecards" / "acme.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["extends"] == "gold"
    assert (data["partnership"], data["partner"]) == ("Acme", "TBD: partner organisation")
    # Every metric of the merged program (base's eight and gold's joint_calls) gets its partner owner to name.
    assert set(data["metrics"]) == {"revenue", "pipeline", "referrals", "mql_to_sql", "enablements", "nps",
                                    "escalations", "response_days", "joint_calls"}
    assert all(fields == {"partner_owner": "TBD: owner at the partner"} for fields in data["metrics"].values())
    # Short: the program gives the rest.
    assert "goal" not in data and "outcomes" not in data and len(text.splitlines()) < 40
    result = _lint(tmp_path, "scorecards/acme.yaml")
    assert result["summary"]["errors"] == 0, result["diagnostics"]
    placeholders = [d for d in result["diagnostics"] if d["rule"] == "PS304"]
    assert len(placeholders) == 1 + 9  # the partner and each partner owner


def test_init_fills_what_the_program_leaves_open(tmp_path: Path):
    # A program without lead or goal, a metric without owner and one without target: each a TBD to replace.
    program = ("program: Thin\ntype: referral\noutcomes:\n"
               "  - {id: revenue, name: Revenue, owner: Dana, target: 10, baseline: 5}\n"
               "  - {id: pipeline, name: Pipeline, target: 10, baseline: 5}\n"
               "  - {id: customers, name: Customers, owner: Dana}\n")
    write_project(tmp_path, {"programs/thin.yaml": program})
    run = run_cli("init", "acme", "--program", "thin", "--name", "Acme & Co: referrals", cwd=tmp_path)
    assert run.code == 0, run.stderr
    data = yaml.safe_load((tmp_path / "scorecards" / "acme.yaml").read_text(encoding="utf-8"))
    assert data["partnership"] == "Acme & Co: referrals"
    assert data["lead"].startswith("TBD") and data["goal"].startswith("TBD")
    assert data["metrics"]["pipeline"]["owner"].startswith("TBD")
    assert data["metrics"]["customers"]["target"] == 0
    result = _lint(tmp_path, "scorecards/acme.yaml")
    # The program has no drivers or health layer (its business, not init's); nothing init wrote is an error.
    errors = [d["message"] for d in result["diagnostics"] if d["severity"] == "error"]
    assert errors == ["missing required field 'drivers' in the scorecard",
                      "missing required field 'health' in the scorecard"]


def test_init_with_an_unknown_or_broken_program_is_a_usage_error(tmp_path: Path):
    write_project(tmp_path, {"programs/base.yaml": BASE, "programs/broken.yaml": "program: B\nextends: nope\n"})
    unknown = run_cli("init", "acme", "--program", "bsae", cwd=tmp_path)
    assert unknown.code == 2
    assert "unknown program 'bsae'" in unknown.stderr and "did you mean 'base'?" in unknown.stderr
    broken = run_cli("init", "acme", "--program", "broken", cwd=tmp_path)
    assert broken.code == 2
    assert "program 'broken' has errors" in broken.stderr and "programs/broken.yaml:2:10" in broken.stderr
    assert not (tmp_path / "scorecards" / "acme.yaml").exists()
    neither = run_cli("init", "acme", cwd=tmp_path)
    assert neither.code == 2 and "--type TYPE" in neither.stderr and "--program PROGRAM" in neither.stderr
    both = run_cli("init", "acme", "--program", "base", "--type", "integration", cwd=tmp_path)
    assert both.code == 2 and "program 'base' sets type referral" in both.stderr
