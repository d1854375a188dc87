"""Pausing Python's cyclic garbage collector while a command makes many acyclic objects.

A big report allocates millions of small, long-lived objects (YAML nodes, models, records); lint's CSV
reader a list per record; pull a tuple per returned row. Each time the youngest generation fills up the
collector runs, and every so often it walks every object alive, to find nothing: the data is trees, freed
by reference counting as soon as it is dropped. Pausing the collector for such a block saves those walks
(docs/benchmarks.md), leaves the results and peak memory as they were and turns it back on after. One
helper for the report, the CSV reader and pull.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector for the block. What the block made and still holds when it ends is walked
    by the next collections: drop it inside the block when the caller can (see `report`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
