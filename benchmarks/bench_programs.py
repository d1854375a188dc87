"""Programs at scale: lint and report of 10,000 scorecards that extend 3 programs, with one shared CSV.

    python benchmarks/bench_programs.py [--partnerships 10000] [--weeks 8] [--runs 3] [--keep DIR]

Generates (unless --keep names an existing one) two projects with the same partnerships and the same
shared CSV (columns partnership,date,metric,value):

- `programs/`: a base program, a gold and a silver tier on it, and N short scorecards, a third extending
  each, every one naming its partner owners and changing one target under `metrics:`;
- `flat/`: the same N scorecards written out in full, as they are after the merge (no programs).

Then times, each in a fresh process and alternately:

1. `partnerscore lint` of the program project against `check-jsonschema --schemafile <partnerscore schema>`
   over the same N scorecard files in one run (goal: lint no slower);
2. `partnerscore report --format json` of the program project against the same report of the flat project
   (goal: within 2x), and checks that both reports are the same but for each partnership's `program`;
3. how many times each program file is parsed in one lint run and one report run, in process (goal: once).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

AS_OF = "2026-11-20"
END = date(2026, 11, 16)
SERIES = ("pipeline", "new_customers", "webinars", "webinar_leads", "mql", "sql", "opps", "follow_up_sla",
          "escalations")

BASE = """\
program: Co-marketing partner programme
goal: Grow joint pipeline with every partner of the programme.
type: co-marketing
outcomes:
  - {id: pipeline, name: Influenced pipeline, owner: Programme lead, validated_by: RevOps, category: financial,
     unit: USD, period: quarter, target: 450000, baseline: 300000}
  - {id: new_customers, name: New customers, owner: Programme lead, validated_by: Finance, category: performance,
     period: quarter, target: 30, baseline: 20}
drivers:
  - {id: webinars, name: Webinars, owner: Marketing, category: operational, target: 2, baseline: 1,
     drives: [pipeline]}
  - {id: leads_per_webinar, name: Leads per webinar, owner: Marketing, category: performance, unit: ratio,
     formula: webinar_leads / webinars, target: 4, baseline: 3, drives: [pipeline]}
  - {id: mql_to_sql, name: MQL to SQL, owner: Sales ops, category: productivity, unit: percent,
     formula: sql / mql, target: 30%, baseline: 22%, drives: [pipeline, new_customers]}
  - {id: sql_to_opp, name: SQL to opportunity, owner: Sales ops, category: productivity, unit: percent,
     formula: opps / sql, target: 20%, baseline: 15%, drives: [new_customers]}
health:
  - {id: satisfaction, name: Partner satisfaction, owner: Programme lead, category: relationship, unit: score,
     period: quarter, cadence: quarterly, target: 8, baseline: 7}
  - {id: follow_up_sla, name: Lead follow-up within 24h, owner: SDR lead, category: customer, unit: percent,
     target: 95%, baseline: 80%}
  - {id: escalations, name: Escalations, owner: Programme lead, category: relationship, direction: down,
     target: 2, baseline: 5}
