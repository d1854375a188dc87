"""Load test: `lint` and `report --format json` on a 10,000-partnership portfolio, time and peak memory.

    python benchmarks/bench_load.py [--partnerships 10000] [--years 1] [--keep DIR] [--profile lint|report]

Generates the portfolio with benchmarks/generate_portfolio.py (10,000 scorecards sharing one long CSV;
one year is ~4.7 million rows, ~140 MB) unless --keep names an existing one, then runs each command once
in a fresh process (the installed `partnerscore`) and prints wall time, CPU time and peak memory (all of
its processes together, sampled every 2 ms, and the largest one). With --profile, one
more run of that command under cProfile prints the 25 most expensive functions (cumulative time).

Why one year: five years would be ~24 million rows (~700 MB), over the 200 MiB bound of a data CSV
(partnerscore.data.table.MAX_CSV_BYTES), so both commands would refuse the file rather than load it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_report import partnerscore_command, timed  # noqa: E402
from generate_portfolio import generate  # noqa: E402

PROFILED = """
import cProfile, pstats, sys
from partnerscore.cli import main
profile = cProfile.Profile()
try:
    profile.runcall(main, sys.argv[1:])
except SystemExit:
    pass
finally:
    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
"""
COMMANDS = {
    "lint": ["lint", "--format", "json", "--as-of", "2026-11-20"],
    "report": ["report", "--format", "json", "--as-of", "2026-11-20"],
}


def run(argv: list[str], cwd: Path) -> dict:
    """The installed command once, its memory sampled (all its processes together: report runs up to three)."""
    result = timed([partnerscore_command(), *argv], cwd, sample_memory=True)
    summary = ""
    try:
        record = json.loads(result.stdout)
        if "summary" in record:
            summary = f"{record['summary']}"
        else:
            summary = f"{len(record['partnerships'])} partnerships reported"
    except (ValueError, KeyError):
        summary = "no JSON on stdout"
    return {"command": argv[0], "seconds": round(result.seconds, 1), "cpu_seconds": round(result.cpu_seconds, 1),
            "peak_mib_together": round(result.together_kib / 1024),
            "peak_mib_largest": round(result.largest_kib / 1024),
            "summary": summary}


def profile(argv: list[str], cwd: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", PROFILED, *argv], cwd=cwd, capture_output=True, text=True)
    return proc.stderr[-12000:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="use (or create) the portfolio in this folder")
    parser.add_argument("--profile", choices=sorted(COMMANDS), help="also profile this command once")
    parser.add_argument("--only", choices=sorted(COMMANDS), help="time only this command")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="partnerscore-load-"))
    csv_path = folder / "data" / "portfolio.csv"
    if not csv_path.exists():
        start = time.perf_counter()
        generate(folder, args.partnerships, args.years, date(2026, 11, 16))
        print(f"generated {folder} in {time.perf_counter() - start:.0f} s", flush=True)
    print(f"portfolio: {len(list((folder / 'scorecards').glob('*.yaml')))} scorecards, "
          f"{csv_path.stat().st_size / 1e6:.0f} MB CSV", flush=True)
    for name, argv in COMMANDS.items():
        if args.only and name != args.only:
            continue
        print(json.dumps(run(argv, folder)), flush=True)
    if args.profile:
        print(profile(COMMANDS[args.profile], folder))


if __name__ == "__main__":
    main()
