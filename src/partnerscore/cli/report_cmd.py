"""`partnerscore report`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from partnerscore.cli.options import AsOfOption, PathsArgument, as_paths, parse_as_of


class ReportFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"
    html = "html"
    csv = "csv"


class FailOn(str, Enum):
    off_track = "off-track"
    at_risk = "at-risk"


def report(
    paths: list[Path] | None = PathsArgument,
    as_of: str | None = AsOfOption,
    format: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f",
                                        help="table (terminal), markdown (PR comments, job summaries), "
                                             "json, html or csv."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="Write the report to FILE instead of printing it."),
    force: bool = typer.Option(False, "--force", help="Overwrite --output FILE if it exists."),
    fail_on: FailOn | None = typer.Option(None, "--fail-on", metavar="off-track|at-risk",
                                             help="Exit 1 when a partnership is at this status or worse."),
) -> None:
    """Where each partnership stands: on track?, which drivers explain it, what to decide this week.

    Given CSVs or decision notes, reports the scorecards they belong to.

    Invalid scorecards are skipped, their problems printed to stderr; the rest is still reported.

    Exit 1 when a scorecard was skipped or --fail-on is hit.

    Exit 2 on bad usage, a missing path, or an output that cannot be written (existing FILE: --force).
    """
    from partnerscore.cli.options import load_project_settings
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import PathNotFound, discover
    from partnerscore.report.exit_codes import exit_code

    day = parse_as_of(as_of)
    settings = load_project_settings()
    try:
        files = discover(as_paths(paths), settings)
    except PathNotFound as exc:
        raise UserError(str(exc)) from exc
    if files.whole_project and not settings.folder("scorecards").is_dir():
        raise UserError(f"no {settings.scorecards}/ folder here; pass paths, or start one with "
                        "`partnerscore init ID --type TYPE`")
    from partnerscore.report.collector import collector_paused

    # Building, rendering and writing make one batch of a million acyclic objects: the collector stays
    # paused until they are freed. Turned back on while they were alive, it walked them all, twice
    # (0.036 s on a 1,000-partnership report); turned on after, it has nothing left to walk.
    with collector_paused():
        portfolio = _build_and_show(files, settings, day, format, output, force)
        code = exit_code(portfolio, fail_on.value if fail_on else None)
        del portfolio
    raise typer.Exit(code)


def _build_and_show(files, settings, day, format: ReportFormat, output: Path | None, force: bool):
    from partnerscore.core.errors import UserError
    from partnerscore.report.build import build_portfolio
    from partnerscore.report.exit_codes import nothing_found

    portfolio = build_portfolio(files, settings, day)
    _tell_stderr(portfolio)
    if not portfolio.partnerships and not portfolio.skipped:
        raise UserError(nothing_found(files, settings, portfolio))
    if output is not None:
        _refuse_inputs(output, files, settings, portfolio)
        _write(output, _render_text(format.value, portfolio), force)
    elif format is ReportFormat.table:
        from partnerscore.render.console import stdout_console
        from partnerscore.render.report_table import render_table

        render_table(portfolio, stdout_console())
    else:
        # Written as it is: click.echo would also scan the text for terminal colour codes to strip (there
        # are none: every format escapes user text), ~0.02 s for a 10 MB report.
        sys.stdout.write(_render_text(format.value, portfolio))
        sys.stdout.flush()
    return portfolio


def _render_text(name: str, portfolio) -> str:
    from partnerscore.render.report_formats import report_renderer

    return report_renderer(name)(portfolio)


def _refuse_inputs(output: Path, files, settings, portfolio) -> None:
    """SPEC.md: no command modifies a scorecard, program, CSV or decision note, so --force does not reach them.

    The inputs are the files named or found, every file of the configured folders (a scorecard named
    alone still reads its CSV and notes), and the scorecards and CSVs the report was built from (a
    `data:` may point outside the data folder)."""
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import discover, display_path

    if not output.is_file():
        return
    project = discover([], settings)
    inputs = {Path(p).resolve() for fileset in (files, project)
              for p in (*fileset.scorecards, *fileset.csvs, *fileset.reviews, *fileset.programs)}
    inputs |= {Path(p.path).resolve() for p in portfolio.partnerships}
    inputs |= {p.data_path.resolve() for p in portfolio.partnerships if p.data_path is not None}
    if output.resolve() in inputs:
        raise UserError(f"{display_path(output.resolve())} is an input of this report (a scorecard, program, "
                        "CSV or decision note); partnerscore never overwrites those, even with --force; "
                        "choose another --output")


def _write(output: Path, text: str, force: bool) -> None:
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import display_path
    from partnerscore.io.writing import RefusedOverwrite, write_atomic

    try:
        write_atomic(output, text, force=force)
    except RefusedOverwrite as exc:
        # SPEC.md: "an output that cannot be written" is exit 2, and a refusal is that until --force.
        raise UserError(str(exc)) from exc
    typer.echo(f"Wrote {display_path(output.resolve())}", err=True)


def _tell_stderr(portfolio) -> None:
    """Skipped scorecards' problems, `path:line:col: CODE message`, and paths no scorecard claims."""
    from partnerscore.render.escape import one_line

    for d in portfolio.skipped:
        typer.echo(f"{one_line(d.path)}:{d.line}:{d.column}: {d.rule} {one_line(d.message)}", err=True)
    if portfolio.skipped:
        paths = sorted({d.path for d in portfolio.skipped})
        typer.echo(f"partnerscore: skipped {len(paths)} invalid scorecard{'s' if len(paths) != 1 else ''} "
                   f"({', '.join(one_line(p) for p in paths)}); run `partnerscore lint` for details", err=True)
    for note in portfolio.unreadable_data:
        typer.echo(f"partnerscore: {one_line(note)}", err=True)
    for path in portfolio.unmatched:
        typer.echo(f"partnerscore: {one_line(path)}: no scorecard uses this file; not reported", err=True)
