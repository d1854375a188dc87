"""Metric values: the CSV of each scorecard, checked on its own and against the scorecard.

Two scopes:
- ``csv``: one CSV on its own (``CsvContext``), run once per file however many scorecards share it;
- ``data``: a scorecard and its CSV (``DataContext``; ``table`` is a ``partnerscore.data.table.CsvTable``).
PS602–PS604 are found while the CSV is read (``partnerscore.data.table``); their entries here document them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from partnerscore.calc.formula import Formula, FormulaError, formula_series, parse_formula
from partnerscore.calc.formula_check import formula_problems
from partnerscore.core.diagnostics import Position
from partnerscore.core.text import closest, typo_of
from partnerscore.core.vocabulary import LAYER_SINGULAR
from partnerscore.data.problems import duplicate_findings, unknown_partnership_message, unused_series_message
from partnerscore.data.table import MAX_SHOWN, CsvTable
from partnerscore.io.paths import display_path
from partnerscore.lint.rules import Finding, rule
from partnerscore.lint.rules.context import DataContext
from partnerscore.model.scorecard import Metric


@dataclass
class CsvContext:
    """One CSV on its own, for the rules that need no scorecard."""

    table: CsvTable
    as_of: date


def _rows_of(ctx: DataContext) -> dict:
    return ctx.table.series_summary(ctx.partnership_id)


def _formulas(ctx: DataContext) -> Iterator[tuple[str, int, Metric, Formula | FormulaError]]:
    """Each formula metric with its parsed formula, or the FormulaError it raised."""
    for layer, i, metric in ctx.scorecard.metrics():
        if metric.formula is None:
            continue
        try:
            yield layer, i, metric, parse_formula(metric.formula)
        except FormulaError as exc:
            yield layer, i, metric, exc


def _every_formula(ctx: DataContext) -> list[tuple[str | None, str]]:
    """(metric id or None, formula text) of every formula that can be read, of valid and invalid metrics:
    an invalid metric's formula still reads its series."""
    ids = {(layer, i): metric_id for layer, i, metric_id in ctx.scorecard.values("id")}
    return [(ids.get((layer, i)), text) for layer, i, text in ctx.scorecard.values("formula") if text]


@rule("PS601", "W", "data-file-missing", "data")
def data_file_missing(ctx: DataContext) -> Iterator[Finding]:
    """Data file missing.

    Without its CSV a scorecard has no values, so every metric reports `no-data`. The file is the
    scorecard's `data:` (relative to the scorecard) or `<data folder>/<id>.csv`; the warning names the
    path that was looked for.

    Bad::

        id: northwind          # but there is no data/northwind.csv
    """
    if not ctx.table.missing:
        return
    expected = display_path(ctx.table.path)
    if ctx.table.folder:  # `data: ..` or a data/<id>.csv/ folder: no CSV here either
        where = ("data",) if ctx.scorecard.field("data") else ()
        yield Finding("PS601", f"data file {expected} is a folder, not a CSV; point `data:` at the CSV "
                               "file (relative to the scorecard)", where, position=None if where else Position(1, 1))
        return
    if ctx.scorecard.field("data"):
        yield Finding("PS601", f"data file {expected} does not exist; create it (date,metric,value) "
                               "or fix this path (it is relative to the scorecard)", ("data",))
    else:
        yield Finding("PS601", f"data file {expected} does not exist; create it with the columns "
                               "date,metric,value, or point `data:` at the CSV", position=Position(1, 1))


@rule("PS602", "E", "csv-malformed", "data", emitted=False)
def csv_malformed():
    """CSV malformed or missing required columns.

    A long-form CSV has the columns `date,metric,value` (optionally `partnership` and `note`); a
    wide-form one `date` and one column per series id. Every row has as many fields as the header; a
    note holding a comma is quoted. Also reported for an empty file, an empty `metric` or `partnership`
    cell, and files beyond the size bounds (200 MiB, 5 million values, 20,000 series and partnership ids).

    Bad::

        date,metric,value
        2026-11-02,mql,42,from the webinar     # 4 fields, header has 3: quote the note column
    """


