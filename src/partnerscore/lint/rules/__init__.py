"""The rule registry. Each rule is a small generator function; its docstring is its documentation.

A rule declares its code, severity, a short name and the scope it runs in:
- ``parse``: found while reading or validating a file (PS1xx, PS301's missing owner); documented here,
  emitted by the loader;
- ``scorecard``: one valid scorecard (``ScorecardContext``);
- ``project``: all scorecards of a run together (``ProjectContext``);
- ``csv``: one CSV file on its own, once however many scorecards share it (``rules.data.CsvContext``);
- ``data``: a scorecard and its metric values (``DataContext``);
- ``review``: a scorecard and its decision notes (``ReviewContext``);
- ``query``: a query file with the project's partnership ids and sources (``rules.queries.QueryContext``).
Severity and ignores are applied by the engine, never inside a rule.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from partnerscore.core.diagnostics import Severity
from partnerscore.core.findings import Finding

RULE_MODULES = ("parse", "layers", "ownership", "targets", "balance", "data", "reviews", "queries")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    name: str
    scope: str
    summary: str
    doc: str
    check: Callable[..., Iterator[Finding]] | None
    # SPEC.md's W/E rules (PS606): a warning (`severity`, also SARIF's default level) that reports some
    # findings as errors.
    escalates: bool = False

    @property
    def severities(self) -> tuple[str, ...]:
        """Every severity the rule reports: ("warning", "error") for a W/E rule."""
        return (self.severity.value, Severity.ERROR.value) if self.escalates else (self.severity.value,)

    @property
    def letters(self) -> str:
        """SPEC.md's severity column: E, W, or W/E."""
        return "/".join(value[0].upper() for value in self.severities)

    def findings(self, context: Any) -> Iterator[Finding]:
        """Run the rule on its scope's context (`rules_for` gives only rules that run)."""
        if self.check is None:
            raise TypeError(f"{self.code} is emitted by the loader; it has no check to run")
        return self.check(context)


REGISTRY: dict[str, Rule] = {}


def rule(code: str, severity: str, name: str, scope: str, *, emitted: bool = True):
    """Register a rule of severity "E", "W" or "W/E" (a warning some of whose findings are errors, as SPEC.md's
    table says). With ``emitted=False`` the function only documents a code the loader emits."""
    assert severity in ("E", "W", "W/E"), f"{code}: severity {severity!r}"

    def register(fn: Callable) -> Callable:
        doc = inspect.cleandoc(fn.__doc__ or "")
        summary = doc.splitlines()[0] if doc else name
        REGISTRY[code] = Rule(
            code=code,
            severity=Severity.ERROR if severity == "E" else Severity.WARNING,
            name=name,
            scope=scope,
            summary=summary,
            doc=doc,
            check=fn if emitted else None,
            escalates=severity == "W/E",
        )
        return fn

    return register


_loaded = False


def all_rules() -> dict[str, Rule]:
    global _loaded
    if not _loaded:
        for module in RULE_MODULES:
            importlib.import_module(f"partnerscore.lint.rules.{module}")
        _loaded = True
    return dict(sorted(REGISTRY.items()))


def rules_for(scope: str) -> list[Rule]:
    return [r for r in all_rules().values() if r.scope == scope and r.check is not None]
