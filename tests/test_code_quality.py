"""The tools check the habits (STYLE.md, habit 12): the import contracts, ruff and mypy run with the suite.

Each tool is the one installed next to this Python (`pip install -e '.[test]'` brings them), configured in
pyproject.toml, and run from the repository root; a failure shows the tool's own report. mypy is the slow
one (~15 s without its cache, ~2 s with it): `pytest -m "not slow"` leaves it out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# A virtual environment's scripts sit beside its Python (bin/ or Scripts/), not necessarily on PATH.
SCRIPTS = Path(sys.executable).parent


def run_tool(name: str, *args: str, timeout: float) -> None:
    executable = shutil.which(name, path=str(SCRIPTS))
    if executable is None:
        pytest.fail(f"{name} is not installed beside {sys.executable}; run: pip install -e '.[test]'")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run([executable, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout)
    if proc.returncode != 0:
        pytest.fail(f"`{' '.join([name, *args])}` failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}",
                    pytrace=False)


def test_import_contracts_hold() -> None:
    """The layers and the private parts of pyproject.toml's [tool.importlinter], imports inside functions too."""
    run_tool("lint-imports", "--no-logo", timeout=120)


def test_ruff_finds_nothing() -> None:
    run_tool("ruff", "check", "--output-format", "concise", "src", "tests", "benchmarks", timeout=120)


@pytest.mark.slow
def test_mypy_finds_nothing() -> None:
    """mypy in its default mode, with the pydantic plugin and pandas-stubs, over src/ (see [tool.mypy])."""
    run_tool("mypy", timeout=300)
