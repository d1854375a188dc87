"""`diff --format text`: per partnership, one line per change; lowered bars stand out on a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from partnerscore.core.words import plural
from partnerscore.diff.result import DiffReport
from partnerscore.render.escape import one_line

_STYLE = {"lowered-bar": "bold yellow", "invalid": "bold red", "added": "green", "removed": "red"}



def summary_line(report: DiffReport) -> str:
    if not report.changes:
        return f"No scorecard changes compared with {report.base}."
    groups = len(report.by_partnership())
    text = (f"Compared with {report.base}: {plural(len(report.changes), 'change')} in "
            f"{plural(groups, 'partnership')}")
    if report.lowered_bars:
        text += f", {plural(report.lowered_bars, 'target')} made easier to hit (lowered bar)"
    return text + "."


def render(report: DiffReport, console: Console) -> None:
    width = max((len(c.kind) for c in report.changes), default=0)
    for pid, changes in report.by_partnership():
        header = Text()
        header.append(one_line(pid), style="bold")
        name = report.name_of(pid)
        if name != pid:
            header.append(f" — {one_line(name)}")
        console.print(header)
        for change in changes:
            line = Text("  ")
            line.append(change.kind.ljust(width), style=_STYLE.get(change.kind, ""))
            line.append("  ")
            if change.path:
                where = one_line(change.path) + (f":{change.line}" if change.line else "")
                line.append(where + "  ", style="dim")
            line.append(one_line(change.message))
            console.print(line)
        console.print()
    style = "yellow" if report.lowered_bars else ""
    console.print(Text(summary_line(report), style=style))
