"""What the machine offers the data store's child process: cores to run on, and pipes with room."""

from __future__ import annotations

import os


def widen_pipe(fd: int) -> None:
    """Let a pipe hold 1 MiB instead of 64 KiB (Linux only; elsewhere it stays as it is)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError, ValueError):
        pass


def cores() -> int:
    """Cores this process may run on: with one, a child only competes with it."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1
