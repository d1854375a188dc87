"""Metric values for report: each CSV read once, cut into one Series per partnership and id.

Only the data store imports this module (lint must not import pandas). The report uses exactly the values
lint's reader (`partnerscore.data.table`) accepts, each the number lint reads, and skips the rest, never failing:
lint reports them (PS100, PS602–PS605). tests/data/test_readers_agree.py feeds both readers the same messy files.
How this reader keeps to lint's rules:

- the file is read once, as bytes, under lint's size bound and encoding rules (UTF-8, a BOM is fine, no NUL);
- the header is found and read by lint's own code: names, forms, every reason to refuse a file;
- a row counts only with exactly as many fields as the header (PS602);
- ids and dates are stripped and parsed once per distinct text by lint's parsers (`data.cells`), and values
  by lint's rules for numbers (`data.rows`, `parse_value`);
- a file with a double quote, a lone \\r line break, a field longer than the csv module takes, or more rows
  or ids than lint's bounds is read by lint's reader itself: the csv module's strict quoting is not pandas',
  nor is its count of lines, and such files are rare.

A small file (the usual one per partnership) is split at its line breaks and commas as lint's own fast path
does: the fixed cost of a pandas read is most of the time a file of a few thousand rows takes. A big one is
read by pandas' C parser, as categoricals: it then makes no Python object per row. Either way, every row
becomes a few integer codes (`_series_split.RowCodes`) and `_series_split.split` cuts them into series.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import numpy as np
import pandas as pd

from partnerscore.calc.status import Series
from partnerscore.data import _series_split as series_split
from partnerscore.data.cells import parse_day, parse_value
from partnerscore.data.columns import NO_DAY, Columns
from partnerscore.data.flat import ALL_ROWS, unflatten
from partnerscore.data.records import Records, Stop
from partnerscore.data.rows import RESERVED, _plain_numbers
from partnerscore.data.table import MAX_CSV_BYTES, MAX_ROWS, MAX_SERIES, CsvTable, _read_header, read_csv
from partnerscore.io.textfile import TextFileError, decode, read_bytes

Flat = series_split.Flat
RowCodes = series_split.RowCodes
# A column's cells: texts (a small file), or a pandas column of categoricals or texts (a big one).
Cells = Union[Sequence[str], pd.Series]

# Files from this size on are read by pandas. Below it, splitting the text costs less than pandas' fixed
# cost per read; above it, pandas' categoricals save the Python string per cell that splitting makes.
_PANDAS_FROM = 1 << 20
# parse_number refuses longer texts (they are no one's metric values); pd.to_numeric reads them.
_LONGEST_NUMBER = 40
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def load_series(path: Path) -> dict[Optional[str], dict[str, Series]]:
    """{partnership or None: {series id: Series}}; {} for a missing, unreadable or malformed file."""
    return unflatten(*load_flat(path))


def load_flat(path: Path) -> Flat:
    """`load_series` before it is cut into Series: what the store and its child process pass around."""
    codes = load_codes(path)
    return series_split.NONE if codes is None else series_split.split(codes)


def load_codes(path: Path) -> Optional[RowCodes]:
    """Every row of the CSV with exactly as many fields as its header, as codes (see `_series_split.RowCodes`);
    None for a file lint cannot read at all (missing, too big, not UTF-8, no usable header)."""
    try:
        data = read_bytes(path, max_bytes=MAX_CSV_BYTES)
        if b"\x00" in data or not data.isascii():
            decode(data)  # lint's encoding rules, which raise TextFileError; an ASCII text passes them all
    except TextFileError:
        return None
    if b'"' in data or _lone_carriage_return(data) or not _fields_fit(data):
        return _lint_rows(path)
    try:
        header = _header(path, data)
        if len(data) < _PANDAS_FROM:
            return _small_file_rows(header, data)
        return _big_file_rows(header, data)
    except Stop:  # lint stops at the header: the file has no usable rows
        return None
    except _PastBounds:
        return _lint_rows(path)


class _PastBounds(Exception):
    """About as many rows or ids as lint reads (MAX_ROWS, MAX_SERIES), or more: lint's reader decides."""


def _lone_carriage_return(data: bytes) -> bool:
    """Whether a line ends in a lone \\r (old Mac files): pandas numbers such lines apart from the csv module."""
    return b"\r" in data and data.count(b"\r") != data.count(b"\r\n")


