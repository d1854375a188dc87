"""`partnerscore review new`: a decision note prefilled from where the partnership stands.

The draft holds what a review meeting starts from:
- `changed`: each metric whose status moved since the last review (the portfolio computed as of the
  last review's date and as of the new date), with its figures now;
- `risks`: off-track metrics and stale data, as candidates to keep or delete;
- `attendees`: the lead and the outcomes' owners on both sides, to prune;
- `decisions`: open decisions carried over with their owners, due dates and metrics, plus the week's
  prompts from the report (most urgent first, with the metric each is about) as comments;
- `experiments`: running experiments carried over.
Everything else is YAML comments, never placeholder values, so the draft lints without errors as
written (PS703 warns until a decision is recorded, which is the point), and still does once the
commented examples are uncommented and filled in (an empty `decisions:` is a bare key, not `[]`).
User text is emitted with `yaml.safe_dump`, so `:`, `#`, quotes and newlines in it stay data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from partnerscore.calc.decisions import open_decisions, running_experiments
from partnerscore.calc.review_dates import add_days
from partnerscore.core.diagnostics import Diagnostic
from partnerscore.core.text import one_line
from partnerscore.core.values import format_value
from partnerscore.io.paths import FileSet
from partnerscore.io.settings import Settings
from partnerscore.model.review_file import load_reviews, notes_until
from partnerscore.model.scorecard_file import ScorecardFile
from partnerscore.report.result import FORMULA_RULE, LeftOut, MetricReport, PartnershipReport


@dataclass
class Draft:
    path: Path
    text: str
    last_review: dt.date | None
    # Errors of earlier notes that could not be read: their open decisions and experiments would be
    # silently left out of the draft, so the command refuses until they are fixed.
    unreadable: list[Diagnostic] = field(default_factory=list)
    # The data the report could not use on the note's day, in its words: lint's diagnostics and the summary.
    data_problems: list[Diagnostic] = field(default_factory=list)
    left_out: LeftOut | None = None


def _figures(m: MetricReport) -> str:
    if m.projected is None:
        return "no data this period"
    return f"{format_value(m.projected, m.unit)} vs {format_value(m.target, m.unit)} target"


def _period_just_begun(m: MetricReport) -> bool:
    """No data only because its period has no values yet: the data is not late, and a value can come."""
    return m.status == "no-data" and not m.stale


def last_shown(m: MetricReport) -> str:
    """The status a metric last showed with data: at a review held in the first days of a period, the
    period before (judged against the target in force then)."""
    return m.previous_status if _period_just_begun(m) else m.status


def status_changes(before: PartnershipReport | None, now: PartnershipReport) -> list[str]:
    """`MQL → SQL moved from at-risk to off-track: 22.0% vs 30.0% target`, for each metric that moved.

    Both sides are what the metric showed with data: a metric whose new period has no values yet is not a
    change now, and at the last review it is compared by the period before (else a review that fell in
    the first days of a month would make every metric "move from no-data" at the next one)."""
    if before is None:
        return []
    earlier = {m.id: m for m in before.metrics}
    lines = []
    for m in now.metrics:
        old = earlier.get(m.id)
        if old is None:
            lines.append(f"{m.name} is new on the scorecard: {m.status}, {_figures(m)}")
        elif _period_just_begun(m):
            # A new period whose values are not in yet (the first days of a month): nothing changed, and
            # the data is not late either (stale data is a risk candidate below).
            continue
        elif last_shown(old) != m.status:
            lines.append(f"{m.name} moved from {last_shown(old)} to {m.status}: {_figures(m)}")
    return lines


def risk_candidates(now: PartnershipReport) -> list[str]:
    lines = [f"{m.name} is off-track: {_figures(m)}" for m in now.metrics if m.status == "off-track"]
    for m in now.metrics:
        if m.formula_problem:  # no data can ever come: the formula is what to fix
            lines.append(f"{m.name} cannot be computed, its formula is wrong ({FORMULA_RULE}): "
                         f"{m.owner} to fix the formula")
        elif m.stale and m.last_date:
            lines.append(f"{m.name} has no data since {m.last_date.isoformat()}: {m.owner} to update it")
        elif m.stale and now.left_out is not None and now.left_out.unusable is not None:
            # The owner did add data, maybe: the file could not be read, which is what to fix.
            lines.append(f"{m.name} has no data: {now.left_out.path} could not be used")
        elif m.stale:
            lines.append(f"{m.name} has no data at all: {m.owner} to add it")
    return lines


# --- YAML text -------------------------------------------------------------------------------------

_LINE_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})


def plain_breaks(value):
    """Exotic line breaks as `\n`: PyYAML writes NEL/LS/PS raw inside quotes, where YAML folds them away."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").translate(_LINE_BREAKS)
    if isinstance(value, list):
        return [plain_breaks(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_breaks(v) for k, v in value.items()}
    return value


def _dump(value) -> str:
    return yaml.safe_dump(plain_breaks(value), allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=1000)


def _block(key: str, items: list, comments: Sequence[str | None] | None = None,
           placeholder_follows: bool = False) -> list[str]:
    """`key:` and its items, each item optionally preceded by a comment line; `key: []` when empty.

    With `placeholder_follows`, an empty list is a bare `key:` (read as empty), so that uncommenting the
    example item written under it gives valid YAML, which `key: []` followed by an item is not."""
    if not items:
        return [f"{key}:"] if placeholder_follows else [f"{key}: []"]
    lines = [f"{key}:"]
    for i, item in enumerate(items):
        comment = comments[i] if comments else None
        if comment:
            lines.append(f"  # {_comment_text(comment)}")
        lines += [("  " + line).rstrip(" ") for line in _dump([item]).rstrip("\n").split("\n")]
    return lines


def _comment_text(text: str) -> str:
    """User text inside a comment: one printable line (a newline would end the comment).

    YAML refuses some characters even in comments (U+FFFE, U+FFFF, C1 controls): shown as escapes."""
    shown = one_line(" ".join(text.split()))
    return yaml.reader.Reader.NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", shown)


def attendees(card) -> list[str]:
    """Who is expected: the lead and the outcomes' owners on both sides, each once, in scorecard order."""
    people = [card.lead]
    for m in card.outcomes:
        people += [m.owner, m.partner_owner] if m.partner_owner else [m.owner]
    return list(dict.fromkeys(" ".join(p.split()) for p in people if p and p.strip()))


def _decision_items(states, day: dt.date) -> tuple[list[dict], list[str]]:
    items, comments = [], []
    for s in states:
        d = s.decision
        item = {"what": d.what, "owner": d.owner, "due": d.due, "status": "open"}
        if d.metric:
            item["metric"] = d.metric
        items.append(item)
        note = f"carried over from {s.note_date.isoformat()}"
        if d.due < day:
            note += f"; overdue since {d.due.isoformat()}: mark it done or dropped, or set a new date"
        comments.append(note)
    return items, comments


def _experiment_items(states) -> tuple[list[dict], list[str]]:
    items, comments = [], []
    for s in states:
        e = s.experiment
        item = {"hypothesis": e.hypothesis, "expected_impact": e.expected_impact}
        item.update({k: v for k, v in (("metric", e.metric), ("owner", e.owner), ("ends", e.ends)) if v})
        items.append(item)
        comments.append(f"running since {s.first_date.isoformat()}")
    return items, comments


def _data_left_out(now: PartnershipReport) -> list[str]:
    """A comment saying the figures miss data the report could not use (SPEC.md: never hidden), or none."""
    left_out = now.left_out
    if left_out is None:
        return []
    if left_out.unusable is not None:
        return [f"# The figures below are missing because {_comment_text(left_out.path)} could not be used, not "
                "because nobody added them:",
                f"# {_comment_text(left_out.unusable)}. Fix the file, then draft this note again."]
    return [f"# {_comment_text(left_out.summary())}: the figures below leave those rows out;",
            f"# `{_comment_text(left_out.lint_command or 'partnerscore lint')}` shows each."]


def render_note(card, day: dt.date, now: PartnershipReport, before: PartnershipReport | None,
                last_review: dt.date | None, notes: list) -> str:
    decisions, decision_comments = _decision_items(open_decisions(notes), day)
    experiments, experiment_comments = _experiment_items(running_experiments(notes, day))
    metrics = [m.id for m in now.metrics if m.layer == "driver"] or [m.id for m in now.metrics]
    example_metric = metrics[0] if metrics else "<a metric id>"
    since = f"since {last_review.isoformat()}" if last_review else "(first review: nothing to compare with)"
    lines = [
        f"# Decision note: {_comment_text(card.partnership)}, review of {day.isoformat()}.",
        "# Prefilled by `partnerscore review new` from the status on this day. Keep what is true, delete the",
        "# rest, and record what the meeting decides. `partnerscore lint` checks this file.",
        *_data_left_out(now),
        f"date: {day.isoformat()}",
        "# The lead and the outcomes' owners on both sides: delete who was not there, add who was.",
        *_block("attendees", attendees(card)),
        "",
        f"# What changed {since}: status changes of each metric.",
        *_block("changed", status_changes(before, now)),
        "",
        "# Risks and blockers. Candidates from the report: off-track metrics and stale data.",
        *_block("risks", risk_candidates(now)),
        "",
        "# Decisions: what, owner, due (YYYY-MM-DD), status open | done | dropped; optional metric (the metric",
        "# id it is meant to move: the report then stops proposing another decision for that metric).",
    ]
    prompts = [d.message + (f" (metric: {d.metric})" if d.metric else "")
               for d in now.decisions_needed if d.kind != "review-due"]
    if prompts:
        lines.append("# To decide this week (from the report), most urgent first:")
        lines += [f"#   - {_comment_text(p)}" for p in prompts]
    lines += _block("decisions", decisions, decision_comments, placeholder_follows=True)
    lines += [
        "  # - what: <what was decided>",
        f"  #   owner: <who carries it out, e.g. {_comment_text(card.lead)}>",
        f"  #   due: {add_days(day, 14).isoformat()}",
        f"  #   metric: {example_metric}",
        "",
        "# Experiments: hypothesis, expected_impact; optional metric (a metric id), owner, ends (YYYY-MM-DD).",
        *_block("experiments", experiments, experiment_comments, placeholder_follows=True),
        "  # - hypothesis: <what you expect to happen, and why>",
        "  #   expected_impact: <which number moves, by how much, by when>",
        f"  #   metric: {example_metric}",
        "",
    ]
    return "\n".join(lines)


def draft_review(sc: ScorecardFile, settings: Settings, day: dt.date) -> Draft:
    """The note for `day`, compared with the newest note dated before it. Imports pandas (report path)."""
    from partnerscore.data.store import MetricStore
    from partnerscore.report.build import build_portfolio

    card = sc.card
    assert card is not None, "review new drafts a note for a scorecard that validated"
    reviews = load_reviews(settings, card.id)
    earlier = [r for r in reviews if r.day is not None and r.day < day]
    # A note whose date cannot be read may be an earlier one too.
    unreadable = [d for r in reviews if (r.day is None or r.day < day) and not r.is_valid
                  for d in sorted(r.diagnostics, key=Diagnostic.sort_key) if d.is_error]
    last_review = max((r.day for r in earlier if r.day is not None), default=None)
    notes = notes_until(earlier)
    files = FileSet(scorecards=[sc.path])
    store = MetricStore()  # one read of the CSV for both dates

    def report_on(when: dt.date) -> PartnershipReport | None:
        found = build_portfolio(files, settings, when, store=store).partnerships
        return found[0] if found else None

    now = report_on(day)
    assert now is not None  # the caller checked the scorecard is reportable
    before = report_on(last_review) if last_review else None
    path = settings.folder("reviews") / card.id / f"{day.isoformat()}.yaml"
    return Draft(path=path, text=render_note(card, day, now, before, last_review, notes),
                 last_review=last_review, unreadable=unreadable, data_problems=now.problems,
                 left_out=now.left_out)
