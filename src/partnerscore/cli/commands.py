"""Registers every command on the app; each lives in its own module."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from partnerscore.cli import lint_cmd, rules_cmd, schema_cmd

    app.command("lint")(lint_cmd.lint)
    app.command("rules")(rules_cmd.rules)
    app.command("schema")(schema_cmd.schema)

    from partnerscore.cli import diff_cmd, init_cmd

    app.command("init")(init_cmd.init)
    app.command("diff")(diff_cmd.diff)

    from partnerscore.cli import report_cmd

    app.command("report")(report_cmd.report)

    from partnerscore.cli import pull_cmd

    app.command("pull")(pull_cmd.pull)

    from partnerscore.cli.review_cmd import review_app

    app.add_typer(review_app, name="review")
