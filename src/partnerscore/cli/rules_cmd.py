"""`partnerscore rules`."""

from __future__ import annotations

from enum import Enum

import typer


class RulesFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def rules(
    format: RulesFormat = typer.Option(RulesFormat.table, "--format", "-f", help="table, json or markdown."),
) -> None:
    """List every lint rule: code, severity and what it checks."""
    from partnerscore.lint.rules import all_rules
    from partnerscore.render.rules_list import RENDERERS

    RENDERERS[format.value](all_rules())
