"""`partnerscore diff`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from partnerscore.cli.options import as_paths


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    github = "github"


class FailOn(str, Enum):
    lowered_bar = "lowered-bar"


def diff(
    paths: list[Path] | None = typer.Argument(
        None, help="Scorecards or folders to compare. Default: the configured scorecards folder.",
        show_default=False, metavar="PATHS"),
    base: str | None = typer.Option(
        None, "--base", metavar="REF",
        help="Git revision to compare with. Default: the merge base with origin/main (else origin/master, "
             "main or master, the first that exists), else HEAD; the output says which."),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f",
                                      help="text, markdown (for a PR comment), json or github."),
    fail_on: FailOn | None = typer.Option(None, "--fail-on",
                                             help="Exit 1 when a target was made easier to hit."),
) -> None:
    """Show what a change to scorecards does, compared with a git revision.

    Reports partnerships and metrics added or removed, targets and baselines raised or lowered (a
    lowered `up` target or a raised `down` target is a lowered bar), owner, cadence, period, tolerance
    and formula changes. A tolerance is compared as in force (its own, else the `tolerance` setting of
    that side, else 10%), so removing a narrow one or raising the setting is a lowered bar; so is a summed
    `up` target kept the same over a longer period. Scorecards are matched by partnership id, so a renamed
    file is one change.
    Nothing in the working tree or the repository is modified. Change kinds (json `kind`): added,
    removed, raised, lowered, lowered-bar, changed, renamed, invalid.
    Exit 0; 1 with --fail-on lowered-bar when a bar was lowered, or when a scorecard's new version is
    too broken to compare (a bar lowered in it would go unseen); 2 outside a git repository or for an
    unknown REF.
    """
    from partnerscore.cli.options import load_settings_for_paths
    from partnerscore.core.errors import UserError
    from partnerscore.diff.compare import build_report
    from partnerscore.diff.sources import collect
    from partnerscore.io.git import GitError

    settings = load_settings_for_paths(paths)
    try:
        sides = collect(settings, as_paths(paths), base)
    except GitError as exc:
        raise UserError(str(exc)) from exc
    report = build_report(sides.base, sides.old, sides.new, sides.problems, frozenset(sides.unreadable))

    if format is DiffFormat.text:
        from partnerscore.render.console import stdout_console
        from partnerscore.render.diff_text import render

        render(report, stdout_console())
    elif format is DiffFormat.markdown:
        from partnerscore.render.diff_markdown import render as render_markdown

        typer.echo(render_markdown(report), nl=False)
    else:
        from partnerscore.render.diff_machine import MACHINE_FORMATS

        typer.echo(MACHINE_FORMATS[format.value](report), nl=False)
    failed = fail_on is FailOn.lowered_bar and report.lowered_bars > 0
    unchecked = sides.unchecked() if fail_on is FailOn.lowered_bar else []
    if unchecked:
        # A gate that cannot look fails rather than passes: the change may lower a bar it cannot see.
        typer.echo(f"partnerscore: --fail-on lowered-bar cannot tell whether this change lowers a bar of "
                   f"{', '.join(unchecked)}: the new version is invalid (see above); fix it, then diff again",
                   err=True)
    raise typer.Exit(1 if failed or unchecked else 0)
