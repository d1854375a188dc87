"""Rows of a shared CSV whose `partnership` is no scorecard reading it: named by lint (PS606) and, for a near
miss of an id, counted as lost by the report (exit 1); judged only when every reader is known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import run_cli

CASES = Path(__file__).parent.parent / "rule_cases" / "PS606.yaml"
AS_OF = "2026-11-20"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """acme and beta sharing data/shared.csv, which also holds 2 values for 'Acme' (line 22) and 1 for
    'gamma' (line 24): the PS606 rule case, as a project."""
    case = next(c for c in yaml.safe_load(CASES.read_text(encoding="utf-8"))["bad"]
                if c["name"].startswith("rows of a shared CSV"))
    files = {"acme.yaml": case["text"], **case["files"]}
    for name, text in files.items():
        path = tmp_path / (name if "/" in name else f"scorecards/{name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_lint_names_the_rows_of_no_reader_when_it_sees_every_scorecard(project: Path):
    # The whole project (named or not), every scorecard, or the CSV alone (pre-commit).
    for args in ([], ["."], ["scorecards", "data"], ["data/shared.csv"]):
        run = run_cli("lint", "--as-of", AS_OF, *args, cwd=project)
        assert run.code == 1, run.stdout
        assert "data/shared.csv:22:25: PS606 2 values for partnership 'Acme'" in run.stdout
        assert "data/shared.csv:24:25: PS606 1 value for partnership 'gamma'" in run.stdout
    # One scorecard alone: its CSV's other readers are not known, so no row is called no one's.
    alone = run_cli("lint", "--as-of", AS_OF, "scorecards/beta.yaml", cwd=project)
    assert "for partnership" not in alone.stdout


def test_report_counts_the_near_miss_as_lost_to_its_partnership(project: Path):
    run = run_cli("report", "--as-of", AS_OF, "--format", "json", cwd=project)
    assert run.code == 1
    data = json.loads(run.stdout)
    assert [(d["path"], d["line"], d["column"], d["rule"]) for d in data["problems"]] == [
        ("data/shared.csv", 22, 25, "PS606")]
    assert "did you mean 'acme'?" in data["problems"][0]["message"]
    # Acme's revenue is its own row only: 120000 (the 5000 dated 2026-11-09 under 'Acme' is lost).
    acme = next(p for p in data["partnerships"] if p["id"] == "acme")
    assert next(m for m in acme["metrics"] if m["id"] == "revenue")["actual"] == 120000
    assert "acme: 2 rows of data/shared.csv left out: 2 under misspelt partnership 'Acme'" in run.stderr
    # 'gamma' is near no id: a warning in lint, not a report problem. Beta loses nothing.
    assert "gamma" not in run.stderr


@pytest.mark.parametrize("paths", [["."], ["scorecards"], ["scorecards/acme.yaml", "scorecards/beta.yaml"]])
def test_report_of_every_scorecard_by_path_judges_as_with_none(project: Path, paths: list[str]):
    run = run_cli("report", "--as-of", AS_OF, "--format", "json", *paths, cwd=project)
    assert run.code == 1
    assert [d["line"] for d in json.loads(run.stdout)["problems"]] == [22]


def test_report_of_one_scorecard_does_not_judge_the_other_rows(project: Path):
    run = run_cli("report", "--as-of", AS_OF, "--format", "json", "scorecards/acme.yaml", cwd=project)
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["problems"] == []


def test_another_partners_id_spelt_alike_is_a_warning_not_a_lost_row(project: Path):
    # 'acme-ltd' is spelt like 'acme' (difflib would suggest it) but is three letters more: another partner,
    # whose rows may wait for a scorecard. A warning in lint; not a row the report lost (exit 0).
    shared = project / "data" / "shared.csv"
    shared.write_text(shared.read_text(encoding="utf-8").replace(",Acme\n", ",acme-ltd\n"), encoding="utf-8")
    lint = run_cli("lint", "--as-of", AS_OF, "data/shared.csv", cwd=project)
    assert ("PS606 2 values for partnership 'acme-ltd', which no scorecard reading this file has: no report"
            in lint.stdout)
    run = run_cli("report", "--as-of", AS_OF, "--format", "json", cwd=project)
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["problems"] == []


def test_rows_of_a_partnership_whose_scorecard_reads_another_file_say_where_they_belong(project: Path):
    # 'gamma' has a scorecard of its own, reading data/gamma.csv: its row in the shared file is misplaced.
    beta = (project / "scorecards" / "beta.yaml").read_text(encoding="utf-8")
    gamma = beta.replace("Beta", "Gamma").replace("data: ../data/shared.csv\n", "")
    (project / "scorecards" / "gamma.yaml").write_text(gamma, encoding="utf-8")
    (project / "data" / "gamma.csv").write_text("date,metric,value\n", encoding="utf-8")
    run = run_cli("lint", "--as-of", AS_OF, cwd=project)
    assert ("data/shared.csv:24:25: PS606 1 value for partnership 'gamma', whose scorecard scorecards/gamma.yaml "
            "reads data/gamma.csv, not this file: no report shows it; move it there, or point its data: here"
            in run.stdout), run.stdout
