"""The cells of a metric-values CSV: ISO dates and numbers, as lint and report both read them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from partnerscore.core.numbers import MAX_MAGNITUDE_TEXT, parse_number

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_OTHER_DAY = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
# 11/05/2026, 5.11.2026, 11-05-2026: a spreadsheet's local date, month or day first.
_LOCAL_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
# At most 15 digits before the point: below MAX_MAGNITUDE (10^15), so float() is the whole answer.
_PLAIN_NUMBER = re.compile(r"-?\d{1,15}(\.\d{1,15})?")


def parse_day(text: str) -> int:
    """An ISO YYYY-MM-DD date as an ordinal; ValueError with a message a user can act on."""
    if _ISO_DAY.fullmatch(text):
        try:
            return date.fromisoformat(text).toordinal()
        except ValueError:
            raise ValueError(f"date '{text}' is not a day of the calendar") from None
    if not text:
        raise ValueError("date is empty; every row needs a YYYY-MM-DD date")
    shown = text if len(text) <= 40 else text[:37] + "..."
    other = _OTHER_DAY.fullmatch(text)
    local = _LOCAL_DAY.fullmatch(text)
    if other:
        hint = f", e.g. {other[1]}-{int(other[2]):02d}-{int(other[3]):02d}"
    elif local:
        hint = _local_day_hint(int(local[1]), int(local[2]), int(local[3]))
    else:
        hint = ", e.g. 2026-11-05"
    raise ValueError(f"date '{shown}' is not an ISO date; write YYYY-MM-DD{hint}")


def _local_day_hint(first: int, second: int, year: int) -> str:
    """The ISO date of a spreadsheet's local date: US month/day/year, or day/month/year when the first number
    cannot be a month; both when either can."""

    def iso(month: int, day: int) -> str | None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None

    us, european = iso(first, second), iso(second, first)
    if us and european and us != european:
        return f": {us} if it is month/day/year (US style), {european} if day/month/year"
    if us:
        return f": {us} (month/day/year, US style)"
    if european:
        return f": {european} (day/month/year)"
    return ", e.g. 2026-11-05"


def parse_value(text: str) -> float | None:
    """A CSV value: None when empty, else a number as parse_number reads it (30% = 0.30): finite, and at
    most MAX_MAGNITUDE in size."""
    if _PLAIN_NUMBER.fullmatch(text):
        return float(text)
    if not text.strip():
        return None
    try:
        return parse_number(text)
    except ValueError as exc:
        shown = text.strip() if len(text.strip()) <= 40 else text.strip()[:37] + "..."
        if "in size" in str(exc):
            raise ValueError(f"value '{shown}' is too large: numbers go up to {MAX_MAGNITUDE_TEXT} in size "
                             "(a quadrillion)") from None
        if "finite" in str(exc):
            raise ValueError(f"value '{shown}' is not a finite number (infinite, NaN or too large)") from None
        raise ValueError(f"value '{shown}' is not a number; write e.g. 42, 4.2 or 30%") from None


class Interned:
    """Parse each distinct text once: dates and values repeat a lot in a CSV. Returns the first text
    object seen (so equal texts share memory) and the parsed result, or the ValueError it raised."""

    def __init__(self, parse: Callable[[str], object], limit: int = 200_000):
        self.parse = parse
        self.limit = limit
        self.cache: dict[str, tuple[str, object]] = {}

    def get(self, text: str) -> tuple[str, object | ValueError]:
        hit = self.cache.get(text)
        if hit is None:
            try:
                hit = (text, self.parse(text))
            except ValueError as exc:
                hit = (text, exc)
            if len(self.cache) < self.limit:
                self.cache[text] = hit
        return hit


def locate_field(text: str, offset: int, line: int, field_index: int) -> tuple[int, int]:
    """Line and column (1-based) where field `field_index` of the CSV record at `offset` (on `line`)
    begins; quoted commas and newlines are skipped as the csv module does."""
    column, in_quotes, seen = 1, False, 0
    while seen < field_index and offset < len(text):
        char = text[offset]
        offset += 1
        column += 1
        if char == '"':
            in_quotes = not in_quotes
        elif char == "," and not in_quotes:
            seen += 1
        elif char in "\r\n":  # only inside quotes: the record goes on on the next line
            if char == "\r" and text.startswith("\n", offset):
                offset += 1
            line, column = line + 1, 1
    return line, column