@rule("PS603", "E", "bad-date", "data", emitted=False)
def bad_date():
    """Bad date.

    Dates are ISO `YYYY-MM-DD`, the day the value is attributed to; other spellings are ambiguous
    (is 03/04 March or April?).

    Bad::

        2026/11/05,mql,42      # write 2026-11-05
        2026-02-30,mql,42      # no such day
        Nov 5,mql,42
    """


@rule("PS604", "E", "bad-value", "data", emitted=False)
def bad_value():
    """Value not a number.

    A value is a finite number such as `42`, `4.2` or `-3`, or a percentage: `30%` means 0.30. An
    empty cell means no value. `NaN`, `inf` and numbers beyond 1e15 (a quadrillion) in size are
    refused: far past any figure a partnership tracks, so that sums and projections of them always fit
    in the report's arithmetic (two rows of 1e308 would add up to more than a float holds).

    Bad::

        2026-11-02,mql,forty-two
        2026-11-02,mql,NaN
        2026-11-02,mql,1e308
    """


@rule("PS605", "E", "duplicate-row", "csv")
def duplicate_row(ctx: CsvContext) -> Iterator[Finding]:
    """Duplicate row for the same series and date.

    Two values for one series (and partnership) on one day would be added up, or one silently lost.
    Merge them into one row, or date them on the days they belong to.

    Bad::

        date,metric,value
        2026-11-02,mql,42
        2026-11-02,mql,40      # a second value for mql on 2026-11-02
    """
    yield from duplicate_findings(ctx.table)


@rule("PS608", "W", "future-row", "csv")
def future_row(ctx: CsvContext) -> Iterator[Finding]:
    """Row dated in the future.

    Values are attributed to the day they happened; a row after today (or `--as-of`) is usually a typo
    in the year, and status ignores it. Keep plans and targets in the scorecard, not in the CSV.

    Bad::

        2062-11-02,mql,42      # as of 2026-11-15
    """
    table = ctx.table
    today = ctx.as_of.toordinal()
    date_at = table.column_index("date") if table.usable else 0
    lines = table.future_lines(today)
    for line, text in lines[:MAX_SHOWN]:
        yield Finding("PS608", f"row dated {text}, after {ctx.as_of.isoformat()}; status ignores it "
                               "(is the year right?)", position=table.position(line, date_at), path=table.display)
    if len(lines) > MAX_SHOWN:
        yield Finding("PS608", f"{len(lines) - MAX_SHOWN} more rows dated after {ctx.as_of.isoformat()} "
                               "are not shown", position=Position(table.header_line, 1), path=table.display)


@rule("PS606", "W/E", "unused-series", "data")
def unused_series(ctx: DataContext) -> Iterator[Finding]:
    """Series in the CSV that no metric or formula uses (did-you-mean hint); an error when it is a typo.

    A series is used when it is a metric id of the scorecard or an input of one of its formulas; raw
    counts such as `mql` and `sql` are fine when a formula reads them. Anything else is usually a
    misspelt id whose values the report silently misses. In a shared CSV (with a `partnership`
    column) only this scorecard's rows are looked at, and rows whose `partnership` is the id of no
    scorecard reading the file are reported too (when lint sees every scorecard: the whole project, or
    the CSV named alone). A warning, and an error when the did-you-mean names a series a metric or
    formula needs, or when the partnership is a typo of the id of one reading the file (the same but for
    letter case, spaces, `-` and `_`, or one letter off in an id of 5 or more): then the typo loses data
    the report should count. Another partner's id spelt alike (`southwind` beside `northwind`) is only
    a warning: its rows may wait for a scorecard of their own.

    Bad::

        date,metric,value
        2026-11-02,mqls,42     # the metric is `mql`

        date,metric,value,partnership
        2026-11-02,mql,42,Acme # the scorecard's id is `acme`
    """
    if not ctx.table.usable or not (ctx.scorecard.knows("id") and ctx.scorecard.knows("formula")):
        return  # a metric whose id or formula cannot be read may be what uses a series
    used = ctx.scorecard.metric_ids()
    for _, text in _every_formula(ctx):
        used |= formula_series(text)
    for series, summary in _rows_of(ctx).items():
        if series not in used:
            close = closest(series, used)
            yield Finding("PS606", unused_series_message(series, ctx.scorecard.doc.path, close),
                          position=summary.position, path=ctx.table.display, error=close is not None)
    yield from _unknown_partnerships(ctx)


