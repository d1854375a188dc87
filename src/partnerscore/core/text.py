"""User text made safe to show anywhere: control characters as visible escapes, on one line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Control characters (ESC, BEL, CR, …) shown as visible escapes, so a terminal never obeys them."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def one_line(text: str) -> str:
    """Printable and on one line: newlines and tabs become visible escapes too."""
    return printable(text).replace("\n", "\\n").replace("\t", " ")


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate `name` is most likely a misspelling of (did-you-mean), or None. Compared in lower case:
    'MQL' is one letter-case away from 'mql', which difflib alone scores at 0."""
    by_lower: dict[str, str] = {}
    for candidate in sorted(candidates):
        by_lower.setdefault(candidate.lower(), candidate)
    if not by_lower:  # nothing to compare with: difflib would still build its tables (~18 µs a call)
        return None
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None
