"""The portfolio at a glance (SPEC.md's `portfolio` block): status counts, counts per group, and which
partnerships need attention first, each with its one-line reason. Pure: computed from the reports.

At 1,000 partnerships nobody reads 1,000 pages; `attention` is the short list a person starts from:
every partnership that is off track or at risk, or has an overdue decision, a stale outcome or an
overdue review, most urgent first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from partnerscore.core.values import status_label
from partnerscore.core.vocabulary import Status
from partnerscore.core.words import plural


# What the overview reads of a partnership's report (report.result.PartnershipReport), described here
# rather than imported: result.py imports this module, for PortfolioReport.overview().
class MetricReport(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def layer(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def stale(self) -> bool: ...


class _Decision(Protocol):
    @property
    def overdue(self) -> bool: ...


class PartnershipReport(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def partnership(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def program(self) -> str | None: ...
    @property
    def metrics(self) -> Sequence[MetricReport]: ...
    @property
    def open_decisions(self) -> Sequence[_Decision]: ...
    @property
    def next_review_due(self) -> date | None: ...
    @property
    def all_outcomes(self) -> Sequence[MetricReport] | None: ...
    def layer(self, layer: str) -> Sequence[MetricReport]: ...

# SPEC.md's key order of `counts`. Plain str, not the enum: orjson writes only str keys, and any other
# would send the whole report to json.dumps' pure-Python encoder (render/report_json.py).
STATUS_KEYS: tuple[str, ...] = tuple(s.value for s in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK,
                                                       Status.NO_DATA))
GROUP_BY_KEYS: tuple[str, ...] = ("program", "type", "lead", "status")
# How many of `attention` the human formats show under "Needs attention".
ATTENTION_SHOWN = 10
# SPEC.md's attention order: off track first, then at risk, no data, on track.
_URGENCY: dict[str, int] = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.NO_DATA: 2, Status.ON_TRACK: 3}
# How many metric names a reason spells out before it says "and N more".
_NAMES_SHOWN = 2


@dataclass(frozen=True)
class AttentionItem:
    id: str
    partnership: str
    status: str
    reason: str  # raw text (it holds metric names): each renderer escapes it for its medium


@dataclass(frozen=True)
class Group:
    key: str | None  # None: partnerships without a program (JSON null)
    counts: dict[str, int]
    ids: tuple[str, ...] = ()  # its partnerships, in report order (not in JSON: the HTML contents use it)

    @property
    def total(self) -> int:
        return len(self.ids)

    def as_record(self) -> dict:
        return {"key": self.key, "counts": dict(self.counts)}


@dataclass(frozen=True)
class PortfolioOverview:
    counts: dict[str, int]
    attention: list[AttentionItem] = field(default_factory=list)
    group_by: str | None = None
    groups: list[Group] = field(default_factory=list)

    @property
    def shown(self) -> list[AttentionItem]:
        """The top of `attention` that "Needs attention" lists."""
        return self.attention[:ATTENTION_SHOWN]

    def as_record(self) -> dict:
        return {"counts": dict(self.counts), "groups": [g.as_record() for g in self.groups],
                "attention": [a.id for a in self.attention]}


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """{"on-track": n, "at-risk": n, "off-track": n, "no-data": n}; an unknown status counts as no data."""
    counts = dict.fromkeys(STATUS_KEYS, 0)
    for status in statuses:
        counts[status if status in counts else Status.NO_DATA] += 1
    return counts


def overdue_decisions(p: PartnershipReport) -> int:
    return sum(1 for d in p.open_decisions if d.overdue)


def review_overdue(p: PartnershipReport, as_of: date) -> bool:
    """SPEC.md: `next_review_due` before `as_of` (the day it falls due is not overdue yet)."""
    return p.next_review_due is not None and p.next_review_due < as_of


def needs_attention(p: PartnershipReport, as_of: date) -> bool:
    return (p.status in (Status.OFF_TRACK, Status.AT_RISK) or overdue_decisions(p) > 0
            or any(m.stale for m in p.layer("outcome")) or review_overdue(p, as_of))


def urgency_key(p: PartnershipReport) -> tuple:
    """SPEC.md's order: status, then more overdue decisions, more off-track metrics, more stale metrics, id."""
    off_track = sum(1 for m in p.metrics if m.status == Status.OFF_TRACK)
    stale = sum(1 for m in p.metrics if m.stale)
    return (_URGENCY.get(p.status, _URGENCY[Status.NO_DATA]), -overdue_decisions(p), -off_track, -stale, p.id)


