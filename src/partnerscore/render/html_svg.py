"""Inline SVG trend charts for the HTML report: a metric's history against its target line.

The last point of `history` is the current, unfinished period. A metric with a pace or a deadline
(`elapsed` known: a paced sum, or any deadline metric) gets a wider last slot that is drawn in time:
the straight line it should follow to its target (from 0 for a running total, from the baseline for a
level with a deadline: its glide path), a filled dot where its data stands today, and a dashed line from
there to a hollow marker at its projection. A level with no pace is drawn as it stands (the current
reading joins the line). Finished periods are drawn against the target in force then, and the last of
them is marked with its status then. Every chart carries a <title> and an aria-label that say the same
in words, and never call a reading that is not projected a "pace".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from partnerscore.render.escape import printable
from partnerscore.render.format_values import (
    day_of,
    glide_words,
    last_period,
    reading_words,
    status_label,
    target_text,
)
from partnerscore.report.result import MetricReport

WIDTH, HEIGHT = 120, 30
PAD_X, PAD_Y = 5, 4
SLOTS = 6  # SPEC.md: history holds up to the last 6 periods; the current one is always at the right edge.
NOW_WIDTH = 40  # the current period of a paced metric, drawn in time: room to see where in it the data is
STATUS_CLASSES = {"on-track": "on-track", "at-risk": "at-risk", "off-track": "off-track", "no-data": "no-data"}

Formatter = Callable[[float | None, str], str]


def _num(value: float) -> str:
    """A coordinate, short and locale-free."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _finite(value: float | None) -> float | None:
    """NaN and infinities cannot be drawn; they count as no value."""
    return value if value is not None and math.isfinite(value) else None


def _drawn_in_time(metric: MetricReport) -> bool:
    """A paced sum or a deadline metric with data: its current period has a path to draw."""
    return (metric.elapsed is not None and _finite(metric.actual) is not None
            and _finite(metric.projected) is not None)


def _level(metric: MetricReport) -> bool:
    return bool(metric.formula) or metric.effective_aggregation != "sum"


def _path_start(metric: MetricReport) -> float:
    """Where the line to the target starts: a running total at 0, a level at its baseline (SPEC.md step 9)."""
    return (metric.baseline or 0.0) if _level(metric) else 0.0


# --- words ---------------------------------------------------------------------------------------------

def _current_words(metric: MetricReport, fmt: Formatter) -> str:
    actual, unit = metric.actual, metric.unit
    if actual is None:
        return ""
    if _drawn_in_time(metric):
        where = day_of(metric)
        if where == "at the deadline":
            return f" {fmt(actual, unit)} at the deadline."
        lead = f"This {metric.period} so far " if metric.by is None else ""
        return (f" {lead}{fmt(actual, unit)} {where}; {glide_words(metric)} {fmt(metric.expected, unit)}; "
                f"projected {fmt(metric.projected, unit)}.")
    if metric.projected is not None and metric.projected != actual:
        return f" This {metric.period} so far {fmt(actual, unit)}, projected {fmt(metric.projected, unit)}."
    words = reading_words(metric)
    return f" {words[0].upper() + words[1:]} {fmt(actual, unit)}."


def _target_words(metric: MetricReport, fmt: Formatter) -> str:
    text = f" Target {target_text(metric)}"
    earlier: list[float] = []
    for value in metric.history_targets[:-1]:
        if value != metric.target and value not in earlier:
            earlier.append(value)
    if earlier:  # the finished periods are drawn against these
        text += f" (earlier {metric.period}s: {', '.join(fmt(v, metric.unit) for v in earlier)})"
    if metric.stretch is not None:
        met = ", on pace to meet it" if metric.stretch_met else ""
        text += f", stretch {fmt(metric.stretch, metric.unit)}{met}"
    return text + "."


def chart_description(metric: MetricReport, fmt: Formatter) -> str:
    """The chart in words, for <title>, aria-label and anyone who cannot see the picture."""
    history = ", ".join(fmt(v, metric.unit) for v in metric.history) or "none"
    text = f"{metric.name}, last {len(metric.history)} {metric.period}s, oldest first: {history}."
    last = last_period(metric)
    if last is not None and last.status:
        text += f" Last {metric.period} {status_label(last.status)}."
    return text + _current_words(metric, fmt) + _target_words(metric, fmt)


