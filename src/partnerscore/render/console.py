"""Terminal output that follows the terminal: colour on a terminal, plain text to a pipe or with NO_COLOR.

`wants_colour` is the one decision, shared by the Rich consoles (reports, rules table) and the plain ANSI
styling of `lint`, which avoids importing Rich at all so that linting stays fast.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

_ANSI = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "bold red": "1;31"}


def wants_colour(stream: TextIO) -> bool:
    """NO_COLOR (https://no-color.org) wins, then FORCE_COLOR; otherwise colour only on a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, colour: bool) -> str:
    """`text` in an ANSI style when colour is on. The caller makes `text` printable first."""
    if not colour or style not in _ANSI:
        return text
    return f"\x1b[{_ANSI[style]}m{text}\x1b[0m"


def _width(stream: TextIO) -> int | None:
    """A terminal's own width; for a pipe or file, COLUMNS or 120 (Rich's 80 crushes the report tables)."""
    isatty = getattr(stream, "isatty", None)
    if isatty and isatty():
        return None
    try:
        return max(40, int(os.environ["COLUMNS"]))
    except (KeyError, ValueError):
        return 120


def stdout_console() -> Console:
    from rich.console import Console

    # highlight=False: never colour numbers or paths inside user text on our own initiative.
    # On a terminal Rich wraps text at word boundaries and fits tables to its width (soft wrapping would
    # leave both to the terminal: words cut in two, tables wider than the window); to a pipe or file
    # long lines stay whole, for grep.
    width = _width(sys.stdout)
    return Console(file=sys.stdout, highlight=False, soft_wrap=width is not None, width=width,
                   force_terminal=wants_colour(sys.stdout), no_color=not wants_colour(sys.stdout))
