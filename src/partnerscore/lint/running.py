"""Running the rules of one scope on one context, and placing each finding in its file."""

from __future__ import annotations

from typing import Any

from partnerscore.core.diagnostics import Diagnostic, Position, Severity
from partnerscore.core.findings import Finding
from partnerscore.lint.rules import all_rules, rules_for
from partnerscore.yamlsource import Document


def finding_to_diagnostic(finding: Finding, doc: Document | None, default_path: str) -> Diagnostic:
    """The finding as a diagnostic, at its position. In a scorecard merged with a program, a finding about
    an inherited value lands in the program's file (`via` names the scorecard, for the engine to fold the
    same finding from many scorecards into one)."""
    rule = all_rules()[finding.code]
    path = finding.path or default_path
    via = None
    if finding.position is not None:
        position = finding.position
    elif doc is not None:
        located, position = doc.locate(finding.loc, key=finding.key)
        if finding.path is None or finding.path == doc.path:
            via = doc.path if located != doc.path else None
            path = located
    else:
        position = Position(1, 1)
    assert not finding.error or rule.escalates, f"{rule.code} is not a W/E rule; it reports its own severity"
    severity = Severity.ERROR if finding.error else rule.severity
    return Diagnostic(path, position.line, position.column, finding.code, severity, finding.message, via)


def run_rules(scope: str, context: Any, doc: Document | None, path: str) -> list[Diagnostic]:
    diagnostics = []
    for rule in rules_for(scope):
        for finding in rule.findings(context):
            diagnostics.append(finding_to_diagnostic(finding, doc, path))
    return diagnostics
