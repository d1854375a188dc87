"""The JSON Schemas editors read (`partnerscore schema`, `schema note`, `schema --program`) and lint agree.

Each mutant changes one thing in a copy of the example project; lint (in process, on that file) and the
emitted schema (with `jsonschema`, reading the YAML as check-jsonschema does: YAML 1.2, timestamps as the
text written) must both accept it or both refuse it. A schema that refuses what lint accepts paints red
squiggles on correct files; one that accepts what lint refuses hides an error until CI.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from check_jsonschema.parsers.yaml import _normalize, construct_yaml_implementation

from conftest import REPO
from partnerscore.io.paths import discover
from partnerscore.io.settings import Settings
from partnerscore.lint.engine import run_lint
from partnerscore.model.review import decision_note_json_schema
from partnerscore.model.schemas import program_json_schema, scorecard_json_schema

AS_OF = date(2026, 11, 20)
# Codes of a file's shape and values: what a schema can say. Lint's other errors (a drives that names no
# outcome, a formula's series) need the whole project or the data, which a schema cannot see.
SHAPE_CODES = {"PS100", "PS101", "PS102", "PS103", "PS104", "PS105", "PS301", "PS701", "PS702"}

CARD, SILVER_CARD = "scorecards/northwind.yaml", "scorecards/copperleaf.yaml"
BASE, GOLD = "programs/referral-base.yaml", "programs/referral-gold.yaml"
NOTE = "reviews/northwind/2026-11-13.yaml"
TARGET = "    target: 500000\n"  # northwind's influenced_pipeline
GOAL = ("goal: Turn accounting and IT advisory firms into a referral channel that sources a third of our "
        "new-logo revenue.\n")

# (name, file, text replaced, replacement, lint and schema accept it)
MUTANTS = [
    # 1. every number lint's grammar reads, the schema reads too
    ("target with thousands", CARD, TARGET, "    target: 500,000\n", True),
    ("quoted thousands and decimals", CARD, TARGET, '    target: "1,234.5"\n', True),
    ("exponent", CARD, TARGET, '    target: "5e5"\n', True),
    ("exponent with a sign", CARD, TARGET, "    target: '5E+5'\n", True),
    ("exponent percent", CARD, TARGET, '    target: "1e1%"\n', True),
    ("spaced percent", CARD, TARGET, '    target: " 50 % "\n', True),
    ("tolerance with an exponent", CARD, TARGET, TARGET + '    tolerance: "1e-1"\n', True),
    ("baseline with thousands", CARD, "    baseline: 320000\n", "    baseline: 320,000\n", True),
    ("schedule value with thousands", CARD, TARGET, '    target: {2026-07-01: "400,000"}\n', True),
    ("the largest number", CARD, TARGET, "    target: 1000000000000000\n", True),
    ("comma not between thousands", CARD, TARGET, '    target: "1,5"\n', False),
    ("comma groups of four", CARD, TARGET, '    target: "50,0000"\n', False),
    ("exponent on thousands", CARD, TARGET, '    target: "1,000e3"\n', False),
    ("two percent signs", CARD, TARGET, '    target: "30%%"\n', False),
    # 4. numbers too large, infinite or not a number; a negative share
    ("beyond 1e15", CARD, TARGET, "    target: 2000000000000000\n", False),
    ("infinity", CARD, TARGET, "    target: .inf\n", False),
    ("minus infinity", CARD, TARGET, "    target: -.inf\n", False),
    ("not a number", CARD, TARGET, "    target: .nan\n", False),
    ("negative tolerance", CARD, TARGET, TARGET + "    tolerance: -5%\n", False),
    # 4. empty text, an empty `extends:`, `metrics:` without `extends:`
    ("lead of spaces", CARD, "lead: Dana Lee\n", 'lead: "  "\n', False),
    ("metric name of spaces", CARD, "    name: Influenced pipeline\n", '    name: "   "\n', False),
    ("empty extends", CARD, "lead: Dana Lee\n", "lead: Dana Lee\nextends:\n", False),
    ("empty extends of a scorecard that extends", SILVER_CARD, "extends: referral-silver\n", "extends:\n", False),
    ("override of spaces", SILVER_CARD, "sourced_revenue: {partner_owner: Hugo Lefevre}",
     'sourced_revenue: {partner_owner: " "}', False),
    ("empty extends of a tier", GOLD, "extends: referral-base\n", "extends:\n", False),
    ("metrics in a program without extends", BASE, GOAL, GOAL + "metrics:\n  new_customers: {target: 5}\n", False),
    # 3. a program's own fields: null is no value where the merged scorecard needs one
    ("program goal null", BASE, GOAL, "goal:\n", False),
    ("program type null", BASE, "type: referral ", "type:  ", False),
    ("program lead null", BASE, "lead: Maya Ortiz ", "lead:  ", False),
    ("program metric name null", BASE, "    name: Partner-sourced revenue (closed won)\n", "    name:\n", False),
    ("program metric owner null", BASE, "    owner: Maya Ortiz\n", "    owner:\n", False),
    ("program goal of spaces", BASE, GOAL, 'goal: "  "\n', False),
    ("program fiscal year start null", BASE, GOAL, GOAL + "fiscal_year_start:\n", True),
    ("program without a goal", BASE, GOAL, "", True),
    # 5. days are YYYY-MM-DD, without a time
    ("deadline", CARD, TARGET, TARGET + "    by: 2026-12-29\n", True),
    ("deadline with a time", CARD, TARGET, TARGET + "    by: 2026-12-29T00:00:00\n", False),
    ("deadline as a number", CARD, TARGET, TARGET + "    by: 20261229\n", False),
    ("schedule key with a time", CARD, TARGET, "    target: {2026-07-01T00:00:00: 400000}\n", False),
    ("note date with a time", NOTE, "date: 2026-11-13\n", "date: 2026-11-13T10:00:00\n", False),
    ("due with a time", NOTE, "    due: 2026-12-04\n", "    due: 2026-12-04T10:00:00\n", False),
    ("ends with a time", NOTE, "    ends: 2026-12-18\n", "    ends: 2026-12-18T10:00:00\n", False),
    ("due as a number", NOTE, "    due: 2026-12-04\n", "    due: 20261204\n", False),
    ("decision owner of spaces", NOTE, "    owner: Dana Lee\n    due: 2026-12-04\n",
     '    owner: "  "\n    due: 2026-12-04\n', False),
]


def _emptied(field: str) -> tuple:
    """2. The note with `field:` left bare, its items deleted as `review new`'s note says ("Keep what is
    true, delete the rest"): an empty list."""
    def mutate(text: str) -> str:
        lines = text.splitlines(keepends=True)
        start = lines.index(f"{field}:\n") if f"{field}:\n" in lines else next(
            i for i, line in enumerate(lines) if line.startswith(f"{field}: "))
        end = start + 1
        while end < len(lines) and lines[end].startswith("  "):
            end += 1
        return "".join([*lines[:start], f"{field}:\n", *lines[end:]])
    return (f"{field} emptied", NOTE, mutate, None, True)


