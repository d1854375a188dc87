"""Time the report's JSON encoder on a big portfolio's record, against the standard library.

    python benchmarks/bench_json.py /tmp/bench/portfolio-shared --as-of 2026-11-20 --runs 11 \\
        [--old /tmp/bench/before/src/partnerscore/render/report_json.py]

Builds the portfolio once in process (PARTNERSCORE_JOBS=1), then times, alternately: `as_record()` (which
every encoder needs, not counted in theirs), `report_json.dumps` (orjson), `json.dumps(record, indent=2,
ensure_ascii=False)` (the text it must equal, byte for byte: checked) and, with --old, the `dumps` of another
report_json.py file (e.g. the hand-written encoder it replaced; its imports of partnerscore modules must
resolve in this one). Prints medians and the document's size.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import statistics
import time
from datetime import date
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", default="2026-11-20")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--old", type=Path, help="another report_json.py whose dumps to time as well")
    args = parser.parse_args()

    os.environ["PARTNERSCORE_JOBS"] = "1"
    os.chdir(args.folder)
    from partnerscore.io.paths import discover
    from partnerscore.io.settings import load_settings
    from partnerscore.render.report_json import dumps
    from partnerscore.report.build import build_portfolio

    settings = load_settings()
    portfolio = build_portfolio(discover([], settings), settings, date.fromisoformat(args.as_of))
    record = portfolio.as_record()
    encoders = {
        "as_record()": lambda: portfolio.as_record() and "",
        "dumps (orjson)": lambda: dumps(record),
        "json.dumps(indent=2)": lambda: json.dumps(record, indent=2, ensure_ascii=False),
    }
    if args.old:
        spec = importlib.util.spec_from_file_location("old_report_json", args.old)
        assert spec is not None and spec.loader is not None
        old = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(old)
        encoders["old dumps"] = lambda: old.dumps(record)
    texts = {name: encode() for name, encode in encoders.items() if name != "as_record()"}
    assert len(set(texts.values())) == 1, "the encoders disagree"
    times: dict[str, list[float]] = {name: [] for name in encoders}
    gc.disable()  # as in the command (report_cmd pauses the collector around building and rendering)
    for _ in range(args.runs):
        for name, encode in encoders.items():
            start = time.perf_counter()
            encode()
            times[name].append(time.perf_counter() - start)
    gc.enable()
    size = len(next(iter(texts.values())).encode())
    print(f"{len(portfolio.partnerships)} partnerships, {size / 1e6:.1f} MB of JSON, {args.runs} runs each; "
          f"load average {os.getloadavg()[0]:.2f}")
    for name, seconds in times.items():
        print(f"  {name:24s} median {statistics.median(seconds):.3f} s  min {min(seconds):.3f} s")


if __name__ == "__main__":
    main()
