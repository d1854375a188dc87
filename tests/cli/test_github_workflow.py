"""The example GitHub Actions workflow: schema-valid, in sync with its docs, and every command it runs exists."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer.main
import yaml

from conftest import REPO

WORKFLOW = REPO / "docs" / "examples" / "partnerscore.yml"
DOC = REPO / "docs" / "github-actions.md"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps() -> list[dict]:
    return _workflow()["jobs"]["scorecards"]["steps"]


def _partnerscore_commands() -> list[list[str]]:
    """Every `partnerscore …` invocation in the run lines, without redirections and `|| true`."""
    commands = []
    for step in _steps():
        for line in step.get("run", "").splitlines():
            line = line.replace("${{ github.base_ref }}", "main")
            line = re.split(r"\s(?:>>?|\|\||&&|\|)\s", line)[0]
            words = shlex.split(line)
            if words and words[0] == "partnerscore":
                commands.append(words[1:])
    return commands


def test_workflow_is_valid_for_github():
    proc = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_docs_show_the_same_workflow():
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/github-actions.md has no yaml block"
    assert yaml.safe_load(blocks[0]) == _workflow()


def test_workflow_is_not_installed_as_this_repositorys_own_ci():
    assert not (REPO / ".github" / "workflows" / "partnerscore.yml").exists()


def test_trigger_permissions_and_checkout():
    workflow = _workflow()
    # PyYAML reads the `on:` key as True (YAML 1.1 boolean); GitHub reads it as "on".
    trigger = workflow.get("on", workflow.get(True))
    paths = trigger["pull_request"]["paths"]
    assert {"scorecards/**", "data/**", "reviews/**"} <= set(paths)
    assert workflow["permissions"]["security-events"] == "write"
    checkout = next(s for s in _steps() if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any(s.get("uses", "").startswith("actions/setup-python@") for s in _steps())
    assert any(s.get("run") == "pip install partnerscore" for s in _steps())


def test_sarif_file_written_is_the_one_uploaded():
    sarif_step = next(s for s in _steps() if "--format sarif" in s.get("run", ""))
    written = re.search(r">\s*(\S+)", sarif_step["run"]).group(1)
    upload = next(s for s in _steps() if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == written


def test_the_expected_commands_are_run():
    commands = [" ".join(c) for c in _partnerscore_commands()]
    assert commands == [
        "lint --format github",
        "lint --format sarif",
        "diff --base origin/main --format markdown",
        "report --format markdown",
    ]
    runs = [s.get("run", "") for s in _steps()]
    assert sum('>> "$GITHUB_STEP_SUMMARY"' in r for r in runs) == 2


@pytest.mark.parametrize("args", _partnerscore_commands(), ids=lambda a: " ".join(a))
def test_every_command_and_option_exists(args: list[str]):
    from partnerscore.cli.app import app

    group = typer.main.get_command(app)
    name, rest = args[0], args[1:]
    command = group.get_command(click.Context(group), name)
    assert command is not None, f"partnerscore has no command {name!r}"
    # Parse exactly as the CLI would (choices checked, unknown options rejected) without running it.
    context = command.make_context(name, list(rest))
    assert context.params["format"].value == rest[rest.index("--format") + 1]
