"""The lines of a CSV text: split as the csv module sees them, and found again by number.

A line break is \\r\\n, \\r or \\n (io's universal newlines, which `csv` reads through); a quoted field may hold
some, so a record can span lines. Positions are only needed for the few rows with a diagnostic, so instead
of one offset per line (tens of MB for a large file) `LineIndex` keeps one every STEP lines and walks the rest.
"""

from __future__ import annotations

import io
import re
from array import array
from collections.abc import Iterator
from itertools import accumulate, chain, islice

PIECE = 64 << 10  # io.StringIO stores 4 bytes a character: split the text 64 KiB at a time
_NEWLINE = re.compile(r"\r\n|\r|\n")


def pieces(text: str, start: int = 0, size: int = PIECE) -> Iterator[str]:
    """The text from `start` in slices ending on a line break, so no line (nor \\r\\n) straddles two."""
    while start < len(text):
        end = text.find("\n", start + size)
        if end < 0:  # no \n further on: a \r there cannot be the first half of a \r\n
            end = text.find("\r", start + size)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def text_lines(text: str) -> Iterator[str]:
    """The lines of `text`, each with its line break, as io and csv split them."""
    return chain.from_iterable(io.StringIO(piece, newline="") for piece in pieces(text))


class LineIndex:
    """Offset of the start of any line of `text` (1-based), from a sparse table built on first use."""

    STEP = 1024

    def __init__(self, text: str):
        self.text = text
        self._every: array | None = None  # offset of line 1, STEP + 1, 2 * STEP + 1, ...

    def offset(self, line: int) -> int | None:
        """Where `line` starts, or None when the text has fewer lines."""
        if line < 1:
            return None
        if self._every is None:
            ends = accumulate(map(len, text_lines(self.text)))  # offset after each line
            self._every = array("q", [0])
            self._every.extend(islice(ends, self.STEP - 1, None, self.STEP))
        block, rest = divmod(line - 1, self.STEP)
        if block >= len(self._every):
            return None
        offset = self._every[block]
        if rest:
            for count, match in enumerate(_NEWLINE.finditer(self.text, offset), 1):
                if count == rest:
                    return match.end()
            return None
        return offset


def line_offset(text: str, lines: int) -> int:
    """Where the text after its first `lines` lines starts (for a few lines: it walks them)."""
    ends = [match.end() for match in islice(_NEWLINE.finditer(text), lines)]
    if len(ends) < lines:
        return len(text)
    return ends[-1] if ends else 0
