"""Triage in `report`: the partnerships a reader asked for and how the portfolio is grouped. Pure.

- `--where FIELD=VALUE[,VALUE…]`: a partnership is kept when FIELD is one of the values (case aside);
  every `--where` must hold. `program=` alone keeps the partnerships without a program.
- `--owner NAME`: a person's own action list. A partnership is kept when NAME owns one of its metrics (as
  `owner` or `partner_owner`), an open decision, or a decision needed; in it, only those are shown (a
  decision needed about NAME's metric is NAME's too, whoever owns it on our side), with the explanations
  and experiments that concern them. Its `status` stays that of all its outcomes (SPEC.md).
- `--group-by`: recorded on the report; `PortfolioReport.overview()` counts per group.

Everything after (the counts, `attention`, `--fail-on`, every format) sees only what is kept.
"""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, replace

from partnerscore.core.vocabulary import PARTNERSHIP_TYPES, Status
from partnerscore.report.overview import fold
from partnerscore.report.result import MetricReport, PartnershipReport, PortfolioReport

WHERE_FIELDS: tuple[str, ...] = ("id", "type", "program", "lead", "partner", "status")
_KNOWN_VALUES: dict[str, tuple[str, ...]] = {"type": PARTNERSHIP_TYPES, "status": tuple(Status)}


def known_values(field_name: str) -> tuple[str, ...]:
    """The values a field can take when it has a fixed vocabulary (type, status), else ()."""
    return tuple(str(v) for v in _KNOWN_VALUES.get(field_name, ()))


@dataclass(frozen=True)
class Where:
    """One `--where`: FIELD is one of `values` (compared folded; "" is "no program")."""

    field: str
    values: Sequence[str]
    _folded: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.field not in WHERE_FIELDS:
            raise ValueError(f"unknown --where field {self.field!r}")
        object.__setattr__(self, "_folded", frozenset(fold(v) for v in self.values))

    def holds(self, p: PartnershipReport) -> bool:
        value = p.program if self.field == "program" else getattr(p, self.field)
        return fold(value or "") in self._folded

    def __str__(self) -> str:
        return f"{self.field}={','.join(self.values)}"


def _owns(name: str, m: MetricReport) -> bool:
    return fold(m.owner) == name or (m.partner_owner is not None and fold(m.partner_owner) == name)


def owned_view(p: PartnershipReport, name: str) -> PartnershipReport | None:
    """What `name` owns in `p` (see the module docstring), or None when it is nothing."""
    who = fold(name)
    metrics = [m for m in p.metrics if _owns(who, m)]
    ids = {m.id for m in metrics}
    needed = [d for d in p.decisions_needed if (d.owner is not None and fold(d.owner) == who) or d.metric in ids]
    open_decisions = [d for d in p.open_decisions if fold(d.owner) == who]
    if not metrics and not needed and not open_decisions:
        return None
    explanations = [e for e in p.explanations
                    if e.outcome in ids or any(str(d.get("id")) in ids for d in e.drivers)]
    experiments = [e for e in p.experiments if fold(str(e.get("owner") or "")) == who]
    return replace(p, metrics=metrics, decisions_needed=needed, open_decisions=open_decisions,
                   explanations=explanations, experiments=experiments, all_outcomes=p.layer("outcome"),
                   all_metrics=p.metrics)


def describe(wheres: Sequence[Where], owner: str | None) -> list[str]:
    """The options as a reader would type them again: `--where type=referral`, `--owner 'Dana Lee'`."""
    said = [f"--where {shlex.quote(str(w))}" for w in wheres]
    return said + ([f"--owner {shlex.quote(owner)}"] if owner is not None else [])


def triage(portfolio: PortfolioReport, wheres: Sequence[Where] = (), owner: str | None = None,
           group_by: str | None = None) -> PortfolioReport:
    """The report with only the partnerships asked for (each as `owner` sees it) and grouped by `group_by`.

    A new report: the one given is left as it is (its partnerships are still the report's inputs)."""
    kept = [p for p in portfolio.partnerships if all(w.holds(p) for w in wheres)]
    if owner is not None:
        kept = [view for p in kept if (view := owned_view(p, owner)) is not None]
    filtered = bool(wheres) or owner is not None
    return replace(portfolio, partnerships=kept, group_by=group_by, filters=describe(wheres, owner),
                   filtered_from=len(portfolio.partnerships) if filtered else None)
