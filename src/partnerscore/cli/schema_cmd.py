"""`partnerscore schema`."""

from __future__ import annotations


def schema() -> None:
    """Print the JSON Schema of a scorecard.

    Save it (e.g. as scorecard.schema.json) and point editors at it with a first line such as
    `# yaml-language-server: $schema=../scorecard.schema.json`.
    """
    import json

    import typer

    from partnerscore.model.scorecard import scorecard_json_schema

    typer.echo(json.dumps(scorecard_json_schema(), indent=2, ensure_ascii=False))
