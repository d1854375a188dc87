"""Report on a shared CSV and on one CSV per partnership, lint and --help, for one or more installed commands.

Make the two layouts of the same 2.36 M rows once (1,000 partnerships x 5 years, deterministic):

    python benchmarks/bench_layouts.py prepare /tmp/bench/portfolio-shared /tmp/bench/portfolio-split

shared: data/portfolio.csv (partnership,date,metric,value) named by every scorecard's `data:`; split: the same
rows in data/<id>.csv (date,metric,value), scorecards without `data:` (the default layout). Then, with a Python
that has pandas (the floors run with it, check-jsonschema is taken next to it):

    python benchmarks/bench_layouts.py run /tmp/bench/portfolio-shared /tmp/bench/portfolio-split \\
        --command before=/tmp/bench/before/.venv/bin/partnerscore \\
        --command after=/tmp/bench/after/.venv/bin/partnerscore --examples /tmp/bench/before --runs 7

`run` first checks that each command's `report --format json` output is the same in both layouts (and the same
for every command), then after one warm-up round times, alternately and each in a fresh process: the floors
(`import pandas` + `pandas.read_csv` of the shared CSV; of each of the 1,000 files, in one loop), `report --format json
--as-of DATE > /dev/null` in each layout, `lint scorecards` in the examples folder against
`check-jsonschema --schemafile docs/scorecard.schema.json scorecards/*.yaml` (as bench_lint.py), and
`--help`. It prints medians of wall time and CPU time (wait4), the peak RSS of the largest process (GNU time)
and of the report's processes together (one extra sampled run, as bench_report.py), and the ratios. Linux only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_lint import _tool  # noqa: E402
from bench_report import timed  # noqa: E402
from generate_portfolio import generate  # noqa: E402

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
SHARED_DATA = "data: ../data/portfolio.csv\n"
FLOOR_SHARED = "import sys, pandas\npandas.read_csv(sys.argv[1]{kw})\n"
FLOOR_SPLIT = """import os, sys, pandas
for name in sorted(os.listdir(sys.argv[1])):
    pandas.read_csv(os.path.join(sys.argv[1], name){kw})
