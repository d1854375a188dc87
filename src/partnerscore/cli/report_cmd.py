"""`partnerscore report`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import NamedTuple

import typer

from partnerscore.cli.options import AsOfOption, PathsArgument, as_paths, parse_as_of
from partnerscore.cli.triage_options import GroupBy, GroupByOption, OwnerOption, WhereOption, parse_wheres


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
    where: list[str] | None = WhereOption,
    group_by: GroupBy | None = GroupByOption,
    owner: str | None = OwnerOption,
) -> None:
    """Where each partnership stands: on track?, which drivers explain it, what to decide this week.

    Given CSVs or decision notes, reports the scorecards they belong to.

    Invalid scorecards are skipped, their problems printed to stderr; the rest is still reported.

    --where, --owner and --group-by triage a large portfolio; what they leave out is left out of every
    format, the counts and --fail-on. Table, markdown and HTML open with the partnerships that need
    attention most.

    Data it could not use (bad rows, unreadable files, misspelt series, broken decision notes) is named on
    stderr, listed under `problems` in JSON and counted under each partnership.

    Exit 1 when a scorecard was skipped, data could not be used, or --fail-on is hit.

    Exit 2 on bad usage, a missing path, or an output that cannot be written (existing FILE: --force).
    """
    from partnerscore.cli.options import load_settings_for_paths
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import UnusablePath, discover
    from partnerscore.render.escape import one_line
    from partnerscore.report.exit_codes import exit_code, unjudged

    day = parse_as_of(as_of)
    if owner is not None and not owner.strip():
        raise UserError("--owner: give a person's name, e.g. --owner 'Dana Lee'")
    triage = Triage(parse_wheres(where), owner, group_by.value if group_by else None)
    settings = load_settings_for_paths(paths)
    try:
        files = discover(as_paths(paths), settings)
    except UnusablePath as exc:
        raise UserError(str(exc)) from exc
    if files.whole_project and not settings.folder("scorecards").is_dir():
        raise UserError(f"no {settings.scorecards}/ folder here; pass paths, or start one with "
                        "`partnerscore init ID --type TYPE`")
    from partnerscore.core.collector import collector_paused

    # Building, rendering and writing make one batch of a million acyclic objects: the collector stays
    # paused until they are freed. Turned back on while they were alive, it walked them all, twice
    # (0.036 s on a 1,000-partnership report); turned on after, it has nothing left to walk.
    with collector_paused():
        portfolio = _build_and_show(files, settings, day, format, output, force, triage)
        code = exit_code(portfolio, fail_on.value if fail_on else None)
        warning = unjudged(portfolio, fail_on.value if fail_on else None)
        if warning is not None:
            typer.echo(f"partnerscore: warning: {one_line(warning)}", err=True)
        del portfolio
    raise typer.Exit(code)


class Triage(NamedTuple):
    wheres: list
    owner: str | None
    group_by: str | None


def _build_and_show(files, settings, day, format: ReportFormat, output: Path | None, force: bool,
                    triage: Triage):
    """The report as triage leaves it, shown; that report is what the exit code is judged on."""
    from partnerscore.core.errors import UserError
    from partnerscore.report.build import build_portfolio
    from partnerscore.report.exit_codes import nothing_found
    from partnerscore.report.triage import triage as apply_triage

    built = build_portfolio(files, settings, day)
    if not built.partnerships and not built.skipped:
        _tell_stderr(built)
        raise UserError(nothing_found(files, settings, built))
    portfolio = apply_triage(built, triage.wheres, triage.owner, triage.group_by)
    # The data problems told, like every format and the exit code, are those of the partnerships kept
    # (invalid scorecards, which no filter can match, are always told).
    _tell_stderr(portfolio)
    _tell_none_kept(portfolio)
    if output is not None:
        # Every scorecard and CSV it read is an input, the ones triage left out too.
        _refuse_inputs(output, files, settings, built)
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


def _tell_none_kept(portfolio) -> None:
    """A filter that keeps nothing is not an error (no one on that list this week), but it is said:
    a typo in a name looks the same."""
    from partnerscore.render.escape import one_line

    if portfolio.filtered_from and not portfolio.partnerships:
        typer.echo(f"partnerscore: no partnership matches {one_line(' '.join(portfolio.filters))} "
                   f"(of {portfolio.filtered_from} reported)", err=True)


def _render_text(name: str, portfolio) -> str:
    from partnerscore.render.report_formats import report_renderer

    return report_renderer(name)(portfolio)


def _refuse_inputs(output: Path, files, settings, portfolio) -> None:
    """SPEC.md: no command modifies a scorecard, program, CSV or decision note, so --force does not reach them.

    The inputs are the files named or found, every file of the configured folders (a scorecard named
    alone still reads its CSV and notes), and the scorecards and CSVs the report was built from (a
    `data:` may point outside the data folder)."""
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import discover, display_path, real_path

    if output.is_file():
        project = discover([], settings)
        inputs = {real_path(Path(p)) for fileset in (files, project)
                  for p in (*fileset.scorecards, *fileset.csvs, *fileset.reviews, *fileset.programs,
                            *fileset.queries)}
        # The settings files are the project's too (either may hold its settings).
        inputs |= {real_path(settings.root / name) for name in ("pyproject.toml", "partnerscore.toml")}
        if settings.source is not None:
            inputs.add(real_path(settings.source))
        inputs |= {real_path(Path(p.path)) for p in portfolio.partnerships}
        inputs |= {real_path(p.data_path) for p in portfolio.partnerships if p.data_path is not None}
        if real_path(output) in inputs:
            raise UserError(f"{display_path(real_path(output))} is an input of this report (a scorecard, program, "
                            "CSV, decision note, query or the settings); partnerscore never overwrites those, "
                            "even with --force; choose another --output")
    target = real_path(output)
    if target.suffix.lower() in (".yaml", ".yml", ".csv", ".sql"):
        # A file of a kind the project reads, in one of its folders, would be read as a scorecard, a data
        # file, a note, a program or a query by every later command.
        for name in ("scorecards", "data", "reviews", "programs", "queries"):
            if target.is_relative_to(real_path(settings.folder(name))):
                raise UserError(f"{display_path(target)} is in the {name} folder, where partnerscore would read "
                                "it back as one of its own files; choose an --output outside it")


def _write(output: Path, text: str, force: bool) -> None:
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import display_path, real_path
    from partnerscore.io.writing import RefusedOverwrite, write_atomic

    try:
        write_atomic(output, text, force=force)
    except RefusedOverwrite as exc:
        # SPEC.md: "an output that cannot be written" is exit 2, and a refusal is that until --force.
        raise UserError(str(exc)) from exc
    typer.echo(f"Wrote {display_path(real_path(output))}", err=True)


def _tell_stderr(portfolio) -> None:
    """Skipped scorecards' problems, `path:line:col: CODE message`, and paths no scorecard claims."""
    from partnerscore.render.escape import one_line

    for d in portfolio.skipped:
        typer.echo(f"{one_line(d.path)}:{d.line}:{d.column}: {d.rule} {one_line(d.message)}", err=True)
    if portfolio.skipped:
        paths = sorted({d.path for d in portfolio.skipped})
        typer.echo(f"partnerscore: skipped {len(paths)} invalid scorecard{'s' if len(paths) != 1 else ''} "
                   f"({', '.join(one_line(p) for p in paths)}); run `partnerscore lint` for details", err=True)
    problems = portfolio.problems
    for d in problems:
        typer.echo(f"{one_line(d.path)}:{d.line}:{d.column}: {d.rule} {one_line(d.message)}", err=True)
    for report in portfolio.partnerships:
        if report.left_out is not None:
            typer.echo(f"partnerscore: {report.id}: {one_line(report.left_out.sentence())}", err=True)
        for d in report.unreadable_notes:
            typer.echo(f"partnerscore: {one_line(d.path)}: decision note has errors ({d.rule}); its decisions "
                       "and experiments are left out of the report", err=True)
    for path in portfolio.unmatched:
        typer.echo(f"partnerscore: {one_line(path)}: no scorecard uses this file; not reported", err=True)
