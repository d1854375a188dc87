"""`partnerscore pull`. DuckDB, SQLAlchemy and psycopg (the `pull` extra) are imported only when it runs."""

from __future__ import annotations

import os
import sys

import typer


def pull(
    ids: list[str] | None = typer.Argument(
        None, help="Partnership ids to pull (queries/<id>.sql). Default: every query file.",
        show_default=False, metavar="IDS"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change; write nothing."),
    check: bool = typer.Option(False, "--check",
                               help="Write nothing; exit 1 when a data file would change (for CI)."),
    timeout: float = typer.Option(300, "--timeout", metavar="SECONDS",
                                  help="Stop a query that runs longer than this (at most 604800, a week)."),
) -> None:
    """Refresh metric CSVs from where the numbers live: run queries/<id>.sql, write data/<id>.csv.

    Each query returns date, metric, value (and optionally note) rows. Every series it returns replaces
    that series' rows in the partnership's data file; rows of other series are kept as they are. Rows
    are checked like CSV rows first; a file that would not change is not rewritten. Queries run on the
    embedded DuckDB (with the repository as its folder) or on a source named by a first line
    `-- source: NAME` ([tool.partnerscore.sources]), and only read: one SELECT, read-only.
    Needs the extra: pip install 'partnerscore[pull]'.
    A data file is a .csv inside the repository, outside the scorecards, reviews, programs and queries
    folders; a new one several scorecards share gets a partnership column.
    Exit 0; 1 for a bad row or a data file that cannot take the rows (that file is untouched) or, with
    --check, a file that would change; 2 for a source that cannot be reached, a failed or refused query, a
    data: pull may not write, or bad usage.
    """
    from partnerscore.cli.options import load_project_settings
    from partnerscore.core.errors import UserError
    from partnerscore.pull.database import MAX_TIMEOUT, MissingExtra
    from partnerscore.pull.engine import run_pull
    from partnerscore.pull.result import Mode
    from partnerscore.render.console import wants_colour
    from partnerscore.render.pull_text import problem_lines, summary_lines

    if not 0 < timeout <= MAX_TIMEOUT:  # also NaN; a larger wait overflows the platform's clock (time_t)
        raise UserError(f"--timeout: give a number of seconds above 0 and at most {MAX_TIMEOUT:g} (a week), "
                        "e.g. --timeout 300")
    mode = Mode.CHECK if check else Mode.DRY_RUN if dry_run else Mode.WRITE
    settings = load_project_settings()
    try:
        result = run_pull(settings, list(ids or []), mode, timeout, os.environ)
    except MissingExtra as exc:
        raise UserError(str(exc)) from exc
    for line in problem_lines(result):
        print(f"partnerscore: {line}", file=sys.stderr)
    for line in summary_lines(result, colour=wants_colour(sys.stdout)):
        print(line)
    raise typer.Exit(result.exit_code)
