"""What the data rules ask of a CSV's columns (`csvrows.Columns`), answered with C-level loops.

A Python loop over millions of values costs seconds; `map`, `compress` and a bytearray over the typed arrays
cost a fraction of that, and only the values that end up in a diagnostic are visited in Python.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Iterator
from itertools import compress, repeat
from operator import add, mul, ne, not_

from partnerscore.data.columns import NO_DAY, Columns

_MAX_MARKS = 64 << 20  # bytes for the no-duplicates check; past it, a set of ints


def duplicate_rows(data: Columns) -> Iterator[tuple[int, int]]:
    """(index, line of the first value) for each value whose partnership, series and day an earlier line
    already had, once per line (a wide-form line is one finding however many of its cells repeat)."""
    days = data.days
    # A value that is no number (empty, or PS604's) is no value: the report never uses it (it keeps the other
    # row of that series and day), so it duplicates nothing and is duplicated by nothing. Treated like a bad
    # date; a copy of the days only when the file has such a value.
    if any(map(ne, data.values, data.values)):  # NaN != NaN
        days = array("i", (NO_DAY if v != v else d for d, v in zip(days, data.values, strict=True)))
    good = len(days) - days.count(NO_DAY)  # a bad date is PS603's, never a duplicate
    if good < 2 or _all_distinct(data, days, good):
        return
    span = max(days) + 1
    keys = list(map(add, map(mul, data.pairs, repeat(span)), days))  # (pair, day) as one int
    if good < len(data):
        for i in compress(range(len(data)), map(not_, days)):
            keys[i] = -1 - i  # a key of its own
    lines = data.lines()
    first: dict[int, int] = {}
    deque(map(first.setdefault, keys, lines), maxlen=0)
    reported: set[int] = set()
    for i in compress(range(len(data)), map(ne, map(first.__getitem__, keys), lines)):
        line = lines[i]
        if line not in reported:
            reported.add(line)
            yield i, first[keys[i]]


def _all_distinct(data: Columns, days, good: int) -> bool:
    """Whether no (pair, day) repeats among the values on good dates. A byte per possible key
    (pair x days since the first) is far smaller than a set of millions of ints."""
    partial = good < len(data)
    first_day = min(day for day in days if day) if partial else min(days)
    span = max(days) - first_day + 1
    # pair * span + day - first_day, without a subtraction per value: the first first_day bytes stay unused.
    keys: Iterator[int] = map(add, map(mul, data.pairs, repeat(span)), days)
    if partial:
        keys = compress(keys, days)
    size = len(data.pair_series) * span + first_day
    if size > _MAX_MARKS:
        return len(set(keys)) == good
    marks = bytearray(size)
    deque(map(marks.__setitem__, keys, repeat(1)), maxlen=0)
    return marks.count(1) == good


def future_lines(data: Columns, today: int) -> list[tuple[int, str]]:
    """(line, date text) of each line holding a value dated after `today`, in file order."""
    days = data.days
    if not days or max(days) <= today:
        return []
    found: list[tuple[int, str]] = []
    for i in compress(range(len(data)), map(today.__lt__, days)):
        line = data.line_of(i)
        if not found or found[-1][0] != line:
            found.append((line, data.date_text_of(i)))
    return found
