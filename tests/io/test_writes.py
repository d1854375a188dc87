"""Every file the tool writes (`report --output`, `review new`, `init`): atomic, never over an existing file
without --force, a clear message when the destination cannot be written, nothing partial on Ctrl-C.

Exit codes as each command documents them: a refused overwrite is exit 2 for `report --output` (an
output that cannot be written) and exit 1 for `review new` and `init` (their --help says so).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli
from fuzz_strategies import AS_OF, example_project, run_in_process, snapshot
from partnerscore.io import writing

# Each write command: argv, the file it writes (relative to the project), exit code of a refusal.
WRITERS = {
    "report": (["report", "--format", "html", "--as-of", AS_OF, "--output", "out/report.html"],
               "out/report.html", 2),
    "review": (["review", "new", "scorecards/kestrel.yaml", "--date", AS_OF],
               f"reviews/kestrel/{AS_OF}.yaml", 1),
    "init": (["init", "zephyr", "--type", "referral"], "scorecards/zephyr.yaml", 1),
}


def _temp_leftovers(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*.tmp")]


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_writes_once_then_refuses_then_overwrites_with_force(tmp_path, name):
    argv, target, refusal = WRITERS[name]
    root = example_project(tmp_path)
    first = run_cli(*argv, cwd=root)
    assert first.code == 0, first.stderr
    written = (root / target).read_bytes()
    assert written

    (root / target).write_text("mine\n", encoding="utf-8")
    before = snapshot(root)
    again = run_cli(*argv, cwd=root)
    assert again.code == refusal
    assert "already exists; pass --force to overwrite it" in again.stderr
    assert snapshot(root) == before  # nothing written, not even the other file init would write

    forced = run_cli(*argv, "--force", cwd=root)
    assert forced.code == 0, forced.stderr
    assert (root / target).read_bytes() == written
    assert _temp_leftovers(root) == []


@pytest.mark.parametrize("name,blocker", [("report", "out"), ("review", "reviews"), ("init", "scorecards")])
def test_unwritable_destination_is_one_clear_message_and_exit_2(tmp_path, name, blocker):
    """The folder the file goes in is a file (works as root too, unlike chmod)."""
    argv, target, _ = WRITERS[name]
    root = example_project(tmp_path)
    if name == "init":
        # init's scorecards folder is its destination; the examples' scorecards are not needed.
        for path in (root / "scorecards").iterdir():
            path.unlink()
        (root / "scorecards").rmdir()
    elif name == "review":
        import shutil

        shutil.rmtree(root / "reviews")
    (root / blocker).write_text("a file where a folder should be\n", encoding="utf-8")
    before = snapshot(root)
    run = run_cli(*argv, cwd=root)
    assert run.code == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("partnerscore: error:")]
    assert len(lines) == 1 and f"{blocker}" in lines[0], run.stderr
    assert "cannot create folder" in lines[0] or "Not a directory" in lines[0]
    assert snapshot(root) == before


def test_report_output_that_is_a_folder_is_exit_2(tmp_path):
    root = example_project(tmp_path)
    (root / "out.html").mkdir()
    run = run_cli("report", "--format", "html", "--as-of", AS_OF, "--output", "out.html", cwd=root)
    assert run.code == 2
    assert "partnerscore: error: out.html is a folder; cannot write a file there" in run.stderr


@pytest.mark.parametrize("name", sorted(WRITERS))
@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_ctrl_c_during_the_write_leaves_no_partial_file(tmp_path, monkeypatch, name, step):
    """KeyboardInterrupt while the bytes are flushed, or just before the rename: no file, no temp file."""
    argv, target, _ = WRITERS[name]
    root = example_project(tmp_path)
    before = snapshot(root)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(writing.os, step, interrupt)
    run = run_in_process(argv, root)
    monkeypatch.undo()
    assert run.code != 0
    assert "Traceback" not in run.stderr
    assert not (root / target).exists()
    assert _temp_leftovers(root) == []
    assert snapshot(root) == before


def test_ctrl_c_during_a_forced_overwrite_keeps_the_old_file(tmp_path, monkeypatch):
    root = example_project(tmp_path)
    (root / "out").mkdir()
    (root / "out" / "report.html").write_text("old report\n", encoding="utf-8")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(writing.os, "replace", interrupt)
    run = run_in_process(WRITERS["report"][0] + ["--force"], root)
    assert run.code != 0
    assert (root / "out" / "report.html").read_text(encoding="utf-8") == "old report\n"
    assert _temp_leftovers(root) == []


def test_real_sigint_to_a_large_report_leaves_the_whole_file_or_none(tmp_path):
    """SIGINT at several moments of a report of 400 partnerships: afterwards the output is absent or complete.

    The moment of the write cannot be hit exactly from outside, so the delays are spread over the run;
    whichever phase each lands in (import, compute, render, write), the invariant must hold.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "benchmarks"))
    from datetime import date

    from generate_portfolio import generate

    generate(tmp_path, 400, 1, date(2026, 11, 16))
    env = {**{k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}, "NO_COLOR": "1"}
    argv = [sys.executable, "-m", "partnerscore", "report", "--format", "html", "--as-of", AS_OF,
            "--output", "report.html", "--force"]
    full = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert full.returncode == 0, full.stderr
    complete = (tmp_path / "report.html").read_bytes()
    assert complete.rstrip().endswith(b"</html>")
    for delay in (0.3, 1.0, 2.0):
        (tmp_path / "report.html").unlink(missing_ok=True)
        proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=300)
        assert b"Traceback" not in err
        if (tmp_path / "report.html").exists():
            assert (tmp_path / "report.html").read_bytes() == complete
        else:
            assert proc.returncode != 0
        assert _temp_leftovers(tmp_path) == []


