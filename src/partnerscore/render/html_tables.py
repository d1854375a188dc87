"""The tables of one partnership in the HTML report: a table per layer, open decisions, experiments."""

from __future__ import annotations

from datetime import date

from partnerscore.core.words import plural
from partnerscore.render.format_values import format_value, last_period, paced, period_phrase, stretch_met
from partnerscore.render.html_parts import MISSING, badge, day, name, plain_value, status_info, text, value
from partnerscore.render.html_svg import history_chart
from partnerscore.render.report_common import metric_words
from partnerscore.report.result import FORMULA_RULE, MetricReport, OpenDecision, PartnershipReport

LAYERS = [
    ("outcome", "Outcomes", "are we on track to hit them?"),
    ("driver", "Drivers", "the controllable how"),
    ("health", "Health", "early-warning alignment signals"),
    ("operations", "Operations", "can we execute?"),
]
# Fixed column widths, so the four layer tables line up under each other.
COLUMNS = ('<colgroup><col class="c-status"><col class="c-name"><col class="c-num"><col class="c-num">'
           '<col class="c-num"><col class="c-num"><col class="c-last"><col class="c-trend"><col class="c-owner">'
           '</colgroup>')

# A key to the trend charts; decorative (the sentence after it says the same), so hidden from screen readers.
LEGEND = (
    '<p class="legend">Trend: <svg width="265" height="12" viewBox="0 0 265 12" aria-hidden="true" '
    'focusable="false"><line class="spark-target" x1="1" x2="17" y1="6" y2="6"/><text x="21" y="10">target</text>'
    '<line class="spark-path" x1="60" y1="10" x2="76" y2="3"/><text x="80" y="10">pace or glide path</text>'
    '<circle class="spark-now s-no-data" cx="186" cy="7" r="2.6"/><line class="spark-pace" x1="188" y1="6" '
    'x2="200" y2="3"/><circle class="spark-proj s-no-data" cx="202" cy="3" r="2.6"/>'
    '<text x="210" y="10">projected</text></svg>'
    ' one point per period, the last slot for this one; coloured dots: its status and the last period\'s then.</p>'
)


# The most characters a figure column of fixed width holds, on a 900 px screen and on an A4 page; a table
# with a longer figure ("267,155,557,131,633" drew over its neighbours) is `wide`: its columns take their
# figures' widths (see html_style.py), and on screen the layer scrolls sideways if even that is too wide.
FIXED_FIGURE_CHARS = 9


def widest_figure(metrics: list[MetricReport]) -> int:
    """The longest figure of these metrics' figure columns, in characters."""
    figures = [m.actual for m in metrics] + [m.projected for m in metrics] + [m.target for m in metrics]
    figures += [m.expected for m in metrics if paced(m)] + [m.previous for m in metrics]
    units = [m.unit for m in metrics] * 3 + [m.unit for m in metrics if paced(m)] + [m.unit for m in metrics]
    return max((len(format_value(n, u)) for n, u in zip(figures, units, strict=True) if n is not None), default=0)


def layer_tables(report: PartnershipReport) -> str:
    parts = []
    for layer, title, question in LAYERS:
        metrics = report.layer(layer)
        if not metrics:
            continue
        rows = "".join(_metric_row(m) for m in metrics)
        wide = " wide" if widest_figure(metrics) > FIXED_FIGURE_CHARS else ""
        parts.append(
            f'<section class="layer" data-layer="{layer}" aria-label="{title}">'
            f'<h3>{title} <span>— {question} · {plural(len(metrics), "metric")}</span></h3>'
            f'<table class="metrics{wide}">{COLUMNS}<thead><tr><th scope="col">Status</th><th scope="col">Metric</th>'
            '<th scope="col" class="num">Actual</th><th scope="col" class="num" title="For a running total or a '
            'deadline: where it would be today if exactly on target (on its pace line or glide path)">Expected</th>'
            '<th scope="col" class="num" title="Projected to the end of the period (or the deadline) at the '
            'current pace">Projected</th><th scope="col" class="num">Target</th><th scope="col" class="num" '
            'title="The last complete period, its change from the one before, and its status against the target '
            'in force then">Last period</th><th scope="col" class="trend">Trend</th>'
            f'<th scope="col" class="owner">Owners</th></tr></thead><tbody>{rows}</tbody></table></section>'
        )
    if parts:
        parts.append(LEGEND)
    return "".join(parts)


def stretch_tag(m: MetricReport) -> str:
    """A met stretch, in words beside a star (never the symbol alone)."""
    if not stretch_met(m):
        return ""
    return ' <span class="tag stretch" data-stretch-met="true"><span aria-hidden="true">★</span> Stretch met</span>'


def target_html(m: MetricReport) -> str:
    """The target, with its deadline and its stretch under it when it has them."""
    notes = []
    if m.by is not None:
        notes.append(f"by {day(m.by)}")
    if m.stretch is not None:
        notes.append(f"stretch {value(m.stretch, m.unit)}")
    return value(m.target, m.unit) + "".join(f"<br><small>{note}</small>" for note in notes)


def expected_html(m: MetricReport) -> str:
    """Where a running total or a deadline would be today exactly on target; empty for the others."""
    return value(m.expected, m.unit) if paced(m) else ""


def last_period_html(m: MetricReport) -> str:
    """The last complete period's value, its change, and its status then (icon and word)."""
    last = last_period(m)
    if last is None:
        return MISSING
    notes = [text(last.change)] if last.change else []
    if last.status:
        css, label, icon = status_info(last.status)
        notes.append(f'<span class="was s-{css}" data-status="{css}"><span aria-hidden="true">{icon}</span> '
                     f'{label.lower()}</span>')
    small = f'<br><small>{" · ".join(notes)}</small>' if notes else ""
    return f"{text(last.value)}{small}"