"""


def prepare(shared: Path, split: Path, partnerships: int, years: int) -> None:
    """The shared layout (generate_portfolio.py), then the same rows and scorecards split per partnership."""
    csv_path = generate(shared, partnerships, years, end=date(2026, 11, 16))
    (split / "scorecards").mkdir(parents=True, exist_ok=True)
    (split / "data").mkdir(parents=True, exist_ok=True)
    (split / "pyproject.toml").write_bytes((shared / "pyproject.toml").read_bytes())
    for card in sorted((shared / "scorecards").glob("*.yaml")):
        text = card.read_text(encoding="utf-8")
        assert text.count(SHARED_DATA) == 1, card
        (split / "scorecards" / card.name).write_text(text.replace(SHARED_DATA, ""), encoding="utf-8")
    out, current, rows = None, None, 0
    with csv_path.open(encoding="utf-8", newline="") as source:
        next(source)  # header
        for line in source:
            pid, rest = line.split(",", 1)
            if pid != current:  # the generator writes each partnership's rows together
                if out:
                    out.close()
                assert not (split / "data" / f"{pid}.csv").exists(), f"{pid}: rows not contiguous"
                out = (split / "data" / f"{pid}.csv").open("w", encoding="utf-8", newline="")
                out.write("date,metric,value\n")
                current = pid
            out.write(rest)
            rows += 1
    out.close()
    print(f"{rows:,} rows: {csv_path} and {len(list((split / 'data').glob('*.csv')))} files in {split / 'data'}")


def wall(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """One fresh process, stdout to /dev/null: wall seconds, user+sys CPU (wait4) and max RSS in KiB. The max
    RSS is GNU time's when /usr/bin/time exists: wait4's own counts this (bigger) process' RSS in a child it
    starts with vfork (exec keeps the old memory's high-water mark), hiding what small commands use."""
    with tempfile.NamedTemporaryFile("r") as rss, tempfile.TemporaryFile() as err:
        gnu = [TIME, "-f", "%M", "-o", rss.name] if TIME else []
        start = time.perf_counter()
        proc = subprocess.Popen(gnu + args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = proc.returncode = os.waitstatus_to_exitcode(status)
        peak = int(rss.read().split()[-1]) if TIME else usage.ru_maxrss
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if code not in (0, 1):
        raise SystemExit(f"{args[:3]} failed ({code}):\n{stderr[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, peak


def run(args: argparse.Namespace) -> None:
    report = ["report", "--format", "json", "--as-of", args.as_of]
    args.shared, args.split = args.shared.resolve(), args.split.resolve()
    examples = args.examples.resolve()
    kw = f", {args.floor_kwargs}" if args.floor_kwargs else ""
    cases: dict[str, tuple[list[str], Path]] = {
        "floor shared (read_csv)": ([args.python, "-c", FLOOR_SHARED.format(kw=kw),
                                     str(args.shared / "data" / "portfolio.csv")], args.shared),
        "floor split (read_csv per file)": ([args.python, "-c", FLOOR_SPLIT.format(kw=kw), str(args.split / "data")],
                                         args.split),
        "check-jsonschema examples": ([_tool("check-jsonschema"), "--schemafile", "docs/scorecard.schema.json",
                                       *sorted(str(p.relative_to(examples)) for p in
                                               (examples / "scorecards").glob("*.yaml"))], examples),
    }
    reference = None
    for label, command in args.command:
        outputs = [timed([command, *report], folder, sample_memory=True) for folder in (args.shared, args.split)]
        same = outputs[0].stdout == outputs[1].stdout
        reference = reference or outputs[0].stdout
        print(f"{label}: report output {len(outputs[0].stdout) / 1e6:.1f} MB; shared == split: {same}; "
              f"== {args.command[0][0]}: {outputs[0].stdout == reference}; processes together: "
              f"{outputs[0].together_kib / 1024:.0f} / {outputs[1].together_kib / 1024:.0f} MiB (shared/split)",
              flush=True)
        cases[f"{label} report shared"] = ([command, *report], args.shared)
        cases[f"{label} report split"] = ([command, *report], args.split)
        cases[f"{label} lint examples"] = ([command, "lint", "scorecards"], examples)
        cases[f"{label} --help"] = ([command, "--help"], examples)

    times: dict[str, list[tuple[float, float, int]]] = {name: [] for name in cases}
    for round_ in range(args.runs + 1):  # round 0 warms up and is not counted
        for name, (command, cwd) in cases.items():
            result = wall(command, cwd)
            if round_:
                times[name].append(result)
        print(f"round {round_}/{args.runs} done", file=sys.stderr, flush=True)

    med = {name: statistics.median(r[0] for r in rs) for name, rs in times.items()}
    print(f"\n{args.runs} alternate runs each, fresh processes; load average before/after: "
          f"{args.load_before} / {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    width = max(map(len, times))
    print(f"{'':{width}s} {'median s':>9s} {'min s':>7s} {'CPU s':>7s} {'peak MiB':>9s}")
    for name, rs in times.items():
        print(f"{name:{width}s} {med[name]:9.3f} {min(r[0] for r in rs):7.3f} "
              f"{statistics.median(r[1] for r in rs):7.2f} {max(r[2] for r in rs) / 1024:9.0f}")
    print()
    for label, _ in args.command:
        shared, split = med[f"{label} report shared"], med[f"{label} report split"]
        print(f"{label}: report/floor shared {shared / med['floor shared (read_csv)']:.2f}x, "
              f"split {split / med['floor split (read_csv per file)']:.2f}x; "
              f"split/shared report {split / shared:.2f}x; "
              f"lint/check-jsonschema {med[f'{label} lint examples'] / med['check-jsonschema examples']:.2f}")


def labelled(text: str) -> tuple[str, str]:
    label, _, path = text.rpartition("=")
    return (label or path, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    prep = sub.add_parser("prepare", help="write both layouts")
    timing = sub.add_parser("run", help="check outputs, then time")
    for p in (prep, timing):
        p.add_argument("shared", type=Path)
        p.add_argument("split", type=Path)
    prep.add_argument("--partnerships", type=int, default=1000)
    prep.add_argument("--years", type=int, default=5)
    timing.add_argument("--command", type=labelled, action="append", required=True,
                        help="LABEL=PATH of an installed partnerscore (repeatable)")
    timing.add_argument("--examples", type=Path, default=HERE.parent, help="a checkout: scorecards/, docs/")
    timing.add_argument("--runs", type=int, default=7)
    timing.add_argument("--as-of", default="2026-11-20")
    timing.add_argument("--python", default=sys.executable, help="the Python (with pandas) of the floors")
    timing.add_argument("--floor-kwargs", default="",
                        help='extra read_csv arguments, e.g. "dtype=str, keep_default_na=False" (bench_report.py)')
    args = parser.parse_args()
    if args.what == "prepare":
        prepare(args.shared, args.split, args.partnerships, args.years)
    else:
        args.load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        run(args)


if __name__ == "__main__":
    main()
