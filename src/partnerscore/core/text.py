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


def _folded(text: str) -> str:
    """An id as people mistype it the same: letter case, spaces, `-` and `_` aside."""
    return "".join(ch for ch in text.casefold() if ch not in " -_")


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether one letter added, dropped, changed or swapped with its neighbour turns `a` into `b`."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
        return swapped or a[i + 1:] == b[i + 1:]
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return shorter[i:] == longer[i + 1:]


def typo_of(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate `name` is a typo of, judged strictly (an id of another partner is often spelt alike:
    `southwind` is not a typo of `northwind`): the same but for letter case, spaces, `-` and `_`, or one
    edit away in an id of 5 or more letters. None when no single candidate is."""
    folded = _folded(name)
    found = sorted({c for c in candidates
                    if _folded(c) == folded or (min(len(folded), len(_folded(c))) >= 5
                                                and _one_edit_apart(folded, _folded(c)))})
    return found[0] if len(found) == 1 else None
