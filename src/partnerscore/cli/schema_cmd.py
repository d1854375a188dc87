"""`partnerscore schema`."""

from __future__ import annotations

from enum import Enum

import typer


class SchemaKind(str, Enum):
    scorecard = "scorecard"
    note = "note"


def schema(
    kind: SchemaKind = typer.Argument(SchemaKind.scorecard, metavar="[scorecard|note]",
                                      help="scorecard (the default) or note (a decision note in reviews/<id>/)."),
) -> None:
    """Print the JSON Schema of a scorecard, or of a decision note (`partnerscore schema note`).

    Save it (e.g. as scorecard.schema.json) and point editors at it with a first line such as
    `# yaml-language-server: $schema=../scorecard.schema.json`.
    """
    import json

    if kind is SchemaKind.note:
        from partnerscore.model.review import decision_note_json_schema as make_schema
    else:
        from partnerscore.model.scorecard import scorecard_json_schema as make_schema

    typer.echo(json.dumps(make_schema(), indent=2, ensure_ascii=False))
