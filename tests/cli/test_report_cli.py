"""`partnerscore report` through the real entry point: formats, golden files, exit codes, --output."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import run_cli

FIXTURE = Path(__file__).parent.parent / "fixtures" / "report_project"
GOLDEN = Path(__file__).parent.parent / "golden"
AS_OF = "2026-11-15"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.mark.parametrize("fmt, suffix", [("table", "table"), ("markdown", "md"), ("json", "json"), ("csv", "csv")])
def test_golden(fmt, suffix):
    run = run_cli("report", "--as-of", AS_OF, "--format", fmt, cwd=FIXTURE)
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    golden = GOLDEN / f"report.{suffix}"
    if UPDATE or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(run.stdout, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"{golden} did not exist and was written; check it, then rerun")
    expected = golden.read_text(encoding="utf-8")
    assert run.stdout == expected, f"rerun with UPDATE_GOLDEN=1 if {golden.name} should change"


def test_json_numbers_match_spec_worked_example():
    run = run_cli("report", "--as-of", AS_OF, "--format", "json", "scorecards/northwind.yaml", cwd=FIXTURE)
    data = json.loads(run.stdout)
    (nw,) = data["partnerships"]
    pipe = next(m for m in nw["metrics"] if m["id"] == "influenced_pipeline")
    # 230000 by day 46 of Q4's 92 → 460000 ≥ 500000 − 50000 → at-risk.
    assert (pipe["actual"], pipe["projected"], pipe["status"]) == (230000, 460000, "at-risk")
    assert nw["status"] == "off-track" and data["as_of"] == AS_OF


def test_no_scorecards_folder_is_a_usage_error(tmp_path):
    run = run_cli("report", cwd=tmp_path)
    assert run.code == 2
    assert "no scorecards/ folder here" in run.stderr and "Traceback" not in run.stderr


def test_empty_scorecards_folder_is_a_usage_error(project):
    run = run_cli("report", cwd=project)
    assert run.code == 2 and "no scorecards in scorecards/" in run.stderr


def test_missing_path_and_bad_options_exit_2(proj):
    assert run_cli("report", "nope.yaml", cwd=proj).code == 2
    bad_date = run_cli("report", "--as-of", "15/11/2026", cwd=proj)
    assert bad_date.code == 2 and "YYYY-MM-DD" in bad_date.stderr
    assert run_cli("report", "--fail-on", "no-data", cwd=proj).code == 2
    assert run_cli("report", "--format", "xml", cwd=proj).code == 2


def test_invalid_scorecard_is_skipped_with_diagnostics_and_exit_1(proj):
    (proj / "scorecards" / "broken.yaml").write_text("partnership: Broken\ntype: referal\n")
    run = run_cli("report", "--as-of", AS_OF, "--format", "json", cwd=proj)
    assert run.code == 1
    ids = [p["id"] for p in json.loads(run.stdout)["partnerships"]]
    assert ids == ["acme", "northwind"]  # the rest is still reported
    lines = run.stderr.splitlines()
    assert any(line.startswith("scorecards/broken.yaml:2:7: PS104 ") for line in lines), run.stderr
    assert any(line.startswith("scorecards/broken.yaml:1:1: PS103 ") for line in lines), run.stderr
    assert "skipped 1 invalid scorecard (scorecards/broken.yaml)" in run.stderr


def test_a_saved_report_says_which_scorecards_it_left_out(proj):
    # stderr never reaches a file, a PR comment or a step summary: each format says it too.
    (proj / "scorecards" / "broken.yaml").write_text("partnership: Broken\ntype: referal\n")
    data = json.loads(run_cli("report", "--as-of", AS_OF, "--format", "json", cwd=proj).stdout)
    # broken.yaml's problems, in lint's order: six missing fields (PS103 at 1:1), then the type at 2:7.
    missing = ["drivers", "goal", "health", "lead", "outcomes", "partner"]
    assert [(d["path"], d["line"], d["column"], d["rule"]) for d in data["problems"]] == [
        *[("scorecards/broken.yaml", 1, 1, "PS103")] * len(missing), ("scorecards/broken.yaml", 2, 7, "PS104")]
    assert [d["message"] for d in data["problems"][:6]] == [
        f"missing required field '{name}' in the scorecard" for name in missing]
    markdown = run_cli("report", "--as-of", AS_OF, "--format", "markdown", cwd=proj).stdout
    assert "> **7 problems kept some scorecards out of this report.** Run `partnerscore lint`" in markdown
    assert "> - `scorecards/broken.yaml:2:7` PS104 " in markdown
    table = run_cli("report", "--as-of", AS_OF, env={"COLUMNS": "120"}, cwd=proj).stdout
    assert "7 problems kept some scorecards out of this report: scorecards/broken.yaml." in table
    clean = run_cli("report", "--as-of", AS_OF, "--format", "markdown", "scorecards/acme.yaml", cwd=proj).stdout
    assert "kept some scorecards out" not in clean


@pytest.mark.parametrize("level, code", [("off-track", 1), ("at-risk", 1)])
def test_fail_on_hits_when_a_partnership_is_that_bad(proj, level, code):
    # Northwind is off-track (partner-sourced revenue): both levels trip.
    run = run_cli("report", "--as-of", AS_OF, "--fail-on", level, "--format", "json", cwd=proj)
    assert run.code == code
    assert json.loads(run.stdout)["partnerships"]  # the report is still printed


def test_fail_on_off_track_passes_when_worst_is_at_risk(proj):
    # Acme alone is at-risk (installs 112 < 120 but ≥ 120 − 12).
    assert run_cli("report", "scorecards/acme.yaml", "--as-of", AS_OF, "--fail-on", "off-track",
                   "--format", "csv", cwd=proj).code == 0
    assert run_cli("report", "scorecards/acme.yaml", "--as-of", AS_OF, "--fail-on", "at-risk",
                   "--format", "csv", cwd=proj).code == 1


def test_fail_on_does_not_pass_silently_when_a_partnership_has_no_data_at_all(proj):
    # Acme's CSV deleted: every metric is no-data, so Acme's status is no-data. SPEC.md ranks no-data
    # below at-risk (the attention order), so the gate is not hit (exit 0), but stderr says Acme was not judged.
    (proj / "data" / "acme.csv").unlink()
    for level in ("at-risk", "off-track"):
        run = run_cli("report", "scorecards/acme.yaml", "--as-of", AS_OF, "--fail-on", level, "--format", "csv",
                      cwd=proj)
        assert run.code == 0
        assert run.stderr == (f"partnerscore: warning: --fail-on {level}: acme has no data for any outcome, so "
                              "could not be judged and did not fail the gate; `partnerscore lint` names the data "
                              "that is missing\n")
    # Without --fail-on there is no gate to warn about.
    assert run_cli("report", "scorecards/acme.yaml", "--as-of", AS_OF, "--format", "csv", cwd=proj).stderr == ""


def test_a_value_too_large_to_compute_with_is_a_named_bad_row_in_report_and_lint(proj):
    # Two 1e308 rows for connector_revenue (a monthly sum): together 2e308, past float's 1.8e308, which
    # crashed the report. The CSV grammar takes numbers up to 1e15: both rows are PS604 at their cells
    # (line 6 and 7, column 13 after "2026-11-1x,,"), left out, exit 1; November's sum is the 11,000 of 11-09.
    with (proj / "data" / "acme.csv").open("a") as csv_file:
        csv_file.write("2026-11-10,,1e308,,,,,,,\n2026-11-11,,1e308,,,,,,,\n")
    run = run_cli("report", "scorecards/acme.yaml", "--as-of", AS_OF, "--format", "json", cwd=proj)
    assert run.code == 1
    shown = json.loads(run.stdout)
    message = "value '1e308' is too large: numbers go up to 1e15 in size (a quadrillion)"
    assert [(d["line"], d["column"], d["rule"], d["message"]) for d in shown["problems"]] == [
        (6, 13, "PS604", message), (7, 13, "PS604", message)]
    [revenue] = [m for m in shown["partnerships"][0]["metrics"] if m["id"] == "connector_revenue"]
    assert revenue["actual"] == 11000
    assert f"data/acme.csv:6:13: PS604 {message}" in run.stderr
    lint = run_cli("lint", "data/acme.csv", "--as-of", AS_OF, cwd=proj)
    assert lint.code == 1 and f"data/acme.csv:7:13: PS604 {message}" in lint.stdout


def test_csv_path_reports_its_scorecard(proj):
    run = run_cli("report", "data/acme.csv", "--as-of", AS_OF, "--format", "json", cwd=proj)
    assert run.code == 0 and [p["id"] for p in json.loads(run.stdout)["partnerships"]] == ["acme"]


def test_stray_csv_alone_is_a_usage_error(proj):
    (proj / "data" / "stray.csv").write_text("date,metric,value\n")
    run = run_cli("report", "data/stray.csv", cwd=proj)
    assert run.code == 2
    assert "data/stray.csv: no scorecard uses this file" in run.stderr


def test_output_is_written_and_never_overwritten_without_force(proj):
    out = proj / "out" / "report.md"
    first = run_cli("report", "--as-of", AS_OF, "-f", "markdown", "--output", "out/report.md", cwd=proj)
    assert first.code == 0 and first.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Partnership report, 2026-11-15\n")
    assert "Wrote out/report.md" in first.stderr

    out.write_text("keep me")
    refused = run_cli("report", "--as-of", AS_OF, "-f", "markdown", "--output", "out/report.md", cwd=proj)
    assert refused.code == 2 and "already exists" in refused.stderr and "--force" in refused.stderr
    assert out.read_text() == "keep me"

    forced = run_cli("report", "--as-of", AS_OF, "-f", "csv", "-o", "out/report.md", "--force", cwd=proj)
    assert forced.code == 0 and out.read_text().startswith("partnership_id,partnership,layer,")


def test_output_table_is_plain_text(proj):
    run = run_cli("report", "--as-of", AS_OF, "-o", "report.txt", cwd=proj, env={"FORCE_COLOR": "1"})
    text = (proj / "report.txt").read_text(encoding="utf-8")
    assert run.code == 0 and "\x1b" not in text and "Northwind referrals — off track" in text


def test_unwritable_output_exits_2(proj):
    (proj / "afile").write_text("x")
    run = run_cli("report", "--as-of", AS_OF, "-o", "afile/report.md", cwd=proj)
    assert run.code == 2 and "Traceback" not in run.stderr and "afile" in run.stderr


def test_html_format_is_a_document(proj):
    run = run_cli("report", "--as-of", AS_OF, "--format", "html", cwd=proj)
    assert run.code == 0, run.stderr
    assert "<html" in run.stdout.lower() and "Northwind referrals" in run.stdout


def test_report_does_not_modify_project_files(proj):
    before = {p: p.read_bytes() for p in proj.rglob("*") if p.is_file()}
    run_cli("report", "--as-of", AS_OF, cwd=proj)
    assert {p: p.read_bytes() for p in proj.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("target, args", [
    ("scorecards/northwind.yaml", []),
    ("data/northwind.csv", []),
    ("data/northwind.csv", ["scorecards/northwind.yaml"]),   # the CSV of a scorecard named alone
    ("scorecards/northwind.yaml", ["data/northwind.csv"]),
])
def test_output_never_overwrites_an_input_even_with_force(proj, target, args):
    # SPEC.md: no command modifies a scorecard, CSV or decision note. `-f csv -o data/northwind.csv
    # --force` is one slip of the fingers from `-o report.csv`; it would wipe the metric values.
    before = (proj / target).read_bytes()
    run = run_cli("report", *args, "--as-of", AS_OF, "-f", "csv", "-o", target, "--force", cwd=proj)
    assert run.code == 2
    assert f"{target} is an input of this report" in run.stderr
    assert (proj / target).read_bytes() == before


@pytest.mark.parametrize("settings", ["pyproject.toml", "partnerscore.toml"])
def test_output_never_overwrites_the_settings_or_a_query_even_with_force(proj, settings):
    (proj / settings).write_text("[tool.partnerscore]\ntolerance = 0.1\n" if settings == "pyproject.toml"
                                 else "tolerance = 0.1\n", encoding="utf-8")
    (proj / "queries").mkdir()
    (proj / "queries" / "acme.sql").write_text("SELECT 1\n", encoding="utf-8")
    for target in (settings, "queries/acme.sql"):
        before = (proj / target).read_bytes()
        run = run_cli("report", "--as-of", AS_OF, "-f", "json", "-o", target, "--force", cwd=proj)
        assert run.code == 2, run.stderr
        assert f"{target} is an input of this report" in run.stderr
        assert (proj / target).read_bytes() == before


@pytest.mark.parametrize("target", ["scorecards/report.yaml", "data/report.csv", "reviews/acme/report.yaml"])
def test_output_never_lands_where_the_project_would_read_it_back(proj, target):
    run = run_cli("report", "--as-of", AS_OF, "-f", "csv", "-o", target, cwd=proj)
    assert run.code == 2
    assert f"{target} is in the {target.split('/')[0]} folder, where partnerscore would read it back" in run.stderr
    assert not (proj / target).exists()
    # Another kind of file there is no project file: written.
    assert run_cli("report", "--as-of", AS_OF, "-f", "html", "-o", "data/report.html", cwd=proj).code == 0


def test_output_never_overwrites_a_scorecard_csv_or_note_even_with_force(proj):
    # SPEC.md: "No command modifies a scorecard, CSV or decision note" — --force is for other files.
    inputs = [p for p in proj.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv")]
    assert any(p.parts[-2] == "scorecards" for p in inputs) and any(p.suffix == ".csv" for p in inputs)
    before = {p: p.read_bytes() for p in inputs}
    for path in inputs:
        relative = path.relative_to(proj).as_posix()
        run = run_cli("report", "--as-of", AS_OF, "-f", "json", "-o", relative, "--force", cwd=proj)
        assert run.code == 2, (relative, run.stderr)
        assert "is an input of this report" in run.stderr
    assert {p: p.read_bytes() for p in inputs} == before


def _to_long(wide: str) -> str:
    lines = wide.splitlines()
    series = lines[0].split(",")[1:]
    rows = ["date,metric,value"]
    for line in lines[1:]:
        day, *cells = line.split(",")
        rows += [f"{day},{name},{cell}" for name, cell in zip(series, cells, strict=True) if cell != ""]
    return "\n".join(rows) + "\n"


def test_long_and_wide_csvs_give_the_identical_report(proj):
    # The fixture's acme.csv is wide; the same values written long must give byte-identical JSON.
    wide = (proj / "data" / "acme.csv").read_text(encoding="utf-8")
    assert wide.startswith("date,active_installs,")
    before = run_cli("report", "--as-of", AS_OF, "-f", "json", "scorecards/acme.yaml", cwd=proj)
    (proj / "data" / "acme.csv").write_text(_to_long(wide), encoding="utf-8")
    after = run_cli("report", "--as-of", AS_OF, "-f", "json", "scorecards/acme.yaml", cwd=proj)
    assert before.code == after.code == 0, (before.stderr, after.stderr)
    assert any(m["actual"] is not None for m in json.loads(after.stdout)["partnerships"][0]["metrics"])
    assert after.stdout == before.stdout


def test_output_never_overwrites_a_csv_that_data_points_to_outside_the_data_folder(proj):
    # `data:` may point anywhere; the CSV it names is an input however it is reached.
    outside = proj / "exports" / "acme-values.csv"
    outside.parent.mkdir()
    (proj / "data" / "acme.csv").rename(outside)
    card = proj / "scorecards" / "acme.yaml"
    card.write_text("data: ../exports/acme-values.csv\n" + card.read_text(encoding="utf-8"), encoding="utf-8")
    before = outside.read_bytes()
    run = run_cli("report", "--as-of", AS_OF, "-f", "csv", "-o", "exports/acme-values.csv", "--force", cwd=proj)
    assert run.code == 2, run.stderr
    assert "exports/acme-values.csv is an input of this report" in run.stderr
    assert outside.read_bytes() == before
