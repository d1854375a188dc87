"""Writing pulled rows into a data file's text: the series a query returns are replaced, nothing else moves.

The file is split into records with the data package's own reader (`data.records`, after
`data.table.read_csv` has checked the header and told the form), each record kept with its exact text:
- a record that is not one of the replaced rows (another series, another partnership of a shared file,
  a blank line, a row lint complains about) is written back byte for byte;
- a replaced row whose value (and note, when the query returns notes) is the same number is kept as it
  was, even if written differently (`31500` and `31500.0`); a different value is rewritten in place;
- a returned row the file lacks is inserted where the file's order puts it: a file sorted by date (then
  series), by partnership or by series stays so; a file in no order gets new rows at its end;
- a row of a replaced series the query no longer returns is removed.
The long form is handled here, the wide form in `merge_wide`; both keep the file's form, line endings
and the rest of its text.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from partnerscore.data.cells import parse_day, parse_value
from partnerscore.data.lines import text_lines
from partnerscore.data.records import Records
from partnerscore.data.table import CsvTable
from partnerscore.pull.rows import Pulled

LONG_HEADER = ("date", "metric", "value")


class CannotMerge(Exception):
    """The data file cannot take the rows (malformed, or a series that cannot be a column): exit 1."""


@dataclass
class Merged:
    text: str
    added: int = 0
    changed: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class Entry:
    """One record of the file: its exact text and, for a data row, its sort key."""

    text: str
    cells: list[str]
    key: tuple | None = None  # (day, partnership, series) of a row with a good date, else None
    ours: bool = False  # a row the pull replaces
    alive: bool = True
    before: list[str] = field(default_factory=list)  # new lines to write before this record
    after: list[str] = field(default_factory=list)  # new lines to write after it


def line_ending(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def csv_line(cells, ending: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=ending).writerow(cells)
    return out.getvalue()


def same_value(old: str, new: str) -> bool:
    """Whether two value cells mean the same number (or are both empty)."""
    if old.strip() == new.strip():
        return True
    try:
        return parse_value(old) == parse_value(new)
    except ValueError:
        return False


def day_of(text: str) -> str | None:
    """The ISO day of a date cell, or None when it is not one (such a row never anchors an insert)."""
    try:
        parse_day(text.strip())
    except ValueError:
        return None
    return text.strip()


def split_records(table: CsvTable) -> tuple[str, list[Entry]]:
    """The text up to and including the header, and every record after it with its exact text."""
    text = table.text
    if text and not text.endswith(("\n", "\r")):
        text += line_ending(text)  # a last line without its line break: it may get rows after it
    starts = [0, *accumulate(map(len, text_lines(text)))]  # offset of each line (1-based: starts[line - 1])
    records = Records(text)
    while (record := records.one()) is not None and record[0] < table.header_line:
        pass
    lines: list[int] = []
    cells: list[list[str]] = []
    for block in records.blocks(len(table.columns)):
        lines.extend(block.starts)
        cells.extend(list(record) for record in block.records())
    bounds = [starts[line - 1] for line in lines] + [len(text)]
    head = text[:bounds[0]] if lines else text
    entries = [Entry(text=text[bounds[i]:bounds[i + 1]], cells=cells[i]) for i in range(len(lines))]
    return head, entries


MODES = (  # orders a file's rows may keep, as positions in (day, partnership, series)
    (0, 1, 2),  # by date, then partnership, then series: the order of a new file
    (1, 0, 2),  # by partnership, then date
    (1, 2, 0),  # by partnership, then series, then date
    (2, 0, 1),  # by series, then date
)


def sort_mode(entries: list[Entry]) -> tuple[int, ...] | None:
    """The first order the file's dated rows keep, or None when they keep none."""
    keys = [entry.key for entry in entries if entry.key is not None]
    for mode in MODES:
        arranged = [tuple(key[i] for i in mode) for key in keys]
        if all(a <= b for a, b in zip(arranged, arranged[1:], strict=False)):
            return mode
    return None


def insert_sorted(entries: list[Entry], new: list[tuple[tuple, str]], tail: list[str]) -> None:
    """Place each new (key, line) where the file's order puts it; in a file in no order, at `tail`."""
    live = [entry for entry in entries if entry.alive and entry.key is not None]
    mode = sort_mode(live)
    if mode is None or not live:
        tail.extend(line for _, line in sorted(new))
        return
    arrange = lambda key: tuple(key[i] for i in mode)  # noqa: E731
    anchors = [arrange(entry.key) for entry in live]
    for key, line in sorted(new, key=lambda pair: arrange(pair[0])):
        at = bisect_right(anchors, arrange(key))
        if at == 0:
            live[0].before.append(line)
        else:
            live[at - 1].after.append(line)


def assemble(head: str, entries: list[Entry], tail: list[str]) -> str:
    parts = [head]
    for entry in entries:
        parts.extend(entry.before)
        if entry.alive:
            parts.append(entry.text)
        parts.extend(entry.after)
    parts.extend(tail)
    return "".join(parts)


