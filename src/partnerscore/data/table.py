"""Reading a metric-values CSV for lint: every row with its line, every problem a positioned finding.

Standard library only (lint must stay fast and never import pandas). Two forms (SPEC.md):
- long: `date,metric,value` plus optional `partnership` and `note`;
- wide: `date` plus one column per series id (and optional `partnership`, `note`); an empty cell is no value.
Parse-level problems (PS100 unreadable, PS602 malformed, PS603 bad date, PS604 bad value) are collected
on the table as findings; the engine gives them their severity and applies ignores.

Built for millions of rows: records come a block at a time (csvrecords), the values land in typed arrays
(csvcolumns, filled by csvrows), the rules' questions are answered with C-level loops (csvqueries), and
a line's position in the text is found only for the rows a diagnostic names (csvlines).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from partnerscore.core.collector import collector_paused
from partnerscore.core.diagnostics import Position
from partnerscore.core.findings import Finding
from partnerscore.data import column_checks
from partnerscore.data.cells import locate_field, parse_day
from partnerscore.data.columns import Columns
from partnerscore.data.lines import LineIndex
from partnerscore.data.records import Records, Stop
from partnerscore.data.rows import RESERVED, read_rows
from partnerscore.io.paths import is_symlink_loop
from partnerscore.io.textfile import TextFileError, read_text

# Bounds: far above any real partnership's data, low enough that a runaway export is refused clearly.
MAX_CSV_BYTES = 200 * 1024 * 1024
MAX_ROWS = 5_000_000
MAX_SERIES = 20_000
MAX_COLUMNS = 2_000
# Per-row problems of one kind shown per file before they are summed up in one line.
MAX_SHOWN = 50

LONG_REQUIRED = ("date", "metric", "value")
__all__ = ["CsvRow", "CsvTable", "MAX_SHOWN", "RESERVED", "SeriesSummary", "parse_csv", "read_csv"]


@dataclass(slots=True)
class CsvRow:
    """One value of one series: a long-form row, or one cell of a wide-form row (the `CsvTable.rows` view)."""

    line: int  # 1-based line where the row starts (header = 1)
    field: int  # 0-based index of the value cell in the row
    series: str
    date_text: str
    value_text: str
    day: int | None  # date.toordinal(), None when the date is bad
    value: float | None  # None when empty or not a number
    partnership: str | None = None
    note: str | None = None


class SeriesSummary:
    """Where a series first appears and how many usable values it has (for one partnership). The position
    is worked out when asked for: most series are never named in a diagnostic."""

    __slots__ = ("_table", "_line", "_field", "_position", "values")

    def __init__(self, table: CsvTable, line: int, field_index: int, values: int):
        self._table, self._line, self._field = table, line, field_index
        self._position: Position | None = None
        self.values = values

    @property
    def position(self) -> Position:
        if self._position is None:
            self._position = self._table.position(self._line, self._field)
        return self._position

    def __repr__(self) -> str:
        return f"SeriesSummary(line={self._line}, field={self._field}, values={self.values})"


@dataclass
class CsvTable:
    path: Path
    display: str
    missing: bool = False  # the file does not exist (or is a folder: `folder`)
    folder: bool = False  # the path names a folder, not a file
    broken: bool = False  # unreadable or malformed beyond use: rows are not to be trusted
    form: str = ""  # "long" or "wide"
    header_line: int = 1
    columns: list[str] = field(default_factory=list)
    data: Columns = field(default_factory=Columns)  # the values, column by column
    problems: list[Finding] = field(default_factory=list)
    text: str = ""
    _lines: LineIndex | None = None
    _summaries: dict[str | None, dict[str, SeriesSummary]] | None = None
    _shown: dict[str, int] = field(default_factory=dict)
    _rows: list[CsvRow] | None = None
    # The line of every row problem (PS602–PS604), shown or only counted: the report counts the rows it
    # left out per partnership (`partnerscore.data.problems`).
    problem_lines: list[tuple[int, str]] = field(default_factory=list)  # (line, code)

    @property
    def usable(self) -> bool:
        return not self.missing and not self.broken

    @property
    def shared(self) -> bool:
        """True when a `partnership` column says which partnership each row belongs to."""
        return "partnership" in self.columns

    def column_index(self, name: str) -> int:
        return self.columns.index(name)

    def value_field(self, index: int) -> int:
        """The field (0-based) of the cell holding value `index`."""
        if self.form == "long":
            return self.columns.index("value")
        return self.columns.index(self.data.series_of(index))

    def position(self, line: int, field_index: int) -> Position:
        """The 1-based line and column where field `field_index` of the record starting on `line` begins."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        offset = self._lines.offset(line)
        if offset is None:
            return Position(line, 1)
        return Position(*locate_field(self.text, offset, line, field_index))

    def line_text(self, line: int) -> str:
        """The text of one line (1-based), without its line break; "" past the end."""
        if self._lines is None:
            self._lines = LineIndex(self.text)
        offset = self._lines.offset(line)
        if offset is None:
            return ""
        end = self.text.find("\n", offset)
        return (self.text[offset:] if end < 0 else self.text[offset:end]).rstrip("\r")

    def report(self, code: str, message: str, position: Position) -> None:
        """Record a problem; past MAX_SHOWN of one kind they are only counted (see `finish`)."""
        shown = self._shown.get(code, 0)
        self._shown[code] = shown + 1
        self.problem_lines.append((position.line, code))
        if shown < MAX_SHOWN:
            self.problems.append(Finding(code, message, position=position, path=self.display))

    def finish(self) -> None:
        for code, count in self._shown.items():
            if count > MAX_SHOWN:
                self.problems.append(Finding(
                    code, f"{count - MAX_SHOWN} more problems of this kind in this file are not shown",
                    position=Position(self.header_line, 1), path=self.display))

    def fail(self, code: str, message: str, position: Position) -> CsvTable:
        self.broken = True
        self.data = Columns()
        self.problems.append(Finding(code, message, position=position, path=self.display))
        return self

    @property
    def rows(self) -> list[CsvRow]:
        """Every value as a `CsvRow`, for tests and tools; lint reads the columns (`data`) instead.
        Built on first use by reading the text again, keeping the value texts and notes this time."""
        if not self.usable or not len(self.data):
            return []
        if self._rows is None:
            again = CsvTable(path=self.path, display=self.display, text=self.text)
            _parse(again, keep_texts=True)
            d = again.data
            date_texts, value_texts, notes = d.date_texts, d.value_texts, d.notes
            assert date_texts is not None and value_texts is not None and notes is not None, "read with keep_texts"
            self._rows = [
                CsvRow(d.line_of(i), again.value_field(i), d.series_of(i), date_texts[i], value_texts[i],
                       d.days[i] or None, None if math.isnan(d.values[i]) else d.values[i],
                       d.partnership_of(i), notes[i])
                for i in range(len(d))]
        return self._rows

    def series_summary(self, partnership: str | None) -> dict[str, SeriesSummary]:
        """Series of one partnership's rows (all rows when the CSV has no `partnership` column)."""
        if self._summaries is None:
            with collector_paused():  # tens of thousands of new objects, while lint holds every scorecard
                self._summaries = self._summarise()
        return self._summaries.get(partnership if self.shared else None, {})

    def _summarise(self) -> dict[str | None, dict[str, SeriesSummary]]:
        data = self.data
        result: dict[str | None, dict[str, SeriesSummary]] = {}
        metric_at = self.column_index("metric") if self.form == "long" else None
        for pair, index in data.first.items():  # in order of first appearance
            name = data.series_names[data.pair_series[pair]]
            if metric_at is None:  # a wide series is named once, in the header
                line, where = self.header_line, self.column_index(name)
            else:
                line, where = data.line_of(index), metric_at
            summary = SeriesSummary(self, line, where, data.counts.get(pair, 0))
            result.setdefault(data.pair_partnership(pair), {})[name] = summary
        return result

    def partnership_rows(self) -> dict[str, tuple[Position, int]]:
        """Each partnership of a shared CSV: where its rows first appear (the `partnership` cell) and how many
        usable values they hold; empty for a CSV without a `partnership` column."""
        if not self.shared:
            return {}
        data = self.data
        first: dict[str, int] = {}  # partnership -> the value index of its first row
        counts: dict[str, int] = {}
        for pair, index in data.first.items():
            partnership = data.pair_partnership(pair)
            if partnership is not None:
                first[partnership] = min(index, first.get(partnership, index))
                counts[partnership] = counts.get(partnership, 0) + data.counts.get(pair, 0)
        at = self.column_index("partnership")
        return {p: (self.position(data.line_of(index), at), counts[p]) for p, index in first.items()}

    def duplicate_rows(self) -> Iterator[tuple[int, int]]:
        """(value index, line of the first) for each line repeating a series, partnership and day."""
        return column_checks.duplicate_rows(self.data)

    def future_lines(self, today: int) -> list[tuple[int, str]]:
        """(line, date text) of each line with a value dated after the day ordinal `today`."""
        return column_checks.future_lines(self.data, today)


