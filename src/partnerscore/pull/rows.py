"""The rows a query returned, checked like the rows of a metric CSV before anything is written.

Columns: `date`, `metric`, `value` and optionally `note` (any letter case, any order); anything else is a
query to fix (exit 2). Each row: a day (a DATE, a timestamp at midnight, or `YYYY-MM-DD` text, as
`data.cells.parse_day` reads a CSV date), a series id, a value (a number, or text `data.cells.parse_value`
reads: `30%` is 0.30; NULL is no value) and no second row for the same series and day. A bad row is
`row N: …`, N counting the returned rows from 1; the texts written are the ones a CSV would hold.

Built for millions of rows: values are converted a column at a time (dates once per distinct day), and
only a row with a problem is looked at on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property
from itertools import compress, islice, repeat
from operator import add, itemgetter, lt, not_
from typing import Any

from partnerscore.core.numbers import MAX_MAGNITUDE, MAX_MAGNITUDE_TEXT
from partnerscore.data.cells import parse_day, parse_value
from partnerscore.pull.database import QueryFailed, Returned

REQUIRED = ("date", "metric", "value")
OPTIONAL = ("note",)
MAX_SHOWN = 20  # bad rows listed per query before they are counted


class BadRows(Exception):
    """Rows that a CSV could not hold: the file is left untouched (exit 1)."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if problems else "bad rows")
        self.problems = problems


@dataclass
class Pulled:
    """The returned rows as CSV texts, sorted by day and series (the order of a new file)."""

    dates: list[str]
    metrics: list[str]
    values: list[str]  # "" for no value
    notes: list[str] | None  # None when the query returns no `note` column

    def __len__(self) -> int:
        return len(self.dates)

    @cached_property
    def series(self) -> list[str]:
        """The series ids, sorted (asked for several times per pull: made once)."""
        return sorted(set(self.metrics))


def _columns(returned: Returned) -> dict[str, int]:
    names = [str(name).strip().lower() for name in returned.columns]
    shown = ", ".join(str(name) for name in returned.columns) or "none"
    missing = [name for name in REQUIRED if name not in names]
    extra = [name for name in names if name not in REQUIRED + OPTIONAL]
    if missing or extra or len(set(names)) != len(names):
        problem = (f"lacks {', '.join(missing)}" if missing else
                   f"has {', '.join(extra)}, which is not a column of metric values" if extra else
                   "names a column twice")
        raise QueryFailed(f"returned the columns {shown}: it {problem}; a query returns the columns "
                          "date, metric, value and optionally note (rename with AS)")
    return {name: names.index(name) for name in names}


def _day_text(value: Any) -> str:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise ValueError(f"date {value.isoformat(sep=' ')} has a time of day; return a day "
                             "(e.g. CAST(… AS DATE), or date_trunc('week', …)::DATE)")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        parse_day(text)
        return text
    if value is None:
        raise ValueError("date is empty; every row needs a day")
    raise ValueError(f"date is a {type(value).__name__} ({str(value)[:40]}); return a DATE or YYYY-MM-DD text")


_DAYS: dict[Any, str] = {}  # a returned date that is a good day -> its ISO text; days repeat a lot
_MAX_DAYS = 100_000


def _day_texts(values: tuple, problems: list[tuple[int, str]]) -> list[str]:
    """The ISO text of each date. Each distinct date is judged once; the column is then mapped at C speed."""
    try:
        return list(map(_DAYS.__getitem__, values))  # every date met before, and good
    except (KeyError, TypeError):
        pass
    bad: dict[Any, str] = {}
    try:
        distinct = set(values)
    except TypeError:  # something unhashable: not a date; judge each value on its own
        distinct = None
    for value in distinct if distinct is not None else ():
        if value in _DAYS:
            continue
        try:
            text = _day_text(value)
        except ValueError as exc:
            bad[value] = str(exc)
            continue
        if len(_DAYS) < _MAX_DAYS:
            _DAYS[value] = text
    if distinct is not None and not bad and len(_DAYS) < _MAX_DAYS:
        return list(map(_DAYS.__getitem__, values))
    texts: list[str] = []
    for i, value in enumerate(values):
        try:
            texts.append(_day_text(value))
        except ValueError as exc:
            problems.append((i, str(exc)))
            texts.append("")
    return texts


def _within_bound(value: int | Decimal) -> None:
    """A whole or decimal number beyond the bound is too large, said as such: its digits (401 of them for a
    NUMERIC 1e400) are past the length a CSV value may have, which would read as "not a number"."""
    if abs(Decimal(value)) > Decimal(MAX_MAGNITUDE):  # exact for any int; a float of 10**400 would overflow
        shown = str(value) if len(str(value)) <= 40 else format(value, ".6g")
        raise ValueError(f"value '{shown}' is too large: numbers go up to {MAX_MAGNITUDE_TEXT} in size "
                         "(a quadrillion)")


