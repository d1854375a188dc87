"""Settings: `[tool.partnerscore]` in the nearest pyproject.toml, or a partnerscore.toml (SPEC.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from partnerscore.io.settings import ConfigError, load_settings, load_settings_for


def test_nearest_parent_pyproject_is_used_and_folders_resolve_against_it(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.partnerscore]\nscorecards = "cards"\n', encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    settings = load_settings(deep)
    assert settings.scorecards == "cards" and settings.folder("scorecards") == tmp_path / "cards"


def test_partnerscore_toml_takes_the_keys_at_top_level(tmp_path: Path):
    (tmp_path / "partnerscore.toml").write_text('tolerance = 0.05\nfiscal_year_start = 4\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    assert (settings.tolerance, settings.fiscal_year_start) == (0.05, 4)


def test_tolerance_may_be_a_percentage_as_in_scorecards(tmp_path: Path):
    (tmp_path / "partnerscore.toml").write_text('tolerance = "5%"\n', encoding="utf-8")
    assert load_settings(tmp_path).tolerance == pytest.approx(0.05)


@pytest.mark.parametrize("line, problem", [
    ('strict = "yes"', "strict: Input should be a valid boolean"),
    ("fiscal_year_start = 2.0", "fiscal_year_start: Input should be a valid integer"),
    ("fiscal_year_start = 13", "fiscal_year_start: Input should be less than or equal to 12"),
    ("tolerance = -0.1", "tolerance: Input should be greater than or equal to 0"),
    ('tolerance = "lots"', "tolerance: Value error, expected a number"),
])
def test_a_setting_of_the_wrong_type_is_reported_not_guessed(tmp_path: Path, line: str, problem: str):
    (tmp_path / "partnerscore.toml").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        load_settings(tmp_path)


def test_unknown_setting_gets_a_hint_and_the_cli_exits_2(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.partnerscore]\nstirct = true\n', encoding="utf-8")
    (tmp_path / "scorecards").mkdir()
    run = run_cli("lint", cwd=tmp_path)
    assert run.code == 2
    assert "unknown partnerscore setting 'stirct'; did you mean 'strict'?" in run.stderr
    assert "Traceback" not in run.stderr


def _project(folder: Path, settings_file: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / settings_file).write_text(text, encoding="utf-8")
    return folder


def test_with_no_settings_around_the_current_folder_the_named_paths_project_is_used(tmp_path: Path):
    sub = _project(tmp_path / "repo" / "sub", "partnerscore.toml", 'scorecards = "cards"\n')
    (sub / "cards").mkdir()
    settings = load_settings_for([Path("sub/cards")], start=tmp_path / "repo")
    assert settings.root == sub.resolve() and settings.folder("scorecards") == sub.resolve() / "cards"
    # A file that is gone (diff names a removed scorecard) is found by its folders.
    gone = load_settings_for([Path("sub/cards/removed.yaml")], start=tmp_path / "repo")
    assert gone.root == sub.resolve()


def test_a_pyproject_without_the_table_marks_a_project_with_the_defaults(tmp_path: Path):
    sub = _project(tmp_path / "repo" / "sub", "pyproject.toml", "[project]\nname = 'x'\n")
    settings = load_settings_for([Path("sub/scorecards/a.yaml")], start=tmp_path / "repo")
    assert settings.root == sub.resolve() and settings.source is None


@pytest.mark.parametrize("settings_file", ["partnerscore.toml", "pyproject.toml"])
def test_settings_of_the_current_folder_win_over_the_named_paths(tmp_path: Path, settings_file: str):
    repo = _project(tmp_path / "repo", settings_file, "")
    _project(repo / "sub", "partnerscore.toml", 'scorecards = "cards"\n')
    settings = load_settings_for([Path("sub/cards")], start=repo)
    assert settings.root == repo.resolve() and settings.scorecards == "scorecards"


def test_no_paths_and_no_settings_are_the_defaults_here(tmp_path: Path):
    _project(tmp_path / "sub", "partnerscore.toml", 'scorecards = "cards"\n')
    assert load_settings_for([], start=tmp_path).root == tmp_path.resolve()


def test_paths_in_two_projects_are_refused(tmp_path: Path):
    _project(tmp_path / "a", "partnerscore.toml", "")
    _project(tmp_path / "b", "pyproject.toml", "")
    _project(tmp_path / "c", "pyproject.toml", "")
    with pytest.raises(ConfigError, match=r"lie in two projects \(a/, b/\); run partnerscore once per project"):
        load_settings_for([Path("a/x.yaml"), Path("a/y.csv"), Path("b/x.yaml")], start=tmp_path)
    with pytest.raises(ConfigError, match=r"lie in three projects \(a/, b/, c/\)"):
        load_settings_for([Path("a"), Path("b"), Path("c")], start=tmp_path)
