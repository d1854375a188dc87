"""The report's layer tables at any terminal width: columns a review can do without go first, figures
fold as a last resort, and the metric's name is never the column that disappears."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from rich.cells import cell_len
from rich.console import Console

from partnerscore.render.report_table import fitted_layer_table, table_text
from report_samples import metric, partnership, portfolio

METRICS = [
    metric("revenue", name="Revenue", unit="USD", period="quarter", actual=230000.0, projected=460000.0,
           target=500000.0, baseline=100000.0, status="at-risk", partner_owner="Graham Alder"),
    # The largest number the CSV grammar takes (10^15) shown in full: 22 characters.
    metric("accounts", name="Accounts", actual=1e15, projected=1e15, target=1000.0, by=date(2026, 12, 29),
           status="on-track"),
    metric("fees_paid", name="Referral fees paid within 30 days", unit="percent", actual=0.84, projected=0.84,
           target=0.98, status="off-track", stale=True),
]


def lines_at(width: int, metrics: list | None = None) -> list[str]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    console.print(fitted_layer_table("Outcomes", METRICS if metrics is None else metrics, console))
    return buffer.getvalue().splitlines()


def names_column(lines: list[str]) -> str:
    """The first column's text, top to bottom: it starts at the third character (the figures are right-aligned
    in later columns; a title starts at the first), and two spaces or more end it (the padding between columns)."""
    return " ".join(re.split(r"\s{2,}", line[2:])[0] for line in lines
                    if line[:2] == "  " and line[2:3].strip() and "─" not in line)


@pytest.mark.parametrize("width", [40, 50, 60, 70, 80, 100, 120, 160, 200])
def test_every_metric_keeps_its_name_and_the_table_its_width(width):
    lines = lines_at(width)
    assert max(map(cell_len, lines)) <= width
    # The column is there with its header; short names sit whole at the start of their row and a long one
    # wraps at its spaces, down the first column, never cut mid-word (the column is at least as wide as
    # "Referral").
    assert names_column(lines[1:]) == "Metric Revenue Accounts Referral fees paid within 30 days"


def test_at_60_columns_the_data_column_goes_but_its_flag_stays_under_the_status():
    lines = lines_at(60, [METRICS[0], METRICS[2]])
    assert lines[2].split() == ["Metric", "Actual", "Projected", "Target", "Status"]
    fees = next(i for i, line in enumerate(lines) if line.split()[:1] == ["Referral"])
    # the row's status "off track", then the flag under it
    assert "off track" in lines[fees] and lines[fees + 1].split()[-1] == "stale"


def test_wide_enough_keeps_every_figure_on_one_line():
    lines = lines_at(200)
    assert lines[2].split() == ["Metric", "Owner", "Actual", "Expected", "Projected", "Target", "Baseline",
                                "Last", "period", "Status", "Trend", "Data"]
    assert any("$500,000/quarter" in line for line in lines)
    assert any("1,000,000,000,000,000" in line for line in lines)


def test_the_whole_report_at_60_columns_names_every_metric():
    text = table_text(portfolio(partnership()), width=60)
    tables = text.split("\nOutcomes\n")[1]
    # "Influenced Pipeline" wraps in a name column as wide as its longest word: "Influenced" stays whole.
    assert names_column(tables.splitlines()).split() == [
        "Metric", "Influenced", "Pipeline", "Revenue", "Metric", "Referrals", "Conversion", "Metric", "Nps"]


@pytest.mark.parametrize("width", [60, 70])
def test_a_hyphenated_word_longer_than_the_squeezed_column_breaks_after_its_hyphen(width):
    # (Without the 22-character figure: with it the figures stack and leave the names room.)
    metrics = [METRICS[0], metric("sourced", name="Partner-sourced closed-won revenue", unit="USD",
                                    actual=88000.0, projected=158745.0, target=150000.0, status="on-track")]
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    console.print(fitted_layer_table("Outcomes", metrics, console))
    lines = buffer.getvalue().splitlines()
    # "Partner-sourced" (15) is wider than the squeezed column: "Partner-" / "sourced", never "Partner-sour";
    # "closed-won" (10) too where the column is narrower. Every line of a name is whole parts.
    column = names_column(lines[1:])
    assert "Partner- sourced" in column
    assert column.replace("- ", "-") == "Metric Revenue Partner-sourced closed-won revenue"


# Every figure of METRICS as the report writes it: none may be broken across lines, at any width.
FIGURES = ["$230,000", "$460,000", "$500,000", "1,000,000,000,000,000", "by 2026-12-29", "84.0%", "98.0%"]


@pytest.mark.parametrize("width", [40, 45, 50, 55, 60, 65, 70, 80, 90, 100, 120])
def test_no_figure_ever_breaks_across_lines(width):
    # It did: "1,000,000,000,000,000" folded to "1,000,000" / ",000,000," / "000" and the target to
    # "1,000 by 2026-12-2" / "9" or "$500,000/" / "quarter" at 60 columns.
    lines = lines_at(width)
    assert max(map(cell_len, lines)) <= width
    for figure in FIGURES:
        assert sum(figure in line for line in lines) >= 1, (figure, "\n".join(lines))
    # the period of the amount target is whole too, on the figure's line or its own
    assert any("/quarter" in line for line in lines)


def test_at_60_columns_the_period_of_a_target_takes_its_own_line_before_the_figures_stack():
    # Revenue and the fees metric need 66 columns with "$500,000/quarter" on one line (8 + 8 + 9 + 16 + 9
    # wide, plus 2 padding each and 6 rules/edges); with "/quarter" under "$500,000", 59.
    lines = lines_at(60, [METRICS[0], METRICS[2]])
    revenue = next(i for i, line in enumerate(lines) if line.split()[:1] == ["Revenue"])
    assert lines[revenue].split()[-3:] == ["$500,000", "at", "risk"]
    assert lines[revenue + 1].split() == ["/quarter"]


@pytest.mark.parametrize("width", [40, 60])
def test_too_narrow_for_a_column_per_figure_the_figures_stack_under_their_status(width):
    # With the 22-character figure, a column per figure needs 8 + 22 + 22 + 13 + 9 + 16 = 90 columns:
    # the figures go in one column, the status first, then each figure with its label.
    lines = lines_at(width)
    assert lines[2].split() == ["Metric", "Figures"]
    text = "\n".join(lines)
    accounts = text.split("Accounts", 1)[1].split("Referral", 1)[0].split()
    if width >= 60:  # room for the label and the figure on one line
        assert accounts == ["on", "track", "Actual", "1,000,000,000,000,000", "Projected", "1,000,000,000,000,000",
                            "Target", "1,000", "by", "2026-12-29"]
    else:
        assert [line.strip() for line in lines if "1,000,000,000,000,000" in line] == ["1,000,000,000,000,000"] * 2


def test_the_last_period_marks_are_explained_under_the_table():
    # The last period's cell ends in a bare mark ("35 ▲17% !"); a line under the table says what the marks
    # it shows mean (here "!" and "✓", in the order of STATUS_MARKS).
    metrics = [metric("revenue", name="Revenue", previous_status="at-risk", status="off-track"),
               metric("fees", name="Fees", previous_status="on-track", status="on-track")]
    lines = [line.rstrip() for line in lines_at(120, metrics)]
    assert [line for line in lines if line.startswith("Marks in")] == [
        "Marks in Last period (its status then): ✓ on track · ! at risk"]
    # no mark shown (no past status), no legend; no Last period column (under 110 columns), no legend
    assert not any("Marks in" in line for line in lines_at(120, [metric("revenue", previous_status="no-data")]))
    assert not any("Marks in" in line for line in lines_at(100, metrics))
