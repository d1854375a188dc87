"""`diff --format markdown`: a summary ready to post as a pull-request comment or job summary."""

from __future__ import annotations

from partnerscore.core.words import plural
from partnerscore.diff.result import DiffReport
from partnerscore.render.diff_text import summary_line
from partnerscore.render.escape import markdown_cell, markdown_text

_LABEL = {
    "added": "added", "removed": "removed", "raised": "raised", "lowered": "lowered",
    "lowered-bar": "⚠️ lowered the bar", "changed": "changed", "renamed": "file renamed",
    "invalid": "❌ invalid",
}


def render(report: DiffReport) -> str:
    lines = ["### partnerscore diff", "", markdown_text(summary_line(report)), ""]
    if report.lowered_bars:
        lines += ["> [!WARNING]",
                  f"> {plural(report.lowered_bars, 'target')} made easier to hit: an `up` target lowered or a "
                  "`down` target raised. Say why in the pull request.", ""]
    for pid, changes in report.by_partnership():
        name = report.name_of(pid)
        title = markdown_text(name) if name == pid else f"{markdown_text(name)} ({markdown_text(pid)})"
        lines += [f"#### {title}", "",
                  "| Metric | Field | Before | After | Change | Details |",
                  "|---|---|---|---|---|---|"]
        for c in changes:
            where = c.path + (f":{c.line}" if c.line else "") if c.path else ""
            metric = f"{c.metric_name} ({c.metric})" if c.metric_name and c.metric_name != c.metric else c.metric
            cells = [metric or "—", c.field or "—", c.shown_before or "—", c.shown_after or "—",
                     _LABEL.get(c.kind, c.kind), c.message + (f" ({where})" if where else "")]
            lines.append("| " + " | ".join(markdown_cell(cell) for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
