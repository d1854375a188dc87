"""What the human report formats (table, Markdown) say, worded once; each format only styles it.

Everything here returns raw (unescaped) user text: each renderer escapes for its own medium.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerscore.render.format_values import (
    day_of,
    format_value,
    glide_words,
    last_period,
    paced,
    per_period,
    period_phrase,
    status_label,
    stretch_met,
    target_text,
)
from partnerscore.report.explain import figures
from partnerscore.report.result import (
    FORMULA_RULE,
    DecisionNeeded,
    MetricReport,
    PartnershipReport,
    PortfolioReport,
)

LAYER_TITLES = (("outcome", "Outcomes"), ("driver", "Drivers"), ("health", "Health"), ("operations", "Operations"))
QUESTIONS = ("On track?", "Which drivers explain it?", "What decision this week?")


@dataclass(frozen=True)
class Line:
    """One list item: optional status (styled by the renderer), the subject, and the rest of the sentence."""

    text: str
    status: str | None = None
    subject: str | None = None
    indent: int = 0


@dataclass(frozen=True)
class Summary:
    on_track: int
    at_risk: int
    off_track: int
    no_data: int
    stale: int


def summarize(p: PartnershipReport) -> Summary:
    # Under --owner the status is that of every outcome (SPEC.md), so the counts beside it are too.
    outcomes = [m.status for m in (p.all_outcomes if p.all_outcomes is not None else p.layer("outcome"))]
    return Summary(outcomes.count("on-track"), outcomes.count("at-risk"), outcomes.count("off-track"),
                   outcomes.count("no-data"), sum(1 for m in p.metrics if m.stale))


def header_facts(p: PartnershipReport, portfolio: PortfolioReport) -> list[list[tuple[str, str]]]:
    """Two lines of label/value facts: who, then when."""
    when = [("As of", portfolio.as_of.isoformat())]
    if p.last_review:
        when.append(("Last review", p.last_review.isoformat()))
    if p.next_review_due:
        when.append(("Next review due", p.next_review_due.isoformat()))
    who = [("Partner", p.partner), ("Lead", p.lead), ("Type", p.type)]
    if p.program is not None:  # the shape it extends: where its targets and most metrics come from
        who.append(("Program", p.program))
    return [who, when]


def _target_words(m: MetricReport) -> str:
    phrase = period_phrase(m)
    return phrase if per_period(m) and m.by is None else f"({phrase})"


def target_sentence(m: MetricReport) -> str:
    """`target $120,000 per quarter, stretch $140,000 ★ met`, `target 1,000 by 2026-12-29 (latest value)`."""
    text = f"target {target_text(m)} {_target_words(m)}"
    if m.stretch is not None:
        text += f", stretch {format_value(m.stretch, m.unit)}" + (" ★ met" if stretch_met(m) else "")
    return text


def actual_sentence(m: MetricReport) -> str:
    """The figures of a metric with data, in the order of the table's columns.

    A paced sum or a deadline metric says how far into its period it is and where it should be by then
    (`actual 781 on day 47 of 90 (on the glide path 722.9), projected 1,111.3`); a metric that is not
    projected says only its value (its projection would repeat it).
    """
    actual = format_value(m.actual, m.unit)
    if paced(m):
        where = day_of(m)
        if where == "at the deadline":
            return f"actual {actual} {where}"
        return (f"actual {actual} {where} ({glide_words(m)} {format_value(m.expected, m.unit)}), "
                f"projected {format_value(m.projected, m.unit)}")
    if m.projected is not None and m.projected != m.actual:
        return f"actual {actual}, projected {format_value(m.projected, m.unit)}"
    return f"actual {actual}"


def _no_data_yet(m: MetricReport) -> str | None:
    """Early in a period with no data yet, the last period's figure and status stand in for it."""
    last = last_period(m)
    if m.actual is not None or last is None:
        return None
    window = f"since {m.period_start.isoformat()}" if m.by is not None else f"this {m.period}"
    status = f", {status_label(last.status)}" if last.status else ""
    return f"nothing yet {window}; last {m.period} {last.value}{status}"


