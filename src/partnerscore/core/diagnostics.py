"""One shape for every problem partnerscore finds, and the exit codes that follow from them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

EXIT_OK = 0
EXIT_FINDINGS = 1


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a file."""

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    # The scorecard whose merge with a program produced this diagnostic in the program's file (the lint
    # engine folds such diagnostics into one per program line, saying how many scorecards they affect).
    via: str | None = field(default=None, compare=True, repr=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.message)

    def as_record(self) -> dict:
        """The JSON shape pinned by SPEC.md."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }


@dataclass(frozen=True)
class Summary:
    files: int
    errors: int
    warnings: int
    # Warnings fail the run too (--strict or the `strict` setting): the exit code, and the formats that
    # say pass or fail per finding (JUnit), follow it.
    strict: bool = False


def summarize(diagnostics: Iterable[Diagnostic], files: int, *, strict: bool = False) -> Summary:
    diagnostics = list(diagnostics)
    errors = sum(1 for d in diagnostics if d.is_error)
    return Summary(files=files, errors=errors, warnings=len(diagnostics) - errors, strict=strict)


def fails(summary: Summary, diagnostic: Diagnostic) -> bool:
    """Does this finding fail the run? Every error; a warning only under --strict."""
    return diagnostic.is_error or summary.strict


def lint_exit_code(summary: Summary) -> int:
    if summary.errors or (summary.strict and summary.warnings):
        return EXIT_FINDINGS
    return EXIT_OK
