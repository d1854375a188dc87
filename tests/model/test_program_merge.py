"""Merging a scorecard with the programs it extends: what the result holds, on small hand-written cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from partnerscore.model.program_file import ProgramCatalog, ProgramSource
from partnerscore.yamlsource import parse_yaml
from program_helpers import BASE, GOLD, load, scorecard, write_project


def _metric(card, mid):
    return card.metrics()[mid]


def test_an_override_of_one_field_keeps_the_metrics_other_fields(tmp_path: Path):
    write_project(tmp_path, {"programs/base.yaml": BASE,
                             "scorecards/acme.yaml": scorecard("base", "Acme", "metrics:",
                                                               "  revenue: {target: 650000}")})
    loaded = load(tmp_path, "acme")
    assert loaded.diagnostics == []
    revenue = _metric(loaded.card, "revenue")
    assert revenue.target == 650000                       # the override
    assert revenue.baseline == 300000                     # the program's, kept
    assert (revenue.owner, revenue.validated_by, revenue.unit) == ("Dana", "Finance", "USD")
    # The other metrics are the program's as they are.
    assert _metric(loaded.card, "pipeline").target == 900000


def test_a_list_field_is_replaced_not_appended(tmp_path: Path):
    write_project(tmp_path, {"programs/base.yaml": BASE,
                             "scorecards/acme.yaml": scorecard("base", "Acme", "metrics:",
                                                               "  referrals: {drives: [revenue]}")})
    card = load(tmp_path, "acme").card
    # The program says [revenue, pipeline]; the override says [revenue]: a replacement, not [revenue,
    # pipeline, revenue].
    assert card.drivers[0].drives == ["revenue"]


def test_top_level_fields_replace_the_programs_and_the_rest_is_inherited(tmp_path: Path):
    write_project(tmp_path, {"programs/base.yaml": BASE,
                             "scorecards/acme.yaml": scorecard("base", "Acme", "lead: Jo Park",
                                                               "goal: Make Acme our largest referral channel.")})
    card = load(tmp_path, "acme").card
    assert (card.lead, card.goal) == ("Jo Park", "Make Acme our largest referral channel.")
    assert card.type == "referral"                        # inherited
    assert (card.partnership, card.partner) == ("Acme referrals", "Acme Inc")
    # The program's own fields never reach the scorecard: its id is its file name, `extends` its program.
    assert (card.id, card.extends) == ("acme", "base")


def test_layer_entries_are_appended_after_the_programs(tmp_path: Path):
    write_project(tmp_path, {"programs/base.yaml": BASE, "scorecards/acme.yaml": scorecard(
        "base", "Acme", "drivers:",
        "  - {id: webinars, name: Webinars, owner: Sam, target: 2, drives: [pipeline]}")})
    card = load(tmp_path, "acme").card
    assert [m.id for m in card.drivers] == ["referrals", "mql_to_sql", "enablements", "webinars"]
    assert [m.id for m in card.outcomes] == ["revenue", "pipeline"]


def test_a_three_level_chain_merges_from_the_base_down(tmp_path: Path):
    """base → gold → scorecard: each level's overrides win over the level above, appends keep their order,
    and `cadence` merges per layer."""
    write_project(tmp_path, {
        "programs/base.yaml": BASE, "programs/gold.yaml": GOLD,
        "scorecards/acme.yaml": scorecard(
            "gold", "Acme", "cadence: {drivers: biweekly}", "metrics:",
            "  revenue: {baseline: 450000}",              # gold set the target; the scorecard the baseline
            "  joint_calls: {target: 25}",                # a metric the tier added can be changed too
            "drivers:",
            "  - {id: webinars, name: Webinars, owner: Sam, target: 2, drives: [pipeline]}")})
    loaded = load(tmp_path, "acme")
    assert loaded.diagnostics == []
    card = loaded.card
    revenue = _metric(card, "revenue")
    assert (revenue.target, revenue.baseline) == (800000, 450000)   # gold's target, the scorecard's baseline
    assert [m.id for m in card.drivers] == ["referrals", "mql_to_sql", "enablements", "joint_calls", "webinars"]
    assert _metric(card, "joint_calls").target == 25
    assert card.cadence_for("drivers") == "biweekly"      # base said weekly; the scorecard wins
    assert card.cadence_for("health") == "weekly"         # gold's
    assert card.cadence_for("outcomes") == "monthly"      # nobody set it: the referral type's default
    assert loaded.program is not None and loaded.program.chain == ("gold", "base")
    assert card.extends == "gold"


def test_scorecards_sharing_a_program_do_not_change_each_other(tmp_path: Path):
    write_project(tmp_path, {
        "programs/base.yaml": BASE,
        "scorecards/acme.yaml": scorecard("base", "Acme", "metrics:", "  revenue: {target: 100001}"),
        "scorecards/beta.yaml": scorecard("base", "Beta", "drivers:",
                                          "  - {id: webinars, name: Webinars, owner: Sam, target: 2}")})
    from partnerscore.io.settings import Settings

    catalog = ProgramCatalog.on_disk(Settings(root=tmp_path))
    acme, beta = load(tmp_path, "acme", catalog), load(tmp_path, "beta", catalog)
    assert _metric(acme.card, "revenue").target == 100001
    assert _metric(beta.card, "revenue").target == 500000
    assert len(acme.card.drivers) == 3 and len(beta.card.drivers) == 4
    program = catalog.get("base")
    assert program is not None and program.merged is not None
    assert program.merged.data["outcomes"][0]["target"] == 500000
    assert len(program.merged.data["drivers"]) == 3


def test_a_schedule_overrides_a_number(tmp_path: Path):
    write_project(tmp_path, {"programs/base.yaml": BASE, "scorecards/acme.yaml": scorecard(
        "base", "Acme", "metrics:", "  revenue: {target: {2026-07-01: 400000, 2026-10-01: 550000}}")})
    revenue = _metric(load(tmp_path, "acme").card, "revenue")
    assert revenue.schedule == [(date(2026, 7, 1), 400000), (date(2026, 10, 1), 550000)]


def test_each_program_is_read_once_however_many_scorecards_extend_it(tmp_path: Path):
    reads: dict[str, int] = {}

    def source(stem: str, text: str) -> ProgramSource:
        def read():
            reads[stem] = reads.get(stem, 0) + 1
            return parse_yaml(text, f"programs/{stem}.yaml")
        return ProgramSource(stem, f"programs/{stem}.yaml", Path(f"programs/{stem}.yaml"), read)

    catalog = ProgramCatalog(lambda: [source("base", BASE), source("gold", GOLD)])
    from partnerscore.model.scorecard_text import load_scorecard_text

    cards = [load_scorecard_text(scorecard("gold" if i % 2 else "base", f"P{i}"), f"scorecards/p{i}.yaml",
                                 f"p{i}", catalog) for i in range(40)]
    assert all(c.card is not None for c in cards)
    assert reads == {"base": 1, "gold": 1}
