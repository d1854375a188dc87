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


def lines_at(width: int) -> list[str]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    console.print(fitted_layer_table("Outcomes", METRICS, console))
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
    lines = lines_at(60)
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


@pytest.mark.parametrize("width", [50, 60, 70])
def test_a_hyphenated_word_longer_than_the_squeezed_column_breaks_after_its_hyphen(width):
    metrics = [*METRICS[:2], metric("sourced", name="Partner-sourced closed-won revenue", unit="USD",
                                    actual=88000.0, projected=158745.0, target=150000.0, status="on-track")]
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    console.print(fitted_layer_table("Outcomes", metrics, console))
    lines = buffer.getvalue().splitlines()
    # "Partner-sourced" (15) is wider than the squeezed column: "Partner-" / "sourced", never "Partner-sour";
    # "closed-won" (10) too where the column is narrower. Every line of a name is whole parts.
    column = names_column(lines[1:])
    assert "Partner- sourced" in column
    assert column.replace("- ", "-") == "Metric Revenue Accounts Partner-sourced closed-won revenue"
