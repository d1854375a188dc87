"""What decision do we need to make this week? The urgency order, the no-duplicate rule, and proposals
that say something from the data (report.decisions, pure: report objects and notes in, decisions out)."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerscore.model.review import DecisionNote
from partnerscore.model.review_file import ReviewHistory
from partnerscore.model.scorecard import Scorecard
from partnerscore.report.decisions import apply_decision_loop, decisions_needed, gap_words
from partnerscore.report.result import MetricReport, OpenDecision, PartnershipReport

AS_OF = dt.date(2026, 11, 15)
NOV = dict(period="month", period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 30))


def m(id: str, layer: str, status: str, projected, target: float, *, direction: str = "up", unit: str = "count",
      owner: str = "Dana Lee", partner_owner=None, drives=(), when=None, stale=False, last_date=dt.date(2026, 11, 9),
      formula_problem=None, value_problem=None) -> MetricReport:
    return MetricReport(
        id=id, layer=layer, name=id.replace("_", " ").title(), owner=owner, unit=unit, **NOV,
        actual=projected, projected=projected, target=target, baseline=None, status=status, stale=stale,
        last_date=last_date, previous=None, history=[projected], direction=direction, drives=list(drives),
        when_off_track=when, partner_owner=partner_owner, formula_problem=formula_problem,
        value_problem=value_problem,
    )


def partnership(metrics, open_decisions=(), **extra) -> PartnershipReport:
    values = dict(last_review=dt.date(2026, 11, 6), next_review_due=dt.date(2026, 12, 6))
    values.update(extra)
    return PartnershipReport(id="northwind", partnership="Northwind referrals", type="referral",
                             status="off-track", goal="g", lead="Dana Lee", partner="Northwind Consulting",
                             path="scorecards/northwind.yaml", metrics=list(metrics),
                             open_decisions=list(open_decisions), **values)


def overdue(what: str, due: dt.date, metric=None) -> OpenDecision:
    return OpenDecision(what, "Sam Ortiz", due, due < AS_OF, "2026-11-01", metric)


# --- the urgency order -----------------------------------------------------------------------------

def test_urgency_order_of_spec_with_ties_kept_in_scorecard_order():
    """Overdue decisions, off-track outcomes, off-track drivers furthest behind, health warnings (then
    operations), formula errors and stale data, at-risk metrics, the review. Shortfalls by hand:"""
    metrics = [
        m("rev", "outcome", "off-track", 100, 150),        # 50/150 = 0.333
        m("pipe", "outcome", "off-track", 300, 500, stale=True, last_date=dt.date(2026, 10, 20)),  # 0.4
        m("newc", "outcome", "at-risk", 46, 50),           # 4/50 = 0.08
        m("refs", "driver", "off-track", 28, 40),          # 12/40 = 0.3
        m("deal_time", "driver", "off-track", 4.2, 3, direction="down", unit="days"),  # 1.2/3 = 0.4
        m("webs", "driver", "off-track", 7, 10),           # 3/10 = 0.3, a tie with refs: refs comes first
        m("certs", "driver", "at-risk", 9, 10),            # 0.1
        m("calls", "driver", "at-risk", 18, 20),           # 0.1, a tie with certs: certs comes first
        m("conv", "driver", "no-data", None, 0.3, unit="percent", stale=True, last_date=None,
          formula_problem="formula of 'conv' uses 'sqls', which is neither a metric of this scorecard nor a "
                          "series in data/northwind.csv; did you mean 'sql'?"),
        m("nps", "health", "off-track", 6, 8, unit="score"),  # 0.25
        m("sla", "health", "on-track", 0.97, 0.95, unit="percent", stale=True, last_date=dt.date(2026, 9, 30)),
        m("exec", "health", "no-data", None, 2, stale=True, last_date=None),
        m("uptime", "health", "at-risk", 0.95, 1.0, unit="percent"),  # 0.05
        m("ops", "operations", "off-track", 50, 100),     # 0.5: the largest, yet after the health warnings
    ]
    decisions = [overdue("A", dt.date(2026, 11, 10)), overdue("C", dt.date(2026, 11, 10)),
                 overdue("B", dt.date(2026, 11, 12)), overdue("D", dt.date(2026, 11, 30))]
    report = partnership(metrics, decisions, last_review=dt.date(2026, 10, 14),
                         next_review_due=dt.date(2026, 11, 14))
    needed = decisions_needed(report, AS_OF)
    assert [(d.kind, d.metric or d.message[:3]) for d in needed] == [
        ("overdue-decision", "'A'"), ("overdue-decision", "'C'"),  # due 11-10: 5 days ago; the tie keeps its order
        ("overdue-decision", "'B'"),                               # due 11-12: 3 days ago; D is not due yet
        ("off-track", "pipe"), ("off-track", "rev"),               # 0.4 > 0.333
        ("off-track", "deal_time"), ("off-track", "refs"), ("off-track", "webs"),  # 0.4 > 0.3 = 0.3
        ("off-track", "nps"),                                      # health
        ("off-track", "ops"),                                      # operations
        ("formula-error", "conv"),                                 # a formula to fix, not stale data
        ("stale-data", "pipe"), ("stale-data", "exec"), ("stale-data", "sla"),  # outcome; never, then 09-30
        ("at-risk", "newc"), ("at-risk", "certs"), ("at-risk", "calls"),  # by layer, not by shortfall
        ("at-risk", "uptime"),
        ("review-due", "rev"),                                     # "review due 2026-11-14 …"
    ]


def test_gap_words_follow_unit_and_direction():
    assert gap_words(m("a", "driver", "off-track", 28, 40)) == "12 short, 30% behind"
    assert gap_words(m("b", "driver", "off-track", 4.2, 3, direction="down",
                       unit="days")) == "1.2 days over, 40% behind"
    # A rate's gap is in points: 30% - 22% = 8 points; 8 / 30 = 26.7%.
    assert gap_words(m("c", "driver", "off-track", 0.22, 0.30, unit="percent")) == "8 pt short, 27% behind"
    # Near 100%, hundredths of a point: 99.90% - 99.87% = 0.03 points, 0.03% of the target.
    assert gap_words(m("d", "health", "at-risk", 0.9987, 0.999, unit="percent")) == "0.03 pt short, under 1% behind"
    assert gap_words(m("e", "outcome", "off-track", 40000, 50000, unit="USD")) == "$10,000 short, 20% behind"
    assert gap_words(m("f", "health", "off-track", 2, 0, direction="down")) == "2 over"  # no relative gap to 0


# --- a metric that an open decision names is not proposed again -----------------------------------

CARD = Scorecard.model_validate({
    "partnership": "Northwind", "id": "northwind", "goal": "g", "type": "referral", "lead": "Dana Lee",
    "partner": "P", "outcomes": [], "drivers": [], "health": [],
})


def test_an_open_decision_that_names_a_metric_stands_for_it():
    metrics = [m("pipe", "outcome", "off-track", 300, 500, stale=True, last_date=dt.date(2026, 10, 20)),
               m("refs", "driver", "off-track", 28, 40), m("webs", "driver", "off-track", 7, 10),
               m("calls", "driver", "at-risk", 18, 20)]
    note = DecisionNote.model_validate({"date": "2026-11-01", "decisions": [
        {"what": "Coach the referrers", "owner": "Priya Shah", "due": "2026-11-30", "metric": "refs"},
        {"what": "Rebuild the pipeline report", "owner": "Dana Lee", "due": "2026-11-10", "metric": "pipe"},
        {"what": "More webinars", "owner": "Sam Ortiz", "due": "2026-11-30", "metric": "webs", "status": "done"},
        {"what": "Score every lead", "owner": "Priya Shah", "due": "2026-11-30", "metric": "mql"},  # a raw series
    ]})
    report = partnership(metrics)
    apply_decision_loop(report, CARD, ReviewHistory([note], [note.date], []), AS_OF)
    assert [(d.what, d.metric) for d in report.open_decisions] == [
        ("Rebuild the pipeline report", "pipe"), ("Coach the referrers", "refs"), ("Score every lead", "mql")]
    assert [d.as_record()["metric"] for d in report.open_decisions] == ["pipe", "refs", "mql"]
    # pipe: its overdue decision is flagged (with its metric), not its off-track status or its stale data;
    # refs: nothing (its decision stands); webs: its decision is done, so it is proposed; calls: no decision.
    assert [(d.kind, d.metric) for d in report.decisions_needed] == [
        ("overdue-decision", "pipe"), ("off-track", "webs"), ("at-risk", "calls")]
    assert report.decisions_needed[0].message.startswith("'Rebuild the pipeline report' (for Pipe) was due 2026-11-10")


# --- proposals from the data when a metric has no when_off_track ----------------------------------

BOILERPLATE = ("decide how to address it with the partner", "decide how to lift it",
               "decide which driver to fix first", "decide what unblocks execution")


def test_an_outcome_names_its_driver_furthest_behind_by_how_much_and_who_owns_it():
    metrics = [
        m("pipe", "outcome", "off-track", 300, 500),
        m("refs", "driver", "off-track", 28, 40, owner="Priya Shah", partner_owner="Tom Berg", drives=["pipe"]),
        m("deal_time", "driver", "off-track", 4.2, 3, direction="down", unit="days", owner="Sam Ortiz",
          drives=["pipe"]),  # 40% behind, further than refs' 30%
        m("webs", "driver", "on-track", 12, 10, drives=["pipe"]),
        m("nps", "health", "off-track", 6, 8, unit="score", owner="Lee", partner_owner="Ann"),
        m("mood", "health", "off-track", 3, 4, unit="score", owner="Lee"),
        m("ops", "operations", "off-track", 50, 100),
    ]
    needed = {d.metric: d.message for d in decisions_needed(partnership(metrics), AS_OF)}
    assert needed["pipe"] == (
        "Pipe is off track (300 vs 500 target, 200 short, 40% behind): its driver furthest behind is Deal Time "
        "(4.2 days vs 3 days target, 1.2 days over, 40% behind), owned by Sam Ortiz: decide with them how to "
        "close that gap first")
    assert needed["refs"] == (
        "Refs is off track (28 vs 40 target, 12 short, 30% behind): it feeds Pipe; Priya Shah with Tom Berg at "
        "Northwind Consulting to decide how to close the gap, or whether 40 is the right target")
    assert needed["nps"] == ("Nps is off track (6.0 vs 8.0 target, 2.0 short, 25% behind): Lee to agree with Ann "
                             "at Northwind Consulting how to turn it around before the outcomes follow")
    assert needed["mood"].endswith("Lee to agree with Northwind Consulting how to turn it around before the "
                                   "outcomes follow")
    assert needed["ops"] == ("Ops is off track (50 vs 100 target, 50 short, 50% behind): Dana Lee to decide what "
                             "unblocks it")
    assert not [text for text in needed.values() for phrase in BOILERPLATE if phrase in text]


def test_an_outcome_whose_drivers_do_not_explain_it_says_what_is_missing():
    lonely = m("lonely", "outcome", "off-track", 1, 4)
    covered = m("covered", "outcome", "at-risk", 46, 50)
    unknown = m("unknown", "outcome", "off-track", 10, 20)
    metrics = [lonely, covered, unknown,
               m("fine", "driver", "on-track", 10, 10, drives=["covered"]),
               m("fine_too", "driver", "on-track", 5, 4, drives=["covered"]),
               m("blind", "driver", "no-data", None, 10, drives=["unknown"], last_date=None),
               m("seen", "driver", "on-track", 12, 10, drives=["unknown"])]
    needed = {d.metric: d.message for d in decisions_needed(partnership(metrics), AS_OF)}
    assert needed["lonely"].endswith(": no driver lists it under `drives:`, so nothing explains it; decide which "
                                     "activities move it and add them as drivers")
    assert needed["covered"].endswith(": both its drivers are on track, so decide whether their targets are "
                                      "too low or `drives:` credits the wrong drivers")
    assert needed["unknown"].endswith(": its other drivers are on track, but Blind has no data this period: get "
                                      "that number in before deciding what to change")
    alone = [unknown, m("blind", "driver", "no-data", None, 10, drives=["unknown"], last_date=None)]
    [needed_alone] = [d.message for d in decisions_needed(partnership(alone), AS_OF) if d.metric == "unknown"]
    assert needed_alone.endswith(": its driver Blind has no data this period: get that number in before "
                                 "deciding what to change")


# The outcome and its drivers: (driver statuses) -> the exact end of the outcome's decision. "none of its drivers
# ... has no data" said the opposite of what it meant; "all 1 of its drivers" was not English.
@pytest.mark.parametrize("statuses, words", [
    (["on-track"], "its one driver, D1, is on track, so decide whether its target is too low or `drives:` "
                   "credits the wrong driver"),
    (["on-track"] * 2, "both its drivers are on track, so decide whether their targets are too low or `drives:` "
                       "credits the wrong drivers"),
    (["on-track"] * 3, "all 3 of its drivers are on track, so decide whether their targets are too low or "
                       "`drives:` credits the wrong drivers"),
    (["no-data"], "its driver D1 has no data this period: get that number in before deciding what to change"),
    (["no-data"] * 2, "both its drivers (D1 and D2) have no data this period: get those numbers in before "
                      "deciding what to change"),
    (["no-data"] * 3, "all its drivers (D1, D2 and D3) have no data this period: get those numbers in before "
                      "deciding what to change"),
    (["on-track", "no-data"], "its other drivers are on track, but D2 has no data this period: get that number "
                              "in before deciding what to change"),
    (["on-track", "no-data", "no-data"], "its other drivers are on track, but D2 and D3 have no data this "
                                         "period: get those numbers in before deciding what to change"),
])
def test_the_outcome_sentence_for_every_count_of_drivers(statuses, words):
    drivers = [m(f"d{i}", "driver", status, 10 if status == "on-track" else None, 10, drives=["rev"])
               for i, status in enumerate(statuses, start=1)]
    rev = m("rev", "outcome", "off-track", 300, 500)
    [message] = [d.message for d in decisions_needed(partnership([rev, *drivers]), AS_OF) if d.metric == "rev"]
    assert message == f"Rev is off track (300 vs 500 target, 200 short, 40% behind): {words}"


def test_when_off_track_still_wins_and_gets_the_gap():
    metric = m("refs", "driver", "off-track", 28, 40, when="Run a refresher with the practice leads.")
    [needed] = decisions_needed(partnership([metric]), AS_OF)
    assert needed.message == ("Refs is off track (28 vs 40 target, 12 short, 30% behind): "
                              "Run a refresher with the practice leads.")


def test_a_value_too_large_to_compute_is_named_as_a_decision_not_a_silent_no_data():
    problem = "its formula `p / q` gives a number too large to compute (beyond ±1.8e308, the largest number a " \
              "computer's float holds)"
    ratio = m("ratio", "driver", "no-data", None, 10, value_problem=problem)
    ratio.formula = "p / q"
    [needed] = [d for d in decisions_needed(partnership([ratio]), AS_OF) if d.metric == "ratio"]
    assert (needed.kind, needed.owner) == ("formula-error", "Dana Lee")
    assert needed.message == (f"Ratio cannot be computed: {problem}: Dana Lee to check its inputs and formula for a "
                              "wrong unit or a misplaced decimal point")