# --- drawing -------------------------------------------------------------------------------------------

class _Frame:
    """Maps values to y, and history slots to x: the current period is the last slot, at the right edge,
    `last_slot` wide (wider when it is drawn in time); the finished periods share the rest evenly."""

    def __init__(self, values: list[float], last_slot: float):
        low, high = min(values), max(values)
        if high == low:  # a flat series: centre it rather than divide by zero
            low, high = low - 1, high + 1
        self.low, self.high = low, high
        self.now_start = WIDTH - PAD_X - last_slot  # where the current period starts: the last finished one's x
        self.step = (self.now_start - PAD_X) / (SLOTS - 2)

    def y(self, value: float) -> float:
        return PAD_Y + (self.high - value) / (self.high - self.low) * (HEIGHT - 2 * PAD_Y)

    def x(self, index: int, count: int) -> float:
        """The x of history[index] (of `count`), the current one at the right edge."""
        back = count - 1 - index
        return WIDTH - PAD_X if back == 0 else self.now_start - (back - 1) * self.step


def history_chart(metric: MetricReport, fmt: Formatter) -> str:
    """An inline <svg> of the metric's history, targets and current period; self-contained, no script."""
    label = escape(printable(chart_description(metric, fmt)), quote=True)  # metric names are user text
    status = STATUS_CLASSES.get(metric.status, "no-data")
    head = (f'<svg class="spark" role="img" aria-label="{label}" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>')
    history = [_finite(v) for v in list(metric.history)[-SLOTS:]]
    targets = [_finite(v) for v in list(metric.history_targets)[-SLOTS:]]
    if len(targets) != len(history):  # a hand-built report without targets per period: today's throughout
        targets = [_finite(metric.target)] * len(history)
    in_time = _drawn_in_time(metric)
    pace = _finite(metric.projected) if metric.actual is not None else None
    finished = history[:-1]
    if in_time:  # the line to the target starts at 0 or the baseline, so that is on the scale too
        drawn = finished + [_finite(metric.actual), pace, _path_start(metric), _finite(metric.expected)]
    else:
        # A partial period's actual is left off the scale when a pace stands for it: it would squash the line.
        current = history[-1:] if pace is None or (history and history[-1] == pace) else []
        drawn = finished + current + [pace]
    values = [v for v in drawn if v is not None]
    if not values:
        return head + (f'<text class="spark-empty" x="{WIDTH / 2:g}" y="{HEIGHT / 2 + 3:g}" '
                       'text-anchor="middle">no data</text></svg>')
    scale = values + [t for t in targets if t is not None]
    frame = _Frame(scale, NOW_WIDTH if in_time else (WIDTH - 2 * PAD_X) / (SLOTS - 1))
    parts = [head, _target_line(frame, targets)]
    count = len(history)
    # Whether the current period draws a segment back to the last finished one (so that one needs no dot).
    joined = _level(metric) if in_time else (pace is not None or history[-1] is not None)
    parts += _finished(frame, metric, history, joined)
    parts += _current_in_time(frame, metric, history, status) if in_time else \
        _current(frame, history, pace, status, count)
    parts.append("</svg>")
    return "".join(p for p in parts if p)


def _target_line(frame: _Frame, targets: list[float | None]) -> str:
    """The target in force for each period: a straight line while it holds, a step where it changed.
    A period's value is drawn at its end, so its target runs from the point before it to its own."""
    count = len(targets)
    known = [t for t in targets if t is not None]
    if not known:
        return ""
    if len(set(known)) == 1:
        ty = _num(frame.y(known[0]))
        return f'<line class="spark-target" x1="0" x2="{WIDTH}" y1="{ty}" y2="{ty}"/>'
    points: list[str] = []
    for index, target in enumerate(targets):
        if target is None:
            continue
        left = 0.0 if index == 0 else frame.x(index - 1, count)
        right = WIDTH if index == count - 1 else frame.x(index, count)
        ty = _num(frame.y(target))
        points += [f"{_num(left)},{ty}", f"{_num(right)},{ty}"]
    return f'<polyline class="spark-target" points="{" ".join(points)}"/>'


