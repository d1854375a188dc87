"""`report --format table`: the review-meeting view in a terminal (Rich), coloured only on a terminal.

Every piece of user text goes in as a `rich.text.Text` (never parsed as markup) after `one_line`, so a
metric named `[/bold]` or holding an ESC shows as written and never styles or drives the terminal.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

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
from partnerscore.render.report_common import Line, data_flag, header_facts, layers, question_blocks
from partnerscore.render.report_overview import pages, shows_overview
from partnerscore.render.rich_cells import STATUS_STYLES, safe, status_text
from partnerscore.render.table_fit import breakable, longest_part
from partnerscore.render.table_overview import print_overview
from partnerscore.report.result import MetricReport, PartnershipReport, PortfolioReport


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
    # Then, still too wide: a target's period goes on its own line ("$500,000" / "/quarter"); then the
    # figures stack in one column, a line each with its label ("Actual $230,000"), then with the label on
    # a line above its figure; a figure itself never breaks.
    split_target: bool = False
    stacked: int = 0  # 0: a column per figure; 1: one column, label and figure on a line; 2: label above
    fold: bool = False  # below any sensible width (under 40 columns): figures fold onto more lines

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
    words wrap) down to its longest word (at least NARROWEST_NAME), then the target's period takes its own
    line, then the figures stack in one column (see Layout). The name never gives way, and no figure
    breaks; only below 40 columns, where even a stacked figure may not fit, do figures fold."""
    layout: Layout | None = Layout.for_width(console.width)
    while layout is not None:
        table = layer_table(title, metrics, layout)
        excess = _least_width(table, console) - console.width
        if excess <= 0:
            return table
        fitted, layout = layout, layout.narrower()
    # Narrower than its longest word, a name would be cut mid-word: the figures give way first.
    # A hyphenated word breaks after its hyphens ("Partner-" / "sourced"), so its longest part counts.
    longest = max((longest_part(one_line(m.name)) for m in metrics), default=0)
    narrowest = min(NAME_WIDTH, max(NARROWEST_NAME, longest))
    if NAME_WIDTH - excess >= narrowest:
        return layer_table(title, metrics, replace(fitted, name_width=NAME_WIDTH - excess))
    for step in (dict(split_target=True), dict(split_target=True, stacked=1), dict(split_target=True, stacked=2)):
        squeezed = replace(fitted, name_width=narrowest, **step)
        excess = _least_width(layer_table(title, metrics, squeezed), console) - console.width
        if excess <= 0:  # the room left goes to the names, up to the width they had
            widest = max((cell_len(one_line(m.name)) for m in metrics), default=0)
            room = max(narrowest, min(widest, narrowest - excess))
            return layer_table(title, metrics, replace(squeezed, name_width=room))
    return layer_table(title, metrics, replace(squeezed, fold=True))


def _name_cell(name: str, width: int | None) -> Text:
    """The metric's name; in a squeezed column, a word too long for it breaks after a hyphen rather than
    mid-word (Rich wraps at spaces only)."""
    if width is None:
        return safe(name)
    return breakable(name, width)


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
    table = Table(title=Text(title, style="bold"), box=box.SIMPLE_HEAD, title_justify="left",
                  caption_justify="left")
    if layout.name_width is not None:
        table.add_column("Metric", width=layout.name_width, overflow="fold")
    else:
        table.add_column("Metric", ratio=1, min_width=NAME_WIDTH, overflow="fold")  # fold a long word, never cut it
    if layout.owner:
        table.add_column("Owner", ratio=1 if layout.partner_owner else None, overflow="fold")
    figures = ["Actual"] + (["Expected"] if layout.expected else []) + ["Projected", "Target"]
    figures += ["Baseline"] if layout.baseline else []
    figures += ["Last period"] if layout.last_period else []
    if layout.stacked:
        table.add_column("Figures", no_wrap=not layout.fold, overflow="fold")
    else:
        for name in figures:  # a figure never wraps (a target's deadline or period has its own line break)
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
        target = target_cell(m).replace(" by ", "\nby ")
        if layout.split_target:
            target = target.replace("/", "\n/", 1) if m.by is None else target
        values = {"Actual": Text(format_value(m.actual, m.unit)), "Projected": Text(format_value(m.projected, m.unit)),
                  "Target": Text(target)}
        if layout.expected:
            values["Expected"] = Text(expected_cell(m))
        if layout.baseline:
            values["Baseline"] = Text(format_value(m.baseline, m.unit))
        if layout.last_period:
            values["Last period"] = last_period_cell(m)
        status = status_cell(m)
        flag = data_flag(m, code=False)  # the decision above gives the code; this column stays narrow
        flag_style = "bold red" if m.formula_problem else "yellow"
        if not layout.data and flag:
            status.append(f"\n{flag}", style=flag_style)
        if layout.stacked:
            cells.append(_stacked_figures(status, [(name, values[name]) for name in figures], layout.stacked == 2))
        else:
            cells += [values[name] for name in figures] + [status]
        if layout.trend:
            cells.append(trend_cell(m))
        if layout.data:
            cells.append(Text(flag, style=flag_style))
        table.add_row(*cells)
    if layout.last_period and not layout.stacked:
        table.caption = _marks_legend(metrics)
    return table


def _marks_legend(metrics: list[MetricReport]) -> Text | None:
    """What the marks after the last period's figures mean, one line under the table, for the marks it
    shows (Markdown and HTML write the word in the cell; here the word would widen the column)."""
    shown = {last.status for m in metrics if (last := last_period(m)) is not None and last.status}
    if not shown:
        return None
    legend = Text("Marks in Last period (its status then): ", style="dim")
    for i, status in enumerate(s for s in STATUS_MARKS if s in shown):
        legend.append(" · " if i else "", style="dim")
        legend.append(STATUS_MARKS[status], style=STATUS_STYLES.get(status, ""))
        legend.append(f" {status_label(status)}", style="dim")
    return legend


def _stacked_figures(status: Text, figures: list[tuple[str, Text]], label_above: bool) -> Text:
    """The status, then each figure on its own line after its label (labels padded to one width, so the
    figures line up), or with the label on the line above it."""
    text = status.copy()
    pad = max(cell_len(label) for label, _ in figures) + 1
    for label, value in figures:
        if not value.plain:
            continue
        text.append("\n")
        text.append(label + ("\n" if label_above else " " * (pad - cell_len(label))), style="dim")
        # a figure's own second line (a deadline, a period) sits under the figure
        indent = "" if label_above else " " * pad
        lines = value.split("\n")
        for i, line in enumerate(lines):
            text.append_text(line if not i else Text("\n" + indent).append_text(line))
    return text


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


def table_text(portfolio: PortfolioReport, width: int = 120) -> str:
    """The table view as plain text (no colour, no control codes), e.g. for `--output`."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      highlight=False, soft_wrap=False, emoji=False)
    render_table(portfolio, console)
    # Rich pads every cell to its column: a file gets no trailing blanks.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
