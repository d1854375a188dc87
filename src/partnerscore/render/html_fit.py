"""Keeping each partnership on one printed page, without JavaScript.

A browser cannot shrink content to fit a page by CSS alone, so the report estimates, from the content,
how tall a partnership will print and, when it would spill over, picks a print `zoom` step for it from
a fixed list. The numbers are CSS pixels at the print sizes in html_style.py, calibrated against
Chromium's print layout of the examples; they err on the side of shrinking a little too much.
"""

from __future__ import annotations

from math import ceil

from partnerscore.report.result import PartnershipReport

PAGE_HEIGHT = 1000  # A4 (297 mm) less 2 × 12 mm margins is about 1,031 px; keep a little slack
ZOOM_STEPS = [95, 90, 85, 80, 75, 70, 65, 60]  # classes fit-95 … fit-60; below 60% print is unreadable
LINE = 11.5  # one line of 8.5 px text at line-height 1.3, in px


def _lines(text: str, chars_per_line: int) -> int:
    return max(1, ceil(len(text) / chars_per_line))


def estimated_height(report: PartnershipReport) -> float:
    """Roughly how many px the partnership prints at 100%."""
    height: float = 105 + 14 * _lines(report.goal, 120)  # header, meta lines, goal box, legend, spacing
    outcomes = report.layer("outcome")
    q1 = 34 + 26 * len(outcomes)
    q2: float = 34
    for e in report.explanations:
        lead = e.note if not (e.drivers and e.kind == "drivers") else "x" * 60
        q2 += LINE * _lines(lead, 80) + 15 * ceil(len(e.drivers) / 2) + 5
    q3 = 34 + sum(LINE * _lines(d.message, 95) + 5 for d in report.decisions_needed)
    height += max(q1, q2) + q3 + 16
    for layer in ("outcome", "driver", "health", "operations"):
        metrics = report.layer(layer)
        if metrics:
            height += 42 + sum(27 + (LINE if len(m.name) > 34 or m.stale else 0) for m in metrics)
    # Open decisions (always shown, if only to say there are none) beside running experiments.
    height += 45 + 24 * max(len(report.open_decisions), len(report.experiments))
    return height


def fit_class(report: PartnershipReport) -> str:
    """`fit-NN` when the partnership needs shrinking to print on one page, else ''."""
    height = estimated_height(report)
    for step in ZOOM_STEPS:
        # Shrinking also widens the layout, so text wraps less: the page holds more than 1/zoom suggests.
        if height * step / 100 * 0.94 <= PAGE_HEIGHT:
            return f"fit-{step}" if height > PAGE_HEIGHT else ""
    return f"fit-{ZOOM_STEPS[-1]}"


PRINT_CSS = "\n".join(f"  .partnership.fit-{step} {{ zoom: {step / 100}; }}" for step in ZOOM_STEPS)
