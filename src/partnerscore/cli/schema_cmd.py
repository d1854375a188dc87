"""`partnerscore schema`."""

from __future__ import annotations

import typer


def schema(
    program: bool = typer.Option(False, "--program", help="The schema of a program file (programs/<id>.yaml)."),
) -> None:
    """Print the JSON Schema of a scorecard (or, with --program, of a program).

    Save it (e.g. as scorecard.schema.json) and point editors at it with a first line such as
    `# yaml-language-server: $schema=../scorecard.schema.json`. A scorecard that `extends:` a program
    validates against it too: it needs only `partnership` and `partner`, the program gives the rest.
    """
    import json

    from partnerscore.model.schemas import program_json_schema, scorecard_json_schema

    chosen = program_json_schema() if program else scorecard_json_schema()
    typer.echo(json.dumps(chosen, indent=2, ensure_ascii=False))
