"""User text made safe to show anywhere: control characters as visible escapes, on one line."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Control characters (ESC, BEL, CR, …) shown as visible escapes, so a terminal never obeys them."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def one_line(text: str) -> str:
    """Printable and on one line: newlines and tabs become visible escapes too."""
    return printable(text).replace("\n", "\\n").replace("\t", " ")