def outcome_line(m: MetricReport) -> Line:
    target = target_sentence(m)
    if m.actual is None:  # the status says "no data"; "actual —, projected —" would only repeat it
        yet = _no_data_yet(m)
        numbers = f"{yet}; {target}" if yet else target
    else:
        numbers = f"{actual_sentence(m)}, {target}"
    if m.formula_problem:  # no data because no data can ever come: the formula is what to fix
        numbers = f"formula error ({FORMULA_RULE}): fix the formula, not the data; {target}"
    elif m.stale:
        numbers += f" (stale: last data {m.last_date.isoformat()})" if m.last_date else " (stale: no data yet)"
    return Line(numbers, status=m.status, subject=m.name)


def data_flag(m: MetricReport, code: bool = True) -> str:
    """The tables' Data column: `formula error (PS607)` (without the code where room is short), `stale`,
    or nothing."""
    if m.formula_problem:
        return f"formula error ({FORMULA_RULE})" if code else "formula error"
    if m.value_problem:
        return "too large"
    return "stale" if m.stale else ""


def on_track_lines(p: PartnershipReport) -> list[Line]:
    lines = [outcome_line(m) for m in p.layer("outcome")]
    if not lines and p.all_outcomes:  # --owner kept none of its outcomes: they exist, they are not NAME's
        count = len(p.all_outcomes)
        return [Line(f"None of its {count} outcome{'s' if count != 1 else ''} is in this view; "
                     "its status is that of all of them.")]
    return lines or [Line("No outcomes defined.")]


def _explanation_lead(e, outcome: MetricReport | None) -> str:
    """The sentence above an outcome's ranked drivers. The note names the lagging drivers too; the lines
    under it list every driver, so saying them twice would only repeat the figures (the JSON keeps the note)."""
    if e.kind != "drivers" or not e.drivers or outcome is None:
        return e.note
    if outcome.status == "no-data":
        return f"{outcome.name} has no data this period; its drivers, furthest behind first:"
    return (f"{outcome.name} is {status_label(outcome.status)} ({figures(outcome)}); "
            "its drivers, furthest behind first:")


def _driver_figures(d: dict, metric: MetricReport | None) -> str:
    unit = metric.unit if metric else "count"
    target = target_text(metric, d.get("target")) if metric else format_value(d.get("target"), unit)
    if metric is not None and metric.formula_problem:
        return f"formula error ({FORMULA_RULE}), target {target}"
    if d.get("projected") is None:
        return f"target {target}"  # the status already says "no data"
    return f"projected {format_value(d.get('projected'), unit)} vs target {target}"


def explanation_lines(p: PartnershipReport) -> list[Line]:
    # Under --owner the explanations name metrics NAME does not own: look them up among all of them.
    by_id = {m.id: m for m in (p.all_metrics if p.all_metrics is not None else p.metrics)}
    lines: list[Line] = []
    for e in p.explanations:
        lines.append(Line(_explanation_lead(e, by_id.get(e.outcome))))
        for d in e.drivers:
            lines.append(Line(_driver_figures(d, by_id.get(str(d.get("id")))), status=d.get("status"),
                              subject=str(d.get("name") or d.get("id")), indent=1))
    if not lines:
        behind = [m for m in p.layer("outcome") if m.status != "on-track"]
        lines.append(Line("No outcome is behind; nothing to explain." if not behind else "No explanation found."))
    return lines


def _owner_due(message: str, owner: str | None, due) -> str:
    """` (owner, due date)` after a message, leaving out what the message already says
    (`'X' was due 2026-11-13 …: Ravi Menon to close it` needs neither again)."""
    parts = [owner] if owner and owner not in message else []
    if due and due.isoformat() not in message:
        parts.append(f"due {due.isoformat()}")
    return f" ({', '.join(parts)})" if parts else ""


# At most this many decisions needed per partnership in table, Markdown and HTML (SPEC.md); JSON has all.
SHOWN_DECISIONS = 5
KIND_WORDS = {"overdue-decision": "overdue decision", "off-track": "off track", "at-risk": "at risk",
              "formula-error": "formula error", "stale-data": "stale data", "review-due": "review due"}


