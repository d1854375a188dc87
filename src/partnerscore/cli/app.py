"""The Typer application: one small module per command, registered here.

Command modules import only Typer at import time; everything heavy (Pydantic models, pandas) is imported
inside the command, so `--help` and `lint` stay fast.
"""

from __future__ import annotations

import typer

from partnerscore import __version__

app = typer.Typer(
    name="partnerscore",
    help="Partnership scorecards as code: lint them, see where each partnership stands, decide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"partnerscore {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Partnership scorecards as code: lint them, see where each partnership stands, decide."""


from partnerscore.cli import commands  # noqa: E402  (registers the commands on `app`)

commands.register(app)
