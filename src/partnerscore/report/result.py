"""The one result object of `partnerscore report`; every output format is a view of it.

Plain dataclasses (no pandas, no Rich) so renderers and tests can build them by hand.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# The code a metric's `formula_problem` is reported under, named here for the renderers.
from partnerscore.calc.formula_check import FORMULA_RULE as FORMULA_RULE
from partnerscore.core.diagnostics import Diagnostic
from partnerscore.core.vocabulary import effective_aggregation
from partnerscore.report.overview import PortfolioOverview, overview_of


@dataclass
class MetricReport:
    id: str
    layer: str  # outcome | driver | health | operations (SPEC.md's JSON values)
    name: str
    owner: str
    unit: str
    period: str
    period_start: date
    period_end: date
    actual: float | None
    projected: float | None
    target: float  # the target in force for the current period (SPEC.md step 8)
    baseline: float | None
    status: str  # on-track | at-risk | off-track | no-data
    stale: bool
    last_date: date | None
    previous: float | None
    history: list[float | None]
    # Not in SPEC.md's JSON shape, but needed by the human formats.
    partner_owner: str | None = None
    direction: str = "up"
    cadence: str = "monthly"
    when_off_track: str | None = None
    drives: list[str] = field(default_factory=list)
    formula: str | None = None
    aggregation: str | None = None  # as written; None: the unit's default (see `effective_aggregation`)
    expected: float | None = None  # where it would be, exactly on target, at the same elapsed (step 10)
    stretch: float | None = None
    stretch_met: bool | None = None  # step 11
    by: date | None = None  # a deadline target (step 9): period_start..period_end is its window
    elapsed: float | None = None  # the share of the period (or window) the data covers, when paced
    previous_status: str = "no-data"  # the previous period against the target in force then
    history_targets: list[float] = field(default_factory=list)  # the target in force for each history period
    # Why its formula can never give a value (lint's PS607 message), or None: shown as a formula to fix.
    formula_problem: str | None = None
    # Why a value of its could not be computed (too large for a float: calc.status), or None.
    value_problem: str | None = None

    @property
    def effective_aggregation(self) -> str:
        return effective_aggregation(self.unit, self.aggregation)

    def as_record(self) -> dict:
        return {
            "id": self.id, "layer": self.layer, "name": self.name, "owner": self.owner, "unit": self.unit,
            "period": self.period, "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(), "actual": self.actual, "projected": self.projected,
            "expected": self.expected, "target": self.target, "stretch": self.stretch,
            "stretch_met": self.stretch_met, "by": self.by.isoformat() if self.by else None,
            "baseline": self.baseline, "status": self.status, "stale": self.stale,
            "last_date": self.last_date.isoformat() if self.last_date else None, "previous": self.previous,
            "history": list(self.history),
        }


@dataclass
class Explanation:
    """Why an outcome is not on track: its drivers ranked by shortfall, or a plain note when none explain it."""

    outcome: str  # outcome metric id
    outcome_status: str
    drivers: list[dict]  # {"id", "name", "status", "actual", "projected", "target", "shortfall"}
    note: str  # one sentence a person reads
    kind: str = "drivers"  # drivers | all-drivers-on-track | no-drivers | early-warning

    def as_record(self) -> dict:
        return {"outcome": self.outcome, "outcome_status": self.outcome_status, "kind": self.kind,
                "note": self.note, "drivers": self.drivers}


@dataclass
class DecisionNeeded:
    """One thing the review meeting must decide this week."""

    kind: str  # overdue-decision | off-track | at-risk | formula-error | stale-data | review-due
    message: str
    metric: str | None = None
    owner: str | None = None
    due: date | None = None

    def as_record(self) -> dict:
        return {"kind": self.kind, "message": self.message, "metric": self.metric, "owner": self.owner,
                "due": self.due.isoformat() if self.due else None}


@dataclass
class OpenDecision:
    what: str
    owner: str
    due: date
    overdue: bool
    review: str  # the decision note's date, ISO
    metric: str | None = None  # the metric (or series) it is meant to move, as the note names it

    def as_record(self) -> dict:
        return {"what": self.what, "owner": self.owner, "due": self.due.isoformat(), "overdue": self.overdue,
                "review": self.review, "metric": self.metric}


@dataclass
class LeftOut:
    """Data of one partnership the report could not use: SPEC.md has it named, counted and exit 1."""

    path: str  # the CSV, as shown
    rows: dict[str, int]  # lines left out, by reason ("bad date": 2)
    unusable: str | None = None  # why no line of the file could be used, when none could

    def summary(self) -> str:
        """What was left out and why: "2 rows of data/acme.csv left out: 1 bad date, 1 duplicate"."""
        if self.unusable is not None:
            return f"{self.path} could not be used ({self.unusable}); its metrics show no data"
        count = sum(self.rows.values())
        ordered = sorted(self.rows.items(), key=lambda r: (-r[1], r[0]))
        reasons = ", ".join(f"{n} {reason}{'s' if n != 1 and not reason.endswith('s') else ''}"
                            for reason, n in ordered)
        return f"{count} row{'s' if count != 1 else ''} of {self.path} left out: {reasons}"

    @property
    def lint_command(self) -> str | None:
        """The command that shows each problem (None when the summary already says it all)."""
        return None if self.unusable is not None else f"partnerscore lint {self.path}"

    def sentence(self) -> str:
        """One line for the partnership's page: the summary and the command that shows each problem."""
        command = self.lint_command
        return self.summary() + (f" (`{command}` shows each)" if command else "")