def shown_decisions(p: PartnershipReport) -> list[DecisionNeeded]:
    """The decisions needed a review reads: the most urgent few (they come most urgent first)."""
    return p.decisions_needed[:SHOWN_DECISIONS]


def more_decisions(p: PartnershipReport) -> str | None:
    """`and 3 more, less urgent (2 stale data, 1 at risk); …` for the decisions needed left out, or None."""
    hidden = p.decisions_needed[SHOWN_DECISIONS:]
    if not hidden:
        return None
    counts: dict[str, int] = {}
    for d in hidden:
        counts[d.kind] = counts.get(d.kind, 0) + 1
    kinds = ", ".join(f"{n} {KIND_WORDS.get(kind, kind)}" for kind, n in counts.items())
    return f"and {len(hidden)} more, less urgent ({kinds}); the JSON report (--format json) lists every one"


def metric_words(p: PartnershipReport, metric_id: str | None) -> str | None:
    """An open decision's metric as people read it: `for Qualified referrals, off track` (`, stale data`)."""
    if metric_id is None:
        return None
    m = next((m for m in p.metrics if m.id == metric_id), None)
    if m is None:  # a raw series a formula reads (`mql`): its id is all there is
        return f"for {metric_id}"
    return f"for {m.name}, {status_label(m.status)}" + (", stale data" if m.stale else "")


def decision_lines(p: PartnershipReport) -> list[Line]:
    lines = [Line(d.message + _owner_due(d.message, d.owner, d.due)) for d in shown_decisions(p)]
    more = more_decisions(p)
    if more:
        lines.append(Line(more))
    # An overdue decision already flagged above is not listed twice.
    flagged = {(d.owner, d.due) for d in shown_decisions(p) if d.kind == "overdue-decision"}
    for d in p.open_decisions:
        if d.overdue and (d.owner, d.due) in flagged:
            continue
        overdue = ", OVERDUE" if d.overdue else ""
        metric = metric_words(p, d.metric)
        acts_on = f"; {metric}" if metric else ""
        lines.append(Line(f"{d.what} ({d.owner}, due {d.due.isoformat()}{overdue}{acts_on}; from the {d.review} "
                          "review)", subject="Open decision"))
    return lines or [Line("No decision flagged this week.")]


EXPERIMENTS_TITLE = "Running experiments"


def experiment_lines(p: PartnershipReport) -> list[Line]:
    """`Shorter invite copy lifts registrations (for Leads per webinar; Priya Shah, ends 2027-01-15)`."""
    # Under --owner an experiment may be about a metric NAME does not own: look it up among all of them.
    names = {m.id: m.name for m in (p.all_metrics if p.all_metrics is not None else p.metrics)}
    lines = []
    for e in p.experiments:
        metric = e.get("metric")
        about = [f"for {names.get(metric, metric)}"] if metric else []
        who_when = [str(e["owner"])] if e.get("owner") else []
        if e.get("ends"):
            who_when.append(f"ends {e['ends']}")
        parts = "; ".join(part for part in (", ".join(about), ", ".join(who_when)) if part)
        lines.append(Line(str(e.get("hypothesis") or "") + (f" ({parts})" if parts else "")))
    return lines


def question_blocks(p: PartnershipReport) -> list[tuple[str, list[Line]]]:
    """The three questions, then the running experiments when there are some (the JSON has no place for
    them: SPEC.md's shape)."""
    blocks = list(zip(QUESTIONS, (on_track_lines(p), explanation_lines(p), decision_lines(p)), strict=True))
    experiments = experiment_lines(p)
    return blocks + [(EXPERIMENTS_TITLE, experiments)] if experiments else blocks


def layers(p: PartnershipReport) -> list[tuple[str, list[MetricReport]]]:
    """Non-empty layers in SPEC.md order, with their titles."""
    return [(title, p.layer(key)) for key, title in LAYER_TITLES if p.layer(key)]
