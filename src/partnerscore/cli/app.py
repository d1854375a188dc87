"""The Typer application: one small module per command, registered here.

Command modules import only Typer at import time; everything heavy (Pydantic models, pandas) is imported
inside the command, so `--help` and `lint` stay fast.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from partnerscore import __version__


class _Group(TyperGroup):
    """The root group, with one fix that keeps `partnerscore CMD --help` cheap.

    Typer coerces every option value through a Pydantic adapter unless it is already a bool; the
    group's own --help flag defaults to None, so merely passing through the group imported Pydantic
    (~50 ms). A False default is what the flag means anyway.
    """

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option

app = typer.Typer(
    name="partnerscore",
    cls=_Group,
    help="Partnership scorecards as code: lint them, see where each partnership stands, decide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help (Click's formatter): Rich help panels cost ~100 ms of imports on every `--help`.
    rich_markup_mode=None,
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