"""
TIERS = {
    "gold": {"new_customers": {"target": 40, "baseline": 28}, "webinars": {"target": 3, "baseline": 2}},
    "silver": {"new_customers": {"target": 20, "baseline": 12}, "mql_to_sql": {"target": "28%"}},
}
PROGRAMS = ("base", "gold", "silver")
METRICS = ("pipeline", "new_customers", "webinars", "leads_per_webinar", "mql_to_sql", "sql_to_opp",
           "satisfaction", "follow_up_sla", "escalations")


def _program_files(root: Path) -> dict:
    """Write the three programs; return the base's metrics by id (as plain dicts), for the flat scorecards."""
    import yaml

    (root / "programs").mkdir(parents=True, exist_ok=True)
    (root / "programs" / "base.yaml").write_text(BASE, encoding="utf-8")
    for tier, changes in TIERS.items():
        lines = [f"program: {tier.title()} tier", "extends: base", "metrics:"]
        lines += [f"  {mid}: {json.dumps(fields)}" for mid, fields in changes.items()]
        (root / "programs" / f"{tier}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return yaml.safe_load(BASE)


def _flat(base: dict, program: str, n: int, pid: str, own: dict) -> dict:
    """The scorecard as the merge makes it: the base, the tier's changes, then the scorecard's."""
    card = {"partnership": f"Partner {n}", "id": pid, "goal": base["goal"], "type": base["type"],
            "lead": f"Lead {n}", "partner": f"Partner Org {n}", "data": "../data/portfolio.csv"}
    for layer in ("outcomes", "drivers", "health"):
        metrics = []
        for metric in base[layer]:
            merged = dict(metric)
            merged.update(TIERS.get(program, {}).get(metric["id"], {}))
            merged.update(own.get(metric["id"], {}))
            metrics.append(merged)
        card[layer] = metrics
    return card


def generate(root: Path, partnerships: int, weeks: int) -> None:
    import yaml

    rng = random.Random(20261206)
    for project in ("programs", "flat"):
        for folder in ("scorecards", "data"):
            (root / project / folder).mkdir(parents=True, exist_ok=True)
        (root / project / "pyproject.toml").write_text("[tool.partnerscore]\nignore = []\n", encoding="utf-8")
    base = _program_files(root / "programs")
    start = END - timedelta(weeks=weeks - 1)
    csv_path = root / "programs" / "data" / "portfolio.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as csv:
        csv.write("partnership,date,metric,value\n")
        for n in range(1, partnerships + 1):
            pid, program = f"p{n:05d}", PROGRAMS[n % 3]
            target = rng.randrange(400_000, 650_000, 10_000)
            own = {mid: {"partner_owner": f"P{n}"} for mid in METRICS}
            own["pipeline"].update({"target": target, "baseline": target - 150_000})
            lines = [f"extends: {program}", f"partnership: Partner {n}", f"id: {pid}", f"lead: Lead {n}",
                     f"partner: Partner Org {n}", "data: ../data/portfolio.csv", "metrics:"]
            lines += [f"  {mid}: {json.dumps(fields)}" for mid, fields in own.items()]
            (root / "programs" / "scorecards" / f"{pid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
            flat = _flat(base, program, n, pid, own)
            (root / "flat" / "scorecards" / f"{pid}.yaml").write_text(
                yaml.safe_dump(flat, sort_keys=False, width=120), encoding="utf-8")
            scale = rng.uniform(0.6, 1.4)
            for w in range(weeks):
                day = (start + timedelta(weeks=w)).isoformat()
                mql = max(1, int(rng.gauss(40, 8) * scale))
                sql = int(mql * rng.uniform(0.18, 0.34))
                values = {"pipeline": int(rng.gauss(38000, 9000) * scale), "new_customers": rng.choice((1, 2, 3)),
                          "webinars": rng.choice((0, 0, 1)), "webinar_leads": rng.choice((1, 2, 3)), "mql": mql,
                          "sql": sql, "opps": int(sql * rng.uniform(0.1, 0.3)),
                          "follow_up_sla": round(rng.uniform(0.8, 1.0), 3), "escalations": rng.choice((0, 0, 1))}
                csv.writelines(f"{pid},{day},{metric},{values[metric]}\n" for metric in SERIES)
            csv.write(f"{pid},2026-10-01,satisfaction,{round(rng.uniform(6, 9.5), 1)}\n")
    shutil.copy2(csv_path, root / "flat" / "data" / "portfolio.csv")


def _partnerscore(*args: str) -> list[str]:
    return [sys.executable, "-m", "partnerscore", *args]


def _check_jsonschema() -> str:
    found = Path(sys.executable).with_name("check-jsonschema")
    return str(found) if found.exists() else (shutil.which("check-jsonschema") or "check-jsonschema")


def timed(command: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds (this process and its children) of one run in a fresh process."""
    before = os.times()
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system), proc


def alternate(commands: dict[str, tuple[list[str], Path]], runs: int) -> dict[str, list[tuple[float, float]]]:
    """Each command `runs` times, one after the other in turn, so that all see the same machine."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, cwd) in commands.items():
            wall, cpu, _ = timed(command, cwd)
            times[name].append((wall, cpu))
    return times


PARSES = """
import collections, datetime, sys
from pathlib import Path
import partnerscore.model.program_file as program_file
from partnerscore.io.paths import discover
from partnerscore.io.settings import load_settings
counts = collections.Counter()
real = program_file.load_yaml
def counting(path, display=None, **kw):
    counts[str(display)] += 1
    return real(path, display, **kw)
program_file.load_yaml = counting
settings = load_settings(Path.cwd())
files = discover([], settings)
day = datetime.date.fromisoformat(sys.argv[2])
if sys.argv[1] == "lint":
    from partnerscore.lint.engine import run_lint
    run_lint(files, settings, day)
else:
    from partnerscore.report.build import build_portfolio
    build_portfolio(files, settings, day)
print(dict(sorted(counts.items())))
"""


def parses(project: Path, command: str) -> str:
    proc = subprocess.run([sys.executable, "-c", PARSES, command, AS_OF], cwd=project, capture_output=True,
                          text=True, check=True)
    return proc.stdout.strip()


def _line(name: str, times: list[tuple[float, float]]) -> str:
    walls = [w for w, _ in times]
    return (f"  {name:42s} median {statistics.median(walls):6.2f} s  (min {min(walls):6.2f}, "
            f"CPU {statistics.median(c for _, c in times):6.2f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="use (or create) the projects in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="partnerscore-programs-"))
    if not (root / "programs" / "data" / "portfolio.csv").exists():
        generate(root, args.partnerships, args.weeks)
    programs, flat = root / "programs", root / "flat"
    cards = sorted(str(p) for p in (programs / "scorecards").glob("*.yaml"))
    csv = programs / "data" / "portfolio.csv"
    rows = sum(1 for _ in csv.open(encoding="utf-8")) - 1
    print(f"{len(cards):,} scorecards extending 3 programs; one CSV of {rows:,} rows "
          f"({csv.stat().st_size / 1e6:.1f} MB)")

    schema = root / "scorecard.schema.json"
    schema.write_text(subprocess.run(_partnerscore("schema"), capture_output=True, text=True, check=True).stdout)

    # Correctness first: the merged report is the flat one, but for `program`.
    with_programs = json.loads(timed(_partnerscore("report", "--format", "json", "--as-of", AS_OF), programs)[2].stdout)
    without = json.loads(timed(_partnerscore("report", "--format", "json", "--as-of", AS_OF), flat)[2].stdout)
    assert len(with_programs["partnerships"]) == len(cards), "every partnership must be reported"
    for record in with_programs["partnerships"]:
        assert record.pop("program") in PROGRAMS
    for record in without["partnerships"]:
        assert record.pop("program") is None
    assert with_programs == without, "the report of the merged scorecards differs from the flat one"
    lint = timed(_partnerscore("lint", "--format", "json", "--as-of", AS_OF), programs)[2]
    summary = json.loads(lint.stdout)["summary"]
    checked = timed([_check_jsonschema(), "--schemafile", str(schema), *cards], programs)[2]
    print(f"lint: {summary}; check-jsonschema: exit {checked.returncode}")

    lint_times = alternate({
        "partnerscore lint (programs)": (_partnerscore("lint", "--as-of", AS_OF), programs),
        "check-jsonschema (same files, one run)": ([_check_jsonschema(), "--schemafile", str(schema), *cards],
                                                   programs),
    }, args.runs)
    report_times = alternate({
        "report --format json (programs)": (_partnerscore("report", "--format", "json", "--as-of", AS_OF),
                                            programs),
        "report --format json (flat, no programs)": (_partnerscore("report", "--format", "json", "--as-of", AS_OF),
                                                     flat),
    }, args.runs)
    print(f"median of {args.runs} alternate runs:")
    for times in (lint_times, report_times):
        for name, runs in times.items():
            print(_line(name, runs))
    lint_ratio = (statistics.median(w for w, _ in lint_times["partnerscore lint (programs)"])
                  / statistics.median(w for w, _ in lint_times["check-jsonschema (same files, one run)"]))
    report_ratio = (statistics.median(w for w, _ in report_times["report --format json (programs)"])
                    / statistics.median(w for w, _ in report_times["report --format json (flat, no programs)"]))
    print(f"  lint / check-jsonschema = {lint_ratio:.2f} (goal <= 1)")
    print(f"  report with programs / without = {report_ratio:.2f} (goal <= 2)")
    print(f"program files parsed, lint run: {parses(programs, 'lint')}")
    print(f"program files parsed, report run: {parses(programs, 'report')}")
    return 0 if lint_ratio <= 1 and report_ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
