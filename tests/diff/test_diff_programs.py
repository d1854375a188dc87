"""`partnerscore diff` through programs, in real git repositories: a changed program is shown as what it
changes in each scorecard that extends it, and a tier's override shields its scorecards from a base change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from git_helpers import git, init_repo
from program_helpers import BASE, GOLD, PARTNER_OWNERS, scorecard, write_project

SILVER = """\
program: Silver tier
extends: base
metrics:
  pipeline: {target: 700000}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """base with gold and silver tiers; acme and beta on gold, cedar on silver, delta on base; committed."""
    write_project(tmp_path, {
        "programs/base.yaml": BASE, "programs/gold.yaml": GOLD, "programs/silver.yaml": SILVER,
        "scorecards/acme.yaml": scorecard("gold", "Acme", f"metrics: {PARTNER_OWNERS}"),
        "scorecards/beta.yaml": scorecard("gold", "Beta", f"metrics: {PARTNER_OWNERS}"),
        "scorecards/cedar.yaml": scorecard("silver", "Cedar", f"metrics: {PARTNER_OWNERS}"),
        "scorecards/delta.yaml": scorecard("base", "Delta", f"metrics: {PARTNER_OWNERS}"),
    })
    init_repo(tmp_path)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "programme")
    return tmp_path


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def diff(repo: Path, *args: str, code: int = 0) -> list[dict]:
    run = run_cli("diff", "--format", "json", *args, cwd=repo)
    assert run.code == code, run.stdout + run.stderr
    return json.loads(run.stdout)


def test_a_base_change_is_listed_for_each_scorecard_it_reaches(repo: Path):
    # The base lowers the pipeline target (line 8) from 900,000 to 850,000: gold does not touch pipeline,
    # so acme and beta (gold) and delta (base) change; cedar's silver tier sets its own pipeline target.
    edit(repo, "programs/base.yaml", "target: 900000", "target: 850000")
    changes = diff(repo)
    assert sorted(c["partnership"] for c in changes) == ["acme", "beta", "delta"]
    for change in changes:
        assert (change["metric"], change["field"], change["kind"]) == ("pipeline", "target", "lowered-bar")
        assert (change["before"], change["after"]) == (900000, 850000)
        assert (change["path"], change["line"]) == ("programs/base.yaml", 8)
    through = {c["partnership"]: c["message"] for c in changes}
    assert through["acme"].endswith("(through program 'gold')")
    assert through["delta"].endswith("(through program 'base')")


def test_a_tier_override_shields_its_scorecards_from_a_base_change(repo: Path):
    # revenue's target (base line 7) is overridden by gold: a base change reaches only cedar and delta.
    edit(repo, "programs/base.yaml", "target: 500000", "target: 550000")
    changes = diff(repo)
    assert sorted(c["partnership"] for c in changes) == ["cedar", "delta"]
    assert {c["kind"] for c in changes} == {"raised"}


def test_fail_on_lowered_bar_counts_bars_lowered_through_a_program(repo: Path):
    edit(repo, "programs/gold.yaml", "revenue: {target: 800000}", "revenue: {target: 750000}")
    changes = diff(repo, "--fail-on", "lowered-bar", code=1)
    assert sorted((c["partnership"], c["kind"], c["path"], c["line"]) for c in changes) == [
        ("acme", "lowered-bar", "programs/gold.yaml", 5), ("beta", "lowered-bar", "programs/gold.yaml", 5)]
    run = run_cli("diff", "--fail-on", "lowered-bar", cwd=repo)
    assert run.code == 1
    assert "2 targets made easier to hit (lowered bar)" in run.stdout


def test_a_program_named_alone_brings_the_scorecards_that_extend_it(repo: Path):
    # pre-commit passes the changed program only; the scorecard change elsewhere is not asked for.
    edit(repo, "programs/base.yaml", "owner: Sam, category: productivity, target: 12",
         "owner: Kim, category: productivity, target: 12")
    edit(repo, "programs/silver.yaml", "pipeline: {target: 700000}", "pipeline: {target: 720000}")
    edit(repo, "scorecards/acme.yaml", "partnership: Acme referrals", "partnership: Acme referral programme")
    changes = diff(repo, "programs/silver.yaml")
    assert sorted((c["partnership"], c["metric"], c["field"]) for c in changes) == [
        ("cedar", "enablements", "owner"), ("cedar", "pipeline", "target")]