def _unknown_partnerships(ctx: DataContext) -> Iterator[Finding]:
    """Rows of a shared CSV that belong to no scorecard reading it. A near miss of an id is reported by that
    scorecard; any other by each reader, in the same words (the run reports it once)."""
    sharing = ctx.sharing
    if sharing is None or not ctx.table.shared:
        return
    for partnership, (position, rows) in ctx.table.partnership_rows().items():
        if partnership in sharing:
            continue
        close = typo_of(partnership, sharing)
        if close is None or close == ctx.partnership_id:
            found = (ctx.elsewhere or {}).get(partnership)
            yield Finding("PS606", unknown_partnership_message(partnership, rows, close, found), position=position,
                          path=ctx.table.display, error=close is not None)


@rule("PS607", "E", "bad-formula", "data")
def bad_formula(ctx: DataContext) -> Iterator[Finding]:
    """Formula that does not parse or uses an unknown series.

    A formula combines series ids, numbers, `+ - * /` and parentheses. Each series must be a metric of
    the scorecard or a series present in its CSV, and a formula must not depend on itself through
    other formula metrics (it would never have a value).

    Bad::

        formula: sql / mql)    # unbalanced parenthesis
        formula: sqls / mql    # no series 'sqls'
        formula: rate * 2      # where rate's formula is `doubled / 2` and doubled's is this one
    """
    declared = ctx.scorecard.metric_ids()
    # Without a usable CSV, or without a single row for this scorecard, PS601/PS602/PS609 say it.
    present = set(_rows_of(ctx)) if ctx.table.usable else None
    located = [((layer, i, "formula"), metric.id, metric.formula)
               for layer, i, metric in ctx.scorecard.metrics(reads=("id", "formula")) if metric.formula is not None]
    # An invalid metric's formula is checked with the others too: a cycle through it is a cycle all the same.
    valid_ids = {metric_id for _, metric_id, _ in located}
    others = [(metric_id, text) for metric_id, text in _every_formula(ctx)
              if metric_id is not None and metric_id not in valid_ids]
    problems = formula_problems([(metric_id, text) for _, metric_id, text in located] + others, declared,
                                present or None, ctx.table.display,
                                # a metric whose id cannot be read may be the series a formula names
                                judge_unknown=ctx.scorecard.knows("id"))
    for (loc, _, _), messages in zip(located, problems[:len(located)], strict=True):  # the others: context
        for message in messages:
            yield Finding("PS607", message, loc)


@rule("PS609", "W", "metric-without-data", "data")
def metric_without_data(ctx: DataContext) -> Iterator[Finding]:
    """Metric with no data at all.

    A metric (other than a formula metric) needs rows in the CSV under its id; without any its status
    is always `no-data`.

    Bad::

        - id: partner_nps      # but no row of the CSV has metric partner_nps
    """
    if not ctx.table.usable:
        return
    rows = _rows_of(ctx)
    elsewhere = ""
    if ctx.table.shared and not rows:
        elsewhere = f" (it has no rows with partnership '{ctx.partnership_id}')"
    for layer, i, metric in ctx.scorecard.metrics(reads=("id", "formula")):
        summary = rows.get(metric.id)
        if metric.formula is None and (summary is None or summary.values == 0):
            yield Finding("PS609", f"{LAYER_SINGULAR[layer]} metric '{metric.id}' has no values in "
                                   f"{ctx.table.display}{elsewhere}", (layer, i))
