"""Every scorecard rule, proven by data: tests/rule_cases/<CODE>.yaml holds good and bad scorecards.

A case file looks like::

    rule: PS403
    good:                       # texts (or a list of them) on which the rule must stay silent
      - |
        partnership: ...
    bad:                        # cases on which it must fire exactly as expected
      - name: percent target written as 30
        text: |                 # or `files: {a.yaml: ..., b.yaml: ...}` for rules across files
          ...
        expect:                 # every finding of this rule: severity, line, column (1-based)
          - {severity: warning, line: 12, column: 20, message: "did you mean 30%"}
        absent: [PS104]         # optional: codes that must not fire on this case


`message` is a substring the message must contain. A file may be given as {text, encoding} or {base64}
to test bytes that are not UTF-8. The completeness test fails when a registered rule has no case file,
so a new rule cannot land without a proof that it fires, and where.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lint_helpers import lint_files
from partnerscore.lint.rules import all_rules

CASES = Path(__file__).parent.parent / "rule_cases"
# Data (PS6xx) and decision-note (PS7xx) rules are proven in their own test modules.
OTHER_SUITES = ("PS6", "PS7")


def _case_files() -> list[Path]:
    return sorted(CASES.glob("PS*.yaml"))


def _load(path: Path) -> dict:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert case["rule"] == path.stem, f"{path.name} declares rule {case['rule']}"
    return case


def _files(case: dict, default_name: str) -> dict:
    return case["files"] if "files" in case else {default_name: case["text"]}


def _params(kind: str):
    for path in _case_files():
        case = _load(path)
        entries = case.get(kind) or []
        if isinstance(entries, str):
            entries = [entries]
        for i, entry in enumerate(entries):
            if isinstance(entry, str):
                entry = {"text": entry}
            name = entry.get("name", f"{kind}{i}")
            yield pytest.param(case["rule"], entry, id=f"{case['rule']}-{name}")


@pytest.mark.parametrize("code, case", list(_params("good")))
def test_rule_stays_silent_on_good_scorecard(tmp_path, code, case):
    diagnostics = lint_files(tmp_path, _files(case, "acme.yaml"))
    fired = [f"{d.line}:{d.column} {d.message}" for d in diagnostics if d.rule == code]
    assert fired == []


@pytest.mark.parametrize("code, case", list(_params("bad")))
def test_rule_fires_on_bad_scorecard_at_the_right_place(tmp_path, code, case):
    diagnostics = lint_files(tmp_path, _files(case, "acme.yaml"))
    found = sorted((d.path.rsplit("/", 1)[-1], d.line, d.column, d.severity.value)
                   for d in diagnostics if d.rule == code)
    expected = sorted((e.get("path", "acme.yaml"), e["line"], e["column"], e["severity"])
                      for e in case["expect"])
    assert found == expected, [d for d in diagnostics if d.rule == code]
    # `absent`: codes that must not fire instead (e.g. an empty owner is PS301, not PS103 or PS104).
    assert [d for d in diagnostics if d.rule in case.get("absent", ())] == []
    for e in case["expect"]:
        if "message" in e:
            messages = [d.message for d in diagnostics if d.rule == code and d.line == e["line"]]
            assert any(e["message"] in m for m in messages), messages


def test_every_scorecard_rule_has_a_case_file():
    wanted = {code for code, rule in all_rules().items()
              if rule.scope in ("parse", "scorecard", "project") and not code.startswith(OTHER_SUITES)}
    have = {path.stem for path in _case_files()}
    assert sorted(wanted - have) == []


def test_every_case_file_names_a_registered_rule_and_has_both_kinds():
    rules = all_rules()
    for path in _case_files():
        case = _load(path)
        assert case["rule"] in rules
        assert case.get("good") and case.get("bad"), f"{path.name} needs good and bad cases"
        for entry in case["bad"]:
            assert entry["expect"], f"{path.name}: a bad case must expect at least one finding"
            for e in entry["expect"]:
                # The severity a case expects is the rule's registered one: it is part of the contract.
                assert e["severity"] == rules[case["rule"]].severity.value, path.name
