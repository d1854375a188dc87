"""Small building blocks of the HTML report: escaping, status badges, values by unit, dates, anchors.

Every piece of user text goes through `text()`; every class name comes from a fixed table here, so
nothing a scorecard says can become markup, an attribute or a class.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from html import escape

from partnerscore.core.vocabulary import STATUS_DISPLAY_ORDER
from partnerscore.render.escape import printable
from partnerscore.render.format_values import STATUS_MARKS, format_value

# status -> (css class, label, icon). The icon's shape and the words carry the meaning; colour only adds to it.
STATUSES = {
    "off-track": ("off-track", "Off track", STATUS_MARKS["off-track"]),
    "at-risk": ("at-risk", "At risk", STATUS_MARKS["at-risk"]),
    "on-track": ("on-track", "On track", STATUS_MARKS["on-track"]),
    "no-data": ("no-data", "No data", STATUS_MARKS["no-data"]),
}
UNKNOWN_STATUS = ("no-data", "Unknown", "?")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MISSING = "—"


def text(value: object) -> str:
    """User text as HTML text or attribute value: control characters made visible, then escaped."""
    return escape(printable(str(value)), quote=True)


def name(value: object) -> str:
    """User text that sits in running text or beside figures (a name, an owner, a sentence of its own),
    isolated in `<bdi>`: a right-to-left name otherwise takes the figures after it into its direction
    ("Conversion ratio 20.0 تحويل% vs 30.0%"). Escaped as `text()`; for element content only, never an
    attribute."""
    return f"<bdi>{text(value)}</bdi>"


def status_info(status: str) -> tuple[str, str, str]:
    return STATUSES.get(status, UNKNOWN_STATUS)


def badge(status: str, big: bool = False) -> str:
    css, label, icon = status_info(status)
    size = " big" if big else ""
    return (f'<span class="badge s-{css}{size}" data-status="{css}">'
            f'<span class="icon" aria-hidden="true">{icon}</span>{label}</span>')


def value(number: float | None, unit: str) -> str:
    """A number formatted by its unit ($500,000 · 30.0% · 4.2 days), escaped; a dash when missing."""
    if number is None:
        return MISSING
    return text(format_value(number, unit))


def plain_value(number: float | None, unit: str) -> str:
    """The same, unescaped, for text that is escaped as a whole later (chart titles)."""
    return MISSING if number is None else format_value(number, unit)


def day(when: date | None, with_year: bool = True) -> str:
    """A date people read without a locale (15 Nov 2026), in a <time> element machines can read."""
    if when is None:
        return MISSING
    shown = f"{when.day} {MONTHS[when.month - 1]}" + (f" {when.year}" if with_year else "")
    return f'<time datetime="{when.isoformat()}">{shown}</time>'



def anchors(ids: Iterable[str]) -> list[str]:
    """A safe, unique fragment id per partnership (ids are validated by lint, but the HTML must not rely on it)."""
    seen: set[str] = set()
    out = []
    for raw in ids:
        base = "p-" + (re.sub(r"[^a-z0-9_-]+", "-", str(raw).lower()).strip("-") or "partnership")
        anchor, n = base, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        out.append(anchor)
    return out


def status_counts(statuses: Iterable[str]) -> list[tuple[str, int]]:
    """(status, count) worst first, leaving out zero counts; unknown statuses count as no data."""
    counts: dict[str, int] = {s: 0 for s in STATUS_DISPLAY_ORDER}
    for status in statuses:
        counts[status if status in counts else "no-data"] += 1
    return [(s, counts[s]) for s in STATUS_DISPLAY_ORDER if counts[s]]
