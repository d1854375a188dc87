"""Shell completion as in every Typer tool: `--install-completion`, `--show-completion`, and the
`_PARTNERSCORE_COMPLETE` protocol the installed scripts call back into. Real processes throughout.

`_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION=1` is Typer's own switch for tests: the two options then take
the shell as a value instead of detecting the shell they run in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import run_cli

COMMANDS = ["lint", "rules", "schema", "init", "diff", "report", "pull", "review"]
NO_DETECTION = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}


def _complete(shell: str, **variables: str) -> list[str]:
    """What the completion script of `shell` gets back for the command line in `variables`."""
    run = run_cli(env={"_PARTNERSCORE_COMPLETE": f"complete_{shell}", **variables})
    assert run.code == 0 and run.stderr == "", run.stderr
    return run.stdout.splitlines()


def test_help_offers_both_completion_options(tmp_path):
    run = run_cli("--help", cwd=tmp_path)
    assert run.code == 0
    assert "--install-completion" in run.stdout and "--show-completion" in run.stdout


@pytest.mark.parametrize("shell, marker", [
    ("bash", "complete -o default -F _partnerscore_completion partnerscore"),
    ("zsh", "#compdef partnerscore"),
    ("fish", "complete --command partnerscore"),
])
def test_show_completion_prints_the_script_for_the_shell(shell, marker):
    run = run_cli("--show-completion", shell, env=NO_DETECTION)
    assert run.code == 0, run.stderr
    assert marker in run.stdout
    assert f"_PARTNERSCORE_COMPLETE=complete_{shell}" in run.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_show_completion_detects_the_shell_it_runs_in():
    # `; :` keeps bash from replacing itself with the command, so bash is its parent, as in a terminal.
    run = subprocess.run(["bash", "-c", '"$0" -m partnerscore --show-completion; :', sys.executable],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "complete -o default -F _partnerscore_completion partnerscore" in run.stdout


def test_bash_completes_command_names_and_option_values():
    assert _complete("bash", COMP_WORDS="partnerscore ", COMP_CWORD="1") == COMMANDS
    assert _complete("bash", COMP_WORDS="partnerscore re", COMP_CWORD="1") == ["report", "review"]
    assert _complete("bash", COMP_WORDS="partnerscore review ", COMP_CWORD="2") == ["new"]
    assert _complete("bash", COMP_WORDS="partnerscore lint --format ", COMP_CWORD="3") == [
        "auto", "text", "json", "github", "sarif", "junit"]


def test_zsh_and_fish_complete_command_names_with_their_help():
    zsh = _complete("zsh", _TYPER_COMPLETE_ARGS="partnerscore rep")
    assert zsh[0].startswith("_arguments") and '"report":"Where each partnership stands' in zsh[0]
    fish = _complete("fish", _TYPER_COMPLETE_ARGS="partnerscore li", _TYPER_COMPLETE_FISH_ACTION="get-args")
    assert len(fish) == 1 and fish[0].startswith("lint\tCheck scorecards, their CSVs")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_completes_in_bash(tmp_path):
    """The script `--show-completion` prints, sourced in bash, fills COMPREPLY by calling partnerscore."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "partnerscore"  # the script calls `partnerscore` by name, as installed
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m partnerscore "$@"\n')
    launcher.chmod(0o755)
    script = ('eval "$(partnerscore --show-completion bash)"\n'
              "COMP_WORDS=(partnerscore r); COMP_CWORD=1\n"
              "_partnerscore_completion partnerscore\n"
              'printf "%s\\n" "${COMPREPLY[@]}"\n')
    env = {**os.environ, **NO_DETECTION, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True,
                         env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["rules", "report", "review"]


def test_install_completion_writes_the_script_and_sources_it(tmp_path):
    run = run_cli("--install-completion", "bash", env={**NO_DETECTION, "HOME": str(tmp_path)})
    assert run.code == 0, run.stderr
    assert "bash completion installed in" in run.stdout
    script = tmp_path / ".bash_completions" / "partnerscore.sh"
    assert "_PARTNERSCORE_COMPLETE=complete_bash" in script.read_text()
    bashrc = (tmp_path / ".bashrc").read_text()
    assert "source" in bashrc and script.name in bashrc
