"""docs/scorecard.schema.json is what the example scorecards' modelines point editors at; keep it current
and make sure it accepts the examples a real JSON Schema consumer reads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_committed_schema_matches_the_schema_command(cli):
    run = cli("schema", cwd=REPO)
    assert run.code == 0
    committed = json.loads((REPO / "docs/scorecard.schema.json").read_text(encoding="utf-8"))
    assert json.loads(run.stdout) == committed, "regenerate: partnerscore schema > docs/scorecard.schema.json"


def test_examples_point_at_the_schema_and_validate_with_check_jsonschema():
    scorecards = sorted((REPO / "scorecards").glob("*.yaml"))
    assert scorecards
    for path in scorecards:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/scorecard.schema.json", path
    checker = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run([str(checker), "--schemafile", str(REPO / "docs/scorecard.schema.json"),
                           *map(str, scorecards)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schema_rejects_what_lint_rejects(tmp_path):
    """The schema is not decoration: a wrong enum value and an unknown field fail it too."""
    import jsonschema
    import yaml

    schema = json.loads((REPO / "docs/scorecard.schema.json").read_text(encoding="utf-8"))
    card = yaml.safe_load((REPO / "scorecards/northwind.yaml").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(card)
    card["outcomes"][0]["direction"] = "sideways"
    card["tagret"] = 5
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(card))
    messages = " ".join(e.message for e in errors)
    assert "sideways" in messages and "tagret" in messages


def test_decision_note_schema_is_committed_and_accepts_the_example_notes(cli):
    """`partnerscore schema note` is docs/review.schema.json; every example note validates against it."""
    run = cli("schema", "note", cwd=REPO)
    assert run.code == 0
    committed = json.loads((REPO / "docs/review.schema.json").read_text(encoding="utf-8"))
    assert json.loads(run.stdout) == committed, "regenerate: partnerscore schema note > docs/review.schema.json"
    notes = sorted((REPO / "reviews").glob("*/*.yaml"))
    assert notes
    checker = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run([str(checker), "--schemafile", str(REPO / "docs/review.schema.json"), *map(str, notes)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_decision_note_schema_knows_metric_on_decisions_and_rejects_a_typo():
    import jsonschema

    schema = json.loads((REPO / "docs/review.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    decision = {"what": "Move webinars", "owner": "Dana Lee", "due": "2026-11-27", "metric": "referrals"}
    validator.validate({"risks": "one risk, as text", "decisions": [decision]})
    validator.validate({"decisions": None})  # a bare `decisions:` whose examples are commented out
    errors = list(validator.iter_errors({"decisions": [{**decision, "metrc": "referrals"}]}))
    assert errors and "metrc" in " ".join(e.message for e in errors)
def test_committed_program_schema_matches_the_schema_command(cli):
    run = cli("schema", "--program", cwd=REPO)
    assert run.code == 0
    committed = json.loads((REPO / "docs/program.schema.json").read_text(encoding="utf-8"))
    assert json.loads(run.stdout) == committed, \
        "regenerate: partnerscore schema --program > docs/program.schema.json"


def test_example_programs_point_at_the_program_schema_and_validate():
    programs = sorted((REPO / "programs").glob("*.yaml"))
    assert len(programs) >= 3
    for path in programs:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/program.schema.json", path
    checker = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run([str(checker), "--schemafile", str(REPO / "docs/program.schema.json"),
                           *map(str, programs)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_scorecard_that_extends_a_program_needs_only_its_partner():
    """What an editor says, as lint would: with `extends:` the program supplies the rest; without it,
    `metrics:` has nothing to change and every field is required."""
    import jsonschema

    scorecard = json.loads((REPO / "docs/scorecard.schema.json").read_text(encoding="utf-8"))
    program = json.loads((REPO / "docs/program.schema.json").read_text(encoding="utf-8"))

    def errors(schema: dict, data: dict) -> str:
        return " | ".join(e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data))

    short = {"extends": "referral-gold", "partnership": "Acme referrals", "partner": "Acme Corp",
             "metrics": {"sourced_revenue": {"target": 300000, "partner_owner": "Jo Park"}},
             "drivers": [{"id": "acme_webinars", "name": "Webinars", "owner": "Sam", "target": 2}]}
    assert errors(scorecard, short) == ""
    assert "is not of type 'string'" in errors(scorecard, {**short, "partner": 1})
    assert "'partner' is a required property" in errors(scorecard, {k: v for k, v in short.items() if k != "partner"})
    assert "tagret" in errors(scorecard, {**short, "metrics": {"sourced_revenue": {"tagret": 5}}})
    assert "id" in errors(scorecard, {**short, "metrics": {"sourced_revenue": {"id": "x"}}})
    plain = {k: v for k, v in short.items() if k != "extends"}
    assert "'goal' is a required property" in errors(scorecard, plain)
    assert "False schema" in errors(scorecard, plain)  # `metrics:` without `extends:`
    assert errors(program, {"program": "Gold", "extends": "referral-base", "metrics": short["metrics"]}) == ""
    assert "partner" in errors(program, {"program": "Gold", "partner": "Acme Corp"})
    assert "'program' is a required property" in errors(program, {"goal": "Grow."})
