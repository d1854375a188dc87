"""Mapping a pure function over a long list on two cores: half in this process, half in a forked copy.

Why: once a big report's numbers are in, building and rendering 1,000 partnerships is ~0.45 s of pure
Python, which one process runs on one core while the second core idles (the CSV child is done by
then). A fork copies this process as it is, scorecards and series included, at no cost but the page
table (copy-on-write): the copy maps the second half and sends its results back as one pickle.

The copy can make a result faster, never different: it runs the very function on the very objects,
and if anything goes wrong with it (no fork on this platform, a crash, an exception in the function,
a short or foreign answer) this process maps the second half itself, so an exception in the
function is raised here, as without the copy. The function must not print or write files (whatever
the copy prints, it prints a second time nowhere, but it would be out of order).
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from typing import Callable, Optional, Sequence, TypeVar

from partnerscore.data._machine import cores, widen_pipe

T = TypeVar("T")
R = TypeVar("R")


# This process' share of the items, a little over half: the copy then packs and pickles its results
# (0.014 s for 500 partnerships of a report) while this process only unpickles them (0.005 s). Measured
# on a 1,000-partnership report, 2 cores: 0.50 → 1.151 s, 0.52 → 1.147 s (11 runs each).
_SHARE_HERE = 0.52


def can_fork() -> bool:
    """Linux with a second core, and no other thread, Python's or a library's (a fork copies only the
    thread that forks, and a lock another thread holds would stay locked in the copy for ever). macOS
    is left out: its system libraries are not safe to use in a forked copy."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork") and cores() >= 2
            and threading.active_count() == 1 and _threads() == 1)


def _threads() -> int:
    """This process' threads, as the kernel counts them (Linux); 1 when it cannot say."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 1


def map_halves(func: Callable[[T], R], items: Sequence[T], pack: Optional[Callable[[R], R]] = None,
               start: Optional[Callable[[Sequence[T]], None]] = None) -> list[R]:
    """`[func(item) for item in items]`, the second half computed in a forked copy when `can_fork()`.

    `pack`, if given, is applied to each of the copy's results before they are sent back: what this
    process will need of them, when that is less than all (less to pickle and unpickle). `start`, if
    given, sees each process' share before it is mapped there (only when there is a copy): e.g. to
    prepare only what that share needs. Without the copy, or should it fail, `func` must still give the
    same results for items outside the share `start` saw."""
    if len(items) < 2 or not can_fork():
        return [func(item) for item in items]
    cut = round(len(items) * _SHARE_HERE)
    try:
        read_end, write_end = os.pipe()
        widen_pipe(read_end)  # the copy's answer is ~5 MB of text: 1 MiB at a time, not 64 KiB
        pid = os.fork()
    except OSError:
        return [func(item) for item in items]
    if pid == 0:  # the copy: never returns, never runs this process' exit handlers or flushes its buffers
        status = 1
        try:
            os.close(read_end)
            if start is not None:
                start(items[cut:])
            results = [func(item) for item in items[cut:]]
            if pack is not None:
                results = [pack(result) for result in results]
            answer = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(answer)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    if start is not None:
        start(items[:cut])
    first = [func(item) for item in items[:cut]]
    return first + _answer(pid, read_end, lambda: [func(item) for item in items[cut:]], len(items) - cut)


def _answer(pid: int, read_end: int, fallback: Callable[[], list], expected: int) -> list:
    """The copy's results, or `fallback()` when it did not deliver them."""
    try:
        with os.fdopen(read_end, "rb") as stream:
            data = stream.read()
    except OSError:
        data = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # pragma: no cover - reaped by someone else
        status = 1
    if status == 0 and data:
        try:
            results = pickle.loads(data)
        except Exception:  # not an answer: computed here instead
            results = None
        if isinstance(results, list) and len(results) == expected:
            return results
    return fallback()
