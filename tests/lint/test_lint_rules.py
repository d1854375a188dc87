"""Every lint rule, proven by data: tests/rule_cases/<CODE>.yaml holds good and bad cases.

A case file looks like::

    rule: PS403
    as_of: 2026-11-20           # optional: the day lint takes as today (`--as-of`); default 2026-01-15
    scorecard: |                # optional: the scorecard (scorecards/acme.yaml) of every case without `text`
      partnership: ...
    settings:                   # optional (also per case): the project's [tool.partnerscore] settings
      sources: {warehouse: "env:WAREHOUSE_URL"}
    good:                       # cases on which the rule must stay silent: a scorecard text, or a mapping
      - |
        partnership: ...
    bad:                        # cases on which it must fire exactly as expected
      - name: percent target written as 30
        text: |                 # scorecards/acme.yaml
          ...
        files:                  # optional: more files of the project (PS211: a second scorecard)
          data/acme.csv: |      #   a path with a folder is relative to the project root;
            date,metric,value   #   a bare name (acme-eu.yaml) is a scorecard in scorecards/
          reviews/acme/2026-11-06.yaml: |
            decisions: []
          queries/acme.sql: |   #   a query file for `pull` (PS8xx)
            SELECT 1
        expect:                 # every finding of this rule: where, severity, line, column (1-based)
          - {path: data/acme.csv, severity: error, line: 3, column: 1, message: "not a number"}
        absent: [PS104]         # optional: codes that must not fire on this case (good cases too)

`path` defaults to scorecards/acme.yaml (a bare name is a scorecard, as in `files`); `message` is a
substring the message must contain. A file may be given as {text, encoding} or {base64} to test bytes
that are not UTF-8. The project is linted as a whole, as `partnerscore lint --as-of AS_OF` does in it.
The completeness test fails when a rule `partnerscore rules` lists has no case file, so a new rule cannot
land without a proof that it fires, and where.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from lint_helpers import AS_OF, lint_files, project_file, relative_path
from partnerscore.lint.rules import all_rules

CASES = Path(__file__).parent.parent / "rule_cases"
SCORECARD = "acme.yaml"


def _case_files() -> list[Path]:
    return sorted(CASES.glob("PS*.yaml"))


def _load(path: Path) -> dict:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert case["rule"] == path.stem, f"{path.name} declares rule {case['rule']}"
    return case


def _files(entry: dict) -> dict:
    """Every file of a case: its scorecard (`text`, else the file's `scorecard`) and its `files`."""
    files = dict(entry.get("files") or {})
    text = entry.get("text", entry["scorecard"])
    if text is not None:
        files.setdefault(SCORECARD, text)
    return files


def _params(kind: str):
    for path in _case_files():
        case = _load(path)
        entries = case.get(kind) or []
        if isinstance(entries, str):
            entries = [entries]
        for i, entry in enumerate(entries):
            if isinstance(entry, str):
                entry = {"text": entry}
            # A case with its own scorecards in `files` (PS211) needs no default one.
            own = any("/" not in name for name in entry.get("files") or {})
            entry = {"scorecard": None if own else case.get("scorecard"),
                     "as_of": case.get("as_of", AS_OF), "settings": case.get("settings"), **entry}
            name = entry.get("name", f"{kind}{i}")
            yield pytest.param(case["rule"], entry, id=f"{case['rule']}-{name}")


def _lint(tmp_path: Path, entry: dict) -> list:
    as_of = entry["as_of"]
    files = _files(entry)
    result = lint_files(tmp_path, files, as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of),
                        settings=entry.get("settings"))
    # Every file of the case was checked: silence about a file lint never read would prove nothing.
    assert result.files == len(files)
    return result.diagnostics


@pytest.mark.parametrize("code, case", list(_params("good")))
def test_rule_stays_silent_on_good_case(tmp_path, code, case):
    diagnostics = _lint(tmp_path, case)
    fired = [f"{d.path}:{d.line}:{d.column} {d.message}" for d in diagnostics if d.rule == code]
    assert fired == []
    # `absent` here: silence that comes from a file the rule never got to see (a YAML error) proves nothing.
    assert [d for d in diagnostics if d.rule in case.get("absent", ())] == []


@pytest.mark.parametrize("code, case", list(_params("bad")))
def test_rule_fires_on_bad_case_at_the_right_place(tmp_path, code, case):
    diagnostics = _lint(tmp_path, case)
    found = sorted((relative_path(tmp_path, d.path), d.line, d.column, d.severity.value)
                   for d in diagnostics if d.rule == code)
    expected = sorted((project_file(e.get("path", SCORECARD)), e["line"], e["column"], e["severity"])
                      for e in case["expect"])
    assert found == expected, [d for d in diagnostics if d.rule == code]
    # `absent`: codes that must not fire instead (e.g. an empty owner is PS301, not PS103 or PS104).
    assert [d for d in diagnostics if d.rule in case.get("absent", ())] == []
    for e in case["expect"]:
        if "message" in e:
            messages = [d.message for d in diagnostics if d.rule == code and d.line == e["line"]
                        and relative_path(tmp_path, d.path) == project_file(e.get("path", SCORECARD))]
            assert any(e["message"] in m for m in messages), messages


def test_every_rule_that_partnerscore_rules_lists_has_a_case_file():
    run = run_cli("rules", "--format", "json")
    assert run.code == 0, run.stderr
    listed = {record["code"] for record in json.loads(run.stdout)}
    assert {"PS100", "PS211", "PS601", "PS706"} <= listed  # the listing itself is not empty or cut short
    have = {path.stem for path in _case_files()}
    assert sorted(listed - have) == []


def test_every_case_file_names_a_registered_rule_and_has_both_kinds():
    rules = all_rules()
    paths = _case_files()
    assert paths
    for path in paths:
        case = _load(path)
        assert case["rule"] in rules
        assert case.get("good") and case.get("bad"), f"{path.name} needs good and bad cases"
        for entry in case["bad"]:
            assert entry["expect"], f"{path.name}: a bad case must expect at least one finding"
            for e in entry["expect"]:
                # The severity a case expects is the rule's registered one: it is part of the contract.
                # SPEC.md's W/E rule, PS606, is an error when its did-you-mean names a needed series.
                allowed = set(rules[case["rule"]].severities)
                assert e["severity"] in allowed, path.name
