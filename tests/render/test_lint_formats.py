"""Every `lint` output format on one fixed project: golden files, and the format's real consumer.

Regenerate the golden files after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_lint_formats.py`
and review the diff like code.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from conftest import run_cli
from partnerscore.core.diagnostics import Diagnostic, Severity, summarize
from partnerscore.lint.result import LintResult
from partnerscore.lint.rules import all_rules
from partnerscore.render.lint_machine import render_github

TESTS = Path(__file__).parent.parent
PROJECT = TESTS / "fixtures" / "lint_project"
GOLDEN = TESTS / "golden"
SARIF_SCHEMA = TESTS / "schemas" / "sarif-schema-2.1.0.json"
AS_OF = "2026-01-15"

# The fixture's findings, counted by hand from tests/fixtures/lint_project/scorecards/*.yaml:
# globex: PS503 PS302 PS403 PS502 PS303 PS506 PS402 (1 error: PS506; 6 warnings);
# initech: PS301 PS102 PS104, and the counts its invalid metrics no longer hide: PS202 (no drivers) and
# PS203 (1 health metric) (5 errors), and the findings of its two invalid outcomes on fields that are valid:
# PS505 on each (`drivers: []` drives neither) (2 warnings); umbrella: PS100 (1 error); acme: clean.
ERRORS, WARNINGS, FILES = 7, 8, 4


def lint(fmt: str):
    return run_cli("lint", "--as-of", AS_OF, "--format", fmt, cwd=PROJECT)


@pytest.mark.parametrize("fmt, suffix", [("text", "txt"), ("json", "json"), ("github", "github"),
                                         ("sarif", "sarif"), ("junit", "junit")])
def test_output_matches_golden_file(fmt, suffix):
    run = lint(fmt)
    assert run.code == 1, run.stderr
    assert run.stderr == ""
    golden = GOLDEN / f"lint.{suffix}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(run.stdout, encoding="utf-8")
    assert run.stdout == golden.read_text(encoding="utf-8")


def test_text_has_one_line_per_finding_and_a_summary_without_control_codes():
    run = lint("text")
    lines = run.stdout.splitlines()
    findings = [line for line in lines if re.match(r"^scorecards/\w+\.yaml:\d+:\d+: PS\d{3} ", line)]
    assert len(findings) == ERRORS + WARNINGS
    assert lines[-1] == f"Checked {FILES} files: {ERRORS} errors, {WARNINGS} warnings."
    # The metric name holds `[/bold]` and ESC[2J: printed literally, the escape defused.
    assert "'[/bold]Press releases\\x1b[2J'" in run.stdout
    assert "\x1b" not in run.stdout


def test_json_has_exactly_the_shape_of_the_spec():
    payload = json.loads(lint("json").stdout)
    assert set(payload) == {"diagnostics", "summary"}
    assert payload["summary"] == {"files": FILES, "errors": ERRORS, "warnings": WARNINGS}
    assert len(payload["diagnostics"]) == ERRORS + WARNINGS
    for record in payload["diagnostics"]:
        assert set(record) == {"path", "line", "column", "rule", "severity", "message"}
        assert record["severity"] in ("error", "warning")
        assert record["line"] >= 1 and record["column"] >= 1
    first = payload["diagnostics"][0]
    assert (first["path"], first["line"], first["column"], first["rule"]) == ("scorecards/globex.yaml", 2, 7, "PS503")


def test_sarif_is_valid_sarif_2_1_0_with_a_rule_entry_for_every_rule_that_fired():
    log = json.loads(lint("sarif").stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    results, descriptors = run["results"], run["tool"]["driver"]["rules"]
    assert len(results) == ERRORS + WARNINGS
    fired = {r["ruleId"] for r in results}
    assert [d["id"] for d in descriptors] == sorted(fired)
    registry = all_rules()
    for d in descriptors:
        assert d["name"] == registry[d["id"]].name
        assert d["shortDescription"]["text"] and d["fullDescription"]["text"] and d["help"]["text"]
        assert d["defaultConfiguration"]["level"] == registry[d["id"]].severity.value
    for r in results:
        assert descriptors[r["ruleIndex"]]["id"] == r["ruleId"]
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_junit_counts_tests_and_failures_for_ci_panels():
    root = ET.fromstring(lint("junit").stdout)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    # One case per finding: a failure per error, a skipped case per warning (they do not fail lint).
    assert int(root.get("tests")) == int(suite.get("tests")) == len(cases) == ERRORS + WARNINGS
    assert int(root.get("failures")) == int(suite.get("failures")) == ERRORS
    assert int(suite.get("skipped")) == WARNINGS
    assert sum(case.find("failure") is not None for case in cases) == ERRORS


def _junit_results(stdout: str) -> list[tuple[str, str]]:
    """(rule, outcome) per test case as junitparser, a real JUnit reader, sees them."""
    junitparser = pytest.importorskip("junitparser")
    xml = junitparser.JUnitXml.fromstring(stdout)
    suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]
    found = []
    for suite in suites:
        for case in suite:
            kinds = {type(r).__name__ for r in case.result}
            found.append((case.name.split()[0], "/".join(sorted(kinds)) or "passed"))
    return found


def test_junit_is_read_by_junitparser():
    junitparser = pytest.importorskip("junitparser")
    xml = junitparser.JUnitXml.fromstring(lint("junit").stdout)
    suites = list(xml) if isinstance(xml, junitparser.JUnitXml) else [xml]
    assert sum(s.tests for s in suites) == ERRORS + WARNINGS
    assert (sum(s.failures for s in suites), sum(s.skipped for s in suites)) == (ERRORS, WARNINGS)
    outcomes = dict(_junit_results(lint("junit").stdout))
    # globex's PS506 is an error, its PS503 a warning (see the counts at the top).
    assert (outcomes["PS506"], outcomes["PS503"]) == ("Failure", "Skipped")


def test_junit_warnings_fail_only_when_lint_does(tmp_path):
    # A project with warnings only: lint exits 0, so no test case may fail; under --strict it exits 1 and
    # every warning is a failure.
    (tmp_path / "scorecards").mkdir()
    (tmp_path / "scorecards" / "acme.yaml").write_text((PROJECT / "scorecards" / "acme.yaml").read_text())
    run = run_cli("lint", "scorecards", "--format", "junit", cwd=tmp_path)  # PS601 and PS706: warnings
    assert run.code == 0
    results = _junit_results(run.stdout)
    assert sorted(rule for rule, _ in results) == ["PS601", "PS706"]
    assert {outcome for _, outcome in results} == {"Skipped"}
    strict = run_cli("lint", "scorecards", "--format", "junit", "--strict", cwd=tmp_path)
    assert strict.code == 1
    assert {outcome for _, outcome in _junit_results(strict.stdout)} == {"Failure"}
    # The setting is --strict too.
    (tmp_path / "pyproject.toml").write_text("[tool.partnerscore]\nstrict = true\n", encoding="utf-8")
    setting = run_cli("lint", "scorecards", "--format", "junit", cwd=tmp_path)
    assert setting.code == 1 and {o for _, o in _junit_results(setting.stdout)} == {"Failure"}


def test_junit_of_a_clean_project_has_one_passing_case(tmp_path):
    (tmp_path / "scorecards").mkdir()
    (tmp_path / "scorecards" / "acme.yaml").write_text((PROJECT / "scorecards" / "acme.yaml").read_text())
    run = run_cli("lint", "scorecards", "--format", "junit", "--ignore", "PS601,PS706", cwd=tmp_path)
    assert run.code == 0
    root = ET.fromstring(run.stdout)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


def test_github_lines_are_workflow_commands():
    lines = lint("github").stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == ERRORS + WARNINGS
    pattern = re.compile(r"^::(error|warning) file=([^,:]+),line=(\d+),col=(\d+),title=(PS\d{3})::(.*)$")
    for line in commands:
        match = pattern.match(line)
        assert match, line
        # The message part has no raw '%', CR or LF left: each % starts an escape.
        assert re.fullmatch(r"([^%\r\n]|%25|%0D|%0A)*", match.group(6)), line
    # PS403's message contains "3000%": escaped as %25. The ESC in a metric name is shown, not sent:
    # the Actions log renders ANSI sequences.
    assert any("3000%25" in line for line in commands)
    assert any("Press releases\\x1b[2J" in line for line in commands)
    assert not any("\x1b" in line for line in lines)


def test_github_escapes_data_and_properties_as_the_runner_expects():
    d = Diagnostic("odd,name: 100%.yaml", 3, 4, "PS102", Severity.ERROR, "50% done\r\nnext: a, b")
    out = render_github(LintResult([d], 1), summarize([d], 1)).splitlines()[0]
    assert out == ("::error file=odd%2Cname%3A 100%25.yaml,line=3,col=4,title=PS102::"
                   "50%25 done%0D%0Anext: a, b")
