"""The command-line entry point and its single error boundary."""

from __future__ import annotations

import errno
import os
import signal
import sys
from typing import NoReturn


def main(argv: list[str] | None = None) -> None:
    """Run the CLI. User errors print one message (exit 2); bugs print one line asking for a report;
    Ctrl-C prints "interrupted" (exit 130), SIGTERM "terminated" (exit 143) once `run` handles it."""
    try:
        from partnerscore.cli.app import Interrupted, app
        from partnerscore.core.errors import UserError
    except KeyboardInterrupt as exc:  # Ctrl-C while the CLI is still being imported (~0.1 s)
        _stopped(_signal_of(exc) or signal.SIGINT)

    try:
        app(args=argv, prog_name="partnerscore")
    except SystemExit:
        raise
    except BaseException as exc:
        # From here on the one line and the exit code stand: a second Ctrl-C (or SIGTERM) while it is being
        # said would only replace it with a traceback.
        _hold_signals()
        stopped_by = _signal_of(exc, Interrupted)  # Interrupted: Ctrl-C in a command (see cli.app)
        if stopped_by is not None:
            _stopped(stopped_by)
        if not isinstance(exc, Exception):
            raise
        _failed(exc, UserError)


def _failed(exc: Exception, user_error: type[Exception]) -> None:
    if isinstance(exc, user_error):
        _say(f"partnerscore: error: {exc}")
        sys.exit(getattr(exc, "exit_code", 2))
    if isinstance(exc, BrokenPipeError):
        # The reader went away (e.g. `| head`); nothing more to say to it.
        try:
            _quiet_stdout()
        finally:
            sys.exit(1)
    if isinstance(exc, OSError) and _output_failed(exc):
        # SPEC.md: an output that cannot be written is exit 2 (a full disk, a failing device): the machine's
        # refusal, not our bug.
        _say(f"partnerscore: error: cannot write the output: {exc.strerror or exc}")
        _quiet_stdout()
        sys.exit(2)
    _internal_error(exc)  # the boundary: anything else is our bug, not the user's


class Terminated(KeyboardInterrupt):
    """SIGTERM (a CI job cancelled, `docker stop`, plain `timeout`), raised where the command is, as Ctrl-C
    raises KeyboardInterrupt: the same cleanup runs (the writers' `finally`s remove their temporary files,
    the CSV child is closed), and what handles Ctrl-C on the way (Click, psycopg's cancel) handles this too."""


# The signal that stopped the command (set by `_on_signal`): what the boundary says, whatever a library
# made of the exception on its way up (DuckDB's "Query interrupted", pydantic's SchemaError).
_received: int | None = None
# Whether `run` installed the handlers: a test calling `main` in its own process keeps its own.
_handling = False
_EXIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_SAID: dict[int, str] = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}


def _on_signal(signum: int, frame: object) -> None:
    global _received
    if _received is None:
        _received = signum
    raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt


def _handle_signals() -> None:
    """SIGINT and SIGTERM raise where the command is; one ignored by whoever started us stays ignored (a job
    started with `&` in a script ignores SIGINT)."""
    global _handling
    _handling = True
    for signum in _EXIT_SIGNALS:
        if signal.getsignal(signum) in (signal.default_int_handler, signal.SIG_DFL):
            signal.signal(signum, _on_signal)


def _hold_signals() -> None:
    if _handling:
        for signum in _EXIT_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


def _signal_of(exc: BaseException, *interrupts: type[BaseException]) -> int | None:
    """The signal that `exc` comes of (SIGINT or SIGTERM), or None when it is no interrupt.

    A library may wrap the KeyboardInterrupt: in its cause or context (Python's `Error calling
    __set_name__`), or only in its message (pydantic-core's `SchemaError: Error building "model" validator:
    ... KeyboardInterrupt`)."""
    if _received is not None:
        return _received
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, Terminated):
            return signal.SIGTERM
        if isinstance(current, (KeyboardInterrupt, *interrupts)):
            return signal.SIGINT
        if type(current).__name__ in ("SchemaError", "RuntimeError") and "KeyboardInterrupt" in str(current):
            return signal.SIGINT
        current = current.__cause__ or current.__context__
    return None


def _stopped(signum: int) -> NoReturn:
    _hold_signals()
    _say(f"partnerscore: {_SAID.get(signum, 'interrupted')}")
    sys.exit(128 + signum)


def _internal_error(exc: BaseException) -> None:
    """One line asking for a report (exit 2), or the whole traceback under PARTNERSCORE_DEBUG=1."""
    if os.environ.get("PARTNERSCORE_DEBUG") == "1":
        # The whole traceback, but still exit 2: CI reads 1 as "findings", not as our bug.
        import traceback

        traceback.print_exc()
        sys.exit(2)
    # one_line: an exception's message may hold newlines, and this must stay one line.
    from partnerscore.render.escape import one_line

    _say(f"partnerscore: internal error ({type(exc).__name__}: {one_line(str(exc))}); please report it "
         "with the command you ran, or rerun with PARTNERSCORE_DEBUG=1 to see the traceback")
    sys.exit(2)


def run() -> None:
    """The `partnerscore` command: `main()`, and its output flushed while a reader that went away can
    still be told apart. (Tests call `main`.)"""
    _handle_signals()
    try:
        main()
        code: str | int | None = 0
    except SystemExit as exc:
        code = exc.code
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # ValueError: stdout closed under us
        # The reader went away (e.g. `| head`) before the last of the output: exit 1, and quietly (the
        # exit's own flush would print a traceback), as main does when that happens earlier.
        _quiet_stdout()
        code = code or 1
    except OSError as exc:  # the last of the output could not be written (a full disk): exit 2, as in main
        _say(f"partnerscore: error: cannot write the output: {exc.strerror or exc}")
        _quiet_stdout()
        code = 2
    sys.exit(code)


# What writing can meet that reading cannot (a full disk or quota, a file past its size limit), and a
# failing device. Files partnerscore writes itself are named in their own messages; with no file named,
# it was the output.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _output_failed(exc: OSError) -> bool:
    """Whether `exc` came from writing the output (standard output, or a file no message names)."""
    return exc.filename is None and exc.errno in _WRITE_ERRNOS


def _quiet_stdout() -> None:
    """Standard output that takes anything from now on: the exit's own flush of a failing one would print
    a traceback."""
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - it stays open: stdout until the exit


def _say(message: str) -> None:
    from partnerscore.render.escape import printable

    print(printable(message), file=sys.stderr)
