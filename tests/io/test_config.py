"""Settings: `[tool.partnerscore]` in the nearest pyproject.toml, or a partnerscore.toml (SPEC.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from partnerscore.io.settings import ConfigError, load_settings


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
