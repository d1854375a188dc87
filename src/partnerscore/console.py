"""Rich consoles that follow the terminal: colour on a terminal, plain text to a pipe or with NO_COLOR."""

from __future__ import annotations

import sys

from rich.console import Console


def stdout_console() -> Console:
    # highlight=False: never colour numbers or paths inside user text on our own initiative.
    return Console(file=sys.stdout, highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)