_NEEDS_QUOTES = frozenset(',"\r\n')


def render_new(pulled: Pulled, ending: str = "\n", partnership: str | None = None) -> str:
    """A new long-form file holding exactly the pulled rows, in their order (by date, then series); with
    `partnership`, a file that several scorecards share: a first `partnership` column holds that id."""
    if partnership is not None:
        return _render_shared(pulled, ending, partnership)
    if (pulled.notes is None or not any(pulled.notes)) and not _NEEDS_QUOTES & set("".join(set(pulled.metrics))):
        # No cell needs quoting (dates and numbers never do): the lines are joined at C speed, exactly as
        # the csv module would write them.
        body = ending.join(map(",".join, zip(pulled.dates, pulled.metrics, pulled.values, strict=True)))
        return ",".join(LONG_HEADER) + ending + (body + ending if body else "")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    notes = pulled.notes if pulled.notes is not None and any(pulled.notes) else None
    writer.writerow(LONG_HEADER + (("note",) if notes is not None else ()))
    columns = [pulled.dates, pulled.metrics, pulled.values] + ([notes] if notes is not None else [])
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue()


def add_column(head: str, entries: list[Entry], name: str, ending: str) -> str:
    """Add an empty column to every record (and `name` to the header); returns the new head."""
    for entry in entries:
        if entry.cells:
            entry.text = entry.text[:len(entry.text) - len(ending)] + "," + ending \
                if entry.text.endswith(ending) else entry.text + ","
            entry.cells.append("")
    body = head[:len(head) - len(ending)] if head.endswith(ending) else head
    return f"{body},{name}{ending}"


def _replaced_rows(entries: list[Entry], at: dict[str, int], series: set[str], partnership: str,
                   merged: Merged) -> dict[tuple[str, str], Entry]:
    """The rows the pull replaces, by (day, series); every row gets its sort key. A second row of the
    same series and day, or one with a bad date, is removed."""
    shared = "partnership" in at
    ours: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        cells = entry.cells
        if len(cells) != len(at):
            continue  # a blank line or a ragged row: not ours to judge, kept as it is
        owner = cells[at["partnership"]].strip() if shared else ""
        metric = cells[at["metric"]].strip()
        day = day_of(cells[at["date"]])
        if day is not None:
            entry.key = (day, owner, metric)
        if metric in series and (not shared or owner == partnership):
            entry.ours = True
            if day is None or (day, metric) in ours:
                entry.alive = False
                merged.removed += 1
            else:
                ours[day, metric] = entry
    return ours


def merge_long(table: CsvTable, pulled: Pulled, partnership: str) -> Merged:
    head, entries = split_records(table)
    ending = line_ending(table.text)
    columns = list(table.columns)
    if pulled.notes is not None and any(pulled.notes) and "note" not in columns:
        head = add_column(head, entries, "note", ending)
        columns.append("note")
    at = {name: i for i, name in enumerate(columns)}
    merged = Merged(text="")
    ours = _replaced_rows(entries, at, set(pulled.metrics), partnership, merged)
    notes = pulled.notes if "note" in at else None  # a file without notes gets none
    new: list[tuple[tuple, str]] = []
    for i, (day, metric, value) in enumerate(zip(pulled.dates, pulled.metrics, pulled.values, strict=True)):
        note = notes[i] if notes is not None else None
        existing = ours.pop((day, metric), None)
        if existing is not None:
            cells = list(existing.cells)
            if same_value(cells[at["value"]], value) and (note is None or cells[at["note"]] == note):
                continue
            cells[at["value"]] = value
            if note is not None:
                cells[at["note"]] = note
            existing.text = csv_line(cells, ending)
            merged.changed += 1
            continue
        cells = [""] * len(columns)
        cells[at["date"]], cells[at["metric"]], cells[at["value"]] = day, metric, value
        if "partnership" in at:
            cells[at["partnership"]] = partnership
        if note is not None:
            cells[at["note"]] = note
        new.append(((day, partnership if "partnership" in at else "", metric), csv_line(cells, ending)))
    for entry in ours.values():  # rows of a replaced series the query no longer returns
        entry.alive = False
        merged.removed += 1
    merged.added = len(new)
    tail: list[str] = []
    insert_sorted(entries, new, tail)
    merged.text = assemble(head, entries, tail)
    return merged


def _render_shared(pulled: Pulled, ending: str, partnership: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=ending)
    notes = pulled.notes if pulled.notes is not None and any(pulled.notes) else None
    writer.writerow(("partnership", *LONG_HEADER) + (("note",) if notes is not None else ()))
    owners = [partnership] * len(pulled)
    columns = [owners, pulled.dates, pulled.metrics, pulled.values] + ([notes] if notes is not None else [])
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue()