def test_a_scorecard_moving_to_another_tier(repo: Path):
    edit(repo, "scorecards/cedar.yaml", "extends: silver", "extends: gold")
    changes = diff(repo, "scorecards/cedar.yaml")
    summary = {(c["metric"], c["field"], c["kind"]) for c in changes}
    assert (None, "extends", "changed") in summary
    assert ("joint_calls", None, "added") in summary                  # gold's driver
    assert ("revenue", "target", "raised") in summary                  # 500,000 → gold's 800,000
    assert ("pipeline", "target", "raised") in summary                 # silver's 700,000 → base's 900,000
    added = next(c for c in changes if c["metric"] == "joint_calls")
    assert (added["path"], added["line"]) == ("programs/gold.yaml", 7)


def test_fail_on_lowered_bar_fails_when_a_broken_program_hides_its_scorecards(repo: Path):
    # One change lowers gold's revenue target and breaks gold: acme and beta cannot be merged with it, so a
    # diff cannot see the lowered bar. The gate fails rather than passes; delta and cedar are still compared.
    edit(repo, "programs/gold.yaml", "revenue: {target: 800000}", "revenue: {target: 700000}\nbogus: 1")
    changes = diff(repo)  # without --fail-on: exit 0
    assert {(c["partnership"], c["kind"]) for c in changes} == {("acme", "invalid"), ("beta", "invalid")}
    run = run_cli("diff", "--fail-on", "lowered-bar", cwd=repo)
    assert run.code == 1, run.stdout + run.stderr
    assert "cannot tell whether this change lowers a bar of acme, beta" in run.stderr


# A scorecard that drops its own target: the program's (lower) target applies again. The program did not
# change, so the change is the scorecard's: shown at the scorecard (the file a pull request touched).

ECHO = "\n".join([
    "extends: silver",                                   # 1
    "partnership: Echo referrals",                       # 2
    "partner: Echo Inc",                                 # 3
    "metrics:",                                          # 4
    "  pipeline: {partner_owner: Tom}",                  # 5
    "  revenue: {target: 700000, partner_owner: Tom}",   # 6: above base's 500,000
    *(f"  {mid}: {{partner_owner: Ann}}" for mid in ("referrals", "mql_to_sql", "enablements", "nps",
                                                     "escalations", "response_days")),
]) + "\n"


@pytest.fixture
def echo(repo: Path) -> Path:
    (repo / "scorecards" / "echo.yaml").write_text(ECHO, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "echo")
    return repo


def test_a_scorecard_dropping_its_target_override_is_shown_at_the_scorecard(echo: Path):
    edit(echo, "scorecards/echo.yaml", "revenue: {target: 700000, partner_owner: Tom}", "revenue: {partner_owner: Tom}")
    (change,) = diff(echo, "--base", "HEAD")
    assert (change["partnership"], change["metric"], change["field"], change["kind"]) == (
        "echo", "revenue", "target", "lowered-bar")
    assert (change["before"], change["after"]) == (700000, 500000)  # base's 500,000 applies again
    # At the override entry that is left (line 6), not at the base program's revenue line.
    assert (change["path"], change["line"]) == ("scorecards/echo.yaml", 6)
    assert "through program" not in change["message"]
    assert change["message"].endswith(
        "(its override at HEAD:scorecards/echo.yaml:6 was removed, so the value of program 'silver' applies)")
    assert run_cli("diff", "--base", "HEAD", "--fail-on", "lowered-bar", cwd=echo).code == 1


def test_a_scorecard_dropping_a_whole_override_entry_is_shown_at_its_metrics_key(echo: Path):
    edit(echo, "scorecards/echo.yaml", "  revenue: {target: 700000, partner_owner: Tom}\n", "")
    lowered = [c for c in diff(echo, "--base", "HEAD") if c["kind"] == "lowered-bar"]
    assert [(c["metric"], c["field"], c["path"], c["line"]) for c in lowered] == [
        ("revenue", "target", "scorecards/echo.yaml", 4)]  # no entry left: the `metrics:` key
    assert "its override at HEAD:scorecards/echo.yaml:6 was removed" in lowered[0]["message"]


def test_a_program_change_is_still_shown_at_the_program(echo: Path):
    # The same value changing in the program, with the scorecard untouched, stays the program's change.
    edit(echo, "programs/base.yaml", "target: 900000", "target: 850000")
    change = next(c for c in diff(echo) if c["partnership"] == "delta")
    assert (change["path"], change["line"]) == ("programs/base.yaml", 8)
    assert change["message"].endswith("(through program 'base')")
