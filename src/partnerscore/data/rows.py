"""The rows of a metric-values CSV, read into `Columns` with every problem reported on the table.

`RowReader.row` is the one place that decides what a row means and what is wrong with it. A long-form block
(`csvrecords.Block`) whose every cell is clean (right width, good dates, non-blank ids, plain numbers) is
taken whole instead, with C-level `map`/`array` calls that look each cell up in a dict of the texts met so
far and stop at the first new one (a KeyError), so only new texts are looked at in Python. The fast path
takes only blocks in which `row` would report nothing and gives the same columns, so findings and their
order are the same either way; any other block, and every wide-form row, goes through `row`.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from itertools import repeat

from partnerscore.core.diagnostics import Position
from partnerscore.core.numbers import MAX_MAGNITUDE
from partnerscore.data.cells import Interned, parse_day, parse_value
from partnerscore.data.columns import NO_DAY, Columns
from partnerscore.data.records import Block, Records, Stop

RESERVED = ("date", "metric", "value", "partnership", "note")
_NUMBER_BYTES = b"0123456789.+-eE "  # texts of these alone mean the same to float() and parse_value
_LONGEST_NUMBER = 40  # parse_number refuses longer texts that float() would accept
_FEW_ROWS = 32  # a block this small that is not clean is read row by row


class RowReader:
    """Turns records into `Columns`, reporting each problem on the table as it goes."""

    def __init__(self, table, *, max_rows: int, max_names: int, keep_texts: bool = False):
        self.table = table
        self.max_rows = max_rows
        self.max_names = max_names
        columns = table.columns
        self.width = len(columns)
        self.date_at = columns.index("date")
        self.partner_at = columns.index("partnership") if "partnership" in columns else None
        self.note_at = columns.index("note") if "note" in columns else None
        self.long = table.form == "long"
        # Set exactly in the long form (whose header has both columns).
        self.series_at: int | None = columns.index("metric") if self.long else None
        self.value_at: int | None = columns.index("value") if self.long else None
        self.data = Columns()
        if keep_texts:
            self.data.date_texts, self.data.value_texts, self.data.notes = [], [], []
        self.values = Interned(parse_value)
        self.names: set[str] = set()  # partnership and (long form) series ids met, for the MAX_SERIES bound
        self._good_days: dict[str, int] = {}  # raw date cell -> its day, for good dates only
        self._day_of_text: dict[str, tuple[int, str | None]] = {}  # stripped -> (day, error message)
        self._series_ids: dict[str, int] = {}
        self._partner_ids: dict[str, int] = {}
        self._pair_ids: dict[tuple[int, int], int] = {}
        self._raw_pairs: dict = {}  # raw metric cell, or (raw partnership, raw metric) cells -> pair
        self.value_fields = [(self.value_at, -1)] if self.value_at is not None else \
            [(i, self._id(self._series_ids, self.data.series_names, name))
             for i, name in enumerate(columns) if name not in RESERVED]

    # --- ids ------------------------------------------------------------------------------------------------

    def _day(self, raw: str) -> tuple[int, str | None]:
        """(day, None) for a good date cell, (NO_DAY, what is wrong) for a bad one."""
        day = self._good_days.get(raw)
        if day is not None:
            return day, None
        text = raw.strip()
        found = self._day_of_text.get(text)
        if found is None:
            try:
                found = (parse_day(text), None)
            except ValueError as exc:
                found = (NO_DAY, str(exc))
            self._day_of_text[text] = found
        if found[0] != NO_DAY:
            self._good_days[raw] = found[0]
        return found

    @staticmethod
    def _id(ids: dict, names: list, name) -> int:
        index = ids.get(name)
        if index is None:
            index = ids[name] = len(names)
            names.append(name)
        return index

    def _pair(self, partner: str | None, series: str) -> int:
        data = self.data
        partner_id = -1 if partner is None else self._id(self._partner_ids, data.partner_names, partner)
        series_id = self._id(self._series_ids, data.series_names, series)
        pair = self._pair_ids.get((partner_id, series_id))
        if pair is None:
            pair = self._pair_ids[partner_id, series_id] = len(data.pair_series)
            data.pair_series.append(series_id)
            data.pair_partners.append(partner_id)
        return pair

    # --- one row: the reference for every problem -------------------------------------------------------------

    def row(self, line: int, cells: Sequence[str]) -> None:
        table, width, data = self.table, self.width, self.data
        if len(cells) != width or not cells[self.date_at]:
            if not any(cell.strip() for cell in cells):
                return  # blank lines and spreadsheet padding such as ",,,"
            if len(cells) != width:
                table.report("PS602", f"row has {len(cells)} fields but the header has {width}; check for "
                                      "a missing or extra comma, or an unquoted comma in a note",
                             table.position(line, 0))
                return
        day, error = self._day(cells[self.date_at])
        if error is not None:
            table.report("PS603", error, table.position(line, self.date_at))
        partner = None
        if self.partner_at is not None:
            partner = cells[self.partner_at].strip()
            self.names.add(partner)
            if not partner:
                table.report("PS602", "partnership is empty; every row of a shared CSV names its "
                                      "partnership id", table.position(line, self.partner_at))
                return
        note = cells[self.note_at] if self.note_at is not None else None
        series = None
        if self.series_at is not None:  # the long form
            series = cells[self.series_at].strip()
            if not series:
                table.report("PS602", "metric is empty; say which series this value belongs to",
                             table.position(line, self.series_at))
                return
            self.names.add(series)
        for index, column_series in self.value_fields:
            text = cells[index]
            if not self.long and not text.strip():
                continue  # wide form: an empty cell is no value
            text, value = self.values.get(text)
            if isinstance(value, ValueError):
                table.report("PS604", str(value), table.position(line, index))
                value = None
            pair = self._pair(partner, series if series is not None else data.series_names[column_series])
            data.first.setdefault(pair, len(data))
            if value is not None and day != NO_DAY:
                data.counts[pair] += 1
            data.add_line(line)
            data.days.append(day)
            data.values.append(math.nan if value is None else value)
            data.pairs.append(pair)
            if data.value_texts is not None:
                assert data.date_texts is not None and data.notes is not None, "texts are kept all or none"
                data.date_texts.append(cells[self.date_at].strip())
                data.value_texts.append(text)
                data.notes.append(note)
        if len(self.names) > self.max_names:
            raise Stop(f"more than {self.max_names:,} distinct series and partnership ids; split the file",
                       Position(line, 1))
        if len(data) > self.max_rows:
            raise Stop(f"more than {self.max_rows:,} values; split the file (e.g. one per partnership or year)",
                       Position(line, 1))

    # --- a clean long-form block at once ----------------------------------------------------------------------

    def block(self, block: Block) -> bool:
        """Take a long-form block whole when `row` would find nothing to report in it; False otherwise."""
        count, data = len(block.starts), self.data
        if self.value_at is None or len(data) + count > self.max_rows:  # not the long form
            return False
        cells = block.columns(self.width)
        if cells is None:
            return False
        values = _plain_numbers(cells[self.value_at])
        if values is None:
            return False
        days = self._block_days(cells[self.date_at])
        if days is None:
            return False
        found = self._block_pairs(cells)  # last: it commits the ids it meets
        if found is None:
            return False
        pairs, new = found
        for pair, index in new:
            data.first.setdefault(pair, len(data) + index)
        data.counts.update(pairs)  # every value is a number on a good date
        if isinstance(block.starts, range):
            data.add_lines(block.starts.start, count)
        else:
            data.add_line_list(block.starts)
        data.days.extend(days)
        data.values.extend(values)
        data.pairs.extend(pairs)
        if data.value_texts is not None:
            assert data.date_texts is not None and data.notes is not None, "texts are kept all or none"
            data.date_texts.extend(map(str.strip, cells[self.date_at]))
            data.value_texts.extend(cells[self.value_at])
            data.notes.extend(cells[self.note_at] if self.note_at is not None else repeat(None, count))
        return True

    def _block_days(self, cells) -> array | None:
        """The day of each date cell, or None at the first bad date."""
        days, rest = array("i"), iter(cells)
        while True:
            try:
                days.extend(map(self._good_days.__getitem__, rest))  # stops at a text not met yet
                return days
            except KeyError as new:
                day, error = self._day(new.args[0])
                if error is not None:
                    return None
                days.append(day)

    def _block_pairs(self, cells) -> tuple[array, list[tuple[int, int]]] | None:
        """The pair of each row and (pair, first row) of the pairs met for the first time; None (and
        nothing kept) at a blank id, or when the new ids would pass the MAX_SERIES bound."""
        assert self.series_at is not None, "only a long-form block is taken whole"
        shared = self.partner_at is not None
        if shared:
            rest = zip(cells[self.partner_at], cells[self.series_at], strict=True)
        else:
            rest = iter(cells[self.series_at])
        pairs, new = array("i"), []
        added: list[str | tuple[str, str]] = []  # the raw cells given a pair by this block
        fresh: set[str] = set()
        while True:
            try:
                pairs.extend(map(self._raw_pairs.__getitem__, rest))
                break
            except KeyError as missing:
                raw = missing.args[0]
                partner, series = (raw[0].strip(), raw[1].strip()) if shared else (None, raw.strip())
                fresh.update(name for name in (partner, series) if name is not None and name not in self.names)
                if not series or partner == "" or len(self.names) + len(fresh) > self.max_names:
                    for raw in added:
                        del self._raw_pairs[raw]
                    return None
                pair = self._raw_pairs[raw] = self._pair(partner, series)
                added.append(raw)
                if pair not in self.data.first:
                    new.append((pair, len(pairs)))
                pairs.append(pair)
        self.names |= fresh
        return pairs, new


def _plain_numbers(texts) -> array | None:
    """The values of `texts` when every one is a finite number float() and parse_value read alike, else None."""
    if max(map(len, texts)) > _LONGEST_NUMBER:
        return None
    joined = "".join(texts)
    if not joined.isascii() or joined.encode("ascii").translate(None, _NUMBER_BYTES):
        return None  # '30%', '1,200', 'NaN', '1_000', letters: parse_value's full rules decide
    try:
        values = array("d", map(float, texts))
    except ValueError:  # '', ' ', '1e', '--4': not numbers, or empty
        return None
    if values and max(map(abs, values)) > MAX_MAGNITUDE:  # '1e400', '1e308': parse_value says why
        return None
    return values


def read_rows(table, records: Records, **limits) -> Columns:
    """Every row after the header into columns; problems land on the table. Raises Stop."""
    reader = RowReader(table, **limits)
    for block in records.blocks(reader.width):
        _take(reader, block)
    return reader.data


def _take(reader: RowReader, block: Block) -> None:
    """A block at once if it is clean; else each half in turn, down to a few rows read one by one, so one
    bad row costs a few dozen rows read slowly, not the whole block."""
    if reader.block(block):
        return
    if reader.long and len(block) > _FEW_ROWS:
        for half in block.halves():
            _take(reader, half)
        return
    for line, cells in zip(block.starts, block.records(), strict=True):
        reader.row(line, cells)
