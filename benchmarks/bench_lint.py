"""How fast is `partnerscore lint` against a plain schema check of the same files?

    python benchmarks/bench_lint.py [FOLDER] [--runs N]

Compares `partnerscore lint FOLDER` with `check-jsonschema --schemafile <our exported schema> FOLDER/*.yaml`
(the fastest thing a team could run instead, which checks far less). Uses hyperfine when it is installed,
else times each command with subprocess; prints the median of N runs (default 15) after 2 warm-up runs.
Lint must be at least as fast: it runs on every commit.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def _median_subprocess(command: list[str], runs: int) -> float:
    for _ in range(2):
        subprocess.run(command, capture_output=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _median_hyperfine(commands: list[list[str]], runs: int) -> list[float]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        export = out.name
    quoted = [" ".join(f"'{part}'" for part in command) for command in commands]
    subprocess.run(["hyperfine", "--warmup", "2", "--runs", str(runs), "--ignore-failure", "-N",
                    "--export-json", export, *quoted], check=True, capture_output=True)
    results = json.loads(Path(export).read_text())["results"]
    return [r["median"] for r in results]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="scorecards")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(args.folder)
    files = sorted(str(p) for p in folder.glob("*.yaml"))
    if not files:
        print(f"no *.yaml files in {folder}", file=sys.stderr)
        return 2
    schema = Path(tempfile.mkdtemp()) / "scorecard.schema.json"
    schema.write_text(subprocess.run([_tool("partnerscore"), "schema"], capture_output=True, text=True,
                                     check=True).stdout)
    commands = {
        "partnerscore lint": [_tool("partnerscore"), "lint", str(folder)],
        "check-jsonschema": [_tool("check-jsonschema"), "--schemafile", str(schema), *files],
    }
    if shutil.which("hyperfine"):
        medians = dict(zip(commands, _median_hyperfine(list(commands.values()), args.runs), strict=True))
        how = "hyperfine"
    else:
        medians = {name: _median_subprocess(command, args.runs) for name, command in commands.items()}
        how = "subprocess"
    print(f"{len(files)} files in {folder}, median of {args.runs} runs ({how}):")
    for name, seconds in medians.items():
        print(f"  {name:20s} {seconds * 1000:7.1f} ms")
    ratio = medians["partnerscore lint"] / medians["check-jsonschema"]
    print(f"  lint / check-jsonschema = {ratio:.2f}")
    return 0 if ratio <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
