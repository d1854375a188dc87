"""Reading a metric-values CSV for lint: every row with its line, every problem a positioned finding.

Standard library only (lint must stay fast and never import pandas). Two forms (SPEC.md):
- long: `date,metric,value` plus optional `partnership` and `note`;
- wide: `date` plus one column per series id (and optional `partnership`, `note`); an empty cell is no value.
Parse-level problems (PS100 unreadable, PS602 malformed, PS603 bad date, PS604 bad value) are collected
on the table as findings; the engine gives them their severity and applies ignores.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from partnerscore.csvcells import Interned, locate_field, parse_day, parse_value
from partnerscore.diagnostics import Position
from partnerscore.rules import Finding
from partnerscore.textfile import TextFileError, read_text

# Bounds: far above any real partnership's data, low enough that a runaway export is refused clearly.
MAX_CSV_BYTES = 200 * 1024 * 1024
MAX_ROWS = 5_000_000
MAX_SERIES = 20_000
MAX_COLUMNS = 2_000
# Per-row problems of one kind shown per file before they are summed up in one line.
MAX_SHOWN = 50

LONG_REQUIRED = ("date", "metric", "value")
RESERVED = ("date", "metric", "value", "partnership", "note")
_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class CsvRow:
    """One value of one series: a long-form row, or one cell of a wide-form row."""

    line: int  # 1-based line where the row starts (header = 1)
    field: int  # 0-based index of the value cell in the row
    series: str
    date_text: str
    value_text: str
    day: Optional[int]  # date.toordinal(), None when the date is bad
    value: Optional[float]  # None when empty or not a number
    partnership: Optional[str] = None
    note: Optional[str] = None


@dataclass(frozen=True)
class SeriesSummary:
    """Where a series first appears and how many usable values it has (for one partnership)."""

    position: Position
    values: int


@dataclass
class CsvTable:
    path: Path
    display: str
    missing: bool = False  # the file does not exist
    broken: bool = False  # unreadable or malformed beyond use: rows are not to be trusted
    form: str = ""  # "long" or "wide"
    header_line: int = 1
    columns: list[str] = field(default_factory=list)
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    text: str = ""
    _line_starts: Optional[list[int]] = None
    _summaries: Optional[dict[Optional[str], dict[str, SeriesSummary]]] = None
    _shown: dict[str, int] = field(default_factory=dict)

    @property
    def usable(self) -> bool:
        return not self.missing and not self.broken

    @property
    def shared(self) -> bool:
        """True when a `partnership` column says which partnership each row belongs to."""
        return "partnership" in self.columns

    def column_index(self, name: str) -> int:
        return self.columns.index(name)

    def position(self, line: int, field_index: int) -> Position:
        """The 1-based line and column where field `field_index` of the record starting on `line` begins."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
        if not 1 <= line <= len(self._line_starts):
            return Position(line, 1)
        return Position(*locate_field(self.text, self._line_starts[line - 1], line, field_index))

    def report(self, code: str, message: str, position: Position) -> None:
        """Record a problem; past MAX_SHOWN of one kind they are only counted (see `finish`)."""
        shown = self._shown.get(code, 0)
        self._shown[code] = shown + 1
        if shown < MAX_SHOWN:
            self.problems.append(Finding(code, message, position=position, path=self.display))

    def finish(self) -> None:
        for code, count in self._shown.items():
            if count > MAX_SHOWN:
                self.problems.append(Finding(
                    code, f"{count - MAX_SHOWN} more problems of this kind in this file are not shown",
                    position=Position(self.header_line, 1), path=self.display))

    def fail(self, code: str, message: str, position: Position) -> "CsvTable":
        self.broken = True
        self.rows = []
        self.problems.append(Finding(code, message, position=position, path=self.display))
        return self

    def series_summary(self, partnership: Optional[str]) -> dict[str, SeriesSummary]:
        """Series of one partnership's rows (all rows when the CSV has no `partnership` column)."""
        if self._summaries is None:
            self._summaries = self._summarise()
        return self._summaries.get(partnership if self.shared else None, {})

    def _summarise(self) -> dict[Optional[str], dict[str, SeriesSummary]]:
        firsts: dict[tuple, CsvRow] = {}
        counts: dict[tuple, int] = {}
        for row in self.rows:
            key = (row.partnership, row.series)
            if key not in firsts:
                firsts[key] = row
                counts[key] = 0
            if row.value is not None and row.day is not None:
                counts[key] += 1
        result: dict[Optional[str], dict[str, SeriesSummary]] = {}
        for (partnership, series), row in firsts.items():
            if self.form == "wide":  # a wide series is named once, in the header
                where = self.position(self.header_line, self.column_index(series))
            else:
                where = self.position(row.line, self.column_index("metric"))
            result.setdefault(partnership, {})[series] = SeriesSummary(where, counts[(partnership, series)])
        return result


def read_csv(path: Path, display: str) -> CsvTable:
    """Read and check one CSV. Never raises for bad input: problems land on `table.problems`."""
    table = CsvTable(path=path, display=display)
    if not path.exists():
        table.missing = True
        return table
    try:
        table.text = read_text(path, max_bytes=MAX_CSV_BYTES)
    except TextFileError as exc:
        return table.fail("PS100", exc.message, Position(exc.line, exc.column))
    records = _records(csv.reader(io.StringIO(table.text, newline=""), strict=True))
    try:
        _read_header(table, records)
        _read_rows(table, records)
    except _Stop as stop:
        return table.fail("PS602", stop.message, stop.position)
    table.finish()
    return table


