"""Machine formats of `lint`: json, github, sarif and junit, each a view of one LintResult."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

from partnerscore import __version__
from partnerscore.core.diagnostics import Summary, fails
from partnerscore.core.words import plural
from partnerscore.lint.result import LintResult
from partnerscore.render.escape import github_data, github_property

DOCS_URL = "https://github.com/partnerscore/partnerscore/blob/main/docs/rules.md"


def render_json(result: LintResult, summary: Summary) -> str:
    payload = {
        "diagnostics": [d.as_record() for d in result.diagnostics],
        "summary": {"files": summary.files, "errors": summary.errors, "warnings": summary.warnings},
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


# Control characters other than CR and LF (which the runner's own escapes carry): shown, never obeyed,
# since the Actions log renders ANSI sequences.
_LOG_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _defused(text: str) -> str:
    return _LOG_CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def render_github(result: LintResult, summary: Summary) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`."""
    lines = []
    for d in result.diagnostics:
        command = "error" if d.is_error else "warning"
        props = (f"file={github_property(_defused(d.path))},line={d.line},col={d.column},"
                 f"title={github_property(d.rule)}")
        lines.append(f"::{command} {props}::{github_data(_defused(d.message))}")
    lines.append(f"partnerscore: {plural(summary.files, 'file')}, {plural(summary.errors, 'error')}, "
                 f"{plural(summary.warnings, 'warning')}")
    return "\n".join(lines) + "\n"


def _artifact(path: str) -> dict:
    """Relative paths are relative to the checkout (code scanning's %SRCROOT%); others become file URIs."""
    from pathlib import PurePath
    from urllib.parse import quote

    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(pure.as_posix()), "uriBaseId": "%SRCROOT%"}


def render_sarif(result: LintResult, summary: Summary) -> str:
    rules = result.rules
    fired = sorted({d.rule for d in result.diagnostics})
    index = {code: i for i, code in enumerate(fired)}
    descriptors = []
    for code in fired:
        rule = rules[code]
        descriptors.append({
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.doc},
            "help": {"text": rule.doc, "markdown": rule.doc},
            "helpUri": f"{DOCS_URL}#{code.lower()}",
            "defaultConfiguration": {"level": "error" if rule.severity.value == "error" else "warning"},
        })
    results = []
    for d in result.diagnostics:
        results.append({
            "ruleId": d.rule,
            "ruleIndex": index[d.rule],
            "level": d.severity.value,
            "message": {"text": d.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": _artifact(d.path),
                    "region": {"startLine": d.line, "startColumn": d.column},
                }
            }],
        })
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "partnerscore",
                "version": __version__,
                "informationUri": "https://github.com/partnerscore/partnerscore",
                "rules": descriptors,
            }},
            "results": results,
            # Our columns count characters, not UTF-16 code units.
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _xml_safe(text: str) -> str:
    # XML 1.0 cannot carry most control characters even escaped; show them instead.
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 and ch not in "\ufffe\uffff" else f"\\x{ord(ch):02x}"
                   for ch in text)


def render_junit(result: LintResult, summary: Summary) -> str:
    """One test case per finding (one passing case when there is none). An error is a `<failure>`; a
    warning is `<skipped>` with its message, as cfn-lint's JUnit output reports what does not fail the
    run, so a CI panel shows it without turning red when lint exits 0. Under --strict, when warnings do
    fail the run, a warning is a `<failure>` too."""
    suites = ET.Element("testsuites", name="partnerscore", tests="0", failures="0", errors="0")
    suite = ET.SubElement(suites, "testsuite", name="partnerscore lint")
    failures = skipped = 0
    for d in result.diagnostics:
        case = ET.SubElement(suite, "testcase", classname=_xml_safe(d.path),
                             name=_xml_safe(f"{d.rule} line {d.line} col {d.column}"),
                             file=_xml_safe(d.path), line=str(d.line))
        detail = _xml_safe(f"{d.path}:{d.line}:{d.column}: {d.rule} ({d.severity.value}) {d.message}")
        if fails(summary, d):
            failures += 1
            outcome = ET.SubElement(case, "failure", type=d.rule, message=_xml_safe(d.message))
        else:
            skipped += 1
            # `skipped` has no `type` in the JUnit schema: the code goes in the message.
            outcome = ET.SubElement(case, "skipped", message=_xml_safe(f"{d.rule} (warning) {d.message}"))
        outcome.text = detail
    tests = len(result.diagnostics)
    if not result.diagnostics:
        tests = 1
        ET.SubElement(suite, "testcase", classname="partnerscore", name=f"lint {summary.files} files")
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", str(skipped))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


MACHINE_FORMATS = {
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
    "junit": render_junit,
}
