"""`lint --format text`: `path:line:col: CODE message` lines and a summary, coloured on a terminal.

Written with plain ANSI codes rather than Rich: it is the hot path of every pre-commit run, and user
text never passes through a markup parser, so `[/bold]` in a metric name is printed as it is.
"""

from __future__ import annotations

from typing import TextIO

from partnerscore.core.diagnostics import Summary
from partnerscore.core.words import plural
from partnerscore.lint.result import LintResult
from partnerscore.render.console import paint, wants_colour
from partnerscore.render.escape import one_line

_STYLE = {"error": "bold red", "warning": "yellow"}



def summary_line(summary: Summary) -> str:
    if not summary.errors and not summary.warnings:
        return f"All checks passed: {plural(summary.files, 'file')}, no problems."
    return (f"Checked {plural(summary.files, 'file')}: {plural(summary.errors, 'error')}, "
            f"{plural(summary.warnings, 'warning')}.")


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


def render_rich(result: LintResult, summary: Summary, stream: TextIO) -> None:
    """The terminal view: the same lines styled by Rich, and a count per rule when there is more than one."""
    from collections import Counter

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=True)
    for d in result.diagnostics:
        # Text() never parses markup, and one_line() defuses control characters, so user text stays text.
        line = Text()
        line.append(f"{one_line(d.path)}:{d.line}:{d.column}:", style="bold")
        line.append(" ")
        line.append(d.rule, style=_STYLE[d.severity.value])
        line.append(f" {one_line(d.message)}")
        console.print(line)
    counts = Counter((d.rule, d.severity.value) for d in result.diagnostics)
    if len(counts) > 1:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        for (rule, severity), n in sorted(counts.items()):
            table.add_row(Text(rule, style=_STYLE[severity]), str(n))
        console.print()
        console.print(table)
    if result.diagnostics:
        console.print()
    style = "bold red" if summary.errors else ("yellow" if summary.warnings else "green")
    console.print(Text(summary_line(summary), style=style))


def render(result: LintResult, summary: Summary, stream: TextIO) -> None:
    # Rich only where there is a terminal to colour: piped output (CI, pre-commit, editors) stays plain text
    # and skips Rich's import, which is most of lint's start-up budget.
    if wants_colour(stream):
        render_rich(result, summary, stream)
    else:
        stream.write(render_text(result, summary, colour=False))