class _Stop(Exception):
    def __init__(self, message: str, position: Position):
        super().__init__(message)
        self.message = message
        self.position = position


def _records(reader) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted field may hold newlines)."""
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger" in str(exc):
                message = f"a field is over {csv.field_size_limit()} characters; is a quote left open?"
            else:
                message = f"malformed CSV ({exc}); check the quotes of this row"
            raise _Stop(message, Position(previous + 1, 1))
        yield previous + 1, cells
        previous = reader.line_num


def _read_header(table: CsvTable, records: Iterator[tuple[int, list[str]]]) -> None:
    for line, cells in records:
        if any(cell.strip() for cell in cells):
            table.header_line = line
            break
    else:
        raise _Stop("file is empty; the first line must be a header such as date,metric,value",
                    Position(1, 1))
    names = [c.strip().lower() if c.strip().lower() in RESERVED else c.strip() for c in cells]
    table.columns = names
    pos = lambda i: table.position(table.header_line, i)  # noqa: E731
    if len(names) > MAX_COLUMNS:
        raise _Stop(f"{len(names)} columns; at most {MAX_COLUMNS} are read (use the long form)", pos(0))
    for i, name in enumerate(names):
        if not name:
            raise _Stop(f"column {i + 1} of the header has no name", pos(i))
        if names.index(name) != i:
            raise _Stop(f"column '{name}' appears twice in the header", pos(i))
    if "date" not in names and any(_looks_like_day(name) for name in names):
        raise _Stop("no header: the first line holds values; start the file with a header such as "
                    "date,metric,value", pos(0))
    if "date" not in names:
        raise _Stop("no 'date' column; the header must be date,metric,value (long form) "
                    "or date,<series id>,… (wide form)", pos(0))
    if "metric" in names or "value" in names:
        table.form = "long"
        for required in LONG_REQUIRED:
            if required not in names:
                raise _Stop(f"missing required column '{required}'; a long-form CSV has the columns "
                            "date,metric,value (and optionally partnership, note)", pos(0))
        for i, name in enumerate(names):
            if name not in RESERVED:
                close = difflib.get_close_matches(name.lower(), RESERVED, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise _Stop(f"unknown column '{name}' in a long-form CSV (columns: date, metric, value, "
                            f"partnership, note){hint}", pos(i))
    else:
        table.form = "wide"
        if not [n for n in names if n not in RESERVED]:
            raise _Stop("no series columns; a wide-form CSV has date and one column per series id, "
                        "a long-form one date,metric,value", pos(0))


def _looks_like_day(text: str) -> bool:
    try:
        return bool(parse_day(text))
    except ValueError:
        return False


def _read_rows(table: CsvTable, records: Iterator[tuple[int, list[str]]]) -> None:
    columns = table.columns
    width = len(columns)
    date_at = columns.index("date")
    partner_at = columns.index("partnership") if "partnership" in columns else None
    note_at = columns.index("note") if "note" in columns else None
    long = table.form == "long"
    series_at = columns.index("metric") if long else None
    value_fields = [(columns.index("value"), None)] if long else \
        [(i, name) for i, name in enumerate(columns) if name not in RESERVED]
    dates, values = Interned(parse_day), Interned(parse_value)
    names: dict[str, str] = {}  # series and partnership ids, one string object each
    rows = table.rows
    for line, cells in records:
        if len(cells) != width or not cells[date_at]:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines and spreadsheet padding such as ",,,"
            if len(cells) != width:
                table.report("PS602", f"row has {len(cells)} fields but the header has {width}; check for "
                                      "a missing or extra comma, or an unquoted comma in a note",
                             table.position(line, 0))
                continue
        date_text, day = dates.get(cells[date_at].strip())
        if isinstance(day, ValueError):
            table.report("PS603", str(day), table.position(line, date_at))
            day = None
        partnership = None
        if partner_at is not None:
            partnership = names.setdefault(cells[partner_at].strip(), cells[partner_at].strip())
            if not partnership:
                table.report("PS602", "partnership is empty; every row of a shared CSV names its "
                                      "partnership id", table.position(line, partner_at))
                continue
        note = cells[note_at] if note_at is not None else None
        if long:
            series = cells[series_at].strip()
            if not series:
                table.report("PS602", "metric is empty; say which series this value belongs to",
                             table.position(line, series_at))
                continue
            series = names.setdefault(series, series)
        for index, column_series in value_fields:
            text = cells[index]
            if not long and not text.strip():
                continue  # wide form: an empty cell is no value
            text, value = values.get(text)
            if isinstance(value, ValueError):
                table.report("PS604", str(value), table.position(line, index))
                value = None
            rows.append(CsvRow(line, index, series if long else column_series, date_text, text, day, value,
                               partnership, note))
        if len(names) > MAX_SERIES:
            raise _Stop(f"more than {MAX_SERIES:,} distinct series and partnership ids; split the file",
                        Position(line, 1))
        if len(rows) > MAX_ROWS:
            raise _Stop(f"more than {MAX_ROWS:,} values; split the file (e.g. one per partnership or year)",
                        Position(line, 1))
