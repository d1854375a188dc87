"""Options shared by several commands, defined once, and the small parsers behind them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from partnerscore.core.errors import UserError

if TYPE_CHECKING:
    from partnerscore.io.settings import Settings

PathsArgument = typer.Argument(
    None, show_default=False, metavar="PATHS",
    help="Scorecards, programs, CSVs, decision notes, query files or folders. Default: the configured folders.",
)
AsOfOption = typer.Option(None, "--as-of", metavar="DATE",
                          help="Treat this day (YYYY-MM-DD) as today. Default: today.")


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--as-of: '{value}' is not a date; use YYYY-MM-DD, e.g. 2026-11-15") from None


def split_codes(values: list[str] | None, where: str = "--ignore") -> list[str]:
    """`--ignore PS303,PS401 --ignore ps501` → ['PS303', 'PS401', 'PS501']; unknown codes are usage errors."""
    codes = [code.strip().upper() for value in values or [] for code in value.split(",") if code.strip()]
    if not codes:
        return codes
    import difflib

    from partnerscore.lint.rules import all_rules

    known = all_rules()
    for code in codes:
        if code not in known:
            close = difflib.get_close_matches(code, list(known), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise UserError(f"{where}: unknown rule code '{code}'{hint} (`partnerscore rules` lists them)")
    return codes


def as_paths(values: list[Path] | None) -> list[Path]:
    return list(values or [])


def load_project_settings() -> Settings:
    """The settings of the project around the current folder; a broken settings file is a usage error."""
    from partnerscore.io.settings import ConfigError, load_settings

    try:
        return load_settings()
    except ConfigError as exc:
        raise UserError(str(exc)) from exc


def load_settings_for_paths(paths: list[Path] | None) -> Settings:
    """The settings for a command that takes paths: the current folder's project, as `load_project_settings`;
    where the current folder and its parents have no settings file, the project the named paths lie in
    (the repository-root run of pre-commit and CI); paths in two projects are a usage error."""
    from partnerscore.io.settings import ConfigError, load_settings_for

    try:
        return load_settings_for(as_paths(paths))
    except ConfigError as exc:
        raise UserError(str(exc)) from exc
