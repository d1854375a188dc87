"""The lines of a CSV the report could not use, in lint's words (PS100, PS602–PS605).

The report's reader skips what it cannot use and says when it may have (`FlatFile.suspect`); only then is
the file read again here, by lint's own reader, so that every line left out is named with lint's position
and message (SPEC.md: the report never hides bad data). Most files are clean and read once.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from partnerscore.core.diagnostics import Diagnostic, Position, Severity
from partnerscore.core.findings import Finding
from partnerscore.data.table import MAX_SHOWN, CsvTable, read_csv

# Why a row was left out, in a few words, by code: "2 rows of data/acme.csv left out: 1 bad date, …".
REASONS = {"PS100": "unreadable file", "PS602": "malformed row", "PS603": "bad date", "PS604": "bad value",
           "PS605": "duplicate", "PS606": "misspelt series"}


def duplicate_findings(table: CsvTable) -> Iterator[Finding]:
    """PS605 for each line repeating a series, partnership and day of an earlier line (the later row's value
    is the one used), at most MAX_SHOWN of them and then a count."""
    data = table.data
    shown = 0
    date_at = table.column_index("date") if table.usable else 0
    for index, first_line in table.duplicate_rows():  # one per line, in file order
        shown += 1
        if shown <= MAX_SHOWN:
            partnership = data.partnership_of(index)
            whose = f" of partnership '{partnership}'" if partnership else ""
            yield Finding("PS605", f"'{data.series_of(index)}'{whose} already has a row dated "
                                   f"{data.date_text_of(index)} on line {first_line}; keep one value per "
                                   "series and day (the report uses this later one)",
                          position=table.position(data.line_of(index), date_at), path=table.display)
    if shown > MAX_SHOWN:
        yield Finding("PS605", f"{shown - MAX_SHOWN} more duplicate rows in this file are not shown",
                      position=Position(table.header_line, 1), path=table.display)


def _error(finding: Finding, display: str) -> Diagnostic:
    position = finding.position or Position(1, 1)
    return Diagnostic(finding.path or display, position.line, position.column, finding.code, Severity.ERROR,
                      finding.message)


@dataclass
class FileProblems:
    """Every problem of one CSV, and which partnership each left-out line belongs to (a shared CSV)."""

    display: str
    diagnostics: list[Diagnostic]
    # The file gave no row at all (unreadable, empty, no usable header): every partnership reading it lost
    # all of its data.
    whole_file: bool
    # Per left-out line, its partnership (None: the file has no partnership column, or the cell is empty).
    lines: dict[int, str | None] = field(default_factory=dict)
    _reason_of_line: dict[int, str] = field(default_factory=dict)
    # lint's reading of the file, for the positions of series (`series_position`).
    table: CsvTable | None = field(default=None, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.diagnostics)

    def _mine(self, line: int, partnership: str) -> bool:
        owner = self.lines.get(line, None)
        return owner is None or owner == partnership

    def diagnostics_for(self, partnership: str) -> list[Diagnostic]:
        """The problems on this partnership's lines, and those of the file as a whole."""
        return [d for d in self.diagnostics if d.line not in self.lines or self._mine(d.line, partnership)]

    def left_out(self, partnership: str) -> dict[str, int]:
        """How many of this partnership's lines were left out, by reason ("bad date": 2)."""
        counts: dict[str, int] = {}
        for line, reason in self._reason_of_line.items():
            if self._mine(line, partnership):
                counts[reason] = counts.get(reason, 0) + 1
        return counts

    def partnership_position(self, partnership: str) -> Position:
        """Where a partnership's rows first appear in a shared CSV (the file's first line if they do not)."""
        if self.table is None or not self.table.usable:
            return Position(1, 1)
        found = self.table.partnership_rows().get(partnership)
        return found[0] if found is not None else Position(self.table.header_line, 1)

    def series_position(self, partnership: str, series: str) -> Position:
        """Where a series of this partnership first appears (the file's first line if it is not found)."""
        if self.table is None or not self.table.usable:
            return Position(1, 1)
        by_id = self.table.series_summary(partnership)
        summary = by_id.get(series)
        return summary.position if summary is not None else Position(self.table.header_line, 1)


def find_problems(path: Path, display: str) -> FileProblems:
    """Read the CSV with lint's reader: its parse problems and duplicate rows, each line's partnership."""
    table = read_csv(path, display)
    if table.missing:
        return FileProblems(display, [], whole_file=False)
    findings = [*table.problems, *duplicate_findings(table)] if table.usable else list(table.problems)
    problems = FileProblems(display, sorted((_error(f, display) for f in findings), key=Diagnostic.sort_key),
                            whole_file=not table.usable or not len(table.data), table=table)
    if not table.usable:
        return problems
    reasons: dict[int, str] = {}
    for line, code in _left_out_lines(table):
        reasons.setdefault(line, REASONS[code])
    problems._reason_of_line = reasons
    if table.shared:
        problems.lines = {line: _partnership_on(table, line) for line in reasons}
    else:
        problems.lines = dict.fromkeys(reasons)
    return problems


def _left_out_lines(table: CsvTable) -> Iterator[tuple[int, str]]:
    """(line, code) of every row problem, shown or only counted, and of every duplicate."""
    yield from table.problem_lines
    for index, _ in table.duplicate_rows():
        yield table.data.line_of(index), "PS605"


def _partnership_on(table: CsvTable, line: int) -> str | None:
    """The partnership cell of a line of a shared CSV (its text read again: a malformed line has no row)."""
    cells = next(csv.reader([table.line_text(line)]), [])
    at = table.column_index("partnership")
    return (cells[at].strip() or None) if at < len(cells) else None


def unknown_partnership_message(partnership: str, rows: int, close: str | None,
                                elsewhere: tuple[str, str] | None = None) -> str:
    """PS606's words for the rows of a shared CSV whose `partnership` is no id of a scorecard reading it,
    with the id it is most likely a misspelling of (then those rows are lost to that partnership), or the
    (scorecard, data file) of the partnership with that id when it reads another file."""
    what = f"{rows} value{'s' if rows != 1 else ''} for partnership '{partnership}'"
    they, are = ("they", "are") if rows != 1 else ("it", "is")
    if elsewhere is not None and not close:
        scorecard, data = elsewhere
        return (f"{what}, whose scorecard {scorecard} reads {data}, not this file: no report shows {they}; move "
                f"{'them' if rows != 1 else 'it'} there, or point its data: here")
    if close:
        return (f"{what}, which no scorecard reading this file has; did you mean '{close}'? {they.capitalize()} "
                f"{are} left out until the id is fixed")
    return f"{what}, which no scorecard reading this file has: no report shows {they} (a typo, or a retired id?)"


def unused_series_message(series: str, scorecard: str, close: str | None) -> str:
    """PS606's words: a series of the CSV that no metric or formula of `scorecard` reads, with the series it
    is most likely a misspelling of (then its values are lost, and lint and report call it an error)."""
    hint = f"; did you mean '{close}'? Its values are left out until the id is fixed" if close else ""
    return f"series '{series}' is used by no metric or formula of {scorecard}{hint}"
