"""The single error boundary (partnerscore.cli.main): a bug prints one line asking for a report and exits 2;
PARTNERSCORE_DEBUG=1 shows the traceback instead (still exit 2). Each command is made to fail inside its own work by
replacing a function it calls with one that raises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from fuzz_strategies import AS_OF, example_project, run_in_process

# command argv, and the function (module, name) it calls once its options are parsed
COMMANDS = {
    "lint": (["lint", "--as-of", AS_OF], ("partnerscore.lint.engine", "run_lint")),
    "report": (["report", "--format", "json", "--as-of", AS_OF], ("partnerscore.report.build", "build_portfolio")),
    "review": (["review", "new", "scorecards/kestrel.yaml", "--date", AS_OF],
               ("partnerscore.starter.review_note", "draft_review")),
    "init": (["init", "zephyr", "--type", "referral"], ("partnerscore.starter.scorecard", "plan")),
    "diff": (["diff", "--base", "HEAD"], ("partnerscore.diff.compare", "build_report")),
}


def _boom(*args, **kwargs):
    raise RuntimeError("boom: something\nwe did not expect")


@pytest.fixture
def project(tmp_path):
    from fuzz_strategies import git_commit_all

    root = example_project(tmp_path)
    git_commit_all(root)
    return root


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_bug_is_one_line_asking_for_a_report_and_exit_2(project, monkeypatch, name):
    argv, (module, function) = COMMANDS[name]
    monkeypatch.setattr(__import__(module, fromlist=[function]), function, _boom)
    run = run_in_process(argv, project, debug=False)
    assert run.code == 2
    assert "Traceback" not in run.stderr
    # One line, even though the exception's message has a newline in it.
    assert run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith("partnerscore: internal error (RuntimeError: boom: something")
    assert "please report it" in run.stderr and "PARTNERSCORE_DEBUG=1" in run.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_debug_shows_the_traceback_and_still_exits_2(project, monkeypatch, name):
    argv, (module, function) = COMMANDS[name]
    monkeypatch.setattr(__import__(module, fromlist=[function]), function, _boom)
    run = run_in_process(argv, project, debug=True)
    assert run.code == 2
    assert "Traceback (most recent call last)" in run.stderr
    assert "RuntimeError: boom: something" in run.stderr


FAULTY = """
import sys
import partnerscore.lint.engine
def boom(*args, **kwargs):
    raise RuntimeError("boom")
partnerscore.lint.engine.run_lint = boom
from partnerscore.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("debug", [False, True])
def test_the_boundary_in_a_real_process(project, debug):
    env = {k: v for k, v in os.environ.items() if k != "PARTNERSCORE_DEBUG"}
    if debug:
        env["PARTNERSCORE_DEBUG"] = "1"
    proc = subprocess.run([sys.executable, "-c", FAULTY, "lint", "--as-of", AS_OF], cwd=project, env=env,
                          capture_output=True, text=True, timeout=60)
    if debug:
        assert proc.returncode == 2  # SPEC.md: an internal error is exit 2, traceback shown or not
        assert "Traceback (most recent call last)" in proc.stderr
        assert proc.stderr.rstrip().endswith("RuntimeError: boom")
    else:
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1 and "internal error (RuntimeError: boom)" in proc.stderr


def test_user_errors_are_not_internal_errors(project):
    run = run_in_process(["report", "--as-of", "yesterday"], project, debug=False)
    assert run.code == 2
    assert run.stderr == ("partnerscore: error: --as-of: 'yesterday' is not a date; use YYYY-MM-DD, "
                          "e.g. 2026-11-15\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full (a device that is always full)")
@pytest.mark.parametrize("args", [["schema"], ["rules", "--format", "json"], ["lint", "--as-of", "2026-11-20"],
                                  ["report", "--format", "json", "--as-of", "2026-11-20"]])
def test_an_output_that_cannot_be_written_is_exit_2_and_said_as_such(args):
    # SPEC.md: exit 2 for an output that cannot be written. A full disk is the machine's refusal, not an
    # internal error to report, and no traceback comes from the exit's own flush either.
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    env.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"})
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "partnerscore", *args], cwd=REPO, env=env, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == "partnerscore: error: cannot write the output: No space left on device\n"


def _set_name_error(*args, **kwargs):
    # What Python 3.11's class creation raises when Ctrl-C lands in a descriptor's __set_name__.
    raise RuntimeError("Error calling __set_name__ on 'FieldInfo' instance 'owner' in 'Metric'") \
        from KeyboardInterrupt()


def _schema_error(*args, **kwargs):
    # What pydantic-core raises when Ctrl-C lands while it builds a validator: the KeyboardInterrupt is in the
    # message only (no cause, no context).
    from pydantic_core import SchemaError

    raise SchemaError('Error building "model" validator:\n  SchemaError: Error building "model-fields" '
                      'validator:\n  KeyboardInterrupt: ')


@pytest.mark.parametrize("wrapper", [_set_name_error, _schema_error], ids=["cause", "message"])
def test_ctrl_c_wrapped_by_a_library_is_interrupted_not_a_bug(project, monkeypatch, wrapper):
    monkeypatch.setattr(__import__("partnerscore.lint.engine", fromlist=["run_lint"]), "run_lint", wrapper)
    run = run_in_process(["lint", "--as-of", AS_OF], project, debug=False)
    assert (run.code, run.stderr) == (130, "partnerscore: interrupted\n")


# Run as `python -c SIGNAL_WHILE_REPORTING SIGNAL`: the command fails (Ctrl-C, or a bug), and a signal
# arrives while the boundary says so, as when Ctrl-C is pressed twice.
SIGNAL_WHILE_REPORTING = """
import os, signal, sys
import partnerscore.cli as cli
import partnerscore.lint.engine
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even if our parent ignores it
sent = getattr(signal, sys.argv[1])
first = sys.argv[2]
def fail(*args, **kwargs):
    if first == "bug":
        raise RuntimeError("boom")
    os.kill(os.getpid(), signal.SIGINT)  # the handler raises at once
real_say = cli._say
def say(message):
    os.kill(os.getpid(), sent)
    real_say(message)
cli._say = say
partnerscore.lint.engine.run_lint = fail
sys.argv = ["partnerscore", "lint", "--as-of", sys.argv[3]]
cli.run()
"""


@pytest.mark.parametrize("sent", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("first, code, said", [
    ("interrupt", 130, "partnerscore: interrupted\n"),
    ("bug", 2, "partnerscore: internal error (RuntimeError: boom); please report it with the command you ran, "
               "or rerun with PARTNERSCORE_DEBUG=1 to see the traceback\n"),
])
def test_a_signal_while_the_boundary_reports_changes_nothing(project, sent, first, code, said):
    env = {k: v for k, v in os.environ.items() if k != "PARTNERSCORE_DEBUG"}
    proc = subprocess.run([sys.executable, "-c", SIGNAL_WHILE_REPORTING, sent, first, AS_OF], cwd=project,
                          env=env, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (code, said)