def _names(metrics: Sequence[MetricReport]) -> str:
    """`A`, `A and B`, `A, B and 3 more`."""
    names = [m.name for m in metrics[:_NAMES_SHOWN]]
    rest = len(metrics) - len(names)
    if rest:
        return f"{', '.join(names)} and {rest} more"
    return " and ".join(names)


def reason(p: PartnershipReport, as_of: date) -> str:
    """Why it needs attention, in one line: `Influenced pipeline off track; 2 decisions overdue; stale
    data: P95 sync latency; review overdue (due 2026-11-13)`."""
    parts = []
    if p.status in (Status.OFF_TRACK, Status.AT_RISK):
        # Under --owner the outcomes that set the status may be someone else's: they are named all the same.
        outcomes = p.all_outcomes if p.all_outcomes is not None else p.layer("outcome")
        behind = [m for m in outcomes if m.status == p.status]
        parts.append(f"{_names(behind)} {status_label(p.status)}" if behind else status_label(p.status))
    elif p.status == Status.NO_DATA:
        parts.append("no outcome data")
    overdue = overdue_decisions(p)
    if overdue:
        parts.append(f"{plural(overdue, 'decision')} overdue")
    # Outcomes first: a stale outcome is what makes a partnership need attention.
    stale = sorted((m for m in p.metrics if m.stale), key=lambda m: m.layer != "outcome")
    if stale:
        parts.append(f"stale data: {_names(stale)}")
    if review_overdue(p, as_of):
        assert p.next_review_due is not None
        parts.append(f"review overdue (due {p.next_review_due.isoformat()})")
    return "; ".join(parts)


def attention(partnerships: Iterable[PartnershipReport], as_of: date) -> list[AttentionItem]:
    """Every partnership that needs attention, most urgent first (SPEC.md's order), with its reason."""
    members = sorted((p for p in partnerships if needs_attention(p, as_of)), key=urgency_key)
    return [AttentionItem(p.id, p.partnership, p.status, reason(p, as_of)) for p in members]


def fold(text: str) -> str:
    """How names compare in triage: case aside, spaces collapsed (`dana  LEE` is `Dana Lee`)."""
    return " ".join(text.split()).casefold()


def group_key(p: PartnershipReport, by: str) -> str | None:
    return p.program if by == "program" else str(getattr(p, by))


def groups(partnerships: Iterable[PartnershipReport], by: str) -> list[Group]:
    """One group per key of `by` (program, type, lead or status), sorted by key; null last.

    Keys compare as `--where` compares them (case aside: `lee chen` is `Lee Chen`), and a group is
    named by its first partnership's spelling."""
    if by not in GROUP_BY_KEYS:
        raise ValueError(f"cannot group by {by!r}; one of {', '.join(GROUP_BY_KEYS)}")
    members: dict[str | None, list[PartnershipReport]] = {}
    names: dict[str | None, str | None] = {}
    for p in partnerships:
        key = group_key(p, by)
        folded = None if key is None else fold(key)
        names.setdefault(folded, key)
        members.setdefault(folded, []).append(p)
    # Partnerships without a program (None) come last.
    order = sorted(members, key=lambda folded: (folded is None, folded or ""))
    return [Group(names[k], status_counts(p.status for p in members[k]), tuple(p.id for p in members[k]))
            for k in order]


def overview_of(partnerships: Sequence[PartnershipReport], as_of: date,
                group_by: str | None = None) -> PortfolioOverview:
    return PortfolioOverview(
        counts=status_counts(p.status for p in partnerships),
        attention=attention(partnerships, as_of),
        group_by=group_by,
        groups=groups(partnerships, group_by) if group_by else [],
    )
