"""Rich cells shared by the terminal views: user text as plain `Text` (never parsed as markup) and a
status in words and its colour."""

from __future__ import annotations

from rich.text import Text

from partnerscore.render.escape import one_line
from partnerscore.render.format_values import status_label

STATUS_STYLES = {"on-track": "green", "at-risk": "yellow", "off-track": "bold red", "no-data": "dim"}


def safe(text: object, style: str = "") -> Text:
    return Text(one_line(str(text)), style=style)


def status_text(status: str) -> Text:
    return Text(status_label(status), style=STATUS_STYLES.get(status, ""))