@dataclass
class PartnershipReport:
    id: str
    partnership: str
    type: str
    status: str
    goal: str
    lead: str
    partner: str
    path: str
    metrics: list[MetricReport]
    program: str | None = None  # the program the scorecard extends (`extends:`), or None
    explanations: list[Explanation] = field(default_factory=list)
    decisions_needed: list[DecisionNeeded] = field(default_factory=list)
    open_decisions: list[OpenDecision] = field(default_factory=list)
    experiments: list[dict] = field(default_factory=list)
    last_review: date | None = None
    next_review_due: date | None = None
    # The first error of each decision note that could not be used (a note to the user, not in JSON).
    unreadable_notes: list[Diagnostic] = field(default_factory=list)
    # The metric-values CSV this partnership was read from, wherever its `data:` points (not in JSON):
    # `report --output` must never replace it.
    data_path: Path | None = None
    # Rows of its CSV the report could not use (None: it used them all), and lint's diagnostics for them.
    left_out: LeftOut | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    # The outcomes' statuses when `--owner` kept only some of its metrics (not in JSON): `status` is still
    # that of every outcome, and the attention reason names the outcomes behind it.
    all_outcomes: list[MetricReport] | None = None
    # Every metric when `--owner` kept only some (not in JSON): an explanation kept for NAME's driver still
    # names the outcome and the other drivers, whose figures need their units (26.1%, not 0.3).
    all_metrics: list[MetricReport] | None = None

    def notes_left_out(self) -> str | None:
        """The decision notes the report could not use, in a sentence for the partnership's page (SPEC.md:
        counted under its partnership): their decisions are missing from the lists, overdue ones included,
        so the meeting must know. None when every note was used."""
        if not self.unreadable_notes:
            return None
        paths = list(dict.fromkeys(d.path for d in self.unreadable_notes))
        first = self.unreadable_notes[0]
        many = len(paths) != 1
        return (f"{len(paths)} decision note{'s' if many else ''} left out, with {'their' if many else 'its'} "
                f"decisions and experiments: {', '.join(paths)} ({first.rule} {first.message}"
                f"{'; …' if len(self.unreadable_notes) > 1 else ''})")

    @property
    def notes_lint_command(self) -> str:
        """The command that shows every problem of the notes left out."""
        return "partnerscore lint " + " ".join(shlex.quote(p) for p in dict.fromkeys(
            d.path for d in self.unreadable_notes))

    def layer(self, layer: str) -> list[MetricReport]:
        """Metrics of one layer, by SPEC.md's JSON layer name (outcome, driver, health, operations)."""
        return [m for m in self.metrics if m.layer == layer]

    def as_record(self) -> dict:
        return {
            "id": self.id, "partnership": self.partnership, "type": self.type, "program": self.program,
            "status": self.status, "metrics": [m.as_record() for m in self.metrics],
            "explanations": [e.as_record() for e in self.explanations],
            "decisions_needed": [d.as_record() for d in self.decisions_needed],
            "open_decisions": [d.as_record() for d in self.open_decisions],
            "last_review": self.last_review.isoformat() if self.last_review else None,
            "next_review_due": self.next_review_due.isoformat() if self.next_review_due else None,
        }


@dataclass
class PortfolioReport:
    as_of: date
    partnerships: list[PartnershipReport]
    # Scorecards that could not be reported (invalid): shown to the user, and exit code 1.
    skipped: list[Diagnostic] = field(default_factory=list)
    # CSVs / decision notes named on the command line that no scorecard claims (a note to the user).
    unmatched: list[str] = field(default_factory=list)
    # Triage (`report --where/--owner/--group-by`): the key of `portfolio.groups`, and what was asked
    # for with how many partnerships there were before (None: nothing filtered), for the human formats.
    group_by: str | None = None
    filters: list[str] = field(default_factory=list)
    filtered_from: int | None = None

    @property
    def problems(self) -> list[Diagnostic]:
        """Every row, file and decision note the report could not use, once each (a shared CSV's file-wide
        problem is every partnership's), in lint's order: SPEC.md's top-level `problems`."""
        found: dict[Diagnostic, None] = {}
        for p in self.partnerships:
            found.update(dict.fromkeys(p.problems))
            found.update(dict.fromkeys(p.unreadable_notes))
        return sorted(found, key=Diagnostic.sort_key)

    def overview(self) -> PortfolioOverview:
        """The `portfolio` block: counts, groups and attention, of the partnerships in this report."""
        return overview_of(self.partnerships, self.as_of, self.group_by)

    def as_record(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "partnerships": [p.as_record() for p in self.partnerships],
                "problems": [d.as_record() for d in self.problems_and_skipped()],
                "portfolio": self.overview().as_record()}

    def problems_and_skipped(self) -> list[Diagnostic]:
        """SPEC.md's top-level `problems`: what the report could not use, the invalid scorecards it left out
        included (no filter can match those, so they are in every report)."""
        return sorted(dict.fromkeys([*self.problems, *self.skipped]), key=Diagnostic.sort_key)