MUTANTS += [
    _emptied("attendees"), _emptied("changed"), _emptied("risks"), _emptied("decisions"), _emptied("experiments"),
    ("decision what of spaces", NOTE, lambda t: t.replace("  - what: Run a joint lead-scoring workshop with Northwind "
                                                         "and agree one definition of a qualified lead\n",
                                                         '  - what: "  "\n', 1), None, False),
]

SCHEMAS = {"scorecards": scorecard_json_schema, "programs": program_json_schema, "reviews": decision_note_json_schema}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("examples")
    for folder in ("scorecards", "programs", "data", "reviews"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def _lint_errors(root: Path, relative: str) -> list[str]:
    settings = Settings(root=root)
    result = run_lint(discover([root / relative], settings), settings, AS_OF)
    target = (root / relative).resolve()
    return [f"{d.rule} {d.line}: {d.message}" for d in result.diagnostics
            if d.severity.value == "error" and d.rule in SHAPE_CODES and (Path.cwd() / d.path).resolve() == target]


def _schema_errors(relative: str, text: str) -> list[str]:
    data = _normalize(construct_yaml_implementation().load(text))
    schema = SCHEMAS[relative.split("/")[0]]()
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize(("name", "relative", "old", "new", "valid"), MUTANTS, ids=[m[0] for m in MUTANTS])
def test_lint_and_the_schema_agree(example: Path, name, relative, old, new, valid):
    path = example / relative
    original = path.read_text(encoding="utf-8")
    if callable(old):
        text = old(original)
    else:
        assert old in original, f"{name}: the example no longer has {old!r}"
        text = original.replace(old, new, 1)
    assert text != original
    path.write_text(text, encoding="utf-8")
    try:
        lint_errors = _lint_errors(example, relative)
    finally:
        path.write_text(original, encoding="utf-8")
    schema_errors = _schema_errors(relative, text)
    assert (not lint_errors, not schema_errors) == (valid, valid), (lint_errors, schema_errors)
