"""`partnerscore rules` output: the catalogue generated from the rule registry."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text

from partnerscore.console import stdout_console
from partnerscore.rules import all_rules

SEVERITY_LETTER = {"error": "E", "warning": "W"}


def render_table() -> None:
    table = Table(title="partnerscore lint rules", title_justify="left")
    table.add_column("code", no_wrap=True)
    table.add_column("sev", no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column("checks")
    for rule in all_rules().values():
        style = "red" if rule.severity.value == "error" else "yellow"
        table.add_row(rule.code, Text(SEVERITY_LETTER[rule.severity.value], style=style), rule.name,
                      Text(rule.summary))
    stdout_console().print(table)


def render_json() -> None:
    records = [{"code": r.code, "severity": r.severity.value, "name": r.name, "summary": r.summary,
                "description": r.doc} for r in all_rules().values()]
    print(json.dumps(records, indent=2, ensure_ascii=False))


def render_markdown() -> None:
    """The rule reference (docs/rules.md is generated from this)."""
    lines = ["# partnerscore lint rules", "", "| code | severity | name | checks |", "|---|---|---|---|"]
    rules = list(all_rules().values())
    for r in rules:
        lines.append(f"| [{r.code}](#{r.code.lower()}) | {r.severity.value} | `{r.name}` | {r.summary} |")
    for r in rules:
        lines += ["", f"## {r.code}", "", f"**{r.name}** ({r.severity.value})", "", r.doc]
    print("\n".join(lines))


RENDERERS = {"table": render_table, "json": render_json, "markdown": render_markdown}
