"""Options shared by several commands, defined once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import List, Optional

import typer

from partnerscore.errors import UserError

PathsArgument = typer.Argument(
    None, help="Scorecards, CSVs, decision notes or folders. Default: the configured folders.",
    show_default=False,
)
AsOfOption = typer.Option(None, "--as-of", metavar="DATE",
                          help="Treat this day (YYYY-MM-DD) as today. Default: today.")


def parse_as_of(value: Optional[str]) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--as-of: '{value}' is not a date; use YYYY-MM-DD, e.g. 2026-11-15")


def split_codes(values: Optional[List[str]]) -> list[str]:
    codes = [code.strip().upper() for value in values or [] for code in value.split(",") if code.strip()]
    from partnerscore.rules import all_rules

    known = all_rules()
    for code in codes:
        if code not in known:
            raise UserError(f"--ignore: unknown rule code '{code}'; `partnerscore rules` lists them")
    return codes


def as_paths(values: Optional[List[Path]]) -> list[Path]:
    return list(values or [])
