"""`report --format table`: the review-meeting view in a terminal (Rich), coloured only on a terminal.

Every piece of user text goes in as a `rich.text.Text` (never parsed as markup) after `one_line`, so a
metric named `[/bold]` or holding an ESC shows as written and never styles or drives the terminal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from partnerscore.render.escape import one_line
from partnerscore.render.format_values import (
    MISSING,
    STATUS_MARKS,
    expected_cell,
    format_value,
    last_period,
    metric_trend,
    sparkline,
    status_label,
    stretch_met,
    target_cell,
)
from partnerscore.render.report_common import Line, data_flag, header_facts, layers, question_blocks, summarize
from partnerscore.render.report_overview import (
    COUNT_COLUMNS,
    NOTHING_NEEDS_ATTENTION,
    SKIPPED_ADVICE,
    attention_title,
    counts_title,
    filter_sentence,
    pages,
    rest_sentence,
    shows_overview,
    skipped_title,
)
from partnerscore.render.report_overview import count_rows as overview_count_rows
from partnerscore.report.overview import PortfolioOverview
from partnerscore.report.result import MetricReport, PartnershipReport, PortfolioReport

STATUS_STYLES = {"on-track": "green", "at-risk": "yellow", "off-track": "bold red", "no-data": "dim"}


def safe(text: object, style: str = "") -> Text:
    return Text(one_line(str(text)), style=style)


def status_text(status: str) -> Text:
    return Text(status_label(status), style=STATUS_STYLES.get(status, ""))


# Below this width the portfolio table leaves out the type (each partnership's header says it): with it,
# an 80-column terminal left the names a dozen characters and cut the header to "Partnersh…".
PORTFOLIO_TYPE_WIDTH = 100


def portfolio_table(portfolio: PortfolioReport, width: int = 120) -> Table:
    table = Table(title=Text(f"Portfolio as of {portfolio.as_of.isoformat()}", style="bold"),
                  box=box.SIMPLE_HEAD, title_justify="left")
    # Names wrap at spaces, and a word too long for the column folds onto the next line instead of being
    # cut; the header always has room for its one word.
    table.add_column("Partnership", ratio=1, min_width=len("Partnership"), overflow="fold")
    with_type = width >= PORTFOLIO_TYPE_WIDTH
    if with_type:
        table.add_column("Type", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for title in ("On track", "At risk", "Off track", "Stale"):
        table.add_column(title, justify="right")
    for p in portfolio.partnerships:
        s = summarize(p)
        cells = [safe(p.partnership)] + ([safe(p.type)] if with_type else []) + [status_text(p.status)]
        table.add_row(*cells, *(Text(str(n)) for n in (s.on_track, s.at_risk, s.off_track, s.stale)))
    return table


def header_lines(p: PartnershipReport, portfolio: PortfolioReport) -> Text:
    """The name and status, then the facts (who, then when), one line each."""
    text = Text()
    text.append(one_line(p.partnership), style="bold")
    text.append(" — ")
    text.append_text(status_text(p.status))
    for facts in header_facts(p, portfolio):
        text.append("\n")
        for i, (label, value) in enumerate(facts):
            text.append(" · " if i else "")
            text.append(f"{label}: ", style="dim")
            text.append(one_line(value))
    return text


def header(p: PartnershipReport, portfolio: PortfolioReport) -> Text:
    text = header_lines(p, portfolio)
    text.append("\nGoal: ", style="dim")
    text.append(one_line(p.goal))
    if p.left_out is not None:  # SPEC.md: data the report could not use is counted under its partnership
        text.append("\n⚠ ", style="bold yellow")
        text.append(one_line(p.left_out.sentence()), style="yellow")
    notes = p.notes_left_out()
    if notes is not None:  # their decisions, overdue ones too, are missing from the lists below
        text.append("\n⚠ ", style="bold yellow")
        text.append(one_line(f"{notes} (`{p.notes_lint_command}` shows each)"), style="yellow")
    return text


def hanging(label: Text, body: Text) -> Table:
    """`label` then `body`, the body's wrapped lines indented under its first: a two-column grid."""
    grid = Table.grid(expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(label, body)
    return grid


def bullet(line: Line) -> Text:
    return Text("  " * (line.indent + 1) + "- ")


def line_body(line: Line) -> Text:
    text = Text()
    if line.subject:
        text.append(one_line(line.subject), style="bold" if not line.indent else "")
        text.append(": " if line.status else " — ")
    if line.status:
        text.append_text(status_text(line.status))
        text.append(" — ")
    text.append(one_line(line.text))
    return text


def line_text(line: Line) -> Text:
    return bullet(line).append_text(line_body(line))


def questions(p: PartnershipReport) -> Text:
    """The three questions and their answers, one line per item (output to a pipe keeps lines whole)."""
    text = Text()
    for i, (question, lines) in enumerate(question_blocks(p)):
        if i:
            text.append("\n")
        text.append(question, style="bold underline")
        for line in lines:
            text.append("\n")
            text.append_text(line_text(line))
    return text


def wrapped_questions(p: PartnershipReport) -> Group:
    """The questions for a console that wraps: each item's wrapped lines stay indented under its text."""
    parts: list[Text | Table] = []
    for question, lines in question_blocks(p):
        parts.append(Text(question, style="bold underline"))
        parts += [hanging(bullet(line), line_body(line)) for line in lines]
    return Group(*parts)


@dataclass(frozen=True)
class Layout:
    """Which columns a layer table has room for. A narrow terminal drops the columns a review can do
    without before it squeezes the figures: squeezed, Rich cuts names and numbers to "Proje…".

    What goes first: the partner's owner and the baseline (in the scorecard; the review reads the
    figures), then the owners (the decisions below name who acts), the trend (the last period says the
    last move in words), the last period, and last of all `Expected`, which says whether a running
    total or a deadline is ahead or behind today.
    """

    owner: bool = True
    partner_owner: bool = True
    baseline: bool = True
    trend: bool = True
    last_period: bool = True
    expected: bool = True
    data: bool = True  # without its column, a stale or broken metric says so under its status
    name_width: int | None = None  # squeezed: the name column's width, given outright (Rich keeps it)
    fold: bool = False  # the last resort: figures fold onto more lines

    @classmethod
    def for_width(cls, width: int) -> Layout:
        return cls(owner=width >= 135, partner_owner=width >= 160, baseline=width >= 145, trend=width >= 120,
                   last_period=width >= 110, expected=width >= 90)

    def narrower(self) -> Layout | None:
        """The same with one column fewer, in the order above (Data last); None when only the metric,
        its figures and its status are left."""
        for name in ("partner_owner", "baseline", "owner", "trend", "last_period", "expected", "data"):
            if getattr(self, name):
                return replace(self, **{name: False})
        return None


def status_cell(m: MetricReport) -> Text:
    """The status in words and colour; a met stretch is said under it, with a star and the word."""
    text = status_text(m.status)
    if stretch_met(m):
        text.append("\n★ stretch met", style="bold green")
    return text


def last_period_cell(m: MetricReport) -> Text:
    """`$99,000 ▲20% !`: the last period's value and change, marked (✓ ! ✕) and coloured by its status
    then, as calc judged it against the target in force then."""
    last = last_period(m)
    if last is None:
        return Text(MISSING, style="dim")
    text = Text(last.text)
    if last.status:
        text.append(f" {STATUS_MARKS.get(last.status, '')}", style=STATUS_STYLES.get(last.status, ""))
    return text


def trend_cell(m: MetricReport) -> Text:
    """The sparkline; the last complete period's bar in the colour of its status then (judged against
    the target in force then), the current one in today's. Older bars stay plain."""
    bars = sparkline(metric_trend(m))
    text = Text(bars)
    if len(bars) >= 1:
        text.stylize(STATUS_STYLES.get(m.status, ""), len(bars) - 1, len(bars))
    last = last_period(m)
    if len(bars) >= 2 and last is not None and last.status:
        text.stylize(STATUS_STYLES.get(last.status, ""), len(bars) - 2, len(bars) - 1)
    return text


# The width of the metric's name column, and the narrowest it gets when the table is squeezed. Rich
# collapses a wrapping column to nothing when the columns that do not wrap leave no room, so a squeezed
# name column is given its width outright.
NAME_WIDTH = 12
NARROWEST_NAME = 8


def fitted_layer_table(title: str, metrics: list[MetricReport], console: Console) -> Table:
    """The layer table for the console's width: the columns a review can do without dropped one by one
    until the rest fit; if even the metric, its figures and status do not, the name column narrows (its
    words wrap) down to its longest word (at least NARROWEST_NAME), and past that the figures fold too.
    The name never gives way."""
    layout: Layout | None = Layout.for_width(console.width)
    while layout is not None:
        table = layer_table(title, metrics, layout)
        excess = _least_width(table, console) - console.width
        if excess <= 0:
            return table
        fitted, layout = layout, layout.narrower()
    # Narrower than its longest word, a name would be cut mid-word: the figures fold first.
    # A hyphenated word breaks after its hyphens ("Partner-" / "sourced"), so its longest part counts.
    longest = max((cell_len(part) for m in metrics for word in one_line(m.name).split()
                   for part in _hyphen_parts(word)), default=0)
    narrowest = min(NAME_WIDTH, max(NARROWEST_NAME, longest))
    if NAME_WIDTH - excess >= narrowest:
        return layer_table(title, metrics, replace(fitted, name_width=NAME_WIDTH - excess))
    return layer_table(title, metrics, replace(fitted, name_width=narrowest, fold=True))


def _hyphen_parts(word: str) -> list[str]:
    """`Partner-sourced` as `Partner-` and `sourced`: where a hyphenated word may break."""
    parts = word.split("-")
    return [part + "-" for part in parts[:-1]] + [parts[-1]]


def _name_cell(name: str, width: int | None) -> Text:
    """The metric's name; in a squeezed column, a word too long for it breaks after a hyphen rather than
    mid-word (Rich wraps at spaces only)."""
    if width is None:
        return safe(name)
    words = [word if cell_len(word) <= width else _hyphen_break(word, width) for word in one_line(name).split(" ")]
    return Text(" ".join(words))


def _hyphen_break(word: str, width: int) -> str:
    lines = [""]
    for part in _hyphen_parts(word):
        if lines[-1] and cell_len(lines[-1] + part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def _least_width(table: Table, console: Console) -> int:
    """The width the table needs with nothing cut: a column that does not wrap as wide as its widest line
    (Rich measures its minimum as its longest word), one that wraps as wide as its longest word or its
    minimum; each with its padding (1 + 1), plus the box's two edges and a rule between columns."""
    options = console.options.update_width(10 * console.width + 1000)  # a measure is capped at its width
    total = 2 + len(table.columns) - 1
    for column in table.columns:
        sizes = [Measurement.get(console, options, cell) for cell in (column.header, *column.cells)]
        if column.width is not None:
            width = column.width
        elif column.no_wrap:
            width = max(size.maximum for size in sizes)
        else:
            width = max(max(size.minimum for size in sizes), column.min_width or 0)
        total += width + 2
    return total


def layer_table(title: str, metrics: list[MetricReport], layout: Layout = Layout()) -> Table:
    table = Table(title=Text(title, style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    if layout.name_width is not None:
        table.add_column("Metric", width=layout.name_width, overflow="fold")
    else:
        table.add_column("Metric", ratio=1, min_width=NAME_WIDTH, overflow="fold")  # fold a long word, never cut it
    if layout.owner:
        table.add_column("Owner", ratio=1 if layout.partner_owner else None, overflow="fold")
    figures = ["Actual"] + (["Expected"] if layout.expected else []) + ["Projected", "Target"]
    figures += ["Baseline"] if layout.baseline else []
    figures += ["Last period"] if layout.last_period else []
    for name in figures:  # figures never wrap (a deadline target has its own line break) but as a last resort
        table.add_column(name, justify="right", no_wrap=not layout.fold, overflow="fold")
    table.add_column("Status", no_wrap=not layout.fold, overflow="fold")
    if layout.trend:
        table.add_column("Trend", no_wrap=True)
    if layout.data:
        table.add_column("Data", no_wrap=True)
    for m in metrics:
        cells = [_name_cell(m.name, layout.name_width)]
        if layout.owner:
            cells.append(safe(m.owner + (f" / {m.partner_owner}" if m.partner_owner and layout.partner_owner else "")))
        cells.append(Text(format_value(m.actual, m.unit)))
        if layout.expected:
            cells.append(Text(expected_cell(m)))
        cells += [Text(format_value(m.projected, m.unit)), Text(target_cell(m).replace(" by ", "\nby "))]
        if layout.baseline:
            cells.append(Text(format_value(m.baseline, m.unit)))
        if layout.last_period:
            cells.append(last_period_cell(m))
        status = status_cell(m)
        flag = data_flag(m, code=False)  # the decision above gives the code; this column stays narrow
        flag_style = "bold red" if m.formula_problem else "yellow"
        if not layout.data and flag:
            status.append(f"\n{flag}", style=flag_style)
        cells.append(status)
        if layout.trend:
            cells.append(trend_cell(m))
        if layout.data:
            cells.append(Text(flag, style=flag_style))
        table.add_row(*cells)
    return table


def render_table(portfolio: PortfolioReport, console: Console) -> None:
    overview = portfolio.overview()
    shown = pages(portfolio, overview)
    print_overview(portfolio, overview, console)
    for i, p in enumerate(shown):
        if i or shows_overview(portfolio):
            console.rule(style="dim")
        if console.soft_wrap:  # a pipe: one line per item, whole, for grep
            console.print(header(p, portfolio))
            console.print()
            console.print(questions(p))
        else:  # a terminal or a file of its width: wrapped lines indented under their text
            console.print(header_lines(p, portfolio))
            console.print(hanging(Text("Goal: ", style="dim"), safe(p.goal)))
            console.print()
            console.print(wrapped_questions(p))
        for title, metrics in layers(p):
            console.print()
            console.print(fitted_layer_table(title, metrics, console))
    if not portfolio.partnerships:
        console.print(Text("No partnership matches." if portfolio.filtered_from else "No partnership to report."))


# --- The portfolio overview: what a filter kept, "Needs attention", the counts per group -------------

def print_overview(portfolio: PortfolioReport, overview: PortfolioOverview, console: Console) -> None:
    """What comes before the pages (see render/report_overview.py for what is said and when)."""
    skipped = skipped_title(portfolio)
    if skipped:  # each problem is on stderr already: here the count, for a report saved to a file
        console.print(Text(f"{skipped}: {', '.join(sorted({one_line(d.path) for d in portfolio.skipped}))}. "
                           f"{SKIPPED_ADVICE}", style="red"))
    said = filter_sentence(portfolio)
    if said:
        console.print(Text(one_line(said), style="dim"))
    if not shows_overview(portfolio):
        return
    console.print(attention_table(overview, portfolio.as_of))
    console.print(counts_table(overview))
    rest = rest_sentence(portfolio, overview)
    if rest is None:
        console.print(portfolio_table(portfolio, console.width))
    else:
        console.print(Text(rest))


def attention_table(overview: PortfolioOverview, as_of: date) -> Table | Text:
    if not overview.attention:
        return Text(f"As of {as_of.isoformat()}: {NOTHING_NEEDS_ATTENTION}\n")
    title = Text(attention_title(overview), style="bold")
    title.append(f" as of {as_of.isoformat()}", style="dim")
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Partnership", ratio=1)
    table.add_column("Id")  # what `--where id=…` takes
    table.add_column("Status", no_wrap=True)
    table.add_column("Why", ratio=3)
    for rank, item in enumerate(overview.shown, 1):
        table.add_row(Text(str(rank)), safe(item.partnership), safe(item.id, "dim"), status_text(item.status),
                      safe(item.reason))
    return table


def counts_table(overview: PortfolioOverview) -> Table:
    table = Table(title=Text(counts_title(overview), style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column((overview.group_by or "").capitalize())  # no header for the one row "All partnerships"
    for title in COUNT_COLUMNS:
        table.add_column(title, justify="right")
    for row in overview_count_rows(overview):
        style = "bold" if row.is_total else ""
        table.add_row(safe(row.label, style), *(Text(str(n), style=style) for n in (row.total, *row.counts)))
    return table


def table_text(portfolio: PortfolioReport, width: int = 120) -> str:
    """The table view as plain text (no colour, no control codes), e.g. for `--output`."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      highlight=False, soft_wrap=False, emoji=False)
    render_table(portfolio, console)
    # Rich pads every cell to its column: a file gets no trailing blanks.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
