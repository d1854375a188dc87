"""The command-line entry point and its single error boundary."""

from __future__ import annotations

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
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - it stays open: stdout until the exit
        finally:
            sys.exit(1)
    except Exception as exc:  # the boundary: anything else is our bug, not the user's
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
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - it stays open: stdout until the exit
        code = code or 1
    sys.exit(code)


def _say(message: str) -> None:
    from partnerscore.render.escape import printable

    print(printable(message), file=sys.stderr)
