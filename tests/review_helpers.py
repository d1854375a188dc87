"""A small project for the decision-loop tests: one referral scorecard, its CSV, and decision notes."""

from __future__ import annotations

import textwrap
from pathlib import Path

SCORECARD = """\
partnership: Northwind referrals
goal: Turn Northwind's consultant network into our largest referral channel.
type: referral
lead: Dana Lee
partner: Northwind Consulting
outcomes:
  - id: pipeline
    name: Influenced pipeline
    owner: Dana Lee
    partner_owner: Tom Berg
    validated_by: RevOps
    category: financial
    unit: USD
    period: month
    baseline: 30000
    target: 50000
  - id: new_customers
    name: New customers
    owner: Dana Lee
    partner_owner: Tom Berg
    validated_by: RevOps
    category: customer
    period: month
    baseline: 2
    target: 4
drivers:
  - id: webinar_leads
    name: Webinar leads
    owner: Priya Shah
    partner_owner: Tom Berg
    category: performance
    period: month
    baseline: 20
    target: 40
    drives: [pipeline]
  - id: mql_to_sql
    name: MQL → SQL
    owner: Priya Shah
    partner_owner: Tom Berg
    category: performance
    unit: percent
    formula: sql / mql
    baseline: 22%
    target: 30%
    drives: [pipeline, new_customers]
    when_off_track: Tighten targeting, messaging or qualification.
  - id: referrals
    name: Referrals submitted
    owner: Priya Shah
    partner_owner: Tom Berg
    category: expansion
    period: month
    baseline: 10
    target: 20
    drives: [new_customers]
  - id: days_to_call
    name: Days to first call
    owner: Priya Shah
    partner_owner: Tom Berg
    category: productivity
    unit: days
    direction: down
    aggregation: mean
    baseline: 5
    target: 2
    drives: [new_customers]
health:
  - id: satisfaction
    name: Partner satisfaction
    owner: Dana Lee
    partner_owner: Tom Berg
    category: relationship
    unit: score
    baseline: 7
    target: 8
  - id: sla
    name: Lead follow-up within 24h
    owner: Dana Lee
    partner_owner: Tom Berg
    category: operational
    unit: percent
    baseline: 80%
    target: 95%
  - id: escalations
    name: Escalations
    owner: Dana Lee
    partner_owner: Tom Berg
    category: relationship
    direction: down
    baseline: 5
    target: 2
"""

# October and November 2026. November (as of 2026-11-15): pipeline 20000 by day 15 of 30 → projected
# 40000 vs 50000 (band 5000) → off-track; in October 52000 → on-track.
CSV = """\
date,metric,value
2026-10-10,pipeline,52000
2026-10-10,new_customers,4
2026-10-10,webinar_leads,45
2026-10-10,mql,100
2026-10-10,sql,31
2026-10-10,referrals,25
2026-10-10,days_to_call,2
2026-10-10,satisfaction,8.2
2026-10-10,sla,96%
2026-10-10,escalations,1
2026-11-14,pipeline,20000
2026-11-14,new_customers,2
2026-11-14,webinar_leads,22
2026-11-14,mql,100
2026-11-14,sql,22
2026-11-14,referrals,11
2026-11-14,days_to_call,2
2026-11-14,satisfaction,8.1
2026-11-14,sla,97%
2026-11-14,escalations,1
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_project(root: Path, *, csv: str = CSV) -> Path:
    """scorecards/northwind.yaml, data/northwind.csv, an empty reviews/northwind/; returns the root."""
    write(root / "partnerscore.toml", "tolerance = 0.10\n")
    write(root / "scorecards" / "northwind.yaml", SCORECARD)
    write(root / "data" / "northwind.csv", csv)
    (root / "reviews" / "northwind").mkdir(parents=True, exist_ok=True)
    return root


def note(root: Path, day: str, text: str, partnership: str = "northwind") -> Path:
    return write(root / "reviews" / partnership / f"{day}.yaml", text)
