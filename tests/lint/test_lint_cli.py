"""`partnerscore lint` through the real entry point: paths, options, settings, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

FIXTURE = Path(__file__).parent.parent / "fixtures" / "lint_project"
CLEAN = (FIXTURE / "scorecards" / "acme.yaml").read_text(encoding="utf-8")
NO_DATA = "PS601,PS706"  # the tmp projects here have no CSVs or decision notes


def _project(tmp_path: Path, files: dict[str, str | bytes], settings: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.partnerscore]\n{settings}", encoding="utf-8")
    for name, content in files.items():
        path = tmp_path / "scorecards" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return tmp_path


def _json(run) -> dict:
    return json.loads(run.stdout)


def test_clean_project_exits_0_with_a_summary(tmp_path):
    root = _project(tmp_path, {"acme.yaml": CLEAN})
    run = run_cli("lint", "--ignore", NO_DATA, cwd=root)
    assert (run.code, run.stdout, run.stderr) == (0, "All checks passed: 1 file, no problems.\n", "")


def test_errors_exit_1_and_warnings_alone_exit_0_unless_strict(tmp_path):
    warning_only = CLEAN.replace(" partner_owner: Ann,", "", 1)  # one PS303 warning on `enablements`
    root = _project(tmp_path, {"acme.yaml": warning_only})
    run = run_cli("lint", "--ignore", NO_DATA, cwd=root)
    assert run.code == 0
    assert run.stdout.startswith("scorecards/acme.yaml:12:5: PS303 ")
    assert run_cli("lint", "--ignore", NO_DATA, "--strict", cwd=root).code == 1
    # `strict = true` in the settings does the same.
    _project(tmp_path, {}, 'strict = true\n')
    assert run_cli("lint", "--ignore", NO_DATA, cwd=root).code == 1


def test_ignore_option_and_setting_drop_codes(tmp_path):
    root = _project(tmp_path, {"acme.yaml": CLEAN.replace(" partner_owner: Ann,", "", 1)}, 'ignore = ["PS601"]\n')
    codes = {d["rule"] for d in _json(run_cli("lint", "-f", "json", cwd=root))["diagnostics"]}
    assert "PS601" not in codes and {"PS303", "PS706"} <= codes
    run = run_cli("lint", "-f", "json", "--ignore", "ps303", "--ignore", "PS706", cwd=root)
    assert _json(run)["diagnostics"] == []


def test_unknown_ignore_code_is_a_usage_error_with_a_hint(tmp_path):
    root = _project(tmp_path, {"acme.yaml": CLEAN})
    run = run_cli("lint", "--ignore", "PS3O1", cwd=root)
    assert run.code == 2
    assert "unknown rule code 'PS3O1'; did you mean PS301?" in run.stderr
    _project(tmp_path, {}, 'ignore = ["PS9999"]\n')
    run = run_cli("lint", cwd=root)
    assert run.code == 2 and "pyproject.toml: ignore: unknown rule code 'PS9999'" in run.stderr


def test_nonexistent_path_exits_2(tmp_path):
    root = _project(tmp_path, {"acme.yaml": CLEAN})
    run = run_cli("lint", "scorecards/nope.yaml", cwd=root)
    assert run.code == 2
    assert "scorecards/nope.yaml: no such file or folder" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("command", ["lint", "report"])
@pytest.mark.parametrize("given, folder", [("notes.txt", False), ("scorecards/README", False),
                                           ("x.yaml", True), ("old.csv", True)])
def test_a_path_that_is_no_project_file_exits_2(tmp_path, command: str, given: str, folder: bool):
    # Checking nothing and saying "All checks passed: 0 files" would hide the typo.
    root = _project(tmp_path, {"acme.yaml": CLEAN})
    if folder:
        (root / given).mkdir()
        (root / given / "acme.yaml").write_text(CLEAN, encoding="utf-8")
    else:
        (root / given).write_text("not ours\n", encoding="utf-8")
    run = run_cli(command, given, "scorecards/acme.yaml", cwd=root)
    assert run.code == 2, run.stdout + run.stderr
    kind = "a folder, " if folder else ""
    assert f"{given}: {kind}not a scorecard, program, data file, decision note or query file" in run.stderr
    assert "All checks passed" not in run.stdout and "Traceback" not in run.stderr


@pytest.mark.parametrize("args, where", [([], "scorecards/"), (["empty"], "empty")])
def test_checking_nothing_is_a_usage_error(tmp_path, args: list[str], where: str):
    # An empty scorecards folder, or a folder with nothing of ours: a CI step that checks nothing would pass.
    (tmp_path / "scorecards").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not ours\n", encoding="utf-8")
    run = run_cli("lint", *args, cwd=tmp_path)
    assert run.code == 2
    assert f"nothing to check in {where}: no scorecard, data file, decision note, program or query file" in run.stderr
    assert "All checks passed" not in run.stdout


def test_no_scorecards_folder_exits_2_with_advice(tmp_path):
    run = run_cli("lint", cwd=tmp_path)
    assert run.code == 2 and "partnerscore init" in run.stderr


def test_bad_as_of_and_bad_format_are_usage_errors(tmp_path):
    root = _project(tmp_path, {"acme.yaml": CLEAN})
    run = run_cli("lint", "--as-of", "15/01/2026", cwd=root)
    assert run.code == 2 and "YYYY-MM-DD" in run.stderr
    run = run_cli("lint", "--format", "xml", cwd=root)
    assert run.code == 2 and "--format" in run.stderr and "Traceback" not in run.stderr


def test_paths_may_be_files_or_folders_and_a_file_named_twice_counts_once(tmp_path):
    root = _project(tmp_path, {"acme.yaml": CLEAN, "more/globex.yaml": CLEAN.replace("Acme", "Globex")})
    run = run_cli("lint", "-f", "json", "scorecards/acme.yaml", "scorecards/more", "scorecards/acme.yaml",
                  "--ignore", NO_DATA, cwd=root)
    assert _json(run)["summary"]["files"] == 2


def test_auto_format_is_github_under_github_actions(tmp_path):
    root = _project(tmp_path, {"acme.yaml": CLEAN.replace(" partner_owner: Ann,", "", 1)})
    run = run_cli("lint", "--ignore", NO_DATA, cwd=root, env={"GITHUB_ACTIONS": "true"})
    assert run.stdout.startswith("::warning file=scorecards/acme.yaml,line=12,col=5,title=PS303::")


def test_text_is_coloured_only_when_forced_and_never_with_no_color(tmp_path):
    root = _project(tmp_path, {"acme.yaml": "- a\n"})
    plain = run_cli("lint", cwd=root)
    forced = run_cli("lint", cwd=root, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" not in plain.stdout
    assert "\x1b[1;31mPS101\x1b[0m" in forced.stdout


BAD_INPUTS = {
    "empty.yaml": ("", "PS101", 1, 1),
    "list.yaml": ("- a\n- b\n", "PS101", 1, 1),
    "scalar.yaml": ("just text\n", "PS101", 1, 1),
    "latin1.yaml": ("goal: café\n".encode("latin-1"), "PS100", 1, 10),
    "noise.yaml": (bytes((i * 97 + 3) % 256 for i in range(2000)), "PS100", 1, 1),
    "syntax.yaml": ("a: [1, 2\nb: 3\n", "PS100", 2, 2),
    "tabs.yaml": ("partnership: x\n\tgoal: y\n", "PS100", 2, 1),
    "dupe.yaml": ("partnership: x\npartnership: y\n", "PS105", 2, 1),
    "bomb.yaml": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                  + "".join(f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]\n"
                            for p, n in zip("abcdef", "bcdefg", strict=True)),
                  "PS100", 5, 4),
    # 20,000 nested brackets: refused at the nesting bound, not by a RecursionError.
    "nested.yaml": ("a: " + "[" * 20000 + "]" * 20000 + "\n", "PS100", 1, None),
}


def test_every_kind_of_bad_file_gets_a_positioned_diagnostic_and_the_rest_still_run(tmp_path):
    files = {name: spec[0] for name, spec in BAD_INPUTS.items()}
    files["zz-clean.yaml"] = CLEAN.replace("Acme", "Zeta").replace(" partner_owner: Ann,", "", 1)
    root = _project(tmp_path, files)
    run = run_cli("lint", "-f", "json", "--ignore", NO_DATA, cwd=root)
    assert run.code == 1 and run.stderr == ""
    by_path: dict[str, list] = {}
    for d in _json(run)["diagnostics"]:
        by_path.setdefault(d["path"].split("/")[-1], []).append(d)
    for name, (_, rule, line, column) in BAD_INPUTS.items():
        hits = [d for d in by_path[name] if d["rule"] == rule and d["line"] == line
                and (column is None or d["column"] == column)]
        assert len(hits) == 1, (name, by_path[name])
    # The broken files did not stop the good one being checked.
    assert [d["rule"] for d in by_path["zz-clean.yaml"]] == ["PS303"]
    # That each is refused after bounded work is tested in tests/yamlsource (calls and memory counted);
    # how long this run takes is benchmarks/bench_hostile.py's business.


def test_oversized_file_is_refused_with_ps100(tmp_path):
    root = _project(tmp_path, {"huge.yaml": "a: " + "x" * (2 * 1024 * 1024) + "\n"})
    run = run_cli("lint", "-f", "json", cwd=root)
    [d] = _json(run)["diagnostics"]
    assert (d["rule"], d["line"], d["column"]) == ("PS100", 1, 1) and "limit" in d["message"]


def test_two_scorecards_with_one_id_are_ps211_in_both(tmp_path):
    root = _project(tmp_path, {"acme.yaml": CLEAN, "acme-eu.yaml": "id: acme\n" + CLEAN})
    run = run_cli("lint", "-f", "json", "--ignore", NO_DATA, cwd=root)
    found = sorted((d["path"], d["line"]) for d in _json(run)["diagnostics"] if d["rule"] == "PS211")
    assert found == [("scorecards/acme-eu.yaml", 1), ("scorecards/acme.yaml", 1)]


def test_markup_and_escape_sequences_in_user_text_are_printed_literally(tmp_path):
    text = CLEAN.replace("name: Joint calls", 'name: "[/bold][red]Press releases\\e]0;pwned\\a"')
    root = _project(tmp_path, {"acme.yaml": text})
    run = run_cli("lint", "--ignore", NO_DATA, cwd=root, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "'[/bold][red]Press releases\\x1b]0;pwned\\x07'" in run.stdout
    assert "\x1b]" not in run.stdout and "\x07" not in run.stdout


def test_lint_does_not_import_pandas_or_rich():
    code = (
        "import sys\n"
        "from partnerscore.cli import main\n"
        "try:\n"
        f"    main(['lint', {str(FIXTURE / 'scorecards')!r}, '--as-of', '2026-01-15'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'rich'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=FIXTURE)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


def test_a_named_scorecard_is_checked_for_a_duplicate_id_against_the_others(tmp_path):
    # pre-commit passes only the changed files: a new copy of a scorecard that keeps the old `id:` must
    # still be PS211, reported in the named file only.
    root = _project(tmp_path, {"acme.yaml": CLEAN, "acme-copy.yaml": "id: acme\n" + CLEAN,
                               "other.yaml": "id: other\n" + CLEAN})
    run = run_cli("lint", "--format", "json", "--ignore", NO_DATA, "scorecards/acme-copy.yaml", cwd=root)
    found = [d for d in _json(run)["diagnostics"] if d["rule"] == "PS211"]
    assert [(d["path"], d["line"]) for d in found] == [("scorecards/acme-copy.yaml", 1)], run.stdout
    assert "also used by scorecards/acme.yaml" in found[0]["message"]
    assert run.code == 1
    # The original alone: the copy is found as well, and only the original's finding is shown.
    run = run_cli("lint", "--format", "json", "--ignore", NO_DATA, "scorecards/acme.yaml", cwd=root)
    assert [(d["path"], d["rule"]) for d in _json(run)["diagnostics"]] == [("scorecards/acme.yaml", "PS211")]
    run = run_cli("lint", "--format", "json", "--ignore", NO_DATA, "scorecards/other.yaml", cwd=root)
    assert _json(run)["diagnostics"] == [] and run.code == 0
