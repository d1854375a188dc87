"""`diff --format json|github`: the change list for programs, and annotations for GitHub Actions.

JSON is a list of `{partnership, metric, field, before, after, kind, message, path, line}`; the kinds are
documented in `partnerscore.diff.compare`. GitHub annotations point at the changed line of the new file: a
warning for a lowered bar or an invalid scorecard, a notice for anything else.
"""

from __future__ import annotations

import json

from partnerscore.diff.result import DiffReport
from partnerscore.render.diff_text import summary_line
from partnerscore.render.escape import github_data, github_property

_TITLE = {"lowered-bar": "lowered bar", "invalid": "invalid scorecard"}


def render_json(report: DiffReport) -> str:
    return json.dumps([c.as_record() for c in report.changes], indent=2, ensure_ascii=False) + "\n"


def render_github(report: DiffReport) -> str:
    lines = []
    for c in report.changes:
        command = "warning" if c.kind in ("lowered-bar", "invalid") else "notice"
        title = "partnerscore diff: " + _TITLE.get(c.kind, c.kind)
        props = []
        if c.side == "new" and c.path:
            props.append(f"file={github_property(c.path)}")
            if c.line:
                props.append(f"line={c.line}")
        props.append(f"title={github_property(title)}")
        lines.append(f"::{command} {','.join(props)}::{github_data(f'{c.partnership}: {c.message}')}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


MACHINE_FORMATS = {"json": render_json, "github": render_github}
