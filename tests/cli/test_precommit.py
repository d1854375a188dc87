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
    assert hook["pass_filenames"] is True and hook["require_serial"] is False
    assert hook["name"]


@pytest.mark.parametrize("path, matches", [
    ("scorecards/northwind.yaml", True),
    ("scorecards/northwind.yml", True),
    ("data/northwind.csv", True),
    ("reviews/northwind/2026-11-06.yaml", True),
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
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(project, "add", "-A")
    return project


def _run(project: Path, tmp_path: Path, *files: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PRE_COMMIT_HOME")}
    env.update({"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"})
    return subprocess.run([str(PRE_COMMIT), "run", "--color", "never", "--files", *files], cwd=project,
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


def test_local_hook_with_the_manifest_files_pattern(tmp_path: Path):
    # Offline variant: the same id, files pattern and pass_filenames, run with this interpreter.
    hook = _hook()
    config = yaml.safe_dump({"repos": [{"repo": "local", "hooks": [{
        "id": hook["id"], "name": hook["name"], "language": "system",
        "entry": f"{Path(sys.executable).as_posix()} -m partnerscore lint",
        "files": hook["files"], "pass_filenames": hook["pass_filenames"],
        "require_serial": hook["require_serial"],
    }]}]})
    _check_runs(_project(tmp_path, config), tmp_path)
