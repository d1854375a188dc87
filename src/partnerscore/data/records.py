"""The records of a CSV text, with the line each starts on, a block at a time.

Blocks of records come either from the csv module (any file; a quoted field may hold commas and newlines)
or, for a text with no quote at all, straight from `str.split`: without quotes a record is a line and a
field is what lies between commas, exactly as the csv module reads it, and splitting some thousand lines
at once gives each column as a list without making a list per row. A slice that is not uniform (a blank
line, a ragged row, a lone \\r) goes through the csv module instead.
"""

from __future__ import annotations

import csv
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice, repeat
from operator import attrgetter

from partnerscore.core.diagnostics import Position
from partnerscore.data.lines import line_offset, pieces, text_lines

CHUNK = 2_000  # records per csv-module block: big enough for C-level loops, small enough to stay in cache
PIECE = 32 << 10  # characters per str.split block (about a thousand rows)


class Stop(Exception):
    """The file cannot be read on: reported as PS602 at `position`, the rows are dropped."""

    def __init__(self, message: str, position: Position):
        super().__init__(message)
        self.message = message
        self.position = position


def _csv_error(exc: csv.Error) -> str:
    if "field larger" in str(exc):
        return f"a field is over {csv.field_size_limit()} characters; is a quote left open?"
    return f"malformed CSV ({exc}); check the quotes of this row"


@dataclass
class Block:
    """Consecutive records: `starts[i]` is the line record i starts on."""

    starts: Sequence[int]
    _records: Sequence | None = None  # one sequence of cells per record
    _columns: list | None = None  # one sequence of cells per column

    def __len__(self) -> int:
        return len(self.starts)

    def records(self) -> Sequence[Sequence[str]]:
        if self._records is None:
            assert self._columns is not None, "a Block is made with its records or its columns"
            self._records = list(zip(*self._columns, strict=True))
        return self._records

    def columns(self, width: int) -> list | None:
        """One sequence per column, or None when a record does not have `width` fields."""
        if self._columns is None:
            assert self._records is not None, "a Block is made with its records or its columns"
            if set(map(len, self._records)) != {width}:
                return None
            self._columns = list(zip(*self._records, strict=True))
        return self._columns

    def halves(self) -> tuple[Block, Block]:
        half = len(self) // 2
        if self._columns is not None:
            return (Block(self.starts[:half], _columns=[column[:half] for column in self._columns]),
                    Block(self.starts[half:], _columns=[column[half:] for column in self._columns]))
        records = self.records()
        return (Block(self.starts[:half], _records=records[:half]),
                Block(self.starts[half:], _records=records[half:]))


def _split(piece: str, first_line: int, width: int) -> Block | None:
    """A quote-free slice of lines of `width` fields each, split at once; None when it is not that."""
    if "\r" in piece:
        if piece.count("\r") != piece.count("\r\n"):
            return None  # a lone \r ends a line too: let the csv module count them
        piece = piece.replace("\r\n", "\n")
    body = piece[:-1] if piece.endswith("\n") else piece
    lines = body.count("\n") + 1
    # Split at commas and line breaks at once, the break kept at the start of each line's first field:
    # every line has `width` fields exactly when the breaks all fall in the first column.
    flat = body.replace("\n", ",\n").split(",")
    if len(flat) != lines * width:
        return None  # a blank line, or a row with too few or too many fields
    columns = [flat[i::width] for i in range(width)]
    if any("\n" in "".join(column) for column in columns[1:]):
        return None
    if len(body) > csv.field_size_limit() and max(map(len, flat)) > csv.field_size_limit():
        return None  # the csv module refuses such a field: let it say so
    columns[0] = list(map(str.lstrip, columns[0], repeat("\n")))
    return Block(range(first_line, first_line + lines), _columns=columns)


class Records:
    """The header through `one()`, then the rows through `blocks()`; `previous` is the lines read so far."""

    def __init__(self, text: str):
        self.text = text
        self._pairs = _with_line_counts(text_lines(text))
        self.previous = 0  # lines consumed by the records read so far

    def one(self) -> tuple[int, list[str]] | None:
        """The next record and its line, through the csv module."""
        try:
            cells, end = next(self._pairs)
        except StopIteration:
            return None
        except csv.Error as exc:
            raise Stop(_csv_error(exc), Position(self.previous + 1, 1)) from exc
        line, self.previous = self.previous + 1, end
        return line, cells

    def blocks(self, width: int) -> Iterator[Block]:
        """The remaining records; a malformed record ends the file after the blocks before it (Stop)."""
        if '"' in self.text:
            yield from self._csv_blocks(self._pairs, 0)
            return
        # Small slices keep the strings just made in the CPU cache (a third faster than 1 MiB ones), and
        # one under half the csv module's field limit cannot hold a field over it (bar a long last line).
        size = max(1, min(PIECE, csv.field_size_limit() // 2))
        for piece in pieces(self.text, line_offset(self.text, self.previous), size):
            block = _split(piece, self.previous + 1, width)
            if block is not None:
                self.previous += len(block.starts)
                yield block
            else:
                yield from self._csv_blocks(_with_line_counts(iter(text_lines(piece))), self.previous)

    def _csv_blocks(self, pairs, base: int) -> Iterator[Block]:
        """Blocks from a csv reader whose line counts start after line `base`."""
        while True:
            chunk: list = []
            error = None
            try:
                chunk.extend(islice(pairs, CHUNK))  # extend keeps what was read before an error
            except csv.Error as exc:
                error = exc
            if chunk:
                records, ends = zip(*chunk, strict=True)
                starts = array("i", map((base + 1).__add__, chain((self.previous - base,),
                                                                   islice(ends, len(ends) - 1))))
                self.previous = base + ends[-1]
                yield Block(starts, _records=records)
            if error is not None:
                raise Stop(_csv_error(error), Position(self.previous + 1, 1))
            if len(chunk) < CHUNK:
                return


def _with_line_counts(lines: Iterator[str]):
    """(record, lines read so far) pairs: zip calls the reader, then reads its line_num, at C speed."""
    reader = csv.reader(lines, strict=True)
    return zip(reader, map(attrgetter("line_num"), repeat(reader)), strict=False)
