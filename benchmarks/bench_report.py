"""`partnerscore report --format json` on a large portfolio against the floor of `pandas.read_csv`.

    python benchmarks/bench_report.py [--partnerships 1000] [--years 5] [--runs 3] [--keep DIR]

Generates the portfolio (benchmarks/generate_portfolio.py) unless --keep names an existing one, then times,
each in a fresh process and alternately, (a) `pandas.read_csv` of the shared CSV alone (the floor: no tool
that reads the file with pandas can be faster) and (b) the installed `partnerscore report` command, reporting
medians, CPU time and peak memory (all its processes together, and the largest one). Linux: it uses
wait4 and /proc. The goal (issue 3): report within 2x of the floor, peak memory under 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_portfolio import generate  # noqa: E402

# The floor: import pandas and read the file, as a tool reading it with pandas must at least do.
FLOOR = """
import sys, pandas
pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
"""


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system of the process and every process it started and waited for
    largest_kib: int  # peak RSS of the largest one of those processes (wait4)
    together_kib: int  # peak of their RSS added up, sampled every 2 ms (the report runs up to three)
    stdout: str


def _tree_rss_kib(pid: int) -> int:
    """RSS of a process and its descendants, from /proc (Linux)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def timed(args: list[str], cwd: Path, sample_memory: bool = False) -> Run:
    """Run a command in a fresh process; its wall time, CPU time and memory (see Run). Sampling the memory
    of all its processes takes CPU from a command that keeps both cores busy, so it is done only when
    asked, in runs that are not timed (together_kib is 0 otherwise)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.002):
                peak[0] = max(peak[0], _tree_rss_kib(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if sample_memory:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # Linux: the usage of the process and its waited-for children
        elapsed = time.perf_counter() - start
        done.set()
        if sample_memory:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{args[:3]} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, peak[0], stdout)


def summary(runs: list[Run], memory: list[Run]) -> str:
    return (f"median {statistics.median(r.seconds for r in runs):.2f} s (min {min(r.seconds for r in runs):.2f}), "
            f"CPU {statistics.median(r.cpu_seconds for r in runs):.2f} s, "
            f"peak {max(r.together_kib for r in memory) / 1024:.0f} MiB all processes together "
            f"(largest one {max(r.largest_kib for r in runs + memory) / 1024:.0f} MiB)")


def partnerscore_command() -> str:
    """The installed `partnerscore` next to this Python: the very command a user runs."""
    script = Path(sys.executable).with_name("partnerscore")
    found = str(script) if script.exists() else shutil.which("partnerscore")
    if not found:
        raise SystemExit("no `partnerscore` command next to this Python; run `pip install -e .` first")
    return found


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

    cmd = [partnerscore_command(), args.command, "--format", "json", "--as-of", "2026-11-20"]
    # Alternately, so that both see the same machine (other jobs come and go on a shared one).
    floor, tool = [], []
    floor_cmd = [sys.executable, "-c", FLOOR, str(csv_path)]
    for _ in range(args.runs):
        floor.append(timed(floor_cmd, folder))
        tool.append(timed(cmd, folder))
    floor_memory = [timed(floor_cmd, folder, sample_memory=True) for _ in range(2)]
    tool_memory = [timed(cmd, folder, sample_memory=True) for _ in range(2)]
    if args.command == "report":
        payload = json.loads(tool[-1].stdout)
        assert len(payload["partnerships"]) == scorecards, "every partnership must be reported"

    floor_s = statistics.median(r.seconds for r in floor)
    tool_s = statistics.median(r.seconds for r in tool)
    print(f"pandas.read_csv floor: {summary(floor, floor_memory)}")
    print(f"partnerscore {args.command}: {summary(tool, tool_memory)}")
    print(f"ratio: {tool_s / floor_s:.2f}x the floor ({args.runs} runs each, medians; "
          f"min/min {min(r.seconds for r in tool) / min(r.seconds for r in floor):.2f}x)")


if __name__ == "__main__":
    main()
