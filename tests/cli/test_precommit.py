"""The pre-commit hook: a valid manifest, a files pattern for the SPEC layout, and real runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
MANIFEST = REPO / ".pre-commit-hooks.yaml"

BROKEN = """\
partnership: Northwind referrals
goal: Turn Northwind's consultants into our largest referral channel.
type: referral
lead: Dana Lee
partner: Northwind Consulting
outcomes:
  - {id: revenue, name: Sourced revenue, owner: Dana Lee, target: 100000}
"""


def _hook() -> dict:
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return hook


def _good_scorecard() -> str:
    from partnerscore.starter.scorecard import render_scorecard

    return render_scorecard("referral", "northwind")


def test_manifest_validates_with_pre_commit():
    proc = subprocess.run([str(PRE_COMMIT), "validate-manifest", str(MANIFEST)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_manifest_fields():
    hook = _hook()
    assert hook["id"] == "partnerscore-lint"
    assert hook["entry"] == "partnerscore lint"
    assert hook["language"] == "python"
    # require_serial: one run of the hook for all the files, so one summary (see the batch tests below).
    assert hook["pass_filenames"] is True and hook["require_serial"] is True
    assert hook["name"]


@pytest.mark.parametrize("path, matches", [
    ("scorecards/northwind.yaml", True),
    ("scorecards/northwind.yml", True),
    ("data/northwind.csv", True),
    ("reviews/northwind/2026-11-06.yaml", True),
    ("queries/northwind.sql", True),          # `pull`'s query files: PS801, PS802
    ("queries/nested/x.sql", False),
    ("migrations/001.sql", False),
    ("programs/referral-gold.yaml", True),   # a program: linted with the scorecards that extend it
    ("programs/nested/x.yaml", False),
    ("scorecards/nested/x.yaml", False),      # the SPEC layout keeps scorecards flat
    ("data/northwind.xlsx", False),
    ("docs/scorecards/x.yaml", False),
    (".github/workflows/partnerscore.yml", False),
    ("pyproject.toml", False),
])
def test_files_pattern_matches_the_spec_layout(path: str, matches: bool):
    # pre-commit applies `files` with re.search on the repository-relative path.
    assert bool(re.search(_hook()["files"], path)) is matches


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    _git(path, "init", "-q", "-b", "main")
    _git(path, "config", "user.email", "test@example.com")
    _git(path, "config", "user.name", "Test")
    _git(path, "config", "commit.gpgsign", "false")
    return path


def _project(tmp_path: Path, config: str) -> Path:
    project = _new_repo(tmp_path / "project")
    for name in ("scorecards", "data"):
        (project / name).mkdir()
    (project / "scorecards" / "northwind.yaml").write_text(_good_scorecard(), encoding="utf-8")
    (project / "data" / "northwind.csv").write_text("date,metric,value\n", encoding="utf-8")
    # One broken scorecard (no drivers or health) that is only checked when it is passed.
    (project / "scorecards" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (project / "notes.txt").write_text("not ours\n", encoding="utf-8")
    (project / "queries").mkdir()
    (project / "queries" / "northwind.sql").write_text("SELECT 1\n", encoding="utf-8")
    (project / "queries" / "northwnd.sql").write_text("SELECT 1\n", encoding="utf-8")
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(project, "add", "-A")
    return project


def _run(project: Path, tmp_path: Path, *files: str) -> subprocess.CompletedProcess:
    selection = ["--files", *files] if files else ["--all-files"]
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PRE_COMMIT_HOME")}
    env.update({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"})
    return subprocess.run([str(PRE_COMMIT), "run", "--color", "never", *selection], cwd=project,
                          env=env, capture_output=True, text=True, timeout=900)


def _check_runs(project: Path, tmp_path: Path) -> None:
    good = _run(project, tmp_path, "scorecards/northwind.yaml", "data/northwind.csv")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "partnerscore lint" in good.stdout and "Passed" in good.stdout

    bad = _run(project, tmp_path, "scorecards/broken.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    # Only the file passed is linted: its missing layers are errors, the good file is not mentioned.
    assert "scorecards/broken.yaml:1:1: PS103" in bad.stdout
    assert "northwind.yaml" not in bad.stdout

    query = _run(project, tmp_path, "queries/northwind.sql")
    assert query.returncode == 0, query.stdout + query.stderr
    typo = _run(project, tmp_path, "queries/northwnd.sql")
    assert typo.returncode == 1 and "queries/northwnd.sql:1:1: PS801" in typo.stdout

    skipped = _run(project, tmp_path, "notes.txt")
    assert skipped.returncode == 0 and "Skipped" in skipped.stdout


@pytest.mark.skipif(os.environ.get("PARTNERSCORE_OFFLINE") == "1",
                    reason="PARTNERSCORE_OFFLINE=1: the python-language hook installs its dependencies from PyPI")
def test_the_published_manifest_installs_and_runs(tmp_path: Path):
    # pre-commit clones the hook repository at a commit, so commit a copy of the package source.
    source = _new_repo(tmp_path / "hook-source")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "-m", "hook source")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True,
                         check=True).stdout.strip()
    config = (f"repos:\n  - repo: {source.as_posix()}\n    rev: {rev}\n"
              "    hooks:\n      - id: partnerscore-lint\n")
    _check_runs(_project(tmp_path, config), tmp_path)


def _local_config() -> str:
    """The published hook as a local one: the same id, files pattern, pass_filenames and require_serial,
    run with this interpreter (offline)."""
    hook = _hook()
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [{
        "id": hook["id"], "name": hook["name"], "language": "system",
        "entry": f"{Path(sys.executable).as_posix()} -m partnerscore lint",
        "files": hook["files"], "pass_filenames": hook["pass_filenames"],
        "require_serial": hook["require_serial"],
    }]}]})


def test_local_hook_with_the_manifest_files_pattern(tmp_path: Path):
    _check_runs(_project(tmp_path, _local_config()), tmp_path)


SUMMARY = re.compile(r"^(Checked \d+ files?: .*|All checks passed: .*)$", re.MULTILINE)


def test_all_files_is_one_run_with_one_summary(tmp_path: Path):
    # pre-commit splits the files of a hook that is not require_serial into a batch per CPU (at least 4
    # files each) and prints the batches' output one after the other: with 13 files on 2 CPUs, one batch
    # said "1 error" and the other "All checks passed". With require_serial there is one run.
    project = _project(tmp_path, _local_config())
    for i in range(10):
        (project / "data" / f"p{i:02}.csv").write_text("date,metric,value\n2026-01-05,x,1\n", encoding="utf-8")
    _git(project, "add", "-A")
    run = _run(project, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    # scorecards/northwind.yaml and broken.yaml, data/northwind.csv and the 10 others, the two query files:
    # 15 files, one run.
    (summary,) = SUMMARY.findall(run.stdout)
    # broken.yaml lacks two layers (PS103 twice) and has one outcome of the 2-4 (PS201): every finding at
    # once; queries/northwnd.sql names no scorecard.
    assert summary.startswith("Checked 15 files: 4 errors, "), summary
    assert "scorecards/broken.yaml:1:1: PS103" in run.stdout


def test_batches_split_by_the_command_line_limit_never_contradict_each_other(tmp_path: Path):
    # Even require_serial splits a file list longer than the command line allows (pre-commit keeps each
    # run under 128 KiB of arguments): 650 data files with 200-character names are about 136 KiB, so two
    # runs. The first has nothing to report and says nothing (pre-commit says Passed or Failed itself);
    # the one with the broken file prints its finding and its summary.
    project = _project(tmp_path, _local_config())
    (project / "scorecards" / "broken.yaml").unlink()
    for i in range(650):
        (project / "data" / f"{i:03}-{'a' * 200}.csv").write_text("date,metric,value\n2026-01-05,x,1\n",
                                                                   encoding="utf-8")
    (project / "data" / "zzz.csv").write_text("date,metric,value\n2026-13-45,x,1\n", encoding="utf-8")
    _git(project, "add", "-A")
    run = _run(project, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "data/zzz.csv:2:1: PS603" in run.stdout
    (summary,) = SUMMARY.findall(run.stdout)
    assert "All checks passed" not in run.stdout
    # 655 files were passed (northwind's scorecard and CSV, 650 + zzz.csv, two query files): fewer in this
    # summary proves the split happened. Its errors: zzz.csv's date, and queries/northwnd.sql, which names no
    # scorecard (the query files sort after data/, into the same last run).
    checked = int(summary.split()[1])
    assert re.search(r": 2 errors, \d+ warnings?\.$", summary) and checked < 655, summary


def test_under_pre_commit_a_clean_run_of_named_files_prints_nothing(tmp_path: Path):
    from conftest import run_cli

    project = _project(tmp_path, _local_config())
    env = {"PRE_COMMIT": "1"}
    clean = run_cli("lint", "scorecards/northwind.yaml", "--ignore", "PS303,PS304,PS401,PS609,PS706",
                    cwd=project, env=env)
    assert (clean.code, clean.stdout) == (0, "")
    broken = run_cli("lint", "scorecards/broken.yaml", cwd=project, env=env)
    assert broken.code == 1 and SUMMARY.findall(broken.stdout)[0].startswith("Checked 1 file: ")
    # Outside pre-commit, or for the whole project, the summary is always printed.
    assert run_cli("lint", "scorecards/northwind.yaml", "--ignore", "PS303,PS304,PS401,PS609,PS706",
                   cwd=project).stdout.startswith("All checks passed: 1 file")
