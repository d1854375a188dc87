"""`lint --format text`: `path:line:col: CODE message` lines and a summary, coloured on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from partnerscore.diagnostics import Summary
from partnerscore.lint import LintResult
from partnerscore.render.escape import one_line

_STYLE = {"error": "bold red", "warning": "yellow"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(summary: Summary) -> str:
    if not summary.errors and not summary.warnings:
        return f"All checks passed: {_plural(summary.files, 'file')}, no problems."
    return (f"Checked {_plural(summary.files, 'file')}: {_plural(summary.errors, 'error')}, "
            f"{_plural(summary.warnings, 'warning')}.")


def render(result: LintResult, summary: Summary, console: Console) -> None:
    for d in result.diagnostics:
        # Text objects are never parsed for markup, and one_line() defuses control characters.
        line = Text()
        line.append(f"{one_line(d.path)}:{d.line}:{d.column}: ", style="bold")
        line.append(d.rule, style=_STYLE[d.severity.value])
        line.append(f" {one_line(d.message)}")
        console.print(line)
    style = "bold red" if summary.errors else ("yellow" if summary.warnings else "green")
    if result.diagnostics:
        console.print()
    console.print(Text(summary_line(summary), style=style))
