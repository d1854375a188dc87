"""A generated project for the triage tests: many small valid partnerships whose statuses, owners,
programs and decisions are chosen by the test.

Every metric is a level (`aggregation: last`) with target 100 and the default tolerance of 10%, read on
2026-11-13 (AS_OF is 2026-11-15): an outcome read 100 is on track, 95 at risk (≥ 100 − 10), 50 off track;
an outcome with no value has no data and, having no row at all, is stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

AS_OF = "2026-11-15"
READ_ON = "2026-11-13"
VALUE_OF = {"on-track": "100", "at-risk": "95", "off-track": "50", "no-data": ""}


@dataclass
class Spec:
    id: str
    status: str = "on-track"  # the first outcome's; the second is always on track (unless no-data)
    type: str = "referral"
    lead: str = "Dana Lee"
    partner: str = "Partner Co"
    program: str | None = None
    owner: str = "Dana Lee"  # owns the outcomes
    driver_owner: str = "Sam Ortiz"
    partner_owner: str | None = None  # on the outcomes
    overdue: list[str] = field(default_factory=list)  # owners of overdue open decisions


def _metric(id: str, owner: str, partner_owner: str | None, drives: str | None = None) -> str:
    lines = [f"  - id: {id}", f"    name: {id.replace('_', ' ').capitalize()}", f"    owner: {owner}"]
    if partner_owner:
        lines.append(f"    partner_owner: {partner_owner}")
    lines += ["    aggregation: last", "    target: 100", "    baseline: 50"]
    if drives:
        lines.append(f"    drives: [{drives}]")
    return "\n".join(lines)


def write_partnership(root: Path, spec: Spec) -> None:
    outcomes = [_metric("revenue", spec.owner, spec.partner_owner), _metric("pipeline", spec.owner, spec.partner_owner)]
    drivers = [_metric(f"driver_{i}", spec.driver_owner, None, "revenue") for i in range(4)]
    health = [_metric(f"health_{i}", spec.owner, None) for i in range(3)]
    text = "\n".join([
        f"partnership: {spec.id.capitalize()} partnership",
        f"id: {spec.id}",
        f"goal: Grow {spec.id}.",
        f"type: {spec.type}",
        f"lead: {spec.lead}",
        f"partner: {spec.partner}",
        *([f"extends: {spec.program}"] if spec.program else []),
        "outcomes:", *outcomes, "drivers:", *drivers, "health:", *health, "",
    ])
    (root / "scorecards" / f"{spec.id}.yaml").write_text(text, encoding="utf-8")
    if spec.program:
        # After programs land, `extends:` must name a program; one with only its name adds nothing.
        program = root / "programs" / f"{spec.program}.yaml"
        program.parent.mkdir(exist_ok=True)
        program.write_text(f"program: {spec.program.capitalize()}\n", encoding="utf-8")
    pipeline = "" if spec.status == "no-data" else "100"
    columns = ["revenue", "pipeline"] + [f"driver_{i}" for i in range(4)] + [f"health_{i}" for i in range(3)]
    values = [VALUE_OF[spec.status], pipeline] + ["100"] * 7
    (root / "data" / f"{spec.id}.csv").write_text(
        f"date,{','.join(columns)}\n{READ_ON},{','.join(values)}\n", encoding="utf-8")
    # A review on 2026-11-06 (the next one is due a month later, after AS_OF), with the overdue decisions.
    note = root / "reviews" / spec.id / "2026-11-06.yaml"
    note.parent.mkdir(parents=True, exist_ok=True)
    decisions = "".join(f"  - what: Decision {i + 1}\n    owner: {owner}\n    due: 2026-11-10\n"
                        for i, owner in enumerate(spec.overdue))
    note.write_text("date: 2026-11-06\n" + (f"decisions:\n{decisions}" if decisions else "decisions: []\n"),
                    encoding="utf-8")


def write_project(root: Path, specs: list[Spec]) -> Path:
    for name in ("scorecards", "data", "reviews"):
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / "partnerscore.toml").write_text("tolerance = 0.10\n", encoding="utf-8")
    for spec in specs:
        write_partnership(root, spec)
    return root