def test_ctrl_c_as_the_temporary_file_is_made_leaves_no_temp_file(tmp_path, monkeypatch):
    """The interrupt lands once the temporary file exists but before its name is handed back (mkstemp's
    window): the writer knew the name beforehand, so it is removed all the same."""
    root = example_project(tmp_path)
    before = snapshot(root)
    real_open = os.open

    def open_then_interrupt(path, *args, **kwargs):
        fd = real_open(path, *args, **kwargs)
        if str(path).endswith(".tmp"):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(writing.os, "open", open_then_interrupt)
    run = run_in_process(WRITERS["report"][0], root)
    monkeypatch.undo()
    assert run.code == 130 and run.stderr == "partnerscore: interrupted\n"
    assert _temp_leftovers(root) == []
    assert snapshot(root) == before


def test_init_interrupted_after_its_first_file_undoes_it_and_can_run_again(tmp_path, monkeypatch):
    """Ctrl-C between init's scorecard and its data file: the scorecard goes too, so the rerun is not refused
    ("already exists; pass --force")."""
    root = example_project(tmp_path)
    before = snapshot(root)
    real_replace = os.replace
    done = []

    def second_interrupted(src, dst):
        if done:
            raise KeyboardInterrupt
        real_replace(src, dst)
        done.append(dst)

    monkeypatch.setattr(writing.os, "replace", second_interrupted)
    run = run_in_process(["init", "zephyr", "--type", "referral"], root)
    monkeypatch.undo()
    assert done and Path(done[0]).name == "zephyr.yaml"  # the scorecard was written before the interrupt
    assert run.code == 130 and run.stderr == "partnerscore: interrupted\n"
    assert snapshot(root) == before and _temp_leftovers(root) == []
    again = run_in_process(["init", "zephyr", "--type", "referral"], root)
    assert again.code == 0, again.stderr
    assert (root / "scorecards" / "zephyr.yaml").is_file() and (root / "data" / "zephyr.csv").is_file()


# Run as `python -c SIGTERM_DURING_FSYNC ARGV...`: the command, sent SIGTERM by itself while its first file
# is flushed to disk (the widest window of a write), as `docker stop` or a cancelled CI job would.
SIGTERM_DURING_FSYNC = """
import os, signal, sys
from partnerscore.io import writing
real_fsync = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.SIGTERM)
    real_fsync(fd)
writing.os.fsync = fsync
from partnerscore.cli import run
sys.argv = ["partnerscore", *sys.argv[1:]]
run()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_sigterm_during_a_write_cleans_up_and_says_terminated(tmp_path, name):
    argv, target, _ = WRITERS[name]
    root = example_project(tmp_path)
    before = snapshot(root)
    env = {k: v for k, v in os.environ.items() if k != "PARTNERSCORE_DEBUG"}
    proc = subprocess.run([sys.executable, "-c", SIGTERM_DURING_FSYNC, *argv], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 143, (proc.returncode, proc.stderr)  # 128 + 15, as a shell reports it
    assert proc.stderr == "partnerscore: terminated\n"
    assert not (root / target).exists()
    assert _temp_leftovers(root) == []
    assert snapshot(root) == before