def _number_text(value: Any) -> str:
    """A value as a CSV cell: shortest round-trip text, integral numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(f"value {value} is not a number; return a number, or NULL for no value")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"value {value} is not a finite number (infinite or NaN)")
        text = repr(value)
        text = text[:-2] if text.endswith(".0") else text
    elif isinstance(value, int):
        _within_bound(value)
        text = str(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"value {value} is not a finite number (infinite or NaN)")
        _within_bound(value)
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ValueError(f"value is a {type(value).__name__} ({str(value)[:40]}); return a number")
    if text in ("-0", "+0"):
        text = "0"
    parse_value(text)  # the CSV's own grammar and bounds: what it refuses, a pull does not write
    return text


def _value_texts(values: tuple, problems: list[tuple[int, str]]) -> list[str]:
    kinds = set(map(type, values))
    # The common cases at C speed, giving what _number_text gives: repr is the shortest text that reads
    # back as the same float, and a whole float loses its ".0"; an int of a plain size is its digits.
    if kinds == {float} and all(abs(value) <= MAX_MAGNITUDE for value in values):  # not NaN, inf, 1e308
        fast = list(map(str.removesuffix, map(repr, values), repeat(".0")))
        if "-0" not in fast:
            return fast
    elif kinds == {int} and max(map(abs, values)) < 10**15:
        return list(map(str, values))
    texts: list[str] = []
    for i, value in enumerate(values):
        try:
            texts.append(_number_text(value))
        except ValueError as exc:
            problems.append((i, str(exc)))
            texts.append("")
    return texts


def _metric_texts(values: tuple, problems: list[tuple[int, str]]) -> list[str]:
    if set(map(type, values)) == {str}:
        texts = list(map(str.strip, values))
        if "" in texts:
            for i in compress(range(len(texts)), map(not_, texts)):
                problems.append((i, "metric is empty; say which series this value belongs to"))
        return texts
    texts = []
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            shown = "empty" if value is None or isinstance(value, str) else \
                f"a {type(value).__name__} ({str(value)[:40]}), not text"
            problems.append((i, f"metric is {shown}; return the series id as text"))
            texts.append("")
        else:
            texts.append(value.strip())
    return texts


def _duplicates(keys: list[str], problems: list[tuple[int, str]], metrics: list[str], days: list[str]) -> None:
    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        seen = first.setdefault(key, i)
        if seen != i and days[i] and metrics[i]:
            problems.append((i, f"a second row for series '{metrics[i]}' on {days[i]} (row {seen + 1} is the "
                                "first); a series has one value per day"))


def series_of(returned: Returned) -> list[str]:
    """The series ids a result names, stripped, in the order they first come (rows with no usable id left
    out): what a result with bad rows still tells about its series."""
    metrics = returned.column_values()[_columns(returned)["metric"]]
    return list(dict.fromkeys(m.strip() for m in metrics if isinstance(m, str) and m.strip()))


def first_rows(returned: Returned, series: set[str]) -> dict[str, int]:
    """The row (from 1, as `check_rows` counts) where each of `series` first comes, in the order returned."""
    found: dict[str, int] = {}
    for i, metric in enumerate(returned.column_values()[_columns(returned)["metric"]], start=1):
        name = metric.strip() if isinstance(metric, str) else None
        if name in series and name not in found:
            found[name] = i
    return found


def check_rows(returned: Returned) -> Pulled:
    """The rows as CSV texts in file order; BadRows listing every bad row, QueryFailed for bad columns."""
    at = _columns(returned)
    if not len(returned):
        return Pulled([], [], [], [] if "note" in at else None)
    columns = returned.column_values()
    problems: list[tuple[int, str]] = []
    days = _day_texts(columns[at["date"]], problems)
    metrics = _metric_texts(columns[at["metric"]], problems)
    values = _value_texts(columns[at["value"]], problems)
    notes = None
    if "note" in at:
        notes = ["" if note is None else str(note) for note in columns[at["note"]]]
    keys = list(map(add, days, metrics))  # a day is 10 characters: day + series is unique per pair
    # Strictly increasing keys (a query with ORDER BY date, metric) are sorted and hold no pair twice,
    # found in one pass; only other results need the set and the sort.
    ordered = all(map(lt, keys, islice(keys, 1, None)))
    if not ordered and len(set(keys)) != len(keys):
        _duplicates(keys, problems, metrics, days)
    if problems:
        problems.sort(key=lambda problem: problem[0])
        shown = [f"row {i + 1}: {message}" for i, message in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            shown.append(f"{len(problems) - MAX_SHOWN} more bad rows not shown")
        raise BadRows(shown)
    if ordered:
        return Pulled(dates=days, metrics=metrics, values=values, notes=notes)
    pick = itemgetter(*sorted(range(len(keys)), key=keys.__getitem__))  # two rows at least: not `ordered`
    return Pulled(dates=list(pick(days)), metrics=list(pick(metrics)), values=list(pick(values)),
                  notes=None if notes is None else list(pick(notes)))
