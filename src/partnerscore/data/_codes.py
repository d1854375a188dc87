"""A CSV's rows as integer codes (`_series_split.RowCodes`), every cell read by lint's own rules.

`partnerscore.data._pandas_reader` hands over the rows it keeps column by column: texts split from a small
file, or a big file's pandas categoricals (the distinct texts and a code per row). Ids are stripped, dates
read by lint's `parse_day`, values by lint's rules for numbers (`parse_value`: `30%` is 0.30, NaN and
infinities refused), so that the report reads every cell as lint does. Imports pandas only to parse the
value texts of a file that are not all plain numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from partnerscore.core.numbers import MAX_MAGNITUDE
from partnerscore.data._series_split import RowCodes
from partnerscore.data.cells import parse_day, parse_value
from partnerscore.data.columns import NO_DAY, Columns
from partnerscore.data.flat import ALL_ROWS
from partnerscore.data.rows import _LONGEST_NUMBER, _NUMBER_BYTES, RESERVED
from partnerscore.data.table import MAX_ROWS, MAX_SERIES

if TYPE_CHECKING:
    import pandas as pd

# A column's cells: texts, or a pandas categorical column.
Cells: TypeAlias = "list[str] | pd.Series"


class PastBounds(Exception):
    """About as many rows or ids as lint reads (MAX_ROWS, MAX_SERIES), or more: lint's reader decides."""


def row_codes(names: list[str], form: str, columns: Sequence[Cells]) -> RowCodes:
    """The rows given column by column (`names` as lint reads the header; every column has every row)."""
    rows = len(columns[0])
    date_codes, day_of = _day_codes(columns[names.index("date")])
    partners: list[str | None]
    if "partnership" in names:
        partner_codes, partner_of, named = _names(columns[names.index("partnership")])
        partners = list(named)
    else:
        partner_codes, partner_of, partners = np.zeros(rows, dtype=np.int8), np.zeros(2, np.intp), [ALL_ROWS]
    if form == "long":
        metric_codes, metric_of, metrics = _names(columns[names.index("metric")])
        if rows > MAX_ROWS or len(partners) + len(metrics) > MAX_SERIES:
            raise PastBounds
        value_codes, value_of = _value_codes(columns[names.index("value")])
        return RowCodes(partner_codes, partner_of, partners, metric_codes, metric_of, metrics,
                        date_codes, day_of, value_codes, value_of)
    # The wide form: a row per cell of each series column (an empty one has no value), column after column.
    series = [i for i, name in enumerate(names) if name not in RESERVED]
    if rows * len(series) > MAX_ROWS or len(partners) > MAX_SERIES:
        raise PastBounds
    value_codes, value_of = _value_codes([cell for i in series for cell in columns[i]])
    ordered = sorted(names[i] for i in series)
    metric_of = np.array([ordered.index(names[i]) for i in series] + [0], dtype=np.intp)
    return RowCodes(np.tile(partner_codes, len(series)), partner_of, partners,
                    np.repeat(np.arange(len(series), dtype=np.intp), rows), metric_of, ordered,
                    np.tile(date_codes, len(series)), day_of, value_codes, value_of)


def _texts(cells: Cells) -> tuple[np.ndarray, list[str]]:
    """Per cell the index of its text among the distinct texts, and those texts."""
    if not isinstance(cells, list):
        return cells.cat.codes.to_numpy(), cells.cat.categories.tolist()
    index = {text: i for i, text in enumerate(dict.fromkeys(cells))}
    return np.fromiter(map(index.__getitem__, cells), dtype=np.intp, count=len(cells)), list(index)


