"""`partnerscore diff` judges the bar in force, not only the text that changed: the tolerance a metric
actually uses (its own, else the settings' `tolerance`, else 10%, on each side of the change) and a summed
target kept the same over a longer or shorter period."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from git_helpers import git, init_repo


def metric(mid: str, **fields) -> dict:
    return {"id": mid, "name": mid.title(), "owner": "Dana Lee", "target": 10, **fields}


def card(**uptime) -> dict:
    """One scorecard: `uptime` (a level, the fields given) and `revenue` (a quarterly sum)."""
    return {
        "partnership": "Kestrel", "id": "kestrel", "goal": "Ship the integration.", "type": "integration",
        "lead": "Dana Lee", "partner": "Kestrel",
        "outcomes": [metric("revenue", unit="USD", period="quarter", target=500000),
                     metric("uptime", unit="percent", target="99.9%", **uptime)],
        "drivers": [metric(f"d{i}", drives=["revenue"]) for i in range(4)],
        "health": [metric(f"h{i}") for i in range(3)],
    }


def write(repo: Path, data: dict) -> None:
    (repo / "scorecards").mkdir(exist_ok=True)
    (repo / "scorecards" / "kestrel.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def commit(repo: Path, data: dict, settings: str | None = None) -> None:
    write(repo, data)
    if settings is not None:
        (repo / "pyproject.toml").write_text(settings, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    init_repo(tmp_path)
    return tmp_path


def changes(repo: Path) -> list[dict]:
    run = run_cli("diff", "--format", "json", cwd=repo)
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)


def gate(repo: Path) -> int:
    return run_cli("diff", "--fail-on", "lowered-bar", cwd=repo).code


def test_removing_a_narrow_tolerance_falls_back_to_the_default_and_lowers_the_bar(repo: Path):
    # 0.1% of 99.9% is a 0.0999-point band; the default 10% is 9.99 points: 100 times wider.
    commit(repo, card(tolerance="0.1%"))
    write(repo, card())
    [change] = changes(repo)
    assert (change["metric"], change["field"], change["kind"]) == ("uptime", "tolerance", "lowered-bar")
    assert (change["before"], change["after"]) == (0.001, None)  # what the files say
    assert "removed (was 0.1%): the default, 10.0%, applies" in change["message"]
    assert "the bar is lower" in change["message"]
    assert gate(repo) == 1


def test_removing_a_wide_tolerance_narrows_the_band_and_is_only_a_removal(repo: Path):
    commit(repo, card(tolerance="20%"))
    write(repo, card())
    [change] = changes(repo)
    assert change["kind"] == "removed" and "the default, 10.0%, applies" in change["message"]
    assert gate(repo) == 0


def test_removing_a_tolerance_uses_the_settings_default_of_the_new_side(repo: Path):
    # Own 20% removed while the setting is 25%: the band widens from 20% to 25%.
    commit(repo, card(tolerance="20%"), "[tool.partnerscore]\ntolerance = 0.25\n")
    write(repo, card())
    [change] = changes(repo)
    assert change["kind"] == "lowered-bar" and "the default, 25.0%, applies" in change["message"]


def test_adding_a_tolerance_wider_than_the_default_lowers_the_bar(repo: Path):
    commit(repo, card())
    write(repo, card(tolerance="15%"))  # 15% > the default 10%
    [change] = changes(repo)
    assert (change["before"], change["after"], change["kind"]) == (None, 0.15, "lowered-bar")
    assert "added: 15.0% (the default was 10.0%)" in change["message"]
    assert gate(repo) == 1


def test_raising_the_tolerance_setting_widens_every_metric_without_its_own(repo: Path):
    # 9 metrics; uptime keeps its own 0.1%, so 8 use the setting, which goes from 0.10 to 0.25.
    commit(repo, card(tolerance="0.1%"), "[tool.partnerscore]\ntolerance = 0.10\n")
    (repo / "pyproject.toml").write_text("[tool.partnerscore]\ntolerance = 0.25\n", encoding="utf-8")
    records = changes(repo)
    assert len(records) == 8 and {r["kind"] for r in records} == {"lowered-bar"}
    assert "uptime" not in {r["metric"] for r in records}
    revenue = next(r for r in records if r["metric"] == "revenue")
    assert (revenue["field"], revenue["before"], revenue["after"]) == ("tolerance", 0.1, 0.25)
    assert "widened from 10.0% to 25.0% by the `tolerance` setting" in revenue["message"]
    assert gate(repo) == 1


def test_a_setting_added_in_a_partnerscore_toml_is_read_on_both_sides(repo: Path):
    # No settings file at the base (10% by default); a partnerscore.toml narrows it to 5% now.
    commit(repo, card(tolerance="0.1%"))
    (repo / "partnerscore.toml").write_text("tolerance = \"5%\"\n", encoding="utf-8")
    records = changes(repo)
    assert len(records) == 8 and {r["kind"] for r in records} == {"lowered"}
    assert all("narrowed from 10.0% to 5.0%" in r["message"] for r in records)
    assert gate(repo) == 0


def test_an_unchanged_setting_reports_nothing(repo: Path):
    commit(repo, card(), "[tool.partnerscore]\ntolerance = 0.25\n")
    assert changes(repo) == []


@pytest.mark.parametrize("direction, new_period, kind", [
    ("up", "year", "lowered-bar"),   # 500,000 a quarter → 500,000 a year: a quarter of the pace
    ("up", "month", "raised"),       # 500,000 a month: three times the pace
    ("down", "year", "raised"),      # a cap of 500,000 a year is harder than 500,000 a quarter
    ("down", "month", "lowered-bar"),
])
def test_a_summed_target_kept_over_another_period(repo: Path, direction: str, new_period: str, kind: str):
    base = card()
    base["outcomes"][0]["direction"] = direction
    commit(repo, base)
    after = card()
    after["outcomes"][0].update(direction=direction, period=new_period)
    write(repo, after)
    [change] = changes(repo)
    assert (change["metric"], change["field"], change["kind"]) == ("revenue", "period", kind)
    assert f"a sum over a {new_period} instead of a quarter with the same target" in change["message"]
    assert gate(repo) == (1 if kind == "lowered-bar" else 0)


def test_a_level_kept_over_another_period_is_only_a_change(repo: Path):
    # uptime is a percent, aggregated by mean: 99.9% over a year is no easier than over a month.
    commit(repo, card())
    write(repo, card(period="year"))
    [change] = changes(repo)
    assert (change["metric"], change["field"], change["kind"]) == ("uptime", "period", "changed")
    assert gate(repo) == 0
