"""Bounds on the work a piece of code does, for the hostile-input tests: counted, never timed.

A wall-clock bound ("refused in under 0.5 s") fails on a busy machine and lets a quadratic algorithm pass
on a fast one. These count what the code does instead, the same on every machine and under any load:

- `work_done()`: the Python and C function calls made inside the block (`sys.setprofile`) and the peak
  of the memory allocated through Python meanwhile (`tracemalloc`). Profiling slows the code down, so it
  suits inputs that must be refused after a little work, not a long run.
- `run_with_memory_limit()`: a Python program in a child process whose address space may grow by at most
  so many MiB once it has imported what it needs (RLIMIT_AS): going past the bound is a MemoryError.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Work:
    calls: int = 0
    peak_bytes: int = 0


@contextmanager
def work_done() -> Iterator[Work]:
    """`with work_done() as work: ...`, then `work.calls` and `work.peak_bytes` (exceptions pass through)."""
    work = Work()

    def count(frame, event, arg):
        if event in ("call", "c_call"):
            work.calls += 1

    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    previous = sys.getprofile()
    sys.setprofile(count)
    try:
        yield work
    finally:
        sys.setprofile(previous)
        work.peak_bytes = tracemalloc.get_traced_memory()[1] - before
        if not was_tracing:
            tracemalloc.stop()


# Run in the child before the program: from here on the address space may grow by LIMIT_MIB only.
_LIMIT = """
import resource
with open("/proc/self/statm") as _statm:
    _size = int(_statm.read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (_size + LIMIT_MIB * 2**20, _size + LIMIT_MIB * 2**20))
"""

MEMORY_LIMITS = sys.platform.startswith("linux")  # /proc/self/statm, and an RLIMIT_AS that is enforced


def run_with_memory_limit(setup: str, program: str, limit_mib: int, *, timeout: float = 120
                          ) -> subprocess.CompletedProcess:
    """Run `setup` (imports, the input) unbounded, then `program` with at most `limit_mib` MiB more."""
    code = setup + _LIMIT.replace("LIMIT_MIB", str(int(limit_mib))) + program
    env = {k: v for k, v in os.environ.items() if k != "PARTNERSCORE_DEBUG"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=timeout)
