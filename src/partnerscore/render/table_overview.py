"""The terminal's portfolio overview (see render/report_overview.py for what is said and when): what a
filter kept, "Needs attention", the status counts and the portfolio table, each fitted to the terminal's
width by render/table_fit.py, with a narrow form (a line per figure) where even that does not fit."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from partnerscore.render.escape import one_line
from partnerscore.render.format_values import status_label
from partnerscore.render.report_common import summarize
from partnerscore.render.report_overview import (
    COUNT_COLUMNS,
    NOTHING_NEEDS_ATTENTION,
    SKIPPED_ADVICE,
    attention_title,
    counts_title,
    filter_sentence,
    rest_sentence,
    shows_overview,
    skipped_title,
)
from partnerscore.render.report_overview import count_rows as overview_count_rows
from partnerscore.render.rich_cells import status_text
from partnerscore.render.table_fit import Column, breakable, fit_widths, table_width
from partnerscore.report.overview import PortfolioOverview
from partnerscore.report.result import PortfolioReport

# Below this width the portfolio table leaves out the type (each partnership's header says it): with it,
# an 80-column terminal left the names a dozen characters and cut the header to "Partnersh…".
PORTFOLIO_TYPE_WIDTH = 100
PORTFOLIO_COUNTS = ("On track", "At risk", "Off track", "Stale")  # metrics per status, per partnership


def portfolio_table(portfolio: PortfolioReport, width: int = 120) -> Table:
    table = Table(
        title=Text(f"Portfolio as of {portfolio.as_of.isoformat()}", style="bold"),
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    with_type = width >= PORTFOLIO_TYPE_WIDTH
    counts = PORTFOLIO_COUNTS
    rows = []
    for p in portfolio.partnerships:
        s = summarize(p)
        rows.append(
            (
                one_line(p.partnership),
                one_line(p.type),
                p.status,
                [str(n) for n in (s.on_track, s.at_risk, s.off_track, s.stale)],
            )
        )
    # The names give way first (to a width that still reads), then the count headers wrap ("On" /
    # "track"), then the names down to their longest word; the status never wraps.
    columns = [Column.of(["Partnership", *(r[0] for r in rows)], floor=16)]
    columns += [Column.of(["Type", *(r[1] for r in rows)])] if with_type else []
    labels = ["Status", *(status_label(r[2]) for r in rows)]
    columns.append(Column(widest=max(map(cell_len, labels)), least=max(map(cell_len, labels))))
    columns += [Column.of([title, *(r[3][i] for r in rows)]) for i, title in enumerate(counts)]
    widths = fit_widths(columns, width, list(range(len(columns))))
    if table_width(widths) > width:  # under ~60 columns: the counts go under the status, a line each
        return _narrow_portfolio(table, rows, width)
    table.add_column("Partnership", width=widths[0], overflow="fold")
    if with_type:
        table.add_column("Type", width=widths[1], overflow="fold")
    table.add_column("Status", no_wrap=True)
    for title, w in zip(counts, widths[-4:], strict=True):
        table.add_column(title, justify="right", width=w)
    for name, kind, status, numbers in rows:
        cells = [breakable(name, widths[0])] + ([breakable(kind, widths[1])] if with_type else [])
        table.add_row(*cells, status_text(status), *(Text(n) for n in numbers))
    return table


def _narrow_portfolio(table: Table, rows: list, width: int) -> Table:
    names = Column.of(["Partnership", *(r[0] for r in rows)])
    lines = [f"{n} {title.lower()}" for r in rows for n, title in zip(r[3], PORTFOLIO_COUNTS, strict=True)]
    status = Column.of(["Status", *lines, "off track"])
    status.least = status.widest  # a count and its words stay on one line
    widths = fit_widths([names, status], width, [0])
    table.add_column("Partnership", width=widths[0], overflow="fold")
    table.add_column("Status", no_wrap=True)
    for name, _, state, numbers in rows:
        cell = status_text(state)
        for n, title in zip(numbers, PORTFOLIO_COUNTS, strict=True):
            cell.append(f"\n{n} {title.lower()}", style="dim")
        table.add_row(breakable(name, widths[0]), cell)
    return table


def print_overview(portfolio: PortfolioReport, overview: PortfolioOverview, console: Console) -> None:
    """What comes before the pages (see render/report_overview.py for what is said and when)."""
    skipped = skipped_title(portfolio)
    if skipped:  # each problem is on stderr already: here the count, for a report saved to a file
        console.print(
            Text(
                f"{skipped}: {', '.join(sorted({one_line(d.path) for d in portfolio.skipped}))}. {SKIPPED_ADVICE}",
                style="red",
            )
        )
    said = filter_sentence(portfolio)
    if said:
        console.print(Text(one_line(said), style="dim"))
    if not shows_overview(portfolio):
        return
    console.print(attention_table(overview, portfolio.as_of, console.width))
    console.print(counts_table(overview, console.width))
    rest = rest_sentence(portfolio, overview)
    if rest is None:
        console.print(portfolio_table(portfolio, console.width))
    else:
        console.print(Text(rest))


# Below this width "Needs attention" gives the id its own line under the name, leaving the reason room.
ATTENTION_ID_WIDTH = 80


def attention_table(overview: PortfolioOverview, as_of: date, width: int = 120) -> Table | Text:
    if not overview.attention:
        return Text(f"As of {as_of.isoformat()}: {NOTHING_NEEDS_ATTENTION}\n")
    title = Text(attention_title(overview), style="bold")
    title.append(f" as of {as_of.isoformat()}", style="dim")
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    own_id = width >= ATTENTION_ID_WIDTH  # the id (what `--where id=…` takes) in its own column
    items = [
        (str(rank), one_line(item.partnership), one_line(item.id), item.status, one_line(item.reason))
        for rank, item in enumerate(overview.shown, 1)
    ]
    labels = ["Status", *(status_label(i[3]) for i in items)]
    columns = [
        Column.of(["#", *(i[0] for i in items)]),
        Column.of(["Partnership", *(i[1] for i in items), *([] if own_id else (i[2] for i in items))], floor=14),
    ]
    columns += [Column.of(["Id", *(i[2] for i in items)])] if own_id else []
    columns += [
        Column(widest=max(map(cell_len, labels)), least=max(map(cell_len, labels))),
        Column.of(["Why", *(i[4] for i in items)], floor=24),
    ]
    # The reason gives way first, then the name, then the id; the rank and the status never wrap.
    order = [len(columns) - 1, 1, 2] if own_id else [len(columns) - 1, 1]
    widths = fit_widths(columns, width, order)
    if table_width(widths) > width:  # under ~45 columns: the status goes under the name, with the id
        widths = fit_widths([columns[0], columns[1], columns[-1]], width, [2, 1])
        return _narrow_attention(table, items, widths[1], widths[-1])
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Partnership", width=widths[1], overflow="fold")
    if own_id:
        table.add_column("Id", width=widths[2], overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("Why", width=widths[-1], overflow="fold")
    for rank, name, id_, status, reason in items:
        cell = breakable(name, widths[1])
        if not own_id:
            cell.append("\n").append_text(breakable(id_, widths[1], "dim"))
        ids = [breakable(id_, widths[2], "dim")] if own_id else []
        table.add_row(Text(rank), cell, *ids, status_text(status), breakable(reason, widths[-1]))
    return table


def _narrow_attention(table: Table, items: list, name_width: int, why_width: int) -> Table:
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Partnership", width=name_width, overflow="fold")
    table.add_column("Why", width=why_width, overflow="fold")
    for rank, name, id_, status, reason in items:
        cell = breakable(name, name_width)
        cell.append("\n").append_text(breakable(id_, name_width, "dim"))
        cell.append("\n").append_text(status_text(status))
        table.add_row(Text(rank), cell, breakable(reason, why_width))
    return table


def counts_table(overview: PortfolioOverview, width: int = 120) -> Table:
    table = Table(title=Text(counts_title(overview), style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    rows = [(row, [str(n) for n in (row.total, *row.counts)]) for row in overview_count_rows(overview)]
    head = (overview.group_by or "").capitalize()  # no header for the one row "All partnerships"
    # The labels give way to a width that still reads, then the headers wrap ("Off" / "track"), then the
    # labels down to their longest word; narrower still, "Partnerships" over the totals says "Total".
    for titles in (COUNT_COLUMNS, ("Total", *COUNT_COLUMNS[1:])):
        columns = [Column.of([head, *(one_line(row.label) for row, _ in rows)], floor=16)]
        columns += [Column.of([title, *(numbers[i] for _, numbers in rows)]) for i, title in enumerate(titles)]
        widths = fit_widths(columns, width, list(range(len(columns))))
        if table_width(widths) <= width:
            break
    else:  # under ~55 columns: a line per count, beside its label
        return _narrow_counts(table, head, rows, width)
    table.add_column(head, width=widths[0], overflow="fold")
    for title, w in zip(titles, widths[1:], strict=True):
        table.add_column(title, justify="right", width=w)
    for row, numbers in rows:
        style = "bold" if row.is_total else ""
        table.add_row(breakable(row.label, widths[0], style), *(Text(n, style=style) for n in numbers))
    return table


def _narrow_counts(table: Table, head: str, rows: list, width: int) -> Table:
    lines = [[f"{n} {title.lower()}" for n, title in zip(numbers, COUNT_COLUMNS, strict=True)] for _, numbers in rows]
    counts = Column.of(["Count", *(line for group in lines for line in group)])
    counts.least = counts.widest
    widths = fit_widths([Column.of([head, *(one_line(row.label) for row, _ in rows)]), counts], width, [0])
    table.add_column(head, width=widths[0], overflow="fold")
    table.add_column("Count", no_wrap=True)
    for (row, _), group in zip(rows, lines, strict=True):
        style = "bold" if row.is_total else ""
        table.add_row(breakable(row.label, widths[0], style), Text("\n".join(group), style=style))
    return table
