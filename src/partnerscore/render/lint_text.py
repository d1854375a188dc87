"""`lint --format text`: `path:line:col: CODE message` lines and a summary, coloured on a terminal.

Written with plain ANSI codes rather than Rich: it is the hot path of every pre-commit run, and user
text never passes through a markup parser, so `[/bold]` in a metric name is printed as it is.
"""

from __future__ import annotations

from typing import TextIO

from partnerscore.console import paint, wants_colour
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


def render_text(result: LintResult, summary: Summary, colour: bool = False) -> str:
    lines = []
    for d in result.diagnostics:
        # one_line() turns ESC, CR, newlines and other control characters into visible escapes.
        where = paint(f"{one_line(d.path)}:{d.line}:{d.column}:", "bold", colour)
        lines.append(f"{where} {paint(d.rule, _STYLE[d.severity.value], colour)} {one_line(d.message)}")
    if lines:
        lines.append("")
    style = "bold red" if summary.errors else ("yellow" if summary.warnings else "green")
    lines.append(paint(summary_line(summary), style, colour))
    return "\n".join(lines) + "\n"


def render(result: LintResult, summary: Summary, stream: TextIO) -> None:
    stream.write(render_text(result, summary, wants_colour(stream)))