def _names(cells: Cells) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per cell a code, per code the index of its stripped text in the sorted stripped texts (among them "",
    which is no name; one entry more, for code -1), and those texts."""
    codes, texts = _texts(cells)
    stripped = [text.strip() for text in texts]
    names = sorted({"", *stripped})
    position = {name: i for i, name in enumerate(names)}
    return codes, np.array([position[name] for name in stripped] + [position[""]], dtype=np.intp), names


def _day_codes(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """Per cell a code, and per code its day (-1: a bad date; one entry more, for code -1). Split texts are
    their own codes: looking each up costs less than finding the distinct ones first."""
    if isinstance(cells, list):
        codes, texts = np.arange(len(cells)), cells
    else:
        codes, texts = _texts(cells)
    return codes, np.append(_days(texts), -1)


def _value_codes(cells: Cells) -> tuple[np.ndarray | None, np.ndarray]:
    """Per cell a code and per code its number (NaN: none; one entry more, for code -1); or, for texts that
    are all plain numbers, no codes and the number of each cell."""
    if isinstance(cells, list):
        plain = _plain_numbers(cells)
        if plain is not None:
            return None, plain
    codes, texts = _texts(cells)
    return codes, np.append(_numbers(texts), np.nan)


# Day of each date text met so far (-1: not a date): the files of a portfolio share most of their dates.
_DAYS: dict[str, int] = {}
_DAYS_KEPT = 100_000


def _days(texts: Sequence[str]) -> np.ndarray:
    """The day ordinal of each date text as lint reads it (-1: a bad date); pandas' datetimes would also
    drop the years before 1677."""
    try:
        return np.fromiter(map(_DAYS.__getitem__, texts), dtype=np.int64, count=len(texts))
    except KeyError:  # a date text not met yet
        pass
    if len(_DAYS) >= _DAYS_KEPT:
        _DAYS.clear()
    for text in set(texts).difference(_DAYS):
        try:
            _DAYS[text] = parse_day(text.strip())
        except ValueError:
            _DAYS[text] = -1
    return np.fromiter(map(_DAYS.__getitem__, texts), dtype=np.int64, count=len(texts))


def _plain_numbers(texts: Sequence[str]) -> np.ndarray | None:
    """The numbers of texts that are all plain numbers (digits, signs, points, exponents and spaces, none
    too long to be a number to lint), which float() reads as parse_value does (lint's shortcut too:
    `data.rows._plain_numbers`); None when a text is not."""
    if not texts or max(map(len, texts)) > _LONGEST_NUMBER:
        return None
    joined = "".join(texts)
    if not joined.isascii() or joined.encode("ascii").translate(None, _NUMBER_BYTES):
        return None
    try:
        numbers = np.array(texts, dtype=np.float64)  # float() of each text
    except ValueError:  # '', ' ', '1e', '--4'
        return None
    # '1e400' and '1e308' alike: beyond MAX_MAGNITUDE, parse_value decides (NaN fails the comparison too)
    return numbers if (np.abs(numbers) <= MAX_MAGNITUDE).all() else None


def _numbers(texts: list[str]) -> np.ndarray:
    """The number of each value text as lint reads it (`30%` is 0.30), NaN for an empty or bad value."""
    plain = _plain_numbers(texts)
    if plain is not None:
        return plain
    import pandas as pd  # only for a file with values that are not all plain numbers

    # pd.to_numeric reads every other text it reads as float() does, bar the ones too long for parse_number;
    # the rest ("30%", "", "1,200", digits of other scripts) are parse_value's.
    numbers = np.asarray(pd.to_numeric(np.array(texts, dtype=object), errors="coerce"), dtype=np.float64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    for i in np.flatnonzero(np.isnan(numbers) | (lengths > _LONGEST_NUMBER)):
        numbers[i] = _lenient(texts[i])
    # lint refuses infinities, and numbers beyond MAX_MAGNITUDE such as 1e308, as it does NaN
    numbers[~(np.abs(numbers) <= MAX_MAGNITUDE)] = np.nan
    return numbers


def _lenient(text: str) -> float:
    try:
        value = parse_value(text)
    except ValueError:
        return np.nan
    return np.nan if value is None else value


def lint_codes(data: Columns, shared: bool) -> RowCodes:
    """lint's values (`Columns`: a bad date is NO_DAY, a bad or empty value NaN) as codes."""
    pairs = np.frombuffer(data.pairs, dtype=np.int32)
    series, series_of = _sorted_table(data.series_names)
    partners: list[str | None]
    metric_codes = np.array(data.pair_series, dtype=np.intp)[pairs]
    if shared:
        named, partner_of = _sorted_table(data.partner_names)
        partners = list(named)
        partner_codes = np.array(data.pair_partners, dtype=np.intp)[pairs]
    else:
        partners, partner_of, partner_codes = [ALL_ROWS], np.zeros(2, np.intp), np.zeros(len(pairs), np.int8)
    days = np.frombuffer(data.days, dtype=np.int32).astype(np.int64)
    days[days == NO_DAY] = -1
    return RowCodes(partner_codes, partner_of, partners, metric_codes, series_of, series,
                    np.arange(len(days)), np.append(days, -1), None, np.frombuffer(data.values, dtype=np.float64))


def _sorted_table(names: list[str]) -> tuple[list[str], np.ndarray]:
    """The names sorted, and per name its index there (one entry more, for code -1)."""
    ordered = sorted(names)
    position = {name: i for i, name in enumerate(ordered)}
    return ordered, np.array([position[name] for name in names] + [0], dtype=np.intp)
