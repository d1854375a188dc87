"""`partnerscore init`."""

from __future__ import annotations

import typer


def init(
    id: str = typer.Argument(..., metavar="ID", show_default=False,  # noqa: A002 (the CLI names it ID)
                             help="Partnership id: lowercase letters, digits, '-' and '_'."),
    partnership_type: str = typer.Option(..., "--type", "-t", metavar="TYPE",
                             help="referral, strategic-alliance, integration or co-marketing."),
    name: str | None = typer.Option(None, "--name", metavar="TEXT",
                                       help="Display name. Default: from the ID."),
    force: bool = typer.Option(False, "--force", help="Overwrite the scorecard and CSV if they exist."),
) -> None:
    """Write a starter scorecard and an empty data CSV for a new partnership.

    The scorecard holds a practitioner's first metrics for the partnership type, with TBD owners and
    example targets to replace; `partnerscore lint` then warns about what is still undecided. Also writes
    scorecard.schema.json beside the scorecards when there is none: the JSON Schema that the scorecard's
    first line points editors at (completion and checks while you type).
    Exit 1 when a file already exists (nothing is written; use --force), 2 on a bad ID or TYPE.
    """
    from partnerscore.cli.options import load_project_settings
    from partnerscore.core.errors import UserError
    from partnerscore.io.paths import display_path
    from partnerscore.io.writing import RefusedOverwrite, write_atomic
    from partnerscore.starter.scorecard import StarterError, plan

    settings = load_project_settings()
    try:
        files = plan(partnership_type, id, settings.folder("scorecards"),
                     settings.folder("data"), name, data_setting=str(settings.data))
    except StarterError as exc:
        raise UserError(str(exc)) from exc

    targets = [(files.scorecard, files.scorecard_text), (files.data, files.data_text)]
    # Check both before writing either, so a refusal leaves the project exactly as it was.
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

    written = []
    try:
        for path, text in targets:
            existed = path.exists()
            write_atomic(path, text, force=force)
            written.append((path, existed))
    except (UserError, RefusedOverwrite) as exc:
        # Undo what this run created so a half-made partnership does not linger.
        for path, existed in written:
            if not existed:
                path.unlink(missing_ok=True)
        if isinstance(exc, RefusedOverwrite):
            typer.echo(f"partnerscore: {exc}", err=True)
            raise typer.Exit(1) from None
        raise
    for path, _ in written:
        typer.echo(f"Wrote {display_path(path)}")
    if schema_exists and _read(files.schema) != files.schema_text:
        where = display_path(files.schema)
        typer.echo(f"Kept {where}, which differs from this version's schema; refresh it with "
                   f"`partnerscore schema > {where}`")
    typer.echo("Next: replace the TBD owners and example targets, add baselines, "
               "then run `partnerscore lint`.")


def _read(path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
