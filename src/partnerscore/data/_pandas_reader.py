"""Metric values for report: each CSV read once, cut into one Series per partnership and id.

Only the data store imports this module (lint must not import pandas). The report uses exactly the values
lint's reader (`partnerscore.data.table`) accepts, each the number lint reads, and skips the rest, never failing:
lint reports them (PS100, PS602–PS605). tests/data/test_readers_agree.py feeds both readers the same messy files.
How this reader keeps to lint's rules:

- the file is read once, as bytes, under lint's size bound and encoding rules (UTF-8, a BOM is fine, no NUL);
- the header is found and read by lint's own code: names, forms, every reason to refuse a file;
- a row counts only with exactly as many fields as the header (PS602);
- ids and dates are stripped and parsed by lint's parsers, values by lint's rules for numbers (`_codes`);
- a file with a double quote, a lone \\r line break, a field longer than the csv module takes, or more rows
  or ids than lint's bounds is read by lint's reader itself: the csv module's strict quoting is not pandas',
  nor is its count of lines, and such files are rare.

A small file (the usual one per partnership) is split at its line breaks and commas, as lint's own fast path
does: pandas' fixed cost per read is most of what a file of a few thousand rows costs it, and a report on
small files need not import pandas at all. A big file is read by pandas' C parser, as categoricals: it then
makes no Python object per row. Either way every row becomes a few integer codes (`_series_split.RowCodes`),
which `_series_split.split` cuts into series.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from partnerscore.calc.status import Series
from partnerscore.data import _series_split as series_split
from partnerscore.data._codes import PastBounds, lint_codes, row_codes
from partnerscore.data.flat import unflatten
from partnerscore.data.records import Records, Stop
from partnerscore.data.rows import RESERVED
from partnerscore.data.table import MAX_CSV_BYTES, CsvTable, _read_header, read_csv
from partnerscore.io.textfile import TextFileError, decode, read_bytes

Flat = series_split.Flat
RowCodes = series_split.RowCodes

# Files from this size on are read by pandas: about where its C parser, once imported, starts to cost less
# than splitting the text, whose Python string per cell it spares; below, its fixed cost per read dominates.
_PANDAS_FROM = 256 << 10
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def load_series(path: Path) -> dict[str | None, dict[str, Series]]:
    """{partnership or None: {series id: Series}}; {} for a missing, unreadable or malformed file."""
    return unflatten(*load_flat(path))


def load_flat(path: Path) -> Flat:
    """`load_series` before it is cut into Series: what the store and its child process pass around."""
    return load_flat_checked(path)[0]


def load_flat_checked(path: Path) -> tuple[Flat, bool]:
    """`load_flat`, and whether some line of the file may not have become a value (a bad date or value, a
    line of the wrong width, a duplicate, an empty cell, a file that cannot be read at all). The report then
    asks lint's reader which lines those are (`partnerscore.data.problems`); most files are clean and never
    read twice. True may be a false alarm (a wide file's empty cells, a blank line), never the reverse."""
    codes, complete = _read(path)
    if codes is None:
        return series_split.NONE, True
    flat = series_split.split(codes)
    return flat, not complete or len(flat[1]) != len(codes)


def load_codes(path: Path) -> RowCodes | None:
    """Every row of the CSV with exactly as many fields as its header, as codes (see `_series_split.RowCodes`);
    None for a file lint cannot read at all (missing, too big, not UTF-8, no usable header)."""
    return _read(path)[0]


def _read(path: Path) -> tuple[RowCodes | None, bool]:
    """`load_codes`, and whether every non-blank line after the header became a row of codes."""
    try:
        data = read_bytes(path, max_bytes=MAX_CSV_BYTES)
        if b"\x00" in data or not data.isascii():
            decode(data)  # lint's encoding rules, which raise TextFileError; an ASCII text passes them all
    except TextFileError:
        return None, False
    if b'"' in data or _lone_carriage_return(data) or not _fields_fit(data):
        return _lint_rows(path)
    try:
        header = _header(path, data)
        if len(data) < _PANDAS_FROM:
            return _small_file_rows(header, data)
        return _big_file_rows(header, data)
    except Stop:  # lint stops at the header: the file has no usable rows
        return None, False
    except PastBounds:
        return _lint_rows(path)


def _lint_rows(path: Path) -> tuple[RowCodes | None, bool]:
    """The values of lint's own reader, as codes: for the files the other paths leave to it (see the top)."""
    table = read_csv(path, str(path))
    if not table.usable or not len(table.data):
        return None, False
    return lint_codes(table.data, table.shared), not table.problems


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


def _small_file_rows(header: _Header, data: bytes) -> tuple[RowCodes | None, bool]:
    body = data[header.end:].decode("utf-8")
    if "\r" in body:
        body = body.replace("\r\n", "\n")  # no lone \r here: load_codes leaves those files to lint
    fields, complete = _fields(body[:-1] if body.endswith("\n") else body, len(header.columns))
    return (row_codes(header.columns, header.form, fields) if fields[0] else None), complete


def _fields(body: str, width: int) -> tuple[list[list[str]], bool]:
    """Column by column, the fields of the lines with exactly `width` fields (the others are PS602's; a blank
    line is none), and whether every line had them. Without quotes, a field is what lies between two
    commas, as for the csv module."""
    # Every line break becomes a field of its own: the lines all have `width` fields exactly when these
    # fields are every (width + 1)-th.
    flat = body.replace("\n", ",\n,").split(",")
    step, lines = width + 1, body.count("\n") + 1
    complete = len(flat) == lines * step - 1 and flat[width::step].count("\n") == lines - 1
    if not complete:
        kept = [line for line in body.split("\n") if line.count(",") == width - 1]
        flat = ",\n,".join(kept).split(",") if kept else []
    return [flat[i::step] for i in range(width)], complete


# --- a big file: pandas' C parser ------------------------------------------------------------------------


def _big_file_rows(header: _Header, data: bytes) -> tuple[RowCodes | None, bool]:
    import pandas as pd  # only for a big file: the import costs as much as reading a great many small ones

    width = len(header.columns)
    # The header is the first row pandas reads, so that it expects that many fields and skips every longer
    # row. A shorter one comes padded with empty cells, which pandas cannot tell from empty cells: that does
    # no harm while the last column is one an empty cell of which leaves the row without a value anyway (a
    # date, an id, the value). Otherwise the fields of every line are counted first, and pandas skips the
    # lines of another width.
    skip: int | list[int] = header.line
    if header.columns[-1] not in ("date", "metric", "value", "partnership"):  # a note, or a wide series
        fields = _fields_per_line(data)
        line = np.arange(len(fields))
        wrong = (line < header.line) | ((line > header.line) & (fields != width))
        skip = np.flatnonzero(wrong).tolist()  # line numbers, as pandas counts them
    # Categoricals (whose categories the header's names in the first row keep texts, never numbers); but a
    # wide file's series columns are texts: a series id may be a number.
    dtype = {i: "category" if name in RESERVED or header.form == "long" else object
             for i, name in enumerate(header.columns)}
    try:
        frame = pd.read_csv(io.BytesIO(data), header=None, skiprows=skip, dtype=dtype, na_filter=False,
                            engine="c", low_memory=False, on_bad_lines="skip", encoding="utf-8")
    except pd.errors.EmptyDataError:
        return None, False
    if frame.shape[1] != width:  # pragma: no cover - pandas takes the header's width
        raise PastBounds
    frame = frame.iloc[1:]  # the header
    if not len(frame):
        return None, False
    columns = [frame[i] if dtype[i] == "category" else frame[i].tolist() for i in range(width)]
    # Every line after the header became a row when there are as many rows as line breaks after it (a
    # blank line or a skipped one makes fewer: worth a second look by lint's reader).
    lines_after = data.count(b"\n", header.end) + (0 if data.endswith(b"\n") else 1)
    return row_codes(header.columns, header.form, columns), len(frame) == lines_after


def _fields_per_line(data: bytes) -> np.ndarray:
    """How many fields each line has, in a text without quotes or lone \\r (a last line without a line break
    is a line too)."""
    text = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(text == ord("\n"))
    if len(data) and not data.endswith(b"\n"):
        ends = np.append(ends, len(data))
    commas_before = np.searchsorted(np.flatnonzero(text == ord(",")), ends)
    return np.diff(commas_before, prepend=0) + 1
