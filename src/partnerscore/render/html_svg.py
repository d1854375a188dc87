"""Inline SVG trend charts for the HTML report: a metric's history against its target line.

The last point of `history` is the current, unfinished period. Where the metric has a pace
(`projected` differs from `actual`), the chart draws the pace instead, as a hollow marker reached by a
dashed segment, so a half-finished quarter never looks like a collapse (the table shows the actual so far).
Every chart carries a <title> and an aria-label that say the same in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from partnerscore.render.escape import printable
from partnerscore.report.result import MetricReport

WIDTH, HEIGHT = 120, 30
PAD_X, PAD_Y = 5, 4
SLOTS = 6  # SPEC.md: history holds up to the last 6 periods; the current one is always at the right edge.
STATUS_CLASSES = {"on-track": "on-track", "at-risk": "at-risk", "off-track": "off-track", "no-data": "no-data"}

Formatter = Callable[[float | None, str], str]


def _num(value: float) -> str:
    """A coordinate, short and locale-free."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def chart_description(metric: MetricReport, fmt: Formatter) -> str:
    """The chart in words, for <title>, aria-label and anyone who cannot see the picture."""
    history = ", ".join(fmt(v, metric.unit) for v in metric.history) or "none"
    text = f"{metric.name}, last {len(metric.history)} {metric.period}s, oldest first: {history}."
    if metric.actual is not None and metric.projected is not None and metric.projected != metric.actual:
        so_far, pace = fmt(metric.actual, metric.unit), fmt(metric.projected, metric.unit)
        text += f" This {metric.period} so far {so_far}, pace {pace}."
    return text + f" Target {fmt(metric.target, metric.unit)}."


def history_chart(metric: MetricReport, fmt: Formatter) -> str:
    """An inline <svg> of the metric's history, target and current pace; self-contained, no script."""
    label = escape(printable(chart_description(metric, fmt)), quote=True)  # metric names are user text
    status = STATUS_CLASSES.get(metric.status, "no-data")
    head = (f'<svg class="spark" role="img" aria-label="{label}" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>')
    history = [_finite(v) for v in list(metric.history)[-SLOTS:]]
    pace = _finite(metric.projected) if metric.actual is not None else None
    target = _finite(metric.target)
    # A partial period's actual is left off the scale when a pace stands for it: it would squash the line.
    shown = history[:-1] if pace is not None and history and history[-1] != pace else history
    values = [v for v in shown if v is not None] + ([pace] if pace is not None else [])
    if not values:
        return head + (f'<text class="spark-empty" x="{WIDTH / 2:g}" y="{HEIGHT / 2 + 3:g}" '
                       'text-anchor="middle">no data</text></svg>')
    scale = values + ([target] if target is not None else [])
    low, high = min(scale), max(scale)
    if high == low:  # a flat series: centre it rather than divide by zero
        low, high = low - 1, high + 1

    def y(value: float) -> float:
        return PAD_Y + (high - value) / (high - low) * (HEIGHT - 2 * PAD_Y)

    step = (WIDTH - 2 * PAD_X) / (SLOTS - 1)

    def x(index: int) -> float:
        return WIDTH - PAD_X - (len(history) - 1 - index) * step

    parts = [head]
    if target is not None:
        ty = _num(y(target))
        parts.append(f'<line class="spark-target" x1="0" x2="{WIDTH}" y1="{ty}" y2="{ty}"/>')
    # Finished periods as a solid line, broken where a period has no value.
    current = len(history) - 1
    run: list[str] = []
    for index, value in enumerate(history[:current] if current >= 0 else []):
        if value is None:
            parts.append(_polyline(run))
            run = []
            continue
        run.append(f"{_num(x(index))},{_num(y(value))}")
    last_done = history[current - 1] if current >= 1 else None
    actual = history[current] if current >= 0 else None
    if actual is not None and (pace is None or pace == actual):
        # No pace to show: the current period joins the solid line.
        run.append(f"{_num(x(current))},{_num(y(actual))}")
        parts.append(_polyline(run))
        parts.append(f'<circle class="spark-now s-{status}" cx="{_num(x(current))}" cy="{_num(y(actual))}" r="2.6"/>')
    else:
        parts.append(_polyline(run))
        if pace is not None:
            px, py = _num(x(current)), _num(y(pace))
            if last_done is not None:
                parts.append(f'<line class="spark-pace" x1="{_num(x(current - 1))}" y1="{_num(y(last_done))}" '
                             f'x2="{px}" y2="{py}"/>')
            parts.append(f'<circle class="spark-proj s-{status}" cx="{px}" cy="{py}" r="2.8"/>')
    for index, value in enumerate(history[:current] if current >= 0 else []):
        if value is not None and _isolated(history, index, joined=pace is not None or actual is not None):
            parts.append(f'<circle class="spark-dot" cx="{_num(x(index))}" cy="{_num(y(value))}" r="1.4"/>')
    parts.append("</svg>")
    return "".join(p for p in parts if p)


def _finite(value: float | None) -> float | None:
    """NaN and infinities cannot be drawn; they count as no value."""
    return value if value is not None and math.isfinite(value) else None


def _polyline(points: list[str]) -> str:
    if len(points) < 2:
        return ""
    return f'<polyline class="spark-line" points="{" ".join(points)}"/>'


def _isolated(history: list, index: int, joined: bool) -> bool:
    """A value with no neighbour draws no line segment, so it needs a dot to be seen at all.

    `joined`: whether the current period draws a segment back to the last finished one.
    """
    current = len(history) - 1
    before = index > 0 and history[index - 1] is not None
    after = history[index + 1] is not None if index + 1 < current else (index + 1 == current and joined)
    return not before and not after
