"""Running the rules of one scope on one context, and placing each finding in its file."""

from __future__ import annotations

from typing import Any

from partnerscore.core.diagnostics import Diagnostic, Position, Severity
from partnerscore.core.findings import Finding
from partnerscore.lint.rules import all_rules, rules_for
from partnerscore.yamlsource import Document


def finding_to_diagnostic(finding: Finding, doc: Document | None, default_path: str) -> Diagnostic:
    rule = all_rules()[finding.code]
    if finding.position is not None:
        position = finding.position
    elif doc is not None:
        position = doc.position(finding.loc, key=finding.key)
    else:
        position = Position(1, 1)
    severity = Severity.ERROR if finding.error else Severity.WARNING if finding.warning else rule.severity
    return Diagnostic(finding.path or default_path, position.line, position.column, finding.code,
                      severity, finding.message)


def run_rules(scope: str, context: Any, doc: Document | None, path: str) -> list[Diagnostic]:
    diagnostics = []
    for rule in rules_for(scope):
        for finding in rule.findings(context):
            diagnostics.append(finding_to_diagnostic(finding, doc, path))
    return diagnostics
