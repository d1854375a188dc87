"""Generate a synthetic portfolio: N partnerships sharing one long CSV of weekly values.

    python benchmarks/generate_portfolio.py OUT_DIR --partnerships 1000 --years 5

writes OUT_DIR/pyproject.toml, OUT_DIR/scorecards/pNNNNN.yaml and OUT_DIR/data/portfolio.csv (columns
partnership,date,metric,value). With the defaults (1,000 partnerships, 5 years, 9 weekly series each) the CSV has
about 2.3 million rows. Deterministic: the same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

SCORECARD = """\
partnership: Partner {n}
id: {pid}
goal: Grow joint pipeline with partner {n}.
type: co-marketing
lead: Lead {n}
partner: Partner Org {n}
data: ../data/portfolio.csv
outcomes:
  - {{id: pipeline, name: Influenced pipeline, owner: Lead {n}, partner_owner: P{n}, validated_by: RevOps,
     category: financial, unit: USD, period: quarter, target: {pipeline_target}, baseline: {pipeline_base}}}
  - {{id: new_customers, name: New customers, owner: Lead {n}, partner_owner: P{n}, validated_by: Finance,
     category: performance, period: quarter, target: 30, baseline: 20}}
drivers:
  - {{id: webinars, name: Webinars, owner: Marketing, partner_owner: P{n}, category: operational, target: 2,
     baseline: 1, drives: [pipeline]}}
  - {{id: leads_per_webinar, name: Leads per webinar, owner: Marketing, partner_owner: P{n},
     category: performance, unit: ratio, formula: webinar_leads / webinars, target: 4, baseline: 3,
     drives: [pipeline]}}
  - {{id: mql_to_sql, name: MQL to SQL, owner: Sales ops, partner_owner: P{n}, category: productivity,
     unit: percent, formula: sql / mql, target: 30%, baseline: 22%, drives: [pipeline, new_customers]}}
  - {{id: sql_to_opp, name: SQL to opportunity, owner: Sales ops, partner_owner: P{n}, category: productivity,
     unit: percent, formula: opps / sql, target: 20%, baseline: 15%, drives: [new_customers]}}
health:
  - {{id: satisfaction, name: Partner satisfaction, owner: Lead {n}, partner_owner: P{n},
     category: relationship, unit: score, period: quarter, cadence: quarterly, target: 8, baseline: 7}}
  - {{id: follow_up_sla, name: Lead follow-up within 24h, owner: SDR lead, partner_owner: P{n},
     category: customer, unit: percent, target: 95%, baseline: 80%}}
  - {{id: escalations, name: Escalations, owner: Lead {n}, partner_owner: P{n}, category: relationship,
     direction: down, target: 2, baseline: 5}}
"""

SERIES = ("pipeline", "new_customers", "webinars", "webinar_leads", "mql", "sql", "opps", "follow_up_sla",
          "escalations")


def weekly_rows(pid: str, start: date, weeks: int, rng: random.Random):
    scale = rng.uniform(0.6, 1.4)
    for w in range(weeks):
        day = (start + timedelta(weeks=w)).isoformat()
        mql = max(1, int(rng.gauss(40, 8) * scale))
        sql = int(mql * rng.uniform(0.18, 0.34))
        values = {
            "pipeline": int(rng.gauss(38000, 9000) * scale),
            "new_customers": max(0, int(rng.gauss(2.4, 1))),
            "webinars": rng.choice((0, 0, 1)),
            "webinar_leads": max(0, int(rng.gauss(2, 1))),
            "mql": mql,
            "sql": sql,
            "opps": int(sql * rng.uniform(0.1, 0.3)),
            "follow_up_sla": round(rng.uniform(0.8, 1.0), 3),
            "escalations": rng.choice((0, 0, 0, 1)),
        }
        for metric in SERIES:
            yield f"{pid},{day},{metric},{values[metric]}\n"


def generate(out: Path, partnerships: int, years: int, end: date) -> Path:
    (out / "scorecards").mkdir(parents=True, exist_ok=True)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "pyproject.toml").write_text("[tool.partnerscore]\nignore = []\n", encoding="utf-8")
    weeks = 52 * years
    start = end - timedelta(weeks=weeks - 1)
    start -= timedelta(days=start.weekday())  # Mondays
    rng = random.Random(20261125)
    csv_path = out / "data" / "portfolio.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("partnership,date,metric,value\n")
        for n in range(1, partnerships + 1):
            pid = f"p{n:05d}"
            base = rng.randrange(300_000, 450_000, 10_000)
            (out / "scorecards" / f"{pid}.yaml").write_text(
                SCORECARD.format(n=n, pid=pid, pipeline_target=base + 150_000, pipeline_base=base),
                encoding="utf-8",
            )
            handle.writelines(weekly_rows(pid, start, weeks, rng))
            quarter_start = date(start.year, 1, 1)
            while quarter_start <= end:
                if quarter_start >= start:
                    handle.write(f"{pid},{quarter_start.isoformat()},satisfaction,"
                                 f"{round(rng.uniform(6, 9.5), 1)}\n")
                month = quarter_start.month + 3
                quarter_start = date(quarter_start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return csv_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--partnerships", type=int, default=1000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 11, 16))
    args = parser.parse_args()
    csv_path = generate(args.out, args.partnerships, args.years, args.end)
    rows = sum(1 for _ in csv_path.open(encoding="utf-8")) - 1
    print(f"{args.partnerships} scorecards, {rows} rows in {csv_path} "
          f"({csv_path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
