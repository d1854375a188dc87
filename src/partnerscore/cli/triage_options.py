"""`report`'s triage options (`--where`, `--group-by`, `--owner`) and the parser of `--where FIELD=VALUE,…`.

Only Typer at import time: the words they accept come from `report.triage` when a value is parsed.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

import typer

from partnerscore.core.errors import UserError

if TYPE_CHECKING:
    from partnerscore.report.triage import Where


class GroupBy(str, Enum):
    """SPEC.md's keys of `--group-by` (report.overview.GROUP_BY_KEYS; a test keeps the two equal)."""

    program = "program"
    type = "type"
    lead = "lead"
    status = "status"


WhereOption = typer.Option(
    None, "--where", metavar="FIELD=VALUE[,VALUE…]",
    help="Keep only the partnerships whose FIELD (id, type, program, lead, partner or status) is one of the "
         "VALUEs, in any case; repeat it and every --where must hold. `--where program=` (or program=null) "
         "keeps those without a program.",
)
GroupByOption = typer.Option(None, "--group-by", metavar="program|type|lead|status",
                             help="Count the portfolio's statuses per program, type, lead or status.")
OwnerOption = typer.Option(
    None, "--owner", metavar="NAME",
    help="A person's own action list: the partnerships where NAME owns a metric or a decision (as owner or "
         "partner owner, in any case), showing only what NAME owns.",
)


def parse_wheres(values: list[str] | None) -> list[Where]:
    """Every `--where` given, each parsed; a bad one is a usage error (exit 2) that says what is accepted."""
    return [parse_where(value) for value in values or []]


def parse_where(text: str) -> Where:
    """`type=referral,integration` → Where("type", {"referral", "integration"})."""
    import difflib

    from partnerscore.report.triage import WHERE_FIELDS, Where, known_values

    name, equals, raw = text.partition("=")
    name = name.strip().lower()
    fields = ", ".join(WHERE_FIELDS)
    if not equals or not name:
        raise UserError(f"--where: '{text}' is not FIELD=VALUE; e.g. --where type=referral (FIELD: {fields})")
    if name not in WHERE_FIELDS:
        close = difflib.get_close_matches(name, WHERE_FIELDS, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise UserError(f"--where: unknown field '{name}'; {hint}FIELD is one of {fields}")
    # `type=referral,` is `type=referral`; only `program=` alone means "no program".
    values = [value.strip() for value in raw.split(",") if value.strip()]
    if not values and name == "program":
        values = [""]
    if name == "program":  # `null`, as the JSON's groups name it, is "no program" too
        values = ["" if value.casefold() == "null" else value for value in values]
    if not values:
        raise UserError(f"--where {name}=: give at least one value, e.g. --where {name}=VALUE")
    allowed = known_values(name)
    for value in values:
        if allowed and value.casefold() not in allowed:
            close = difflib.get_close_matches(value.casefold(), allowed, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise UserError(f"--where {name}: unknown {name} '{value}'; {hint}one of {', '.join(allowed)}")
    return Where(name, tuple(values))
