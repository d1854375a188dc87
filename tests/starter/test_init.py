"""`partnerscore init`: starter scorecards that lint clean, written safely, never over a user's files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from partnerscore.model.scorecard import DEFAULT_CADENCE
from partnerscore.starter.scorecard import TYPES, render_scorecard

MODELINE = "# yaml-language-server: $schema=scorecard.schema.json"

# The practitioner's starter set the seed article gives for each type (metric ids in our templates).
EXPECTED_METRICS = {
    "co-marketing": {"influenced_pipeline", "webinars", "leads_per_webinar", "mql_to_sql", "sql_to_opportunity"},
    "integration": {"active_accounts", "installs", "activation_rate", "uptime", "tickets_per_100_installs"},
    "strategic-alliance": {"co_sold_revenue", "joint_pipeline", "forecast_accuracy",
                           "executive_sponsor_satisfaction", "escalations"},
    "referral": {"sourced_revenue", "referrals", "referral_to_qualified", "follow_up_sla"},
}


@pytest.mark.parametrize("kind", TYPES)
def test_init_writes_a_scorecard_that_lints_without_errors(project: Path, kind: str):
    run = run_cli("init", "acme-1", "--type", kind, cwd=project)
    assert run.code == 0, run.stderr
    scorecard = project / "scorecards" / "acme-1.yaml"
    csv = project / "data" / "acme-1.csv"
    assert f"Wrote {Path('scorecards/acme-1.yaml').as_posix()}" in run.stdout
    assert "Wrote data/acme-1.csv" in run.stdout
    text = scorecard.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    assert "{id}" not in text and "{partnership}" not in text and "{schema}" not in text
    # The advice on editor checks refreshes the file the first line points at, beside the scorecard.
    assert "`partnerscore schema > scorecards/scorecard.schema.json` (see the first line)" in text
    assert "docs/scorecard.schema.json" not in text
    assert csv.read_text(encoding="utf-8") == "date,metric,value\n"

    data = yaml.safe_load(text)
    assert data["id"] == "acme-1" and data["type"] == kind and data["partnership"] == "Acme 1"
    assert data["cadence"] == DEFAULT_CADENCE[kind]
    ids = {m["id"] for layer in ("outcomes", "drivers", "health", "operations") for m in data.get(layer, [])}
    assert EXPECTED_METRICS[kind] <= ids
    assert 2 <= len(data["outcomes"]) <= 4 and 4 <= len(data["drivers"]) <= 8
    assert 3 <= len(data["health"]) <= 6 and len(data.get("operations", [])) <= 6
    # Placeholders a person must replace are visible as TBD, never empty.
    assert all(str(m["owner"]).strip() for layer in ("outcomes", "drivers", "health") for m in data[layer])
    assert "TBD" in data["lead"]

    lint = run_cli("lint", "--format", "json", cwd=project)
    report = json.loads(lint.stdout)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert errors == [] and lint.code == 0, errors
    codes = {d["rule"] for d in report["diagnostics"]}
    # What is left for a human: baselines, the partner-side owners and the TBD owners, as warnings.
    assert {"PS401", "PS303", "PS304"} <= codes
    placeholders = {d["line"] for d in report["diagnostics"] if d["rule"] == "PS304"}
    lines = text.splitlines()
    people = ("lead:", "partner:", "owner:", "partner_owner:", "validated_by:")
    tbd_people = {n for n, line in enumerate(lines, 1) if line.lstrip().startswith(people) and '"TBD' in line}
    assert tbd_people and placeholders == tbd_people  # every TBD person the template writes, nothing else
    # The structure itself is sound: balanced categories, drivers tied to outcomes, no vanity metrics.
    assert not codes & {"PS302", "PS501", "PS502", "PS503", "PS504", "PS505"}


def test_the_modeline_names_a_schema_that_init_wrote(tmp_path: Path):
    # A new repository has no docs/scorecard.schema.json: the modeline must name a file that is there, the
    # schema of this version, and a real JSON Schema consumer must accept the starter scorecard with it.
    import subprocess
    import sys

    run = run_cli("init", "acme", "--type", "referral", cwd=tmp_path)
    assert run.code == 0, run.stderr
    scorecard = tmp_path / "scorecards" / "acme.yaml"
    first = scorecard.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = scorecard.parent / first.split("$schema=", 1)[1]
    assert schema.is_file(), f"{first}: no such file"
    assert "Wrote scorecards/scorecard.schema.json" in run.stdout
    assert json.loads(schema.read_text(encoding="utf-8")) == json.loads(run_cli("schema").stdout)
    checker = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run([str(checker), "--schemafile", str(schema), str(scorecard)], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The schema is not a scorecard: lint does not read it.
    assert "scorecard.schema.json" not in run_cli("lint", cwd=tmp_path).stdout


def test_an_existing_schema_is_never_overwritten(project: Path):
    schema = project / "scorecards" / "scorecard.schema.json"
    schema.write_text('{"title": "ours"}\n', encoding="utf-8")
    for args in (("init", "acme", "--type", "referral"), ("init", "acme", "--type", "referral", "--force")):
        run = run_cli(*args, cwd=project)
        assert run.code == 0, run.stderr
        assert schema.read_text(encoding="utf-8") == '{"title": "ours"}\n'
        assert "Wrote scorecards/scorecard.schema.json" not in run.stdout
        assert "Kept scorecards/scorecard.schema.json" in run.stdout and "partnerscore schema >" in run.stdout
    # One written by init is current: a second partnership neither rewrites it nor mentions it.
    schema.unlink()
    assert "Wrote scorecards/scorecard.schema.json" in run_cli("init", "beta", "--type", "integration",
                                                               cwd=project).stdout
    again = run_cli("init", "gamma", "--type", "integration", cwd=project)
    assert "scorecard.schema.json" not in again.stdout


def test_init_keeps_an_existing_data_file_with_or_without_force(project: Path):
    # A data CSV may hold months of values: init writes the scorecard beside it and never overwrites it.
    csv = project / "data" / "northwind.csv"
    values = "date,metric,value\n2026-11-02,referrals,12\n"
    csv.write_text(values, encoding="utf-8")
    run = run_cli("init", "northwind", "--type", "referral", cwd=project)
    assert run.code == 0, run.stderr
    assert (project / "scorecards" / "northwind.yaml").exists()
    assert "Kept data/northwind.csv, which exists already (init never overwrites a data file)" in run.stdout
    forced = run_cli("init", "northwind", "--type", "integration", "--force", cwd=project)
    assert forced.code == 0, forced.stderr
    assert "type: integration" in (project / "scorecards" / "northwind.yaml").read_text(encoding="utf-8")
    assert csv.read_text(encoding="utf-8") == values
    assert "Traceback" not in run.stderr + forced.stderr


def test_init_twice_refuses_then_force_overwrites(project: Path):
    assert run_cli("init", "northwind", "--type", "referral", cwd=project).code == 0
    scorecard = project / "scorecards" / "northwind.yaml"
    scorecard.write_text("edited by hand\n", encoding="utf-8")
    again = run_cli("init", "northwind", "--type", "integration", cwd=project)
    assert again.code == 1
    assert scorecard.read_text(encoding="utf-8") == "edited by hand\n"
    forced = run_cli("init", "northwind", "--type", "integration", "--force", cwd=project)
    assert forced.code == 0, forced.stderr
    assert "type: integration" in scorecard.read_text(encoding="utf-8")


@pytest.mark.parametrize("bad_id", ["Northwind", "_x", "a b", "x/../../etc", "", "a" * 101])
def test_init_rejects_invalid_ids(project: Path, bad_id: str):
    run = run_cli("init", bad_id, "--type", "referral", cwd=project)
    assert run.code == 2
    assert "not a valid partnership id" in run.stderr
    assert list((project / "scorecards").iterdir()) == [] and list((project / "data").iterdir()) == []


def test_init_suggests_a_valid_id(project: Path):
    run = run_cli("init", "Northwind Referrals", "--type", "referral", cwd=project)
    assert run.code == 2 and "'northwind-referrals'" in run.stderr


def test_init_rejects_unknown_type(project: Path):
    run = run_cli("init", "acme", "--type", "reseller", cwd=project)
    assert run.code == 2
    assert "unknown partnership type 'reseller'" in run.stderr and "co-marketing" in run.stderr
    assert not (project / "scorecards" / "acme.yaml").exists()


def test_init_uses_configured_folders(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.partnerscore]\nscorecards = "cards"\ndata = "values"\n', encoding="utf-8")
    sub = tmp_path / "cards"
    sub.mkdir()
    # Run from a subfolder: the folders are resolved against the settings file, not the current folder.
    run = run_cli("init", "acme", "--type", "co-marketing", cwd=sub)
    assert run.code == 0, run.stderr
    assert (tmp_path / "cards" / "acme.yaml").is_file()
    assert (tmp_path / "values" / "acme.csv").is_file()
    # The comment that teaches where the values go names the configured folder, not the default one.
    text = (tmp_path / "cards" / "acme.yaml").read_text(encoding="utf-8")
    assert "(default values/acme.csv)" in text and "data/acme.csv" not in text
    # And the schema it names is the one init wrote beside the scorecard, in the configured folder.
    assert "`partnerscore schema > cards/scorecard.schema.json`" in text
    assert (tmp_path / "cards" / "scorecard.schema.json").is_file()


def test_a_scorecards_folder_with_a_space_is_quoted_for_the_shell(tmp_path: Path):
    (tmp_path / "partnerscore.toml").write_text('scorecards = "my cards"\n', encoding="utf-8")
    assert run_cli("init", "acme", "--type", "referral", cwd=tmp_path).code == 0
    text = (tmp_path / "my cards" / "acme.yaml").read_text(encoding="utf-8")
    assert "`partnerscore schema > 'my cards/scorecard.schema.json'`" in text


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_init_refuses_an_id_another_scorecard_already_has(project: Path, force: list[str]):
    # other.yaml says `id: dup`: a dup.yaml would share its data file and review folder (PS211 on both).
    assert run_cli("init", "other", "--type", "referral", cwd=project).code == 0
    other = project / "scorecards" / "other.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("id: other", "id: dup", 1), encoding="utf-8")
    before = sorted(p.name for p in (project / "data").iterdir())
    run = run_cli("init", "dup", "--type", "integration", *force, cwd=project)
    assert run.code == 1
    assert "partnership id 'dup' is already used by scorecards/other.yaml; choose another ID" in run.stderr
    assert not (project / "scorecards" / "dup.yaml").exists()
    assert sorted(p.name for p in (project / "data").iterdir()) == before
    # A file named after the id without an `id:` of its own has that id too.
    (project / "scorecards" / "sub").mkdir()
    (project / "scorecards" / "sub" / "beta.yaml").write_text("partnership: Beta\n", encoding="utf-8")
    run = run_cli("init", "beta", "--type", "referral", cwd=project)
    assert run.code == 1 and "already used by scorecards/sub/beta.yaml" in run.stderr


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_init_never_replaces_a_file_of_that_name_holding_another_partnership(project: Path, force: list[str]):
    # other.yaml says `id: bar`: it is partnership bar's scorecard, whatever its file name.
    assert run_cli("init", "other", "--type", "referral", cwd=project).code == 0
    other = project / "scorecards" / "other.yaml"
    held = other.read_text(encoding="utf-8").replace("id: other", "id: bar", 1)
    other.write_text(held, encoding="utf-8")
    run = run_cli("init", "other", "--type", "integration", *force, cwd=project)
    assert run.code == 1
    assert ("scorecards/other.yaml is the scorecard of partnership 'bar' (its `id:`), not 'other'; choose another "
            "ID, or rename that file (nothing was written)") in run.stderr
    assert other.read_text(encoding="utf-8") == held
    # Nor when the file does not load: an id that is no valid one, or a YAML error elsewhere, still says
    # whose scorecard it is.
    for broken in (held.replace("id: bar", "id: Other Co", 1), held + "bogus: [\n"):
        other.write_text(broken, encoding="utf-8")
        run = run_cli("init", "other", "--type", "integration", *force, cwd=project)
        assert run.code == 1 and "is the scorecard of partnership" in run.stderr
        assert other.read_text(encoding="utf-8") == broken
    # A file that holds no id of its own is no other partnership: --force replaces it, as before.
    other.write_text("edited: [by hand\n", encoding="utf-8")
    assert run_cli("init", "other", "--type", "integration", "--force", cwd=project).code == 0
    assert "id: other" in other.read_text(encoding="utf-8")


def test_init_force_over_its_own_scorecard_is_not_a_duplicate(project: Path):
    assert run_cli("init", "acme", "--type", "referral", cwd=project).code == 0
    run = run_cli("init", "acme", "--type", "integration", "--force", cwd=project)
    assert run.code == 0, run.stderr


def test_name_is_substituted_as_data_not_syntax(project: Path):
    name = 'Acme: "EMEA" # co-sell {id} {partnership}'
    run = run_cli("init", "acme", "--type", "strategic-alliance", "--name", name, cwd=project)
    assert run.code == 0, run.stderr
    data = yaml.safe_load((project / "scorecards" / "acme.yaml").read_text(encoding="utf-8"))
    # Quotes, colon and hash stay in the value; placeholders inside user text are not expanded.
    assert data["partnership"] == name


def test_name_with_a_newline_is_refused(project: Path):
    run = run_cli("init", "acme", "--type", "referral", "--name", "Acme\ntype: referral", cwd=project)
    assert run.code == 2 and "one line" in run.stderr


def test_unwritable_data_folder_is_exit_2_and_leaves_no_half_partnership(project: Path):
    (project / "data").rmdir()
    (project / "data").write_text("a file where the data folder should be", encoding="utf-8")
    run = run_cli("init", "acme", "--type", "referral", cwd=project)
    assert run.code == 2
    assert "data" in run.stderr and "Traceback" not in run.stderr
    # The scorecard written first was removed again.
    assert not (project / "scorecards" / "acme.yaml").exists()


def test_template_text_is_the_packaged_file():
    text = render_scorecard("referral", "x")
    assert text.startswith(MODELINE + "\n")
    assert "id: x " in text and 'partnership: "X"' in text
