"""Fitting a Rich table of text to a terminal's width without cutting anything short.

Rich left alone cuts a cell to "Partne…", breaks a word at the column's edge ("co-marketin" / "g &") and,
with a ratio column beside columns that do not wrap, draws a table wider than the terminal (which then
crops its last column). So the overview tables are given their column widths outright: each column has
the width it needs on one line (`widest`) and the least it can take with no word broken (`least`, its
longest word, a hyphenated word counting by its parts); columns give way in a stated order, and words too
long for their column break after a hyphen, never mid-word.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from partnerscore.render.escape import one_line


def hyphen_parts(word: str) -> list[str]:
    """`Partner-sourced` as `Partner-` and `sourced`: where a hyphenated word may break."""
    parts = word.split("-")
    return [part + "-" for part in parts[:-1]] + [parts[-1]]


def longest_part(text: str) -> int:
    """The widest piece of `text` that may not break: a word, or the part of a hyphenated word."""
    return max((cell_len(part) for word in text.split() for part in hyphen_parts(word)), default=0)


def hyphen_break(word: str, width: int) -> str:
    """A word too wide for `width` on lines of whole parts, each line's parts ending at a hyphen."""
    lines = [""]
    for part in hyphen_parts(word):
        if lines[-1] and cell_len(lines[-1] + part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def breakable(text: str, width: int, style: str = "") -> Text:
    """User text for a column `width` wide: Rich wraps it at its spaces; a word wider than the column
    breaks after a hyphen instead of mid-word (Rich wraps at spaces only)."""
    words = [word if cell_len(word) <= width else hyphen_break(word, width) for word in one_line(text).split(" ")]
    return Text(" ".join(words), style=style)


@dataclass
class Column:
    """One column's text, header included, and how far it may give way."""

    widest: int  # every cell on one line
    least: int  # the longest part that may not break
    floor: int = 0  # where it stops giving way in the first round (0: its least)

    @classmethod
    def of(cls, texts: list[str], floor: int = 0) -> Column:
        widest = max((max(cell_len(line) for line in t.split("\n")) for t in texts), default=0)
        least = max((longest_part(t) for t in texts), default=0)
        return cls(widest=widest, least=least, floor=max(least, min(floor, widest)))


def table_width(widths: list[int]) -> int:
    """A SIMPLE_HEAD table's width: each column with its padding (1 + 1), the box's two edges and a
    rule between columns."""
    return sum(w + 2 for w in widths) + 2 + len(widths) - 1


def fit_widths(columns: list[Column], width: int, order: list[int]) -> list[int]:
    """Each column's width so that the table is at most `width` wide where it can be: every column
    starts at its widest; then, in `order` (indexes), each gives way to its floor; then, in the same
    order, to its least. Below the sum of the leasts the table is wider than `width`, nothing cut."""
    widths = [c.widest for c in columns]
    for attr in ("floor", "least"):
        for i in order:
            excess = table_width(widths) - width
            if excess <= 0:
                return widths
            widths[i] = max(getattr(columns[i], attr) or columns[i].least, widths[i] - excess)
    return widths
