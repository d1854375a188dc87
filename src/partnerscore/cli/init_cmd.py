"""`partnerscore init`."""

from __future__ import annotations

import contextlib

import typer


def init(
    id: str = typer.Argument(..., metavar="ID", show_default=False,  # noqa: A002 (the CLI names it ID)
                             help="Partnership id: lowercase letters, digits, '-' and '_'."),
    partnership_type: str | None = typer.Option(None, "--type", "-t", metavar="TYPE",
                             help="referral, strategic-alliance, integration or co-marketing."),
    program: str | None = typer.Option(None, "--program", "-p", metavar="PROGRAM",
                                       help="Extend this program (programs/PROGRAM.yaml) instead of a type's "
                                            "template."),
    name: str | None = typer.Option(None, "--name", metavar="TEXT",
                                       help="Display name. Default: from the ID."),
    force: bool = typer.Option(False, "--force",
                               help="Overwrite the scorecard if it exists (an existing data CSV is always kept)."),
) -> None:
    """Write a starter scorecard and an empty data CSV for a new partnership.

    With --type, the scorecard holds a practitioner's first metrics for the partnership type, with TBD
    owners and example targets to replace. With --program, it is a short scorecard that extends the
    program, naming what is this partnership's own (the partner, the owners on its side) as TBDs.
    `partnerscore lint` then warns about what is still undecided. Also writes scorecard.schema.json beside
    the scorecards when there is none: the JSON Schema that the scorecard's first line points editors at
    (completion and checks while you type).
    An existing data CSV is kept as it is (it may hold metric values), with or without --force.
    Exit 1 when the scorecard already exists (nothing is written; use --force) or another scorecard already has
    the ID (even with --force: two scorecards with one id would share a data file and review folder) or the
    file to write is another partnership's scorecard (its `id:` says so; even with --force), 2 on a bad ID,
    TYPE or PROGRAM.
    """
    from partnerscore.cli.options import load_project_settings
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import display_path
    from partnerscore.io.writing import RefusedOverwrite, write_atomic
    from partnerscore.starter.scorecard import StarterError, plan

    settings = load_project_settings()
    if program is None and partnership_type is None:
        raise UserError("give --type TYPE (a starter scorecard for the type) or --program PROGRAM (a scorecard "
                        "that extends the program)")
    try:
        if program is not None:
            from partnerscore.model.program_file import ProgramCatalog
            from partnerscore.starter.program_scorecard import plan_extending

            files = plan_extending(ProgramCatalog.on_disk(settings), program, id, settings.folder("scorecards"),
                                   settings.folder("data"), name, partnership_type, data_setting=str(settings.data))
        else:
            assert partnership_type is not None
            files = plan(partnership_type, id, settings.folder("scorecards"),
                         settings.folder("data"), name, data_setting=str(settings.data),
                         scorecards_setting=str(settings.scorecards))
    except StarterError as exc:
        raise UserError(str(exc)) from exc

    from partnerscore.starter.taken_ids import other_partnership_in, scorecard_using

    # Not even with --force (which overwrites this partnership's own files): two scorecards with one id
    # would share a data file and a review folder (lint's PS211 on both).
    other = scorecard_using(id, settings, files.scorecard)
    if other is not None:
        typer.echo(f"partnerscore: partnership id '{id}' is already used by {display_path(other)}; choose "
                   "another ID (nothing was written)", err=True)
        raise typer.Exit(1)

    # Nor over a file of this name that holds another partnership (`id: bar` in other.yaml): --force replaces
    # this partnership's own scorecard, never another's.
    held = other_partnership_in(files.scorecard, id, settings)
    if held is not None:
        typer.echo(f"partnerscore: {display_path(files.scorecard)} is the scorecard of partnership '{held}' (its "
                   f"`id:`), not '{id}'; choose another ID, or rename that file (nothing was written)", err=True)
        raise typer.Exit(1)

    targets = [(files.scorecard, files.scorecard_text)]
    # An existing data CSV is kept, --force or not: it may hold months of metric values, and the starter's
    # is only a header (SPEC.md: only `pull` rewrites a data CSV).
    data_kept = files.data.exists()
    if not data_kept:
        targets.append((files.data, files.data_text))
    # Check before writing anything, so a refusal leaves the project exactly as it was.
    existing = [path for path, _ in targets if path.exists()]
    # The schema the scorecard's first line names: written once, never over one that is there (it may be
    # from another version, or edited); --force is about the scorecard and CSV only.
    schema_exists = files.schema.exists()
    if not schema_exists:
        targets.append((files.schema, files.schema_text))
    if existing and not force:
        for path in existing:
            typer.echo(f"partnerscore: {display_path(path)} already exists; pass --force to overwrite it",
                       err=True)
        raise typer.Exit(1)

    # Each file is listed before it is written, so an interrupt just after its write is undone too.
    written = []
    try:
        for path, text in targets:
            written.append((path, path.exists()))
            try:
                write_atomic(path, text, force=force)
            except RefusedOverwrite:
                written.pop()  # created by someone else meanwhile: theirs, never to be removed
                raise
    except BaseException as exc:
        # Undo what this run created so a half-made partnership does not linger: on a refusal or an error,
        # and on Ctrl-C or SIGTERM too (a scorecard without its data file would make the rerun refuse).
        for path, existed in written:
            if not existed:
                with contextlib.suppress(OSError):  # the last may never have been made (its folder could not be)
                    path.unlink()
        if isinstance(exc, RefusedOverwrite):
            typer.echo(f"partnerscore: {exc}", err=True)
            raise typer.Exit(1) from None
        raise
    for path, _ in written:
        typer.echo(f"Wrote {display_path(path)}")
    if data_kept:
        typer.echo(f"Kept {display_path(files.data)}, which exists already (init never overwrites a data file)")
    if schema_exists and _read(files.schema) != files.schema_text:
        where = display_path(files.schema)
        typer.echo(f"Kept {where}, which differs from this version's schema; refresh it with "
                   f"`partnerscore schema > {where}`")
    if program is not None:
        typer.echo("Next: name the partner and the TBD owners on its side, change any target this partner "
                   "agreed under `metrics:`, then run `partnerscore lint`.")
    else:
        typer.echo("Next: replace the TBD owners and example targets, add baselines, "
                   "then run `partnerscore lint`.")


def _read(path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
