"""`partnerscore pull` of 1,000 partnerships from a DuckDB file against DuckDB writing the same CSVs itself.

    python benchmarks/bench_pull.py [--partnerships 1000] [--weeks 100] [--series 20] [--runs 3] [--keep DIR]

Builds (unless --keep names one already built) a project whose `warehouse.duckdb` holds one table of
weekly rows, partnerships × weeks × series (1,000 × 100 × 20 = 2 million), a scorecard and a query file per
partnership (`-- source: warehouse`, `SELECT date, metric, value FROM metrics WHERE partnership = '…'`),
then times, each in a fresh process and alternately:

- the floor: DuckDB itself writing the same rows to one CSV per partnership
  (`COPY … TO … (FORMAT csv, PARTITION_BY (partnership))`), import and connection included;
- a first pull into an empty data folder (1,000 new files, each written atomically);
- a second pull with nothing changed (every file read and compared, none rewritten).

Reports median wall and CPU seconds, and checks that the pull wrote what DuckDB wrote. The goal (issue
15): the first pull within 2x of the floor, the second well under the first.

`--compare SRC` also times the pull of another checkout's sources (e.g. `../base/src`, a worktree of the
code before a change) in the same loop, alternating with this one, so both meet the same machine load.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("COPY (SELECT partnership, date, metric, value FROM metrics) TO 'floor' "
            "(FORMAT csv, PARTITION_BY (partnership), OVERWRITE_OR_IGNORE)")
"""


def build(root: Path, partnerships: int, weeks: int, series: int) -> None:
    import duckdb

    (root / "scorecards").mkdir(parents=True)
    (root / "queries").mkdir()
    (root / "pyproject.toml").write_text('[tool.partnerscore.sources]\nwarehouse = "duckdb:///warehouse.duckdb"\n')
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        # Parameters are bound: the sizes are never formatted into the SQL.
        con.execute(
            "CREATE TABLE metrics AS SELECT printf('p%04d', p) AS partnership, "
            "DATE '2025-01-06' + CAST(7 * w AS INTEGER) AS date, printf('series_%02d', s) AS metric, "
            "round(random() * 1000, 1) AS value "
            "FROM range($1) t(p), range($2) u(w), range($3) v(s) ORDER BY partnership, date, metric",
            [partnerships, weeks, series])
    for p in range(partnerships):
        pid = f"p{p:04d}"
        (root / "scorecards" / f"{pid}.yaml").write_text(f"partnership: Partner {p}\n")
        (root / "queries" / f"{pid}.sql").write_text(
            f"-- source: warehouse\nSELECT date, metric, value FROM metrics WHERE partnership = '{pid}'\n")


def timed(args: list[str], cwd: Path, src: Path | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of a command in a fresh process (importing partnerscore from
    `src` when given)."""
    env = dict(os.environ, PYTHONPATH=str(src.resolve())) if src else None
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = os.times()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def same_rows(root: Path, partnerships: int) -> bool:
    """Whether the pull's files hold the rows DuckDB's own files hold (a sample of ten partnerships)."""
    for p in range(0, partnerships, max(1, partnerships // 10)):
        pid = f"p{p:04d}"
        ours = list(csv.reader((root / "data" / f"{pid}.csv").open()))[1:]
        floor = [row for path in (root / "floor" / f"partnership={pid}").glob("*.csv")
                 for row in list(csv.reader(path.open()))[1:]]
        if sorted((d, m, float(v)) for d, m, v in ours) != sorted((d, m, float(v)) for d, m, v in floor):
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--partnerships", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=100)
    parser.add_argument("--series", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the project here (or reuse it) and keep it")
    parser.add_argument("--compare", type=Path, metavar="SRC", help="also time the pull of the sources in SRC")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="partnerscore-bench-pull-"))
    if not (root / "warehouse.duckdb").exists():
        started = time.perf_counter()
        build(root, args.partnerships, args.weeks, args.series)
        print(f"built {root} in {time.perf_counter() - started:.1f} s")
    rows = args.partnerships * args.weeks * args.series
    pull = [sys.executable, "-m", "partnerscore", "pull"]
    results: dict[str, list[tuple[float, float]]] = {"floor": [], "first pull": [], "second pull": []}
    if args.compare:
        results.update({"first (SRC)": [], "second (SRC)": []})
    for _ in range(args.runs):
        shutil.rmtree(root / "floor", ignore_errors=True)
        results["floor"].append(timed([sys.executable, "-c", FLOOR, "warehouse.duckdb"], root))
        if args.compare:
            shutil.rmtree(root / "data", ignore_errors=True)
            results["first (SRC)"].append(timed(pull, root, args.compare))
            results["second (SRC)"].append(timed(pull, root, args.compare))
            if not same_rows(root, args.partnerships):
                raise SystemExit("the compared pull's files do not hold DuckDB's rows")
        shutil.rmtree(root / "data", ignore_errors=True)
        results["first pull"].append(timed(pull, root))
        results["second pull"].append(timed(pull, root))
    if not same_rows(root, args.partnerships):
        raise SystemExit("the pull's files do not hold DuckDB's rows")

    floor = statistics.median(wall for wall, _ in results["floor"])
    print(f"{args.partnerships} partnerships, {rows:,} rows; median of {args.runs} runs, each in a fresh process")
    print(f"{'':<14}{'wall s':>9}{'min s':>9}{'CPU s':>9}{'vs floor':>10}")
    for name, runs in results.items():
        wall = statistics.median(w for w, _ in runs)
        print(f"{name:<14}{wall:>9.2f}{min(w for w, _ in runs):>9.2f}{statistics.median(c for _, c in runs):>9.2f}"
              f"{wall / floor:>9.2f}x")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
