"""How long hostile input takes to be refused: the timings that used to be asserts in the test suite.

    python benchmarks/bench_hostile.py [--runs N]

The tests bound the work instead (calls made and memory, tests/work_bounds.py), which does not depend on
the machine or its load; this prints the wall time, median of N runs (default 7), for a person to read:
each YAML bound in-process (the libyaml fast path and the pure-Python parser), a 20,000-character formula,
and whole `partnerscore lint` / `report` runs (process start included) on a project whose scorecards are
every kind of bad file and whose CSV is a 1 GiB sparse file. Before, the tests said: under 0.5 s each
in-process (1.0 s for 120,000 values), 5 s for the lint run, 10 s and 15 s with the 1 GiB CSV.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-20"

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True))
YAML_INPUTS = {
    "alias bomb (10**8 values)": BOMB,
    "20,000 nested brackets": "a: " + "[" * 20000 + "]" * 20000,
    "20,000 nested braces": "{" * 20000,
    "300 indented levels": "".join("  " * i + f"k{i}:\n" for i in range(300)),
    "120,000 values": "a: [" + "1, " * 120_000 + "]\n",
}
BAD_SCORECARDS = {
    "latin1.yaml": "goal: café\n".encode("latin-1"),
    "noise.yaml": bytes((i * 97 + 3) % 256 for i in range(2000)),
    "tabs.yaml": b"partnership: x\n\tgoal: y\n",
    "bomb.yaml": BOMB.encode(),
    "nested.yaml": ("a: " + "[" * 20000 + "]" * 20000 + "\n").encode(),
}


def median_seconds(func: Callable[[], object], runs: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def project(root: Path) -> Path:
    """The repository's examples, plus every kind of bad scorecard and a 1 GiB sparse kestrel.csv."""
    for name in ("scorecards", "data", "reviews"):
        shutil.copytree(REPO / name, root / name)
    for name, data in BAD_SCORECARDS.items():
        (root / "scorecards" / name).write_bytes(data)
    with (root / "data" / "kestrel.csv").open("r+b") as handle:
        handle.truncate(1 << 30)
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from partnerscore.calc.formula import FormulaError, parse_formula
    from partnerscore.yamlsource import loader, parse_yaml

    print(f"median of {args.runs} runs, in-process:")
    for label, parser_class in (("libyaml", loader._Loader), ("pure Python", loader._PyLoader)):
        loader._Loader = parser_class
        for name, text in YAML_INPUTS.items():
            seconds = median_seconds(lambda text=text: parse_yaml(text, "hostile.yaml"), args.runs)
            print(f"  {label:12s} {name:28s} {seconds * 1000:8.1f} ms")

    def long_formula() -> None:
        with contextlib.suppress(FormulaError):
            parse_formula("(" * 10_000 + "a" + ")" * 10_000)

    seconds = median_seconds(long_formula, args.runs)
    print(f"  {'formula':12s} {'10,000 nested parentheses':28s} {seconds * 1000:8.1f} ms")

    print(f"median of {args.runs} runs, the whole command:")
    with tempfile.TemporaryDirectory() as tmp:
        root = project(Path(tmp))
        for command in (["lint", "--format", "json", "--as-of", AS_OF],
                        ["report", "--format", "json", "--as-of", AS_OF]):
            argv = [sys.executable, "-m", "partnerscore", *command]
            seconds = median_seconds(lambda argv=argv: subprocess.run(argv, cwd=root, capture_output=True), args.runs)
            print(f"  partnerscore {' '.join(command):42s} {seconds * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
