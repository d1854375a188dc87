"""Pulled rows into a wide-form data file: a `date` column and one column per series.

A replaced series is a column: its cells take the returned values (a row the query no longer returns
has its cell emptied: removed), a series the file lacks becomes a new column at the end, and a day the
file lacks becomes a new row where the file's order of days puts it. The other columns of a changed row
keep their values; a row left with no value and no note is dropped. A wide row has one note for every
series, so a query's notes are not written into a wide file (a warning says so).
"""

from __future__ import annotations

from partnerscore.data.rows import RESERVED
from partnerscore.data.table import CsvTable
from partnerscore.pull.merge import (
    CannotMerge,
    Entry,
    Merged,
    add_column,
    assemble,
    csv_line,
    day_of,
    insert_sorted,
    line_ending,
    same_value,
    split_records,
)
from partnerscore.pull.rows import Pulled


def _by_day(pulled: Pulled) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    for day, metric, value in zip(pulled.dates, pulled.metrics, pulled.values, strict=True):
        values.setdefault(day, {})[metric] = value
    return values


def _update(entry: Entry, wanted: dict[str, str], where: dict[str, int], merged: Merged) -> bool:
    """Put the pulled values of one day into a row's cells; whether any cell changed."""
    cells = list(entry.cells)
    touched = False
    for series, index in where.items():
        old, new = cells[index], wanted.get(series, "")
        if not old.strip() and not new:
            continue
        if not new:
            merged.removed += 1
        elif not old.strip():
            merged.added += 1
        elif same_value(old, new):
            continue
        else:
            merged.changed += 1
        cells[index] = new
        touched = True
    entry.cells = cells
    return touched


def merge_wide(table: CsvTable, pulled: Pulled, partnership: str) -> Merged:
    head, entries = split_records(table)
    ending = line_ending(table.text)
    columns = list(table.columns)
    series = pulled.series
    clash = [name for name in series if name in RESERVED]
    if clash:
        raise CannotMerge(f"series '{clash[0]}' cannot be a column of a wide-form file (it is a reserved "
                          "column name); rename it in the query")
    for name in series:
        if name not in columns:
            head = add_column(head, entries, name, ending)
            columns.append(name)
    at = {name: i for i, name in enumerate(columns)}
    where = {name: at[name] for name in series}
    values = [i for name, i in at.items() if name not in RESERVED]
    shared = "partnership" in at
    merged = Merged(text="")
    if pulled.notes is not None and any(pulled.notes):
        merged.warnings.append("the query's notes are not written: a wide-form file has one note per row, "
                               "not per series")
    wanted = _by_day(pulled)
    seen: set[str] = set()
    for entry in entries:
        cells = entry.cells
        if len(cells) != len(columns):
            continue
        owner = cells[at["partnership"]].strip() if shared else ""
        day = day_of(cells[at["date"]])
        if day is not None:
            entry.key = (day, owner, "")
        if day is None or (shared and owner != partnership):
            continue
        had_values = any(cells[i].strip() for i in values)
        # A second row of the same day has its replaced cells emptied: the first one holds the day.
        if _update(entry, {} if day in seen else wanted.get(day, {}), where, merged):
            note = cells[at["note"]].strip() if "note" in at else ""
            if had_values and not any(entry.cells[i].strip() for i in values) and not note:
                entry.alive = False
            else:
                entry.text = csv_line(entry.cells, ending)
        seen.add(day)
    new: list[tuple[tuple, str]] = []
    for day in sorted(set(wanted) - seen):
        cells = [""] * len(columns)
        cells[at["date"]] = day
        if shared:
            cells[at["partnership"]] = partnership
        for name, value in wanted[day].items():
            cells[at[name]] = value
        if any(wanted[day].values()):
            merged.added += sum(1 for value in wanted[day].values() if value)
            new.append(((day, partnership if shared else "", ""), csv_line(cells, ending)))
    tail: list[str] = []
    insert_sorted(entries, new, tail)
    merged.text = assemble(head, entries, tail)
    return merged