def _metric_row(m: MetricReport) -> str:
    notes = [period_phrase(m)]
    if m.baseline is not None:  # said here, not in a column of its own: the figures of today need the room
        notes.append(f"baseline {format_value(m.baseline, m.unit)}")
    if m.direction == "down":
        notes.append("lower is better")
    stale = ""
    if m.formula_problem:  # no value can ever come: the formula is what to fix, not the data
        stale = (f' <span class="tag stale" data-formula-error="true" title="{text(m.formula_problem)}">'
                 f'<span aria-hidden="true">⚠</span> Formula error · {FORMULA_RULE}</span>')
    elif m.stale:
        since = f"since {day(m.last_date)}" if m.last_date else "no values"
        stale = (f' <span class="tag stale" data-stale="true"><span aria-hidden="true">⚠</span> '
                 f'Stale · {since}</span>')
    owners = name(m.owner) if m.owner else MISSING
    if m.partner_owner:
        owners += f'<br><small>Partner: {name(m.partner_owner)}</small>'
    return (
        f'<tr class="metric" data-metric="{text(m.id)}" data-status="{status_info(m.status)[0]}">'
        f'<td>{badge(m.status)}{stretch_tag(m)}</td>'
        f'<td class="name">{name(m.name)}{stale}<br><small>{text(" · ".join(notes))}</small></td>'
        f'<td class="num">{value(m.actual, m.unit)}</td>'
        f'<td class="num expected">{expected_html(m)}</td>'
        f'<td class="num pace">{value(m.projected, m.unit)}</td>'
        f'<td class="num">{target_html(m)}</td>'
        f'<td class="num last">{last_period_html(m)}</td>'
        f'<td class="trend">{history_chart(m, plain_value)}</td>'
        f'<td class="owner">{owners}</td></tr>'
    )


def overdue_tag(due: date | None, as_of: date, overdue: bool = False) -> str:
    """A text marker for an overdue date (never colour alone)."""
    if due is None or not (overdue or due < as_of):
        return ""
    late = (as_of - due).days
    words = f"Overdue {plural(late, 'day')}" if late > 0 else "Overdue"
    return f' <span class="tag overdue" data-overdue="true"><span aria-hidden="true">⚠</span> {words}</span>'


def decisions_table(decisions: list[OpenDecision], as_of: date, report: PartnershipReport | None = None) -> str:
    if not decisions:
        return ('<section class="decisions" aria-label="Open decisions"><h3>Open decisions</h3>'
                '<p class="muted">No open decisions.</p></section>')
    ordered = sorted(decisions, key=lambda d: (not d.overdue, d.due))
    rows = "".join(
        f'<tr class="decision{" overdue" if d.overdue else ""}"><td>{name(d.what)}{_acts_on(report, d)}</td>'
        f'<td class="who">{name(d.owner)}</td>'
        f'<td class="due">{day(d.due)}{overdue_tag(d.due, as_of, d.overdue)}</td>'
        f'<td class="who"><small>{_any_day(d.review)}</small></td></tr>'
        for d in ordered
    )
    overdue = sum(1 for d in decisions if d.overdue)
    count = plural(len(decisions), "open decision") + (f", {overdue} overdue" if overdue else "")
    return (f'<section class="decisions" aria-label="Open decisions"><h3>Open decisions <span>· {count}</span></h3>'
            '<table><thead><tr><th scope="col">Decision</th><th scope="col">Owner</th>'
            '<th scope="col" class="num">Due</th><th scope="col">Review</th></tr></thead>'
            f'<tbody>{rows}</tbody></table></section>')


def _acts_on(report: PartnershipReport | None, d: OpenDecision) -> str:
    """The metric an open decision is meant to move, under it: `For Qualified referrals, off track`."""
    words = metric_words(report, d.metric) if report is not None else None
    if words is None:
        return ""
    return f'<br><small class="acts-on" data-metric="{text(d.metric)}">{text(words[0].upper() + words[1:])}</small>'


def _any_day(when: object) -> str:
    """A date given as a date or an ISO string (decision notes, experiments) shown like every other date."""
    if when is None or when == "":
        return MISSING
    if isinstance(when, date):
        return day(when)
    try:
        return day(date.fromisoformat(str(when)))
    except ValueError:
        return text(when)


def experiments_table(report: PartnershipReport) -> str:
    if not report.experiments:
        return ""
    names = {m.id: m.name for m in report.metrics}
    rows = []
    for e in report.experiments:
        metric = e.get("metric")
        metric_name = name(names.get(metric, metric)) if metric else MISSING
        ends_html = _any_day(e.get("ends"))
        rows.append(
            f'<tr class="experiment"><td>{name(e.get("hypothesis") or MISSING)}<br>'
            f'<small>Expected: {text(e.get("expected_impact") or MISSING)}</small></td>'
            f'<td>{metric_name}</td><td class="who">{name(e.get("owner") or MISSING)}</td>'
            f'<td class="num">{ends_html}</td></tr>'
        )
    return ('<section class="experiments" aria-label="Running experiments"><h3>Running experiments</h3>'
            '<table><thead><tr><th scope="col">Hypothesis</th><th scope="col">Metric</th><th scope="col">Owner</th>'
            f'<th scope="col" class="num">Ends</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>')
