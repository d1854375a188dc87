"""`partnerscore lint`: find the files, run the engine, hand the result to a formatter, pick the exit code.

Only Typer is imported at module level; the engine and formatters are imported when the command runs,
so `partnerscore --help` stays cheap. No path here imports Rich or pandas.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path

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
    paths: list[Path] | None = PathsArgument,
    format: LintFormat = typer.Option(LintFormat.auto, "--format", "-f",
                                      help="auto (github under GitHub Actions, else text), text, json, "
                                           "github, sarif or junit."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    ignore: list[str] | None = typer.Option(None, "--ignore", metavar="CODE,…",
                                               help="Rule codes not to report, comma-separated; repeatable."),
    as_of: str | None = AsOfOption,
) -> None:
    """Check scorecards, their CSVs and their decision notes.

    Exit 0 when there are no errors (and, with --strict, no warnings), 1 when there are, 2 on bad usage
    or a path that does not exist.
    """
    from partnerscore.cli.options import load_settings_for_paths
    from partnerscore.core.diagnostics import lint_exit_code, summarize
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import UnusablePath, discover
    from partnerscore.lint.engine import run_lint

    day = parse_as_of(as_of)
    codes = split_codes(ignore)
    settings = load_settings_for_paths(paths)
    # A typo in the settings' ignore list would silently report what the user meant to hide.
    split_codes(list(settings.ignore), where=f"{settings.source}: ignore")
    try:
        files = discover(as_paths(paths), settings)
    except UnusablePath as exc:
        raise UserError(str(exc)) from exc
    if files.whole_project and not files.scorecards and not settings.folder("scorecards").is_dir():
        raise UserError(f"no {settings.scorecards}/ folder here; pass paths, or start one with "
                        "`partnerscore init ID --type TYPE`")
    result = run_lint(files, settings, day, codes)
    if result.files == 0:
        # "All checks passed: 0 files" would hide a typo in a path or a setting, as a CI step that checks nothing.
        where = ", ".join(str(p) for p in paths or []) or f"{settings.scorecards}/"
        raise UserError(f"nothing to check in {where}: no scorecard, data file, decision note, program or query "
                        "file; pass the files to check, or start a scorecard with `partnerscore init ID --type TYPE`")
    summary = summarize(result.diagnostics, result.files, strict=strict or settings.strict)

    chosen = format.value
    if chosen == "auto":
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if chosen == "text":
        from partnerscore.render.lint_text import render

        if result.diagnostics or files.whole_project or os.environ.get("PRE_COMMIT") != "1":
            render(result, summary, sys.stdout)
        # else: pre-commit (it sets PRE_COMMIT=1) may run the hook on several batches of a long file list
        # and print their output one after the other; a batch with nothing to report says nothing, so an
        # "All checks passed" never follows another batch's errors. pre-commit says Passed itself.
    else:
        from partnerscore.render.lint_machine import MACHINE_FORMATS

        sys.stdout.write(MACHINE_FORMATS[chosen](result, summary))
    sys.stdout.flush()
    raise typer.Exit(lint_exit_code(summary))