def _finished(frame: _Frame, metric: MetricReport, history: list[float | None], joined: bool) -> list[str]:
    """Finished periods as a solid line broken where a period has no value; isolated values as dots; the
    last finished period marked with its status then (against the target in force then)."""
    count = len(history)
    parts: list[str] = []
    run: list[str] = []
    for index, value in enumerate(history[:-1]):
        if value is None:
            parts.append(_polyline(run))
            run = []
            continue
        run.append(f"{_num(frame.x(index, count))},{_num(frame.y(value))}")
    parts.append(_polyline(run))
    for index, value in enumerate(history[:-1]):
        if value is not None and _isolated(history, index, joined):
            parts.append(f'<circle class="spark-dot" cx="{_num(frame.x(index, count))}" '
                         f'cy="{_num(frame.y(value))}" r="1.4"/>')
    last = last_period(metric)
    if last is not None and last.status and count >= 2 and history[-2] is not None:
        css = STATUS_CLASSES.get(last.status, "no-data")
        parts.append(f'<circle class="spark-was s-{css}" cx="{_num(frame.x(count - 2, count))}" '
                     f'cy="{_num(frame.y(history[-2]))}" r="2.2"/>')
    return parts


def _current(frame: _Frame, history: list[float | None], pace: float | None, status: str, count: int) -> list[str]:
    """A metric without a pace in time: the current period at the right edge, as it stands or at its
    projection (a hand-built report may carry a projection without `elapsed`)."""
    current = count - 1
    last_done = history[current - 1] if current >= 1 else None
    actual = history[current] if current >= 0 else None
    x_now = _num(frame.x(current, count))
    if actual is not None and (pace is None or pace == actual):
        parts = []
        if last_done is not None:  # the current reading joins the line
            parts.append(f'<polyline class="spark-line" points="{_num(frame.x(current - 1, count))},'
                         f'{_num(frame.y(last_done))} {x_now},{_num(frame.y(actual))}"/>')
        parts.append(f'<circle class="spark-now s-{status}" cx="{x_now}" cy="{_num(frame.y(actual))}" r="2.6"/>')
        return parts
    if pace is None:
        return []
    parts = []
    if last_done is not None:
        parts.append(f'<line class="spark-pace" x1="{_num(frame.x(current - 1, count))}" '
                     f'y1="{_num(frame.y(last_done))}" x2="{x_now}" y2="{_num(frame.y(pace))}"/>')
    parts.append(f'<circle class="spark-proj s-{status}" cx="{x_now}" cy="{_num(frame.y(pace))}" r="2.8"/>')
    return parts


def _current_in_time(frame: _Frame, metric: MetricReport, history: list[float | None], status: str) -> list[str]:
    """The current period (or deadline window) drawn in time: the line to the target, today's value on
    it or off it, and the dashed way to the projection at the period's end."""
    assert metric.actual is not None and metric.projected is not None and metric.elapsed is not None
    start, end = frame.now_start, WIDTH - PAD_X
    elapsed = min(max(metric.elapsed, 0.0), 1.0)
    now_x = start + elapsed * (end - start)
    y_actual = _num(frame.y(metric.actual))
    parts = [f'<line class="spark-path" x1="{_num(start)}" y1="{_num(frame.y(_path_start(metric)))}" '
             f'x2="{_num(end)}" y2="{_num(frame.y(metric.target))}"/>']
    count = len(history)
    if _level(metric) and count >= 2 and history[-2] is not None:
        # A level continues from the last finished period's reading; a running total starts again at 0.
        parts.append(f'<polyline class="spark-line" points="{_num(frame.x(count - 2, count))},'
                     f'{_num(frame.y(history[-2]))} {_num(now_x)},{y_actual}"/>')
    if elapsed < 1:
        y_proj = _num(frame.y(metric.projected))
        parts.append(f'<line class="spark-pace" x1="{_num(now_x)}" y1="{y_actual}" x2="{_num(end)}" y2="{y_proj}"/>')
        parts.append(f'<circle class="spark-proj s-{status}" cx="{_num(end)}" cy="{y_proj}" r="2.8"/>')
    parts.append(f'<circle class="spark-now s-{status}" cx="{_num(now_x)}" cy="{y_actual}" r="2.6"/>')
    return parts


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
