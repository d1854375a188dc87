"""`partnerscore schema`."""

from __future__ import annotations

from enum import Enum

import typer


class SchemaKind(str, Enum):
    scorecard = "scorecard"
    note = "note"


def _kind(value: str) -> SchemaKind:
    # Parsed here, not by Typer's enum handling, which words a wrong value "Value error, 'x' is not one of …".
    try:
        return SchemaKind(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a schema; use scorecard or note") from None


def schema(
    kind: SchemaKind = typer.Argument(SchemaKind.scorecard, metavar="[scorecard|note]", parser=_kind,
                                      help="scorecard (the default) or note (a decision note in reviews/<id>/)."),
    program: bool = typer.Option(False, "--program", help="The schema of a program file (programs/<id>.yaml)."),
) -> None:
    """Print the JSON Schema of a scorecard, of a decision note (`partnerscore schema note`) or of a program
    (`--program`).

    Save it beside the files it describes (`partnerscore init` writes scorecards/scorecard.schema.json)
    and point editors at it with a first line such as `# yaml-language-server: $schema=scorecard.schema.json`,
    as init's starter scorecards have. A scorecard that `extends:` a program validates against it too: it
    needs only `partnership` and `partner`, the program gives the rest.
    """
    import json

    from partnerscore.core.errors import UserError
    from partnerscore.model.schemas import program_json_schema, scorecard_json_schema

    if program and kind is SchemaKind.note:
        raise UserError("--program prints a program's schema; leave out `note`")
    if kind is SchemaKind.note:
        from partnerscore.model.review import decision_note_json_schema

        chosen = decision_note_json_schema()
    else:
        chosen = program_json_schema() if program else scorecard_json_schema()
    typer.echo(json.dumps(chosen, indent=2, ensure_ascii=False))
