"""The three questions: which drivers explain an outcome, early warnings, and what needs deciding."""

from __future__ import annotations

import datetime as dt

import pytest

from partnerscore.calc.review_dates import next_review_due
from partnerscore.model.review import DecisionNote
from partnerscore.model.review_file import ReviewHistory
from partnerscore.model.scorecard import Scorecard
from partnerscore.report.decisions import apply_decision_loop, decisions_needed
from partnerscore.report.explain import early_warnings, explain, explain_outcomes, shortfall
from partnerscore.report.result import MetricReport, OpenDecision, PartnershipReport

AS_OF = dt.date(2026, 11, 15)


def metric(id: str, layer: str, status: str, projected, target: float, *, direction: str = "up",
           drives=(), history=None, stale: bool = False, unit: str = "count", when=None,
           owner: str = "Priya Shah", last_date=None) -> MetricReport:
    return MetricReport(
        id=id, layer=layer, name=id.replace("_", " ").title(), owner=owner, unit=unit, period="month",
        period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 30), actual=projected,
        projected=projected, target=target, baseline=None, status=status, stale=stale, last_date=last_date,
        previous=None, history=list(history if history is not None else [projected]), direction=direction,
        drives=list(drives), when_off_track=when,
    )


def partnership(metrics, **extra) -> PartnershipReport:
    return PartnershipReport(id="northwind", partnership="Northwind referrals", type="referral",
                             status="off-track", goal="g", lead="Dana Lee", partner="Northwind",
                             path="scorecards/northwind.yaml", metrics=metrics, **extra)


# --- shortfall and ranking -------------------------------------------------------------------------

def test_shortfall_is_relative_to_target_and_follows_direction():
    assert shortfall(metric("a", "driver", "off-track", 70, 100)) == pytest.approx(0.3)   # (100-70)/100
    assert shortfall(metric("b", "driver", "off-track", 3, 2, direction="down")) == pytest.approx(0.5)  # (3-2)/2
    assert shortfall(metric("c", "driver", "on-track", 110, 100)) == pytest.approx(-0.1)  # ahead of target
    assert shortfall(metric("d", "driver", "no-data", None, 100)) is None
    # A target of 0 cannot scale: the absolute gap is used (3 escalations over a target of 0).
    assert shortfall(metric("e", "driver", "off-track", 3, 0, direction="down")) == pytest.approx(3)


def test_drivers_ranked_by_shortfall_then_no_data_then_on_track():
    metrics = [
        metric("pipeline", "outcome", "off-track", 40000, 50000, unit="USD"),
        metric("on_target", "driver", "on-track", 110, 100, drives=["pipeline"]),            # -0.1
        metric("unmeasured", "driver", "no-data", None, 100, drives=["pipeline"]),           # None
        metric("conversion", "driver", "at-risk", 0.27, 0.30, unit="percent", drives=["pipeline"]),  # 0.1
        metric("leads", "driver", "off-track", 70, 100, drives=["pipeline"]),                # 0.3
        metric("days", "driver", "off-track", 3, 2, direction="down", drives=["pipeline"]),  # 0.5
        metric("elsewhere", "driver", "off-track", 1, 100, drives=["other"]),                # not its driver
    ]
    [explanation] = explain_outcomes(metrics)
    assert explanation.outcome == "pipeline" and explanation.outcome_status == "off-track"
    assert explanation.kind == "drivers"
    assert [d["id"] for d in explanation.drivers] == ["days", "leads", "conversion", "unmeasured", "on_target"]
    assert [d["shortfall"] for d in explanation.drivers] == [0.5, 0.3, 0.1, None, -0.1]
    assert explanation.note.startswith("Pipeline is off track ($40,000 vs $50,000 target). Drivers behind it: "
                                       "Days off track (3 vs 2 target); Leads off track (70 vs 100 target); "
                                       "Conversion at risk (27.0% vs 30.0% target)")


