"""Registers every command on the app; each lives in its own module."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from partnerscore.cli import lint_cmd, rules_cmd, schema_cmd

    app.command("lint")(lint_cmd.lint)
    app.command("rules")(rules_cmd.rules)
    app.command("schema")(schema_cmd.schema)
