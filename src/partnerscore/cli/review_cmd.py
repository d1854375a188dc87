"""`partnerscore review new`."""

from __future__ import annotations

from pathlib import Path

import typer

review_app = typer.Typer(
    name="review",
    help="Decision notes: one per review meeting, in reviews/<id>/<YYYY-MM-DD>.yaml.",
    no_args_is_help=True,
    add_completion=False,
)


@review_app.command("new")
def new(
    scorecard: Path = typer.Argument(..., metavar="SCORECARD", help="The scorecard the review is about."),
    day: str | None = typer.Option(None, "--date", metavar="DATE",
                                      help="The review's date (YYYY-MM-DD). Default: today."),
    force: bool = typer.Option(False, "--force", help="Overwrite the note if it exists."),
) -> None:
    """Write reviews/<id>/<date>.yaml prefilled from where the partnership stands.

    It lists what changed since the last review, off-track metrics and stale data as risk candidates,
    open decisions and running experiments carried over, and comments for the rest.
    Exit 1 when the note exists (use --force), the scorecard is invalid or an earlier note has errors
    (its open decisions could not be carried over), or data could not be used (named on stderr and in the
    note, which is still written); 2 on a bad date, or a path that does not exist or is
    not a scorecard (a data CSV, a program, a decision note, a YAML file outside the scorecards folder
    without `partnership:`).
    """
    import datetime as dt

    from partnerscore.cli.options import load_settings_for_paths
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import display_path, is_symlink_loop
    from partnerscore.io.writing import RefusedOverwrite, write_atomic

    if day is None:
        when = dt.date.today()
    else:
        try:
            when = dt.date.fromisoformat(day)
        except ValueError:
            raise UserError(f"--date: '{day}' is not a date; use YYYY-MM-DD, e.g. 2026-11-20") from None
    if not scorecard.exists():
        raise UserError(f"{scorecard}: {'a symlink loop' if is_symlink_loop(scorecard) else 'no such file'}")
    if not scorecard.is_file():
        what = "a folder" if scorecard.is_dir() else "not a regular file"  # /dev/null, a pipe
        raise UserError(f"{scorecard}: {what}; name one scorecard file, e.g. scorecards/northwind.yaml")
    settings = load_settings_for_paths([scorecard])

    from partnerscore.starter.review_target import by_content, by_path

    wrong = by_path(scorecard, settings)
    if wrong is not None:
        raise UserError(wrong)

    from partnerscore.model.program_file import ProgramCatalog
    from partnerscore.model.scorecard_file import load_scorecard
    from partnerscore.render.escape import one_line
    from partnerscore.report.build import is_reportable, skip_reasons
    from partnerscore.starter.review_note import draft_review

    loaded = load_scorecard(scorecard, ProgramCatalog.on_disk(settings))
    if not is_reportable(loaded):
        wrong = by_content(scorecard, settings, loaded.doc.data if loaded.doc is not None else None)
        if wrong is not None:
            raise UserError(wrong)
        for d in skip_reasons(loaded):
            typer.echo(one_line(f"{d.path}:{d.line}:{d.column}: {d.rule} {d.message}"), err=True)
        typer.echo(f"partnerscore: {display_path(scorecard)} is not a valid scorecard; fix it first "
                   "(`partnerscore lint` shows every problem)", err=True)
        raise typer.Exit(1)
    draft = draft_review(loaded, settings, when)
    if draft.unreadable:
        for d in draft.unreadable:
            typer.echo(one_line(f"{d.path}:{d.line}:{d.column}: {d.rule} {d.message}"), err=True)
        paths = sorted({d.path for d in draft.unreadable})
        typer.echo(f"partnerscore: earlier decision note{'s' if len(paths) != 1 else ''} "
                   f"{', '.join(one_line(p) for p in paths)} cannot be read, so "
                   f"{'their' if len(paths) != 1 else 'its'} open decisions and experiments would not be "
                   "carried over; fix it first (`partnerscore lint` shows every problem)", err=True)
        raise typer.Exit(1)
    # Data the report could not use is named as the report names it, the note still written (it says the
    # figures are missing and why) and the exit 1, as for `report` (SPEC.md: unusable data is exit 1).
    for d in draft.data_problems:
        typer.echo(one_line(f"{d.path}:{d.line}:{d.column}: {d.rule} {d.message}"), err=True)
    if draft.left_out is not None:
        typer.echo(f"partnerscore: {loaded.partnership_id}: {one_line(draft.left_out.sentence())}", err=True)
    try:
        write_atomic(draft.path, draft.text, force=force)
    except RefusedOverwrite:
        typer.echo(f"partnerscore: {display_path(draft.path)} already exists; pass --force to overwrite it",
                   err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Wrote {display_path(draft.path)}")
    if draft.left_out is not None:
        raise typer.Exit(1)
