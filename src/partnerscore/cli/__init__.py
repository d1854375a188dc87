"""The command-line entry point and its single error boundary."""

from __future__ import annotations

import atexit
import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run the CLI. User errors print one message (exit 2); bugs print one line asking for a report."""
    warm = _reads_data(sys.argv[1:] if argv is None else argv)
    if warm:
        # Before anything else is imported: the CSV reader's start-up then overlaps ours.
        from partnerscore.data import _child

        _child.warm_up()
    from partnerscore.cli.app import Interrupted, app
    from partnerscore.core.errors import UserError

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
            sys.stdout = open(os.devnull, "w")
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
    finally:
        if warm:
            _child.discard_warm()


def run() -> None:
    """The `partnerscore` command: `main()`, then an exit that does not tear the interpreter down.

    Freeing a big report object by object at exit took ~0.04 s of a 1,000-partnership report, for memory
    the operating system takes back at once. `os._exit` skips exit handlers and the flushing of the
    standard streams: the streams are flushed first, and when anything registered an exit handler
    (coverage.py, a sitecustomize) the exit is the ordinary one. (Tests call `main`.)"""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # what sys.exit does with a message: print it, exit 1
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # the reader went away (main says nothing to it either)
        code = code or 1
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    handlers = getattr(atexit, "_ncallbacks", None)  # CPython's count; elsewhere assume there are some
    if handlers is None or handlers():
        sys.exit(code)
    os._exit(code)


def _reads_data(argv: list[str]) -> bool:
    """`report` reads metric CSVs (unless it only shows its help)."""
    return argv[:1] == ["report"] and not {"--help", "-h"} & set(argv)


def _say(message: str) -> None:
    from partnerscore.render.escape import printable

    print(printable(message), file=sys.stderr)
