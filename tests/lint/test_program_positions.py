"""Where lint's findings land when scorecards extend programs: in the file and on the line the value came
from, or at the scorecard's `extends:` line or layer key for the result as a whole; a program's problem
once, however many scorecards extend it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import run_cli
from partnerscore.io.paths import discover
from partnerscore.io.settings import Settings
from partnerscore.lint.engine import run_lint
from program_helpers import BASE, GOLD, PARTNER_OWNERS, scorecard, write_project

AS_OF = date(2026, 11, 20)


def lint(root: Path, *paths: str) -> list:
    settings = Settings(root=root)
    files = discover([root / p for p in paths], settings)
    return run_lint(files, settings, AS_OF).diagnostics


def found(diagnostics, code: str) -> list[tuple[str, int, int]]:
    """(path relative to the project, line, column) of each diagnostic of `code`."""
    return sorted((d.path, d.line, d.column) for d in diagnostics if d.rule == code)


def messages(diagnostics, code: str) -> list[str]:
    return [d.message for d in diagnostics if d.rule == code]


def _two_scorecards(base: str = BASE, **extra: str) -> dict[str, str]:
    return {"programs/base.yaml": base, "programs/gold.yaml": GOLD,
            "scorecards/acme.yaml": scorecard("gold", "Acme", f"metrics: {PARTNER_OWNERS}"),
            "scorecards/beta.yaml": scorecard("gold", "Beta", f"metrics: {PARTNER_OWNERS}"), **extra}


def test_a_finding_about_an_inherited_value_is_reported_once_at_the_programs_line(tmp_path: Path, monkeypatch):
    # A vanity metric in the base (line 14: `Partner NPS` renamed to `Press releases`), inherited by both
    # scorecards through gold: one warning, in the base's file, saying which scorecards it affects.
    base = BASE.replace("name: Partner NPS", "name: Press releases")
    monkeypatch.chdir(write_project(tmp_path, _two_scorecards(base)))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS502") == [("programs/base.yaml", 14, 21)]
    assert messages(diagnostics, "PS502")[0].endswith("(affects 2 scorecards: acme, beta)")


@pytest.mark.parametrize("override, message", [
    # Acme's target override does not improve on the program's baseline.
    ("target: 250000", "target of 'revenue' (250000) is not above its baseline (300000)"),
    # Acme writes only a baseline, at gold's revenue target: the line to change is Acme's, not the program's
    # `target:`.
    ("baseline: 800000", "target of 'revenue' (800000) is not above its baseline (800000)"),
])
def test_a_finding_about_an_overridden_value_is_at_the_override(tmp_path: Path, monkeypatch, override, message):
    files = _two_scorecards()
    files["scorecards/acme.yaml"] = scorecard("gold", "Acme", f"metrics: {PARTNER_OWNERS}".replace(
        "revenue: {partner_owner: Tom}", f"revenue: {{partner_owner: Tom, {override}}}"))
    monkeypatch.chdir(write_project(tmp_path, files))
    diagnostics = lint(tmp_path)
    [(path, line, column)] = found(diagnostics, "PS402")  # Beta, which overrides nothing, has none
    assert (path, line) == ("scorecards/acme.yaml", 4)  # the override's line (`metrics:` is line 4)
    assert message in messages(diagnostics, "PS402")[0]
    assert [d.via for d in diagnostics if d.rule == "PS402"] == [None]  # Acme's own: not folded as the program's


def test_an_override_in_a_tier_is_at_the_tiers_line(tmp_path: Path, monkeypatch):
    gold = GOLD.replace("revenue: {target: 800000}", "revenue: {target: 800000, stretch: 700000}")
    monkeypatch.chdir(write_project(tmp_path, _two_scorecards(**{"programs/gold.yaml": gold})))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS405") == [("programs/gold.yaml", 5, 38)]
    assert "(affects 2 scorecards: acme, beta)" in messages(diagnostics, "PS405")[0]


def test_a_cap_is_at_the_scorecards_layer_key_or_its_extends_line(tmp_path: Path, monkeypatch):
    many = "\n".join(f"  - {{id: extra{i}, name: Extra {i}, owner: Sam, target: 2, drives: [revenue]}}"
                     for i in range(5))
    files = _two_scorecards()
    files["scorecards/acme.yaml"] = scorecard("gold", "Acme", "drivers:", many)     # 4 + 5 = 9 drivers
    gold = GOLD + "\n".join(f"  - {{id: more{i}, name: More {i}, owner: Sam, target: 2, drives: [revenue]}}"
                            for i in range(4)) + "\n"                                 # 4 + 4 = 8 in gold
    files["scorecards/beta.yaml"] = scorecard("gold", "Beta", "drivers:",
                                              "  - {id: own, name: Own, owner: Sam, target: 2, drives: [revenue]}")
    files["programs/gold.yaml"] = gold
    monkeypatch.chdir(write_project(tmp_path, files))
    diagnostics = lint(tmp_path)
    # acme: 4 + 4 + 5 = 13 drivers, beta: 4 + 4 + 1 = 9; both at their own `drivers:` key (line 4).
    assert found(diagnostics, "PS202") == [("scorecards/acme.yaml", 4, 1), ("scorecards/beta.yaml", 4, 1)]
    assert "13 drivers" in " ".join(messages(diagnostics, "PS202"))


def test_a_cap_without_a_layer_of_its_own_is_at_the_extends_line(tmp_path: Path, monkeypatch):
    gold = GOLD + "\n".join(f"  - {{id: more{i}, name: More {i}, owner: Sam, target: 2, drives: [revenue]}}"
                            for i in range(5)) + "\n"                                 # 3 + 1 + 5 = 9
    monkeypatch.chdir(write_project(tmp_path, _two_scorecards(**{"programs/gold.yaml": gold})))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS202") == [("scorecards/acme.yaml", 1, 1), ("scorecards/beta.yaml", 1, 1)]


def test_a_missing_owner_is_at_the_metrics_override_or_the_extends_line(tmp_path: Path, monkeypatch):
    # The tier adds a driver without an owner: the scorecards must name one. Acme changes that metric
    # (`metrics: joint_calls:` on line 5), so its error is there; beta does not, so at its `extends:`.
    gold = GOLD.replace("name: Joint calls, owner: Sam,", "name: Joint calls,")
    files = _two_scorecards(**{"programs/gold.yaml": gold})
    files["scorecards/acme.yaml"] = scorecard("gold", "Acme", "metrics:", "  revenue: {partner_owner: Tom}",
                                              "  joint_calls: {partner_owner: Ann}")
    monkeypatch.chdir(write_project(tmp_path, files))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS301") == [("scorecards/acme.yaml", 6, 3), ("scorecards/beta.yaml", 1, 1)]
    assert all("metric 'joint_calls' has no owner" in m for m in messages(diagnostics, "PS301"))
    assert found(diagnostics, "PS103") == []


def test_a_missing_field_of_the_result_is_at_the_extends_line(tmp_path: Path, monkeypatch):
    files = _two_scorecards()
    files["scorecards/acme.yaml"] = "partnership: Acme referrals\nextends: gold\n"    # no partner
    monkeypatch.chdir(write_project(tmp_path, files))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS103") == [("scorecards/acme.yaml", 2, 1)]
    assert "missing required field 'partner'" in messages(diagnostics, "PS103")[0]


def test_a_programs_own_error_is_reported_once_with_how_many_scorecards_it_affects(tmp_path: Path, monkeypatch):
    base = BASE.replace("direction: down, target: 2", "direction: sideways, target: 2")
    monkeypatch.chdir(write_project(tmp_path, _two_scorecards(base)))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS104") == [("programs/base.yaml", 15, 85)]
    [message] = messages(diagnostics, "PS104")
    assert "'sideways' is not allowed" in message and message.endswith("(affects 2 scorecards: acme, beta)")
    # Nothing is said in the scorecards: the program's error is theirs too, but reported once.
    assert [d for d in diagnostics if d.path.startswith("scorecards/") and d.is_error] == []


def test_unknown_field_and_duplicate_key_in_a_program(tmp_path: Path, monkeypatch):
    gold = GOLD.replace("cadence: {health: weekly}", "cadence: {health: weekly}\ntagret: 5\ncadence: {}")
    monkeypatch.chdir(write_project(tmp_path, _two_scorecards(**{"programs/gold.yaml": gold})))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS102") == [("programs/gold.yaml", 4, 1)]
    assert found(diagnostics, "PS105") == [("programs/gold.yaml", 5, 1)]


def test_an_override_of_an_unknown_metric_has_a_hint_in_the_scorecard_and_in_a_tier(tmp_path: Path, monkeypatch):
    files = _two_scorecards(**{"programs/gold.yaml": GOLD.replace("  revenue: {target: 800000}",
                                                                  "  revnue: {target: 800000}")})
    files["scorecards/acme.yaml"] = scorecard("gold", "Acme", "metrics:", "  joint_call: {target: 5}")
    monkeypatch.chdir(write_project(tmp_path, files))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS102") == [("programs/gold.yaml", 5, 3), ("scorecards/acme.yaml", 5, 3)]
    by_path = {d.path: d.message for d in diagnostics if d.rule == "PS102"}
    assert "'revnue' is not a metric of program 'base'; did you mean 'revenue'?" in by_path["programs/gold.yaml"]
    assert "'joint_call' is not a metric of program 'gold'; did you mean 'joint_calls'?" in \
        by_path["scorecards/acme.yaml"]


def test_a_duplicate_metric_id_names_the_programs_line(tmp_path: Path, monkeypatch):
    files = _two_scorecards()
    files["scorecards/acme.yaml"] = scorecard("gold", "Acme", "outcomes:",
                                              "  - {id: revenue, name: Revenue again, owner: Dana, target: 1}")
    monkeypatch.chdir(write_project(tmp_path, files))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS210") == [("scorecards/acme.yaml", 5, 10)]
    assert "already used on programs/base.yaml line 7" in messages(diagnostics, "PS210")[0]


def test_a_program_named_alone_is_linted_with_the_scorecards_that_extend_it(tmp_path: Path, monkeypatch):
    # pre-commit passes only the changed program: its change gives gold 9 drivers, which breaks the
    # scorecards extending gold (directly) and base (through gold), not the one on base alone.
    gold = GOLD + "\n".join(f"  - {{id: more{i}, name: More {i}, owner: Sam, target: 2, drives: [revenue]}}"
                            for i in range(5)) + "\n"
    files = _two_scorecards(**{"programs/gold.yaml": gold})
    files["scorecards/plain.yaml"] = scorecard("base", "Plain")
    monkeypatch.chdir(write_project(tmp_path, files))
    run = run_cli("lint", "programs/gold.yaml", "--as-of", "2026-11-20", "--format", "json", cwd=tmp_path)
    assert run.code == 1, run.stderr
    import json

    payload = json.loads(run.stdout)
    caps = sorted((d["path"], d["line"]) for d in payload["diagnostics"] if d["rule"] == "PS202")
    assert caps == [("scorecards/acme.yaml", 1), ("scorecards/beta.yaml", 1)]
    assert payload["summary"]["files"] == 3  # the program and the two scorecards extending it
    assert not any(d["path"] == "scorecards/plain.yaml" for d in payload["diagnostics"])


def test_a_base_named_alone_brings_the_scorecards_of_its_tiers(tmp_path: Path, monkeypatch):
    files = _two_scorecards()
    files["scorecards/plain.yaml"] = scorecard("base", "Plain")
    monkeypatch.chdir(write_project(tmp_path, files))
    run = run_cli("lint", "programs/base.yaml", "--as-of", "2026-11-20", "--format", "json", cwd=tmp_path)
    import json

    payload = json.loads(run.stdout)
    assert payload["summary"]["files"] == 4
    assert {d["path"] for d in payload["diagnostics"]} >= {"scorecards/plain.yaml"}


def test_a_data_rule_finding_about_an_inherited_formula_is_at_the_programs_line_once(tmp_path: Path, monkeypatch):
    # The base's MQL → SQL (line 11) gets a formula naming a series that neither a metric nor the shared CSV
    # has: PS607, a data rule run once per scorecard with its CSV, reported once in the base's file.
    base = BASE.replace("unit: percent, target: 30%", "unit: percent, formula: sql / mqls, target: 30%")
    files = _two_scorecards(base)
    for pid in ("acme", "beta"):
        files[f"scorecards/{pid}.yaml"] += "data: ../data/shared.csv\n"
    files["data/shared.csv"] = "partnership,date,metric,value\nacme,2026-11-02,sql,3\nbeta,2026-11-02,sql,4\n"
    monkeypatch.chdir(write_project(tmp_path, files))
    diagnostics = lint(tmp_path)
    assert found(diagnostics, "PS607") == [("programs/base.yaml", 11, 101)]
    [message] = messages(diagnostics, "PS607")
    assert "uses 'mqls'" in message and message.endswith("(affects 2 scorecards: acme, beta)")