def read_csv(path: Path, display: str) -> CsvTable:
    """Read and check one CSV. Never raises for bad input: problems land on `table.problems`."""
    table = CsvTable(path=path, display=display)
    if path.is_dir() or not (path.exists() or is_symlink_loop(path)):  # a loop is there: read, it is named
        table.missing, table.folder = True, path.is_dir()
        return table
    try:
        table.text = read_text(path, max_bytes=MAX_CSV_BYTES)
    except TextFileError as exc:
        return table.fail("PS100", exc.message, Position(exc.line, exc.column))
    return _parse(table)


def parse_csv(text: str, path: Path, display: str) -> CsvTable:
    """Check CSV text as `read_csv` checks a file (`pull` checks the text it is about to write over)."""
    return _parse(CsvTable(path=path, display=display, text=text))


def _parse(table: CsvTable, keep_texts: bool = False) -> CsvTable:
    records = Records(table.text)
    try:
        with collector_paused():
            _read_header(table, records)
            table.data = read_rows(table, records, max_rows=MAX_ROWS, max_names=MAX_SERIES,
                                   keep_texts=keep_texts)
    except Stop as stop:
        return table.fail("PS602", stop.message, stop.position)
    table.finish()
    return table


def _read_header(table: CsvTable, records: Records) -> None:
    while (record := records.one()) is not None:
        line, cells = record
        if any(cell.strip() for cell in cells):
            table.header_line = line
            break
    else:
        raise Stop("file is empty; the first line must be a header such as date,metric,value",
                    Position(1, 1))
    names = [c.strip().lower() if c.strip().lower() in RESERVED else c.strip() for c in cells]
    table.columns = names
    pos = lambda i: table.position(table.header_line, i)  # noqa: E731
    if len(names) > MAX_COLUMNS:
        raise Stop(f"{len(names)} columns; at most {MAX_COLUMNS} are read (use the long form)", pos(0))
    for i, name in enumerate(names):
        if not name:
            raise Stop(f"column {i + 1} of the header has no name", pos(i))
        if names.index(name) != i:
            raise Stop(f"column '{name}' appears twice in the header", pos(i))
    if "date" not in names:
        _refuse_other_separator(cells, pos)
    if "date" not in names and any(_looks_like_day(name) for name in names):
        raise Stop("no header: the first line holds values; start the file with a header such as "
                    "date,metric,value", pos(0))
    if "date" not in names:
        raise Stop("no 'date' column; the header must be date,metric,value (long form) "
                    "or date,<series id>,… (wide form)", pos(0))
    if "metric" in names or "value" in names:
        table.form = "long"
        for required in LONG_REQUIRED:
            if required not in names:
                raise Stop(f"missing required column '{required}'; a long-form CSV has the columns "
                            "date,metric,value (and optionally partnership, note)", pos(0))
        for i, name in enumerate(names):
            if name not in RESERVED:
                close = difflib.get_close_matches(name.lower(), RESERVED, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise Stop(f"unknown column '{name}' in a long-form CSV (columns: date, metric, value, "
                            f"partnership, note){hint}", pos(i))
    else:
        table.form = "wide"
        if not [n for n in names if n not in RESERVED]:
            raise Stop("no series columns; a wide-form CSV has date and one column per series id, "
                        "a long-form one date,metric,value", pos(0))


# Separators a spreadsheet may have saved with, by name, as a user would look for them in the save dialog.
_SEPARATORS = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}


def _refuse_other_separator(cells: list[str], pos) -> None:
    """Stop with a hint when the header is one cell that another separator splits into a date column (a
    spreadsheet set to a locale with decimal commas saves `date;metric;value`)."""
    if len(cells) != 1:
        return
    for separator, name in _SEPARATORS.items():
        parts = [part.strip().lower() for part in cells[0].split(separator)]
        if len(parts) > 1 and "date" in parts:
            raise Stop(f"the header '{cells[0].strip()[:60]}' is separated by {name}, not commas; save the file "
                       "as comma-separated CSV (in a spreadsheet: CSV UTF-8, comma delimited; values with a "
                       "decimal comma such as 4,5 become 4.5)", pos(0))


def _looks_like_day(text: str) -> bool:
    try:
        return bool(parse_day(text))
    except ValueError:
        return False