@pytest.mark.parametrize("drivers, words", [
    (1, "yet its one driver, Leads, is on track: its target or the attribution needs a look"),
    (2, "yet both its drivers are on track: their targets or the attribution need a look"),
    (3, "yet all 3 of its drivers are on track: their targets or the attribution need a look"),
])
def test_all_drivers_on_track_says_targets_or_attribution_need_a_look(drivers, words):
    names = ["leads", "calls", "demos"][:drivers]
    metrics = [metric("pipeline", "outcome", "at-risk", 46000, 50000),
               *(metric(name, "driver", "on-track", 45, 40, drives=["pipeline"]) for name in names)]
    [explanation] = explain(metrics)
    assert explanation.kind == "all-drivers-on-track"
    assert explanation.note == f"Pipeline is at risk (46,000 vs 50,000 target), {words}"


def test_outcome_without_drivers_and_on_track_outcomes():
    metrics = [metric("customers", "outcome", "no-data", None, 4),
               metric("pipeline", "outcome", "on-track", 60000, 50000)]
    [explanation] = explain(metrics)  # on-track outcomes need no explaining
    assert (explanation.outcome, explanation.kind) == ("customers", "no-drivers")
    assert explanation.note.startswith("Customers has no data this period; no driver lists it")


# --- early warnings --------------------------------------------------------------------------------

def test_health_off_track_is_an_early_warning():
    [w] = early_warnings([metric("sla", "health", "off-track", 0.80, 0.95, unit="percent")])
    assert (w.kind, w.outcome, w.outcome_status) == ("early-warning", "sla", "off-track")
    assert "off track (80.0% vs 95.0% target)" in w.note


@pytest.mark.parametrize("history, projected, direction, warned", [
    ([8.0, 7.5, 7.2], 7.2, "up", True),     # 8.0 → 7.5 → 7.2: worse twice
    ([8.0, 7.5, 7.6], 7.6, "up", False),    # recovered in the current period
    ([1, 2, 3], 3, "down", True),           # escalations rising twice
    ([10, 9, 4], 8, "up", True),            # a running total 4 paced to 8: 10 → 9 → 8
    ([10, 9, 4], 9.5, "up", False),         # raw 4 looks like a fall, the pace 9.5 is not
    ([None, 9, 8], 8, "up", False),         # a gap: not two periods in a row
    ([9, 8], 8, "up", False),               # too short
])
def test_worsening_two_periods_in_a_row(history, projected, direction, warned):
    # Status at-risk, so only the trend can raise the warning.
    m = metric("satisfaction", "health", "at-risk", projected, 8.5, history=history, direction=direction)
    found = early_warnings([m])
    assert bool(found) is warned
    if warned:
        assert "worse two periods in a row" in found[0].note


# --- decisions needed ------------------------------------------------------------------------------

def test_decisions_needed_in_order_with_owners():
    report = partnership(
        [metric("pipeline", "outcome", "at-risk", 46000, 50000, owner="Dana Lee"),
         metric("mql_to_sql", "driver", "off-track", 0.22, 0.30, unit="percent",
                when="Tighten targeting, messaging or qualification."),
         metric("sla", "health", "on-track", 0.97, 0.95, unit="percent", stale=True, owner="Tom Berg",
                last_date=dt.date(2026, 9, 30))],
        open_decisions=[OpenDecision("Move webinars", "Dana Lee", dt.date(2026, 11, 10), True, "2026-11-01"),
                        OpenDecision("Hire SE", "Dana Lee", dt.date(2026, 11, 30), False, "2026-11-01")],
        last_review=dt.date(2026, 10, 14), next_review_due=dt.date(2026, 11, 14),
    )
    needed = decisions_needed(report, AS_OF)
    # SPEC.md's order: overdue decisions, off-track metrics, stale data, at-risk metrics, then the review.
    assert [(d.kind, d.metric, d.owner) for d in needed] == [
        ("overdue-decision", None, "Dana Lee"),
        ("off-track", "mql_to_sql", "Priya Shah"),
        ("stale-data", "sla", "Tom Berg"),
        ("at-risk", "pipeline", "Dana Lee"),
        ("review-due", None, "Dana Lee"),
    ]
    assert needed[0].due == dt.date(2026, 11, 10) and "5 days ago" in needed[0].message  # 15 - 10
    # 30% - 22% = 8 points; 8 / 30 = 26.7%, shown as 27%.
    assert needed[1].message == ("Mql To Sql is off track (22.0% vs 30.0% target, 8 pt short, 27% behind): "
                                 "Tighten targeting, messaging or qualification.")
    assert "no data since 2026-09-30" in needed[2].message and "Tom Berg to update it" in needed[2].message
    # No when_off_track and no driver feeding it: the data says what is missing.
    assert "no driver lists it under `drives:`" in needed[3].message
    assert needed[4].due == dt.date(2026, 11, 14)


