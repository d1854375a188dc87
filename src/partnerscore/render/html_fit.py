"""Keeping each partnership on one printed page, without JavaScript.

A browser cannot shrink content to fit a page by CSS alone, so the report estimates, from the content,
how tall a partnership will print and, when it would spill over, picks a print `zoom` step for it from
a fixed list. The numbers are CSS pixels at the print sizes in html_style.py, calibrated against
Chromium's print layout of the examples; they err on the side of shrinking a little too much.
"""

from __future__ import annotations

from math import ceil

from partnerscore.render.format_values import period_phrase
from partnerscore.render.report_common import more_decisions, shown_decisions
from partnerscore.report.result import MetricReport, PartnershipReport

PAGE_HEIGHT = 1000  # A4 (297 mm) less 2 × 12 mm margins is about 1,031 px; keep a little slack
ZOOM_STEPS = [95, 90, 85, 80, 75, 70, 65, 60]  # classes fit-95 … fit-60; below 60% print is unreadable
LINE = 11.5  # one line of 8.5 px text at line-height 1.3, in px
REPORT_HEAD = 45  # the report's heading, on the first partnership's page when there is no overview page
FOOTER = 30  # the footer, on the last partnership's page


def _lines(text: str, chars_per_line: int) -> int:
    return max(1, ceil(len(text) / chars_per_line))


def _name_lines(metric: MetricReport) -> int:
    """Lines of a metric's name cell in print: its name, then its period phrase and any stale tag inline
    (about 4.9 px a character of the name, 4.3 of the small print, 145 px to a line)."""
    phrase = period_phrase(metric) + (" · lower is better" if metric.direction == "down" else "")
    phrase += " · baseline 100,000" if metric.baseline is not None else ""
    width = len(metric.name) * 4.9 + 4 + len(phrase) * 4.3 + (125 if metric.stale else 0)
    return max(1, ceil(width / 145))


def _row_height(metric: MetricReport) -> float:
    # The trend chart and the last period (a figure over its change) make every row about two lines.
    return max(29.0, 12.6 * _name_lines(metric) + 4)


def _figures_length(metric: MetricReport) -> int:
    """About how long an outcome's figures under "On track?" are (see report_html._figures)."""
    if metric.actual is None:
        return 40 if metric.previous is None else 70
    return 90 if metric.elapsed is not None else 45


def estimated_height(report: PartnershipReport, reserved: float = 0) -> float:
    """Roughly how many px the partnership prints at 100%, plus `reserved` px of its page taken by
    something else (the report's heading above the first partnership, the footer under the last)."""
    height: float = reserved + 105 + 14 * _lines(report.goal, 120)  # header, meta lines, goal, legend, spacing
    outcomes = report.layer("outcome")
    q1 = 34 + sum(16 + LINE * _lines("x" * _figures_length(m), 62) for m in outcomes)
    q2: float = 34
    for e in report.explanations:
        lead = e.note if not (e.drivers and e.kind == "drivers") else "x" * 60
        q2 += LINE * _lines(lead, 80) + 15 * ceil(len(e.drivers) / 2) + 5
    needed = [d.message for d in shown_decisions(report)] + [more for more in [more_decisions(report)] if more]
    q3 = 34 + sum(LINE * _lines(message, 95) + 5 for message in needed)
    height += max(q1, q2) + q3 + 16
    for layer in ("outcome", "driver", "health", "operations"):
        metrics = report.layer(layer)
        if metrics:
            height += 42 + sum(_row_height(m) for m in metrics)
    # Open decisions (always shown, if only to say there are none) beside running experiments.
    height += 45 + 24 * max(len(report.open_decisions), len(report.experiments))
    return height


def fit_class(report: PartnershipReport, reserved: float = 0) -> str:
    """`fit-NN` when the partnership needs shrinking to print on one page, else ''. `reserved`: px of
    its page that something else takes (see `estimated_height`)."""
    height = estimated_height(report, reserved)
    for step in ZOOM_STEPS:
        # Shrinking also widens the layout, so text wraps a little less (about 3% in Chromium).
        if height * step / 100 * 0.97 <= PAGE_HEIGHT:
            return f"fit-{step}" if height > PAGE_HEIGHT else ""
    return f"fit-{ZOOM_STEPS[-1]}"


PRINT_CSS = "\n".join(f"  .partnership.fit-{step} {{ zoom: {step / 100}; }}" for step in ZOOM_STEPS)
