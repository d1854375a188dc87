"""The scheduled pull workflow: schema-valid for GitHub, weekly, the URL from a secret, a pull request out."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import typer.main
import yaml

from conftest import REPO

WORKFLOW = REPO / "docs" / "examples" / "partnerscore-pull.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps() -> list[dict]:
    return _workflow()["jobs"]["pull"]["steps"]


def _step(name: str) -> dict:
    return next(step for step in _steps() if step.get("name", "").startswith(name))


def test_workflow_is_valid_for_github():
    proc = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_it_runs_weekly_and_by_hand():
    workflow = _workflow()
    trigger = workflow.get("on", workflow.get(True))  # PyYAML reads `on:` as True
    (schedule,) = trigger["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and re.fullmatch(r"[0-6]", weekday)  # one day a week
    assert "workflow_dispatch" in trigger


def test_the_source_url_comes_from_a_secret_and_the_settings_name_it():
    step = _step("Pull the week's numbers")
    assert step["env"] == {"WAREHOUSE_URL": "${{ secrets.WAREHOUSE_URL }}"}
    assert step["shell"] == "bash"  # for PIPESTATUS: pull's own exit code, not tee's
    docs = (REPO / "docs" / "pull.md").read_text(encoding="utf-8")
    assert 'warehouse = "env:WAREHOUSE_URL"' in docs


def test_it_opens_a_pull_request_with_the_data_files():
    workflow = _workflow()
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    opener = _step("Open or update the pull request")
    assert opener["uses"].startswith("peter-evans/create-pull-request@")
    assert opener["with"]["add-paths"] == "data/**"
    assert opener["with"]["body-path"] == "pull-request.md"
    assert "pull-request.md" in _step("Describe the pull request")["run"]


def _partnerscore_commands() -> list[list[str]]:
    commands = []
    for step in _steps():
        for line in step.get("run", "").splitlines():
            words = shlex.split(re.split(r"\s(?:>>?|\|\||&&|\|)\s", line)[0]) if line.strip() else []
            if words and words[0] == "partnerscore":
                commands.append(words[1:])
    return commands


def test_every_command_and_option_exists():
    from partnerscore.cli.app import app

    commands = _partnerscore_commands()
    assert [c[0] for c in commands] == ["pull", "lint"]
    group = typer.main.get_command(app)
    for name, *rest in commands:
        command = group.get_command(click.Context(group), name)
        assert command is not None, name
        command.make_context(name, list(rest))  # parses as the CLI would: unknown options are refused


def test_the_install_step_installs_the_extra():
    assert _step("Install partnerscore")["run"] == "pip install 'partnerscore[pull]'"


def test_a_failed_partnership_holds_back_no_others_yet_fails_the_job():
    # The pull step keeps pull's exit code and goes on, so the pull request carries what was pulled; the
    # last step fails the job with that code's news. Run the pull step's script in bash with a stand-in
    # `partnerscore` that exits 1 after printing, as a pull with one bad row does.
    import os
    import tempfile

    pull = _step("Pull the week's numbers")
    assert pull["id"] == "pull"
    with tempfile.TemporaryDirectory() as tmp:
        fake = Path(tmp) / "partnerscore"
        fake.write_text("#!/bin/sh\necho 'acme  data/acme.csv  2 rows added'\nexit 1\n", encoding="utf-8")
        fake.chmod(0o755)
        output = Path(tmp) / "output"
        env = {**os.environ, "PATH": f"{tmp}:{os.environ['PATH']}", "GITHUB_OUTPUT": str(output)}
        proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", pull["run"]], cwd=tmp, env=env,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr  # GitHub's bash runs with -e and pipefail
        assert output.read_text(encoding="utf-8") == "code=1\n"
        assert (Path(tmp) / "pull-summary.txt").read_text(encoding="utf-8") == "acme  data/acme.csv  2 rows added\n"
    fail = _step("Fail if a partnership could not be pulled")
    assert fail["if"] == ("${{ !cancelled() && (steps.pull.outputs.code != '0' || "
                          "steps.lint.outcome == 'failure') }}") and "exit 1" in fail["run"]
    describe = _step("Describe the pull request")
    assert describe["env"] == {"PULL_CODE": "${{ steps.pull.outputs.code }}"}
    order = [step.get("name", "") for step in _steps()]
    assert order.index("Open or update the pull request") < order.index(fail["name"])


def test_lint_reads_the_new_numbers_before_the_pull_request_moves_them_away():
    # create-pull-request commits the changes to its branch and leaves the working tree as it found it, so
    # a lint after it would read last week's numbers. Lint runs before it, and its finding fails the job at
    # the end without keeping the pull request from opening.
    order = [step.get("name", "") for step in _steps()]
    lint = _step("Lint the new numbers")
    assert order.index("Pull the week's numbers") < order.index("Lint the new numbers") \
        < order.index("Open or update the pull request")
    assert lint["continue-on-error"] is True and lint["id"] == "lint" and lint["if"] == "${{ !cancelled() }}"
