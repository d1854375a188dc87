"""Escaping user text for each output format; one place, so no format forgets."""

from __future__ import annotations

import re

from partnerscore.core.text import one_line, printable  # noqa: F401 - re-exported: one place for every format

_CONTROL_BUT_NEWLINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def github_data(text: str) -> str:
    """The message part of a GitHub Actions workflow command.

    CR and LF are %-encoded (GitHub decodes them); other control characters are shown as escapes, since
    the Actions log obeys ANSI sequences and a local terminal obeys them all.
    """
    text = _CONTROL_BUT_NEWLINES.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value (file, title) of a GitHub Actions workflow command."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


# Characters that change meaning anywhere in a GFM line; line-start syntax is handled separately.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def markdown_cell(text: str) -> str:
    """Text safe inside a GFM table cell: Markdown syntax and pipes escaped, newlines as <br>."""
    text = printable(str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    return text.replace("\n", "<br>")


def markdown_text(text: str) -> str:
    """Text safe in a Markdown paragraph or list item (not a table)."""
    text = printable(str(text)).replace("\r\n", "\n").replace("\r", "\n")
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    text = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return text.replace("\n", " ")


def markdown_code(text: str) -> str:
    """Text as a GFM code span: fenced with one more backtick than its longest run, padded when it starts
    or ends with one (CommonMark's rule), on one line."""
    text = one_line(str(text))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell safe from spreadsheet formula injection; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    # Control characters (ESC, BEL, CR) are garbage in a spreadsheet and dangerous on a terminal: shown
    # as visible escapes. Newlines and tabs inside a cell are kept; csv quotes them.
    text = printable(str(value))
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
