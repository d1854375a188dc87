"""`partnerscore lint`."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from partnerscore.cli.options import AsOfOption, PathsArgument, as_paths, parse_as_of, split_codes


class LintFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


def lint(
    paths: Optional[List[Path]] = PathsArgument,
    format: LintFormat = typer.Option(LintFormat.auto, "--format", "-f",
                                      help="auto is github under GitHub Actions, else text."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="CODE,…",
                                               help="Rule codes not to report, comma-separated."),
    as_of: Optional[str] = AsOfOption,
) -> None:
    """Check scorecards, their CSVs and their decision notes.

    Exit 0 when there are no errors (and, with --strict, no warnings), 1 when there are, 2 on bad usage.
    """
    from partnerscore.config import load_settings
    from partnerscore.console import stdout_console
    from partnerscore.diagnostics import lint_exit_code, summarize
    from partnerscore.errors import UserError
    from partnerscore.lint import run_lint
    from partnerscore.paths import PathNotFound, discover

    day = parse_as_of(as_of)
    codes = split_codes(ignore)
    settings = _settings(load_settings)
    try:
        files = discover(as_paths(paths), settings)
    except PathNotFound as exc:
        raise UserError(str(exc))
    if files.whole_project and not files.scorecards and not settings.folder("scorecards").is_dir():
        raise UserError(f"no {settings.scorecards}/ folder here; pass paths, or start one with "
                        "`partnerscore init ID --type TYPE`")
    result = run_lint(files, settings, day, codes)
    summary = summarize(result.diagnostics, result.files)

    chosen = format.value
    if chosen == "auto":
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if chosen == "text":
        from partnerscore.render.lint_text import render

        render(result, summary, stdout_console())
    else:
        from partnerscore.render.lint_machine import MACHINE_FORMATS

        typer.echo(MACHINE_FORMATS[chosen](result, summary), nl=False)
    raise typer.Exit(lint_exit_code(summary, strict=strict or settings.strict))


def _settings(load_settings):
    from partnerscore.config import ConfigError
    from partnerscore.errors import UserError

    try:
        return load_settings()
    except ConfigError as exc:
        raise UserError(str(exc))
