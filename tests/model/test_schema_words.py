"""What the schemas and lint say about the cases QA found them disagreeing on, in words a person reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnerscore.io.paths import discover
from partnerscore.io.settings import Settings
from partnerscore.lint.engine import run_lint
from program_helpers import BASE, write_project


def _lint(root: Path, relative: str) -> list:
    settings = Settings(root=root)
    result = run_lint(discover([root / relative], settings), settings, date(2026, 11, 20))
    return [d for d in result.diagnostics if d.severity.value == "error"]


@pytest.mark.parametrize(("old", "new", "line", "code", "words"), [
    ("goal: Grow partner-sourced revenue.\n", "goal:\n", 2, "PS104", "invalid value for 'goal'"),
    ("type: referral\n", "type:\n", 3, "PS104", "invalid value for 'type'"),
    ("lead: Dana Lee\n", "lead:\n", 4, "PS104", "invalid value for 'lead'"),
    ("{id: revenue, name: Sourced revenue,", "{id: revenue, name: ,", 7, "PS104",
     "invalid value for 'outcomes[0].name'"),
    ("{id: revenue, name: Sourced revenue, owner: Dana,", "{id: revenue, name: Sourced revenue, owner: ,", 7,
     "PS301", "metric 'revenue' has an empty owner; name the person accountable for it"),
])
def test_a_program_no_scorecard_extends_is_told_of_a_null_field_at_its_line(tmp_path, old, new, line, code, words):
    """SPEC.md: "A program file on its own is checked for its own fields". A null where the merged scorecard
    needs a value is what lint says once a scorecard extends the program; the program alone says it too."""
    assert old in BASE
    root = write_project(tmp_path, {"programs/base.yaml": BASE.replace(old, new, 1)})
    [error] = _lint(root, "programs/base.yaml")
    assert (error.rule, error.line) == (code, line)
    assert words in error.message


def test_a_program_may_leave_those_fields_out(tmp_path):
    """Absent is not null: the scorecards or a tier may give the goal, the type, a metric's owner."""
    text = (BASE.replace("goal: Grow partner-sourced revenue.\n", "").replace("type: referral\n", "")
            .replace("name: Sourced revenue, owner: Dana, ", ""))
    root = write_project(tmp_path, {"programs/base.yaml": text})
    assert _lint(root, "programs/base.yaml") == []


def test_a_date_written_as_a_number_says_how_to_write_a_date(tmp_path):
    text = BASE.replace("target: 500000, baseline: 300000}", "target: 500000, baseline: 300000, by: 20261229}")
    root = write_project(tmp_path, {"programs/base.yaml": text})
    [error] = _lint(root, "programs/base.yaml")
    assert error.rule == "PS104"
    assert "expected a date written YYYY-MM-DD, e.g. 2026-11-27 (got 20261229)" in error.message
    assert "zero time" not in error.message


def test_a_wrong_schema_name_is_a_plain_usage_error(cli, tmp_path):
    run = cli("schema", "bogus", cwd=tmp_path)
    assert run.code == 2
    assert "Invalid value for '[scorecard|note]': 'bogus' is not a schema; use scorecard or note" in run.stderr
    assert "Value error" not in run.stderr


def test_schema_help_names_the_modeline_init_writes(cli, tmp_path):
    """`init` writes scorecards/scorecard.schema.json beside the scorecards, whose first line is
    `$schema=scorecard.schema.json`: the help says the same."""
    out = " ".join(cli("schema", "--help", cwd=tmp_path).stdout.split())
    assert "scorecards/scorecard.schema.json" in out
    assert "$schema=scorecard.schema.json" in out
    assert "../scorecard.schema.json" not in out


def test_every_field_of_a_decision_note_has_a_description_for_editors():
    from partnerscore.model.review import decision_note_json_schema

    schema = decision_note_json_schema()
    defs = schema["$defs"]
    fields = {**{f"note.{k}": v for k, v in schema["properties"].items()},
              **{f"decision.{k}": v for k, v in defs["Decision"]["properties"].items()},
              **{f"experiment.{k}": v for k, v in defs["Experiment"]["properties"].items()}}
    assert {name for name, prop in fields.items() if not prop.get("description")} == set()
    assert "PS702" in fields["experiment.hypothesis"]["description"]
