"""`partnerscore report --format json` on a large portfolio against the floor of `pandas.read_csv`.

    python benchmarks/bench_report.py [--partnerships 1000] [--years 5] [--runs 3] [--keep DIR]

Generates the portfolio (benchmarks/generate_portfolio.py) unless --keep names an existing one, then times,
each in a fresh process, (a) `pandas.read_csv` of the shared CSV alone (the floor: no tool that reads the
file with pandas can be faster) and (b) the whole report command, reporting medians and peak memory (max RSS).
The goal (issue 3): report within 2x of the floor, peak memory under 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_portfolio import generate  # noqa: E402

# Each child prints its peak RSS (KiB on Linux) and CPU seconds (user + system, all threads) on
# stderr's last line. CPU time is steadier than wall time on a machine other jobs share. Processes the
# child itself started and waited for (report reads a big CSV in one) count too: their CPU is added,
# and so is the largest one's peak RSS, an upper bound of the two processes' peak together. The
# floor starts none, so for it this is exactly its own usage.
USAGE = """
r, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_maxrss + c.ru_maxrss, r.ru_utime + r.ru_stime + c.ru_utime + c.ru_stime, file=sys.stderr)
"""
FLOOR = """
import resource, sys, pandas
pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
""" + USAGE
REPORT = """
import resource, sys
from partnerscore.cli import main
try:
    main(sys.argv[1:])
finally:
""" + "".join("    " + line + "\n" for line in USAGE.strip().splitlines())


@dataclass
class Run:
    seconds: float
    rss_kib: int
    cpu_seconds: float
    stdout: str


def timed(args: list[str], cwd: Path) -> Run:
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{args[:3]} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    rss_kib, cpu = proc.stderr.strip().splitlines()[-1].split()
    return Run(elapsed, int(rss_kib), float(cpu), proc.stdout)


def summary(runs: list[Run]) -> str:
    return (f"median {statistics.median(r.seconds for r in runs):.2f} s (min {min(r.seconds for r in runs):.2f}), "
            f"CPU {statistics.median(r.cpu_seconds for r in runs):.2f} s, "
            f"peak {max(r.rss_kib for r in runs) / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=1000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="use (or create) the portfolio in this folder")
    parser.add_argument("--command", default="report", choices=("report", "lint"))
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="partnerscore-bench-"))
    csv_path = folder / "data" / "portfolio.csv"
    if not csv_path.exists():
        generate(folder, args.partnerships, args.years, end=__import__("datetime").date(2026, 11, 16))
    rows = sum(1 for _ in csv_path.open(encoding="utf-8")) - 1
    scorecards = len(list((folder / "scorecards").glob("*.yaml")))
    print(f"portfolio: {scorecards} scorecards, {rows:,} rows, {csv_path.stat().st_size / 1e6:.1f} MB CSV")

    floor = [timed([sys.executable, "-c", FLOOR, str(csv_path)], folder) for _ in range(args.runs)]
    if args.command == "report":
        cmd = [sys.executable, "-c", REPORT, "report", "--format", "json", "--as-of", "2026-11-20"]
    else:
        cmd = [sys.executable, "-c", REPORT, "lint", "--format", "json", "--as-of", "2026-11-20"]
    tool = [timed(cmd, folder) for _ in range(args.runs)]
    if args.command == "report":
        payload = json.loads(tool[-1].stdout)
        assert len(payload["partnerships"]) == scorecards, "every partnership must be reported"

    floor_s = statistics.median(r.seconds for r in floor)
    tool_s = statistics.median(r.seconds for r in tool)
    print(f"pandas.read_csv floor: {summary(floor)}")
    print(f"partnerscore {args.command}: {summary(tool)}")
    print(f"ratio: {tool_s / floor_s:.2f}x the floor ({args.runs} runs each, medians; "
          f"min/min {min(r.seconds for r in tool) / min(r.seconds for r in floor):.2f}x)")


if __name__ == "__main__":
    main()
