"""Triage, pure: `attention` in SPEC.md's order (ties broken one key at a time), its reasons, the groups,
`--where` and `--owner`, on hand-built reports (no files, no CLI)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import orjson
import pytest

from partnerscore.report.exit_codes import exit_code
from partnerscore.report.overview import attention, groups, overview_of, reason, status_counts
from partnerscore.report.result import DecisionNeeded, OpenDecision, PortfolioReport
from partnerscore.report.triage import Where, owned_view, triage
from report_samples import AS_OF, metric, partnership

# AS_OF is 2026-11-15.


def card(id: str, status: str, *, overdue: int = 0, off: int = 0, stale: int = 0, stale_outcome: bool = False,
         next_review: date | None = date(2026, 12, 6), **overrides):
    """A partnership whose one outcome has `status`, with `off` more off-track drivers, `stale` more stale
    drivers (on track), `overdue` overdue open decisions and a review due `next_review`."""
    outcome_status = "no-data" if status == "no-data" else status
    metrics = [metric("revenue", status=outcome_status, stale=stale_outcome,
                      actual=None if status == "no-data" else 10.0)]
    metrics += [metric(f"late_{i}", layer="driver", status="off-track") for i in range(off)]
    metrics += [metric(f"old_{i}", layer="driver", status="on-track", stale=True) for i in range(stale)]
    decisions = [OpenDecision(f"Decision {i}", "Dana Lee", date(2026, 11, 1), True, "2026-10-20")
                 for i in range(overdue)]
    return partnership(id, metrics=metrics, status=status, open_decisions=decisions, decisions_needed=[],
                       explanations=[], last_review=date(2026, 11, 6), next_review_due=next_review, **overrides)


# --- the order ----------------------------------------------------------------------------------------

def test_attention_orders_by_status_then_overdue_then_off_track_then_stale_then_id():
    cards = [
        card("on-late-review", "on-track", next_review=date(2026, 11, 14)),  # member: review overdue
        card("nodata-overdue", "no-data", overdue=1),                         # member: an overdue decision
        card("risk", "at-risk"),
        card("off-plain", "off-track"),                       # 0 overdue, 1 off-track metric (its outcome)
        card("off-2-overdue", "off-track", overdue=2),        # 2 overdue: first of the off-track ones
        card("off-1-overdue-4-off", "off-track", overdue=1, off=3),   # 1 overdue; off track: outcome + 3 = 4
        card("off-1-overdue-2-off", "off-track", overdue=1, off=1),   # 1 overdue; 2 off track; 0 stale
        card("off-1-overdue-2-off-2-stale", "off-track", overdue=1, off=1, stale=2),  # … and 2 stale
        # Two that tie on every count: the id decides (b before c).
        card("tie-c", "off-track", overdue=1, off=1, stale=1),
        card("tie-b", "off-track", overdue=1, off=1, stale=1),
        # Two at risk: more stale metrics first, whatever the id.
        card("risk-a", "at-risk", stale=1),
        card("risk-z", "at-risk", stale=3),
        card("fine", "on-track"),                              # not a member
    ]
    expected = [
        "off-2-overdue",
        "off-1-overdue-4-off",
        "off-1-overdue-2-off-2-stale",  # 2 stale beats 1 stale (tie-b, tie-c) and 0 stale
        "tie-b", "tie-c",
        "off-1-overdue-2-off",
        "off-plain",
        "risk-z", "risk-a", "risk",     # 3 stale, 1 stale, 0 stale
        "nodata-overdue",
        "on-late-review",
    ]
    assert [a.id for a in attention(cards, AS_OF)] == expected
    # The order is the data's, not the input's.
    shuffled = cards[:]
    random.Random(13).shuffle(shuffled)
    assert [a.id for a in attention(shuffled, AS_OF)] == expected


def test_overdue_decisions_outrank_off_track_metrics_which_outrank_stale_ones():
    # Same status; each key wins over any amount of the keys after it.
    a = card("a", "off-track", overdue=1)                   # 1 overdue, 1 off, 0 stale
    b = card("b", "off-track", overdue=0, off=5, stale=5)   # 0 overdue, 6 off, 5 stale
    c = card("c", "off-track", overdue=0, off=0, stale=9)   # 0 overdue, 1 off, 9 stale
    assert [x.id for x in attention([c, b, a], AS_OF)] == ["a", "b", "c"]


def test_status_outranks_every_count():
    # An at-risk partnership with 5 overdue decisions still comes after an off-track one with none.
    risky = card("a-risky", "at-risk", overdue=5, off=5, stale=5)
    off = card("z-off", "off-track")
    assert [x.id for x in attention([risky, off], AS_OF)] == ["z-off", "a-risky"]


@pytest.mark.parametrize("case, member", [
    (dict(status="on-track"), False),
    (dict(status="on-track", stale=2), False),               # a stale driver alone is not enough
    (dict(status="on-track", stale_outcome=True), True),     # a stale outcome is
    (dict(status="on-track", next_review=AS_OF), False),     # due today is not overdue yet ("before as_of")
    (dict(status="on-track", next_review=date(2026, 11, 14)), True),
    (dict(status="on-track", next_review=None), False),      # never reviewed: lint's PS706, not attention
    (dict(status="no-data"), False),                          # no data, but nothing stale or overdue
    (dict(status="on-track", overdue=1), True),
    (dict(status="at-risk"), True),
    (dict(status="off-track"), True),
])
def test_who_needs_attention(case, member):
    assert bool(attention([card("x", **case)], AS_OF)) is member


# --- the reasons --------------------------------------------------------------------------------------

def test_reason_names_the_outcomes_behind_the_status_and_counts_the_rest():
    metrics = [
        metric("revenue", name="Revenue", status="off-track"),
        metric("pipeline", name="Pipeline", status="off-track", stale=True),
        metric("nps", name="NPS", layer="health", status="on-track", stale=True),
        metric("deals", name="Deals", status="at-risk"),  # at risk: not named in an off-track reason
    ]
    decisions = [OpenDecision("x", "Dana Lee", date(2026, 11, 1), True, "2026-11-01"),
                 OpenDecision("y", "Dana Lee", date(2026, 11, 2), True, "2026-11-01"),
                 OpenDecision("z", "Dana Lee", date(2026, 12, 2), False, "2026-11-01")]
    p = partnership("p", metrics=metrics, status="off-track", open_decisions=decisions,
                    next_review_due=date(2026, 11, 10))
    assert reason(p, AS_OF) == ("Revenue and Pipeline off track; 2 decisions overdue; "
                                "stale data: Pipeline and NPS; review overdue (due 2026-11-10)")


def test_reason_shortens_long_lists_and_says_one_in_the_singular():
    metrics = [metric(f"o{i}", name=f"Outcome {i}", status="at-risk") for i in range(4)]
    metrics += [metric(f"d{i}", name=f"Driver {i}", layer="driver", status="on-track", stale=True) for i in range(3)]
    decisions = [OpenDecision("x", "Dana Lee", date(2026, 11, 1), True, "2026-11-01")]
    p = partnership("p", metrics=metrics, status="at-risk", open_decisions=decisions)
    assert reason(p, AS_OF) == ("Outcome 0, Outcome 1 and 2 more at risk; 1 decision overdue; "
                                "stale data: Driver 0, Driver 1 and 1 more")


def test_reason_of_a_partnership_without_outcome_data():
    p = card("p", "no-data", stale_outcome=True)
    assert reason(p, AS_OF) == "no outcome data; stale data: Revenue"


# --- counts and groups --------------------------------------------------------------------------------

def test_the_portfolio_block_is_written_by_orjson():
    # Its keys are plain str (an enum key is refused by orjson, and the whole report would fall back to
    # json.dumps' pure-Python encoder, seconds on a big report).
    ps = [card("a", "off-track", program="gold"), card("b", "on-track")]
    record = PortfolioReport(as_of=AS_OF, partnerships=ps, group_by="status").as_record()
    assert all(type(key) is str for key in record["portfolio"]["counts"])
    assert orjson.loads(orjson.dumps(record))["portfolio"] == record["portfolio"]


def test_counts_keep_specs_key_order():
    assert list(status_counts(["off-track", "off-track", "no-data"]).items()) == [
        ("on-track", 0), ("at-risk", 0), ("off-track", 2), ("no-data", 1)]


def test_groups_are_sorted_by_key_with_no_program_last():
    ps = [card("a", "off-track", program="gold"), card("b", "on-track", program=None),
          card("c", "at-risk", program="Silver"), card("d", "on-track", program="gold"),
          card("e", "no-data", program="bronze")]
    found = groups(ps, "program")
    # bronze < gold < Silver (case aside), then the partnerships without a program (JSON null).
    assert [(g.key, g.ids) for g in found] == [("bronze", ("e",)), ("gold", ("a", "d")), ("Silver", ("c",)),
                                               (None, ("b",))]
    assert found[1].as_record() == {"key": "gold",
                                    "counts": {"on-track": 1, "at-risk": 0, "off-track": 1, "no-data": 0}}


def test_groups_by_status_type_and_lead():
    ps = [card("a", "off-track", lead="Zoe"), card("b", "on-track", lead="ana", type="integration"),
          card("c", "at-risk", lead="Zoe")]
    assert [g.key for g in groups(ps, "status")] == ["at-risk", "off-track", "on-track"]
    assert [(g.key, g.ids) for g in groups(ps, "type")] == [("integration", ("b",)), ("referral", ("a", "c"))]
    assert [(g.key, g.ids) for g in groups(ps, "lead")] == [("ana", ("b",)), ("Zoe", ("a", "c"))]
    # One lead however it is spelled, named as the first partnership spells it.
    spelled = [card("a", "on-track", lead="Dana Lee"), card("b", "on-track", lead="dana  LEE")]
    assert [(g.key, g.ids) for g in groups(spelled, "lead")] == [("Dana Lee", ("a", "b"))]
    with pytest.raises(ValueError):
        groups(ps, "partner")


def test_overview_record_is_specs_shape():
    ps = [card("a", "off-track", program="gold"), card("b", "on-track")]
    record = overview_of(ps, AS_OF, "program").as_record()
    assert record == {
        "counts": {"on-track": 1, "at-risk": 0, "off-track": 1, "no-data": 0},
        "groups": [{"key": "gold", "counts": {"on-track": 0, "at-risk": 0, "off-track": 1, "no-data": 0}},
                   {"key": None, "counts": {"on-track": 1, "at-risk": 0, "off-track": 0, "no-data": 0}}],
        "attention": ["a"],
    }
    assert overview_of(ps, AS_OF).as_record()["groups"] == []


# --- --where ------------------------------------------------------------------------------------------

def test_where_matches_any_of_its_values_case_aside():
    p = card("northwind", "at-risk", lead="Dana Lee", partner="Northwind Consulting", program="Referral-Gold")
    assert Where("type", ("Integration", "REFERRAL")).holds(p)
    assert Where("lead", ("dana  lee",)).holds(p)             # case and spacing aside
    assert Where("partner", ("northwind consulting",)).holds(p)
    assert Where("program", ("referral-gold",)).holds(p)
    assert Where("status", ("AT-RISK",)).holds(p)
    assert not Where("id", ("north",)).holds(p)                # whole values, not parts
    assert not Where("program", ("",)).holds(p)
    assert Where("program", ("",)).holds(card("x", "on-track", program=None))  # `program=`: no program
    with pytest.raises(ValueError):
        Where("goal", ("x",))


def test_every_where_must_hold_and_counts_and_fail_on_follow():
    ps = [card("a", "off-track", type="referral"), card("b", "at-risk", type="referral"),
          card("c", "off-track", type="integration"), card("d", "on-track", type="referral")]
    portfolio = PortfolioReport(as_of=AS_OF, partnerships=ps)
    kept = triage(portfolio, [Where("type", ("referral",)), Where("status", ("at-risk", "on-track"))])
    assert [p.id for p in kept.partnerships] == ["b", "d"]
    assert kept.overview().counts == {"on-track": 1, "at-risk": 1, "off-track": 0, "no-data": 0}
    assert kept.overview().as_record()["attention"] == ["b"]
    assert (kept.filtered_from, kept.filters) == (4, ["--where type=referral", "--where status=at-risk,on-track"])
    # --fail-on judges what is kept: no off-track partnership is left.
    assert exit_code(portfolio, "off-track") == 1 and exit_code(kept, "off-track") == 0
    assert exit_code(kept, "at-risk") == 1
    assert [p.id for p in portfolio.partnerships] == ["a", "b", "c", "d"]  # the report given is left as it was
    assert triage(portfolio).filtered_from is None


# --- --owner ------------------------------------------------------------------------------------------

def _owned_partnership():
    metrics = [
        metric("revenue", name="Revenue", owner="Dana Lee", partner_owner="Tom Berg", status="off-track"),
        metric("pipeline", name="Pipeline", owner="Priya Shah", status="on-track"),
        metric("referrals", name="Referrals", layer="driver", owner="Sam Ortiz", partner_owner="Priya Shah",
               status="off-track", drives=["revenue"]),
        metric("webinars", name="Webinars", layer="driver", owner="Sam Ortiz", status="at-risk"),
    ]
    needed = [
        DecisionNeeded("off-track", "Revenue is off track", metric="revenue", owner="Dana Lee"),
        DecisionNeeded("off-track", "Referrals are off track", metric="referrals", owner="Sam Ortiz"),
        DecisionNeeded("at-risk", "Webinars are at risk", metric="webinars", owner="Sam Ortiz"),
        DecisionNeeded("overdue-decision", "'Fix the feed' was due", owner="Priya Shah", due=date(2026, 11, 1)),
        DecisionNeeded("review-due", "review due", owner="Dana Lee"),
    ]
    decisions = [OpenDecision("Fix the feed", "Priya Shah", date(2026, 11, 1), True, "2026-10-20"),
                 OpenDecision("Call Tom", "Dana Lee", date(2026, 12, 1), False, "2026-10-20")]
    return partnership("nw", metrics=metrics, status="off-track", decisions_needed=needed, open_decisions=decisions,
                       experiments=[{"hypothesis": "h", "owner": "priya shah"}, {"hypothesis": "k", "owner": None}])


def test_owner_keeps_what_the_person_owns_on_either_side():
    view = owned_view(_owned_partnership(), "PRIYA SHAH")
    assert view is not None
    # Her own metric, and the one she owns on the partner's side.
    assert [m.id for m in view.metrics] == ["pipeline", "referrals"]
    # The decision needed about a metric she co-owns is hers too; so is the overdue decision she owns.
    assert [d.message for d in view.decisions_needed] == ["Referrals are off track", "'Fix the feed' was due"]
    assert [d.what for d in view.open_decisions] == ["Fix the feed"]
    assert view.experiments == [{"hypothesis": "h", "owner": "priya shah"}]
    # The status is still that of every outcome (Revenue, off track, is not hers).
    assert view.status == "off-track"
    assert reason(view, AS_OF).startswith("Revenue off track; 1 decision overdue")


def test_owner_as_partner_owner_only_and_as_decision_owner_only():
    tom = owned_view(_owned_partnership(), "tom berg")
    assert tom is not None and [m.id for m in tom.metrics] == ["revenue"]
    assert [d.message for d in tom.decisions_needed] == ["Revenue is off track"]
    assert tom.open_decisions == []
    nobody = owned_view(_owned_partnership(), "Nora Quinn")
    assert nobody is None


def test_triage_by_owner_drops_partnerships_the_person_owns_nothing_in():
    other = replace(card("acme", "at-risk"), metrics=[metric("x", owner="Lee Chen")])
    portfolio = PortfolioReport(as_of=AS_OF, partnerships=[_owned_partnership(), other])
    kept = triage(portfolio, owner="Sam Ortiz", group_by="type")
    assert [p.id for p in kept.partnerships] == ["nw"]
    assert [m.id for m in kept.partnerships[0].metrics] == ["referrals", "webinars"]
    assert kept.filters == ["--owner 'Sam Ortiz'"] and kept.group_by == "type"
    assert kept.overview().as_record()["groups"] == [
        {"key": "referral", "counts": {"on-track": 0, "at-risk": 0, "off-track": 1, "no-data": 0}}]