def _fields_fit(data: bytes) -> bool:
    """Whether no field can be longer than the csv module takes (lint's reader stops at such a field): true
    when every stretch of half that many bytes holds a line break, so that no line is longer than the limit."""
    step = max(1, csv.field_size_limit() // 2)
    return all(data.find(b"\n", start, start + step) >= 0 for start in range(0, len(data) - step + 1, step))


@dataclass
class _Header:
    columns: list[str]  # the names as lint reads them (stripped; date, metric, … in lower case)
    form: str  # "long" or "wide"
    line: int  # the header's line, from 0
    end: int  # where the line after it starts, in bytes

    def at(self, name: str) -> Optional[int]:
        return self.columns.index(name) if name in self.columns else None


def _header(path: Path, data: bytes) -> _Header:
    """The first line with a non-blank cell, read by lint's own rules (which raise Stop for a file without a
    usable header)."""
    start = 0
    while True:
        found = _LINE_BREAK.search(data, start)
        end = len(data) if found is None else found.end()
        cells = data[start:end].decode("utf-8-sig" if start == 0 else "utf-8").rstrip("\r\n").split(",")
        if any(cell.strip() for cell in cells) or found is None:
            break
        start = end
    head = data[:end].decode("utf-8-sig")
    table = CsvTable(path=path, display=str(path), text=head)
    _read_header(table, Records(head))
    return _Header(table.columns, table.form, table.header_line - 1, end)


# --- a small file: its text split at line breaks and commas -----------------------------------------------


def _small_file_rows(header: _Header, data: bytes) -> Optional[RowCodes]:
    body = data[header.end:].decode("utf-8")
    if "\r" in body:
        body = body.replace("\r\n", "\n")  # no lone \r here: load_codes leaves those files to lint
    fields = _fields(body[:-1] if body.endswith("\n") else body, len(header.columns))
    return _row_codes(header, fields, len(fields[0])) if fields[0] else None


def _fields(body: str, width: int) -> list[list[str]]:
    """Column by column, the fields of the lines with exactly `width` fields (the others are PS602's; a blank
    line is none). As lint's fast path (`data.records`): the line breaks are split with the commas, each
    kept at the start of a line's first field, and the lines all have `width` fields exactly when every
    break falls in the first column."""
    flat = body.replace("\n", ",\n").split(",")
    columns = [flat[i::width] for i in range(width)]
    if len(flat) % width or any("\n" in "".join(column) for column in columns[1:]):
        lines = [line for line in body.split("\n") if line.count(",") == width - 1]
        flat = ",".join(lines).split(",") if lines else []
        return [flat[i::width] for i in range(width)]
    columns[0] = [cell.lstrip("\n") for cell in columns[0]]
    return columns


# --- a big file: pandas' C parser ------------------------------------------------------------------------


def _big_file_rows(header: _Header, data: bytes) -> Optional[RowCodes]:
    width = len(header.columns)
    # The header is the first row pandas reads, so that it expects that many fields and skips every longer
    # row. A shorter one comes padded with empty cells, which pandas cannot tell from empty cells: that does
    # no harm while the last column is one an empty cell of which leaves the row without a value anyway (a
    # date, an id, the value). Otherwise the fields of every line are counted first, and pandas skips the
    # lines of another width.
    skip: Union[int, list[int]] = header.line
    if header.columns[-1] not in ("date", "metric", "value", "partnership"):  # a note, or a wide series
        fields = _fields_per_line(data)
        line = np.arange(len(fields))
        wrong = (line < header.line) | ((line > header.line) & (fields != width))
        skip = np.flatnonzero(wrong).tolist()  # line numbers, as pandas counts them
    # Categoricals, but for a wide file's series columns: categories that are all numbers come back as
    # numbers, and a series id can be a number. (The header's names in the first row keep the others texts.)
    dtype = {i: "category" if name in RESERVED or header.form == "long" else object
             for i, name in enumerate(header.columns)}
    try:
        frame = pd.read_csv(io.BytesIO(data), header=None, skiprows=skip, dtype=dtype, na_filter=False,
                            engine="c", low_memory=False, on_bad_lines="skip", encoding="utf-8")
    except pd.errors.EmptyDataError:
        return None
    if frame.shape[1] != width:  # pragma: no cover - pandas takes the header's width
        raise _PastBounds
    frame = frame.iloc[1:]  # the header
    return _row_codes(header, [frame[i] for i in range(width)], len(frame)) if len(frame) else None


def _fields_per_line(data: bytes) -> np.ndarray:
    """How many fields each line has, in a text without quotes or lone \\r (a last line without a line break
    is a line too)."""
    text = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(text == ord("\n"))
    if len(data) and not data.endswith(b"\n"):
        ends = np.append(ends, len(data))
    commas_before = np.searchsorted(np.flatnonzero(text == ord(",")), ends)
    return np.diff(commas_before, prepend=0) + 1


# --- rows to codes -------------------------------------------------------------------------------------------


def _row_codes(header: _Header, columns: Sequence[Cells], rows: int) -> RowCodes:
    """The rows (every column's cells; each row has them all) as codes, each text looked up once."""
    date_codes, day_of = _coded(columns[header.columns.index("date")], _days)
    partner_at = header.at("partnership")
    if partner_at is None:
        partner_codes, partner_of, partners = np.zeros(rows, dtype=np.int8), np.zeros(2, np.intp), [ALL_ROWS]
    else:
        partner_codes, partner_of, partners = _names(columns[partner_at])
    if header.form == "long":
        metric_codes, metric_of, metrics = _names(columns[header.columns.index("metric")])
        if rows > MAX_ROWS or len(partners) + len(metrics) > MAX_SERIES:
            raise _PastBounds
        value_codes, value_of = _coded(columns[header.columns.index("value")], _numbers)
        return RowCodes(partner_codes, partner_of, partners, metric_codes, metric_of, metrics,
                        date_codes, day_of, value_codes, value_of)
    # The wide form: a row per cell of each series column (an empty one has no value), column after column.
    series = [i for i, name in enumerate(header.columns) if name not in RESERVED]
    if rows * len(series) > MAX_ROWS or len(partners) > MAX_SERIES:
        raise _PastBounds
    cells = [cell for i in series for cell in columns[i]]
    value_codes, value_of = _coded(cells, _numbers)
    names = sorted(header.columns[i] for i in series)
    metric_of = np.array([names.index(header.columns[i]) for i in series] + [0], dtype=np.intp)
    return RowCodes(np.tile(partner_codes, len(series)), partner_of, partners,
                    np.repeat(np.arange(len(series), dtype=np.intp), rows), metric_of, names,
                    np.tile(date_codes, len(series)), day_of, value_codes, value_of)


def _texts(cells: Cells) -> tuple[np.ndarray, list[str]]:
    """Per cell the index of its text among the distinct texts, and those texts."""
    if isinstance(cells, pd.Series) and isinstance(cells.dtype, pd.CategoricalDtype):
        return cells.cat.codes.to_numpy(), cells.cat.categories.tolist()
    index = {text: i for i, text in enumerate(dict.fromkeys(cells))}
    return np.fromiter(map(index.__getitem__, cells), dtype=np.intp, count=len(cells)), list(index)


def _coded(cells: Cells, table: Callable[[list[str]], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per cell a code, and per code what `table` makes of its text (one entry more, NaN or -1, for code -1)."""
    codes, texts = _texts(cells)
    made = table(texts)
    return codes, np.append(made, np.nan if made.dtype.kind == "f" else -1)


def _names(cells: Cells) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per cell a code, per code the index of its stripped text in the sorted stripped texts (among them "",
    which is no name), and those texts."""
    codes, texts = _texts(cells)
    stripped = [text.strip() for text in texts]
    names = sorted({"", *stripped})
    position = {name: i for i, name in enumerate(names)}
    return codes, np.array([position[name] for name in stripped] + [position[""]], dtype=np.intp), names


# Day of each date text met so far (-1: not a date): the files of a portfolio share most of their dates.
_DAYS: dict[str, int] = {}
_DAYS_KEPT = 100_000


def _days(texts: list[str]) -> np.ndarray:
    """The day ordinal of each date text as lint reads it (-1: a bad date); pandas' datetimes would also
    drop the years before 1677."""
    for text in set(texts).difference(_DAYS):
        if len(_DAYS) >= _DAYS_KEPT:
            _DAYS.clear()
        try:
            _DAYS[text] = parse_day(text.strip())
        except ValueError:
            _DAYS[text] = -1
    return np.fromiter(map(_DAYS.__getitem__, texts), dtype=np.int64, count=len(texts))


def _numbers(texts: list[str]) -> np.ndarray:
    """The number of each value text as lint reads it (`30%` is 0.30), NaN for an empty or bad value."""
    plain = _plain_numbers(texts) if texts else None
    if plain is not None:  # lint's shortcut: texts that float() reads as parse_value does
        return np.frombuffer(plain, dtype=np.float64).copy()
    # pd.to_numeric reads every other text it reads as float() does, bar the over-long ones parse_number
    # refuses; the rest ("30%", "", "1,200", digits of other scripts) are parse_value's.
    numbers = np.asarray(pd.to_numeric(pd.Index(texts, dtype=object), errors="coerce"), dtype=np.float64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    for i in np.flatnonzero(np.isnan(numbers) | (lengths > _LONGEST_NUMBER)):
        numbers[i] = _lenient(texts[i])
    numbers[~np.isfinite(numbers)] = np.nan  # lint refuses infinities (and 1e400) as it does NaN
    return numbers


def _lenient(text: str) -> float:
    try:
        value = parse_value(text)
    except ValueError:
        return np.nan
    return np.nan if value is None else value


# --- lint's own reader -----------------------------------------------------------------------------------


def _lint_rows(path: Path) -> Optional[RowCodes]:
    """The values of lint's own reader, as codes: for the files the other paths leave to it (see the top)."""
    table = read_csv(path, str(path))
    if not table.usable or not len(table.data):
        return None
    return _columns_codes(table.data, table.shared)


def _columns_codes(data: Columns, shared: bool) -> RowCodes:
    """lint's values (`Columns`: a bad date is NO_DAY, a bad or empty value NaN) as codes."""
    pairs = np.frombuffer(data.pairs, dtype=np.int32)
    series, series_of = _sorted_table(data.series_names)
    metric_codes = np.array(data.pair_series, dtype=np.intp)[pairs]
    if shared:
        partners, partner_of = _sorted_table(data.partner_names)
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
