"""The Typer application: one small module per command, registered here.

Command modules import only Typer at import time; everything heavy (Pydantic models, pandas) is imported
inside the command, so `--help` and `lint` stay fast.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from partnerscore import __version__


class Interrupted(BaseException):
    """Ctrl-C during a command, carried past Click to `main()`, which says so and exits 130.

    Click ends the run itself on a KeyboardInterrupt (silently with 130 in Typer's copy, with "Aborted!"
    and 1 in Click's), so the one error boundary would never see it."""


class _Group(TyperGroup):
    """The root group, with one fix that keeps `partnerscore CMD --help` cheap.

    Typer coerces every option value through a Pydantic adapter unless it is already a bool; the
    group's own flags (--help, --install-completion, --show-completion) default to None, so merely
    passing through the group imported Pydantic (~50 ms). False is what an absent flag means anyway.
    """

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_bool_flag", False) and param.default is None:
                param.default = False
        return params

    def make_context(self, *args, **kwargs):  # parsing the root's own options
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt as exc:
            raise Interrupted from exc

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)  # every command runs in here, subcommands' parsing included
        except KeyboardInterrupt as exc:
            raise Interrupted from exc


app = typer.Typer(
    name="partnerscore",
    cls=_Group,
    help="Partnership scorecards as code: lint them, see where each partnership stands, decide.",
    no_args_is_help=True,
    # --install-completion / --show-completion, as in every Typer tool (cheap: see _Group).
    add_completion=True,
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
