"""Shared test helpers: run the real CLI entry point in a folder and capture what a user would see."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as _hypothesis_settings

REPO = Path(__file__).resolve().parent.parent

# Every report reads its CSVs in process, in the tests and in the commands they run: a child process per
# report would only make the suite slower. The tests of the child turn it on (tests/data/test_store_child.py);
# `PARTNERSCORE_JOBS=2 pytest` runs the whole suite with it.
os.environ.setdefault("PARTNERSCORE_JOBS", "1")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | str | None = None, env: dict | None = None, input: str | None = None) -> Run:
    """Run `python -m partnerscore ARGS` as a user would, with colour off and no GitHub environment."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    full_env.update({"NO_COLOR": "1", "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"})
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "partnerscore", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, input=input, timeout=120,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def report_copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of tests/fixtures/report_project (two partnerships, their CSVs and notes), as the current folder."""
    import shutil

    root = tmp_path / "proj"
    shutil.copytree(Path(__file__).parent / "fixtures" / "report_project", root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder with the default layout."""
    for name in ("scorecards", "data", "reviews"):
        (tmp_path / name).mkdir()
    return tmp_path


# --- Hypothesis profiles (issue 7: fuzzing) -----------------------------------------------------------
# "default" keeps the whole suite fast (the fuzz tests run a few hundred examples in all); "long" is for a
# fuzzing session: `pytest tests/test_fuzz_cli.py --hypothesis-profile=long` or PARTNERSCORE_FUZZ=long.
_hypothesis_settings.register_profile(
    "default", max_examples=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_hypothesis_settings.register_profile(
    "long", max_examples=int(os.environ.get("PARTNERSCORE_FUZZ_EXAMPLES", "20000")), deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_hypothesis_settings.load_profile(os.environ.get("PARTNERSCORE_FUZZ", "default"))
