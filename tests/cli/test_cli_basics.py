"""The CLI's front door: help, version, the rule catalogue, the schema, and what `--help` costs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, run_cli
from partnerscore.lint.rules import all_rules

FIXTURE_CARD = Path(__file__).parent.parent / "fixtures" / "lint_project" / "scorecards" / "acme.yaml"


def test_help_lists_the_commands_without_type_noise(tmp_path):
    run = run_cli("--help", cwd=tmp_path)
    assert run.code == 0
    for command in ("lint", "rules", "schema"):
        assert f"\n  {command} " in run.stdout
    assert "--version" in run.stdout and "<bool>" not in run.stdout


def test_lint_help_names_every_option(tmp_path):
    run = run_cli("lint", "--help", cwd=tmp_path)
    assert run.code == 0
    for option in ("--format", "--strict", "--ignore", "--as-of", "auto|text|json|github|sarif|junit"):
        assert option in run.stdout
    assert "<bool>" not in run.stdout


def test_version(tmp_path):
    from partnerscore import __version__

    run = run_cli("--version", cwd=tmp_path)
    assert (run.code, run.stdout) == (0, f"partnerscore {__version__}\n")


def test_help_imports_neither_pydantic_nor_pandas_nor_rich():
    code = (
        "import sys\n"
        "from partnerscore.cli import main\n"
        "for args in (['--help'], ['lint', '--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'pydantic', 'rich', 'yaml'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


def test_unknown_command_is_a_usage_error(tmp_path):
    run = run_cli("lnit", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr


def test_rules_json_lists_every_registered_rule():
    run = run_cli("rules", "--format", "json")
    records = json.loads(run.stdout)
    assert [r["code"] for r in records] == list(all_rules())
    ps403 = next(r for r in records if r["code"] == "PS403")
    assert (ps403["severity"], ps403["name"]) == ("warning", "percent-above-one")


def test_rules_table_shows_codes_and_severities():
    run = run_cli("rules")
    assert run.code == 0
    for code, rule in all_rules().items():
        assert code in run.stdout and rule.name in run.stdout


def test_rules_show_ps606_as_w_e_as_spec_pins_it():
    # SPEC.md's table: PS606 is W/E (an error when its did-you-mean names a series a metric needs), PS605 E,
    # PS608 W. The table shows the letters; the JSON keeps `severity` (the default, SARIF's level) and lists
    # every severity the rule reports.
    table = run_cli("rules").stdout
    letters = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in table.splitlines()
               if line.startswith("│ PS")}
    assert (letters["PS605"], letters["PS606"], letters["PS608"]) == ("E", "W/E", "W")
    records = {r["code"]: r for r in json.loads(run_cli("rules", "--format", "json").stdout)}
    assert (records["PS606"]["severity"], records["PS606"]["severities"]) == ("warning", ["warning", "error"])
    assert (records["PS605"]["severity"], records["PS605"]["severities"]) == ("error", ["error"])
    assert [code for code, r in records.items() if len(r["severities"]) > 1] == ["PS606"]


def test_docs_rules_md_is_generated_from_the_registry():
    run = run_cli("rules", "--format", "markdown")
    docs = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert run.stdout == docs, "docs/rules.md is stale: run `partnerscore rules --format markdown > docs/rules.md`"


def test_schema_is_json_schema_that_accepts_a_good_scorecard_and_rejects_typos():
    run = run_cli("schema")
    assert run.code == 0
    schema = json.loads(run.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    card = yaml.safe_load(FIXTURE_CARD.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(card)) == []
    card["outcomes"][0]["tagret"] = 3
    card["type"] = "referal"
    messages = sorted(e.message for e in validator.iter_errors(card))
    assert len(messages) == 2
    assert any("tagret" in m for m in messages) and any("referal" in m for m in messages)


def _run_with(monkeypatch, outcome, stdout=None):
    """partnerscore.cli.run() with `main` ending as `outcome`; the code it exits with."""
    import io

    import partnerscore.cli as cli

    def fake_main():
        print("report text")
        if outcome is not None:
            raise outcome

    monkeypatch.setattr(cli, "main", fake_main)
    # run() takes over the process' SIGINT and SIGTERM (it is the command's own entry): not pytest's.
    monkeypatch.setattr(cli, "_handle_signals", lambda: None)
    out, err = stdout or io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with pytest.raises(SystemExit) as exited:
        cli.run()
    return exited.value.code, out, err


@pytest.mark.parametrize("outcome, code", [(None, 0), (SystemExit(None), None), (SystemExit(0), 0),
                                           (SystemExit(1), 1), (SystemExit(2), 2), (SystemExit(130), 130),
                                           (SystemExit("partnerscore: gone"), "partnerscore: gone")])
def test_the_command_exits_with_mains_code_after_flushing_its_output(monkeypatch, outcome, code):
    class Recording(io.StringIO):
        flushed = False

        def flush(self):
            Recording.flushed = True

    got, out, _ = _run_with(monkeypatch, outcome, Recording())
    assert got == code and out.getvalue() == "report text\n" and Recording.flushed


def test_a_reader_gone_by_the_last_flush_makes_it_exit_1_without_a_traceback(monkeypatch):
    class Gone(io.StringIO):
        def flush(self):
            raise BrokenPipeError

    code, _, err = _run_with(monkeypatch, None, Gone())
    assert code == 1 and err.getvalue() == "" and sys.stdout is not None and not isinstance(sys.stdout, Gone)


@pytest.mark.parametrize("args", [["report", "--format", "json", "--as-of", "2026-11-15"], ["rules"]])
def test_the_command_exits_1_quietly_when_nobody_reads_its_output(report_copy, args):
    """stdout a pipe whose reader has gone (as after `| head -c 0`): exit 1, and no traceback, whether the
    command flushes its output itself (report) or leaves it to the exit (rules)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "-c", "from partnerscore.cli import run; run()", *args],
                              stdout=write_end, stderr=subprocess.PIPE, timeout=120,
                              env={**os.environ, "NO_COLOR": "1"})
    finally:
        os.close(write_end)
    assert (proc.returncode, proc.stderr) == (1, b"")


def test_the_installed_command_and_python_m_run_the_same_entry_point():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["partnerscore"] == "partnerscore.cli:run"
    assert "run()" in (REPO / "src" / "partnerscore" / "__main__.py").read_text(encoding="utf-8")


def test_exit_handlers_someone_registered_still_run(tmp_path):
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
            "sys.argv = ['partnerscore', '--version']\n"
            "from partnerscore.cli import run\n"
            "run()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert (out.returncode, out.stderr) == (0, "handler ran\n") and out.stdout.startswith("partnerscore ")
