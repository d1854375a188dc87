"""Where a report's time goes: timers around its main steps, without a profiler's overhead.

Usage (in a project folder):
    python benchmarks/report_phases.py report --format json --as-of 2026-11-20 > /dev/null

Prints to stderr the time to import the command, when the data store's child process starts, and per step
(loading the scorecards, waiting for the child, the status arithmetic, the decision loop, the JSON) how many
calls and how many seconds in all. The steps are the functions named below; a step another one calls is
counted inside that one too (`partnership_report` holds `metric_report`).
"""

from __future__ import annotations

import atexit
import sys
import time
from collections.abc import Callable
from typing import Any

T0 = time.perf_counter()
_totals: dict[str, tuple[int, float]] = {}


def _timed(owner: Any, name: str) -> None:
    """Replace owner.name by a wrapper that adds its calls and seconds to _totals."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            calls, seconds = _totals.get(name, (0, 0.0))
            _totals[name] = (calls + 1, seconds + time.perf_counter() - start)

    setattr(owner, name, wrapper)


def main() -> None:
    import partnerscore.data._child as child
    import partnerscore.render.report_json as report_json
    import partnerscore.report.build as build
    import partnerscore.report.decisions  # noqa: F401 - the decision loop, imported as build uses it
    from partnerscore.cli import run
    from partnerscore.data.store import MetricStore

    for name in ("build_portfolio", "select_scorecards", "partnership_report", "metric_report",
                 "apply_decision_loop", "review_history", "_name_left_out", "_mark_formula_problems"):
        _timed(build, name)
    _timed(MetricStore, "_from_child")  # waiting for the child's answers
    _timed(report_json, "render_json")
    start_child = child.start

    def start() -> Any:
        print(f"child started at {time.perf_counter() - T0:.3f} s", file=sys.stderr)
        return start_child()

    child.start = start
    print(f"imported at {time.perf_counter() - T0:.3f} s", file=sys.stderr)

    @atexit.register
    def show() -> None:
        print(f"total {time.perf_counter() - T0:.3f} s", file=sys.stderr)
        for name, (calls, seconds) in _totals.items():
            print(f"{name:25s} {calls:6d} calls {seconds:7.3f} s", file=sys.stderr)

    sys.argv = ["partnerscore", *sys.argv[1:]]
    run()


if __name__ == "__main__":
    main()