def test_nothing_to_decide_when_all_is_well():
    report = partnership([metric("pipeline", "outcome", "on-track", 60000, 50000)],
                         last_review=dt.date(2026, 11, 6), next_review_due=dt.date(2026, 12, 6))
    assert decisions_needed(report, AS_OF) == []


# --- apply_decision_loop from notes ----------------------------------------------------------------

CARD = Scorecard.model_validate({
    "partnership": "Northwind", "id": "northwind", "goal": "g", "type": "referral", "lead": "Dana Lee",
    "partner": "P", "outcomes": [], "drivers": [], "health": [],
})


def dn(day: str, decisions=(), experiments=()) -> DecisionNote:
    return DecisionNote.model_validate({"date": day, "decisions": list(decisions),
                                        "experiments": list(experiments)})


def test_open_decisions_latest_state_review_dates_and_experiments():
    notes = [
        dn("2026-10-30",
           decisions=[{"what": "Move webinars to EMEA.", "owner": "Dana Lee", "due": "2026-11-10"},
                      {"what": "Fix SLA", "owner": "Tom Berg", "due": "2026-11-05"},
                      {"what": "Hire SE", "owner": "Dana Lee", "due": "2026-12-01"}],
           experiments=[{"hypothesis": "Demo lifts SQL", "expected_impact": "+8 points"},
                        {"hypothesis": "Old test", "expected_impact": "x", "ends": "2026-11-01"}]),
        # Closes "Fix SLA" (same text, other case/spacing) and re-dates the webinar decision.
        dn("2026-11-06",
           decisions=[{"what": "fix  sla", "owner": "Tom Berg", "due": "2026-11-05", "status": "done"},
                      {"what": "move webinars to emea", "owner": "Priya Shah", "due": "2026-11-12"}]),
        # After as_of: not yet written on 2026-11-15.
        dn("2026-11-20", decisions=[{"what": "Hire SE", "owner": "Dana Lee", "due": "2026-12-01",
                                     "status": "dropped"}]),
    ]
    report = partnership([])
    apply_decision_loop(report, CARD, ReviewHistory(notes, [n.date for n in notes], []), AS_OF)
    assert [(d.what, d.owner, d.due, d.overdue, d.review) for d in report.open_decisions] == [
        ("move webinars to emea", "Priya Shah", dt.date(2026, 11, 12), True, "2026-11-06"),
        ("Hire SE", "Dana Lee", dt.date(2026, 12, 1), False, "2026-10-30"),
    ]
    assert report.last_review == dt.date(2026, 11, 6)
    assert report.next_review_due == dt.date(2026, 12, 7)  # monthly: 2026-11-06 + 31 days (24 in Nov, 7 in Dec)
    assert [e["hypothesis"] for e in report.experiments] == ["Demo lifts SQL"]  # "Old test" ended 11-01
    assert [d.kind for d in report.decisions_needed] == ["overdue-decision"]


def test_no_notes_means_a_review_is_due():
    report = partnership([])
    apply_decision_loop(report, CARD, ReviewHistory([], [], []), AS_OF)
    assert report.last_review is None and report.next_review_due is None
    assert [d.kind for d in report.decisions_needed] == ["review-due"]


@pytest.mark.parametrize("last, cadence, expected", [
    ("2026-11-06", "weekly", "2026-11-13"),     # + 7 days
    ("2026-11-06", "biweekly", "2026-11-20"),   # + 14 days
    ("2026-01-31", "monthly", "2026-03-03"),    # + 31 days: 28 to 2026-02-28, then 3 more
    ("2026-12-15", "monthly", "2027-01-15"),    # + 31 days: 16 in December, 15 in January
    ("2026-11-30", "quarterly", "2027-03-02"),  # + 92 days: 31 + 31 + 28 = 90 to 2027-02-28, + 2
])
def test_next_review_due(last, cadence, expected):
    assert next_review_due(dt.date.fromisoformat(last), cadence) == dt.date.fromisoformat(expected)
