"""The command-line entry point and its single error boundary."""

from __future__ import annotations

import errno
import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run the CLI. User errors print one message (exit 2); bugs print one line asking for a report;
    Ctrl-C prints "interrupted" (exit 130)."""
    try:
        from partnerscore.cli.app import Interrupted, app
        from partnerscore.core.errors import UserError
    except KeyboardInterrupt:  # Ctrl-C while the CLI is still being imported (~0.1 s)
        _say("partnerscore: interrupted")
        sys.exit(130)

    try:
        app(args=argv, prog_name="partnerscore")
    except UserError as exc:
        _say(f"partnerscore: error: {exc}")
        sys.exit(exc.exit_code)
    except (Interrupted, KeyboardInterrupt):  # Interrupted: Ctrl-C in a command (see cli.app)
        _say("partnerscore: interrupted")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say to it.
        try:
            _quiet_stdout()
        finally:
            sys.exit(1)
    except OSError as exc:
        if not _output_failed(exc):
            _internal_error(exc)
        # SPEC.md: an output that cannot be written is exit 2 (a full disk, a failing device): the machine's
        # refusal, not our bug.
        _say(f"partnerscore: error: cannot write the output: {exc.strerror or exc}")
        _quiet_stdout()
        sys.exit(2)
    except Exception as exc:  # the boundary: anything else is our bug, not the user's
        _internal_error(exc)


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
