"""A small project for the "every finding at once" tests: a scorecard with every metric on one line (a YAML
flow mapping, so a finding's line says which metric it is about), its CSV and a recent decision note."""

from __future__ import annotations

# Every metric on one line: a finding's line says which metric it is about.
HEAD = """\
partnership: Acme referrals
goal: Make Acme our largest referral channel.
type: referral
lead: Dana Lee
partner: Acme Inc
"""
OUTCOMES = [  # lines 7, 8
    "{id: revenue, name: Sourced revenue, owner: Dana, partner_owner: Tom, validated_by: Finance, "
    "category: financial, unit: USD, target: 500000, baseline: 300000}",
    "{id: pipeline, name: Influenced pipeline, owner: Dana, partner_owner: Tom, validated_by: RevOps, "
    "category: financial, unit: USD, target: 900000, baseline: 600000}",
]
DRIVERS = [  # lines 10-13
    "{id: referrals, name: Referrals sent, owner: Priya, partner_owner: Tom, category: performance, target: 40, "
    "baseline: 25, drives: [revenue, pipeline]}",
    "{id: mql_to_sql, name: MQL to SQL, owner: Priya, partner_owner: Tom, category: performance, unit: percent, "
    "formula: sql / mql, target: 30%, baseline: 22%, drives: [pipeline]}",
    "{id: enablements, name: Consultants enabled, owner: Sam, partner_owner: Ann, category: productivity, "
    "target: 12, baseline: 5, drives: [revenue]}",
    "{id: joint_calls, name: Joint calls, owner: Sam, partner_owner: Ann, category: productivity, target: 20, "
    "baseline: 10, drives: [revenue]}",
]
HEALTH = [  # lines 15-17
    "{id: nps, name: Partner NPS, owner: Lee, partner_owner: Ann, category: relationship, unit: score, "
    "target: 50, baseline: 40}",
    "{id: escalations, name: Escalations, owner: Lee, partner_owner: Ann, category: customer, direction: down, "
    "target: 2, baseline: 5}",
    "{id: response_days, name: Lead response time, owner: Lee, partner_owner: Ann, category: operational, "
    "unit: days, direction: down, target: 1, baseline: 3}",
]
CSV = """\
date,metric,value
2026-11-02,revenue,120000
2026-11-02,pipeline,300000
2026-11-02,referrals,12
2026-11-02,mql,40
2026-11-02,sql,11
2026-11-02,enablements,3
2026-11-02,joint_calls,6
2026-11-02,nps,45
2026-11-02,escalations,1
2026-11-02,response_days,1.5
"""
# A recent review, so that PS706 stays out of every test but the ones about it.
RECENT_NOTE = """\
decisions:
  - {what: Keep course, owner: Dana Lee, due: 2026-12-04}
"""


def scorecard(outcomes=OUTCOMES, drivers=DRIVERS, health=HEALTH, head=HEAD) -> str:
    def layer(name, metrics):
        return f"{name}:\n" + "".join(f"  - {m}\n" for m in metrics)

    return head + layer("outcomes", outcomes) + layer("drivers", drivers) + layer("health", health)
