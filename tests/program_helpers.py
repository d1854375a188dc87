"""Small hand-written programs for the tests of `extends:`: a base, a tier on it, and scorecards on either.

The texts are flow-style YAML with one metric a line, so a test can name the line a finding must be on.
"""

from __future__ import annotations

from pathlib import Path

from partnerscore.io.settings import Settings
from partnerscore.model.program_file import ProgramCatalog
from partnerscore.model.scorecard_file import ScorecardFile, load_scorecard

# Line numbers are part of the tests: keep each metric on its line.
BASE = """\
program: Referral base
goal: Grow partner-sourced revenue.
type: referral
lead: Dana Lee
cadence: {drivers: weekly}
outcomes:
  - {id: revenue, name: Sourced revenue, owner: Dana, validated_by: Finance, category: financial, unit: USD, target: 500000, baseline: 300000}
  - {id: pipeline, name: Influenced pipeline, owner: Dana, validated_by: RevOps, category: financial, unit: USD, target: 900000, baseline: 600000}
drivers:
  - {id: referrals, name: Referrals sent, owner: Priya, category: performance, target: 40, baseline: 25, drives: [revenue, pipeline]}
  - {id: mql_to_sql, name: MQL to SQL, owner: Priya, category: performance, unit: percent, target: 30%, baseline: 22%, drives: [pipeline]}
  - {id: enablements, name: Consultants enabled, owner: Sam, category: productivity, target: 12, baseline: 5, drives: [revenue]}
health:
  - {id: nps, name: Partner NPS, owner: Lee, category: relationship, unit: score, target: 50, baseline: 40}
  - {id: escalations, name: Escalations, owner: Lee, category: customer, direction: down, target: 2, baseline: 5}
  - {id: response_days, name: Lead response time, owner: Lee, category: operational, unit: days, direction: down, target: 1, baseline: 3}
"""  # noqa: E501 - one metric a line, so a test can name its line
# BASE line numbers: cadence 5, revenue 7, pipeline 8, referrals 10, mql_to_sql 11, enablements 12, nps 14.

GOLD = """\
program: Gold tier
extends: base
cadence: {health: weekly}
metrics:
  revenue: {target: 800000}
drivers:
  - {id: joint_calls, name: Joint calls, owner: Sam, category: productivity, target: 20, drives: [revenue]}
"""
# GOLD line numbers: extends 2, revenue override 5, joint_calls 7.

PARTNER_OWNERS = ("{revenue: {partner_owner: Tom}, pipeline: {partner_owner: Tom}, referrals: {partner_owner: Tom}, "
                  "mql_to_sql: {partner_owner: Tom}, enablements: {partner_owner: Ann}, nps: {partner_owner: Ann}, "
                  "escalations: {partner_owner: Ann}, response_days: {partner_owner: Ann}}")


def scorecard(program: str, name: str = "Acme", *extra: str) -> str:
    """A scorecard that extends `program`: `extends:` on line 1, then the partner, then `extra` lines."""
    return "\n".join([f"extends: {program}", f"partnership: {name} referrals", f"partner: {name} Inc", *extra]) + "\n"


def write_project(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (paths relative to the project root) and the default folders."""
    for name in ("scorecards", "programs", "data", "reviews"):
        (root / name).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def load(root: Path, name: str, catalog: ProgramCatalog | None = None) -> ScorecardFile:
    """`scorecards/<name>.yaml` of the project at `root`, merged with its programs."""
    catalog = catalog or ProgramCatalog.on_disk(Settings(root=root))
    return load_scorecard(root / "scorecards" / f"{name}.yaml", catalog)
