"""Decision-note rules PS701–PS706: a good and a bad case each, with code, severity, line and column."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import run_cli
from partnerscore.core.diagnostics import Severity
from partnerscore.io.paths import discover
from partnerscore.io.settings import load_settings
from partnerscore.lint.engine import run_lint
from review_helpers import SCORECARD, make_project, note, write

AS_OF = dt.date(2026, 11, 15)
DECISION = "decisions:\n  - what: Keep course\n    owner: Dana Lee\n    due: 2026-11-30\n"


def lint(root: Path, *paths: str, as_of: dt.date = AS_OF, codes: str = "PS7") -> list[tuple]:
    """(path, line, column, rule, severity) of the PS7xx diagnostics of a lint run in `root`."""
    settings = load_settings(root)
    files = discover([root / p for p in paths], settings)
    result = run_lint(files, settings, as_of)
    return [(Path(d.path).name, d.line, d.column, d.rule, d.severity.value)
            for d in result.diagnostics if d.rule.startswith(codes)]


@pytest.fixture
def root(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_project(tmp_path)


# --- PS701 -----------------------------------------------------------------------------------------

def test_ps701_decision_without_owner_or_due(root: Path):
    note(root, "2026-11-06", "decisions:\n"
                             "  - what: Move webinars\n"     # line 2: no owner
                             "    due: 2026-11-27\n"
                             "  - what: Fix SLA\n"           # line 4: no due date
                             "    owner: Dana Lee\n"
                             "  - what: Hire SE\n"
                             "    owner: ''\n"               # line 7: empty owner
                             "    due: 2026-11-27\n")
    assert lint(root) == [
        ("2026-11-06.yaml", 2, 5, "PS701", "error"),
        ("2026-11-06.yaml", 4, 5, "PS701", "error"),
        ("2026-11-06.yaml", 7, 12, "PS701", "error"),
    ]
    settings = load_settings(root)
    messages = [d.message for d in run_lint(discover([], settings), settings, AS_OF).diagnostics
                if d.rule == "PS701"]
    assert "'Move webinars' has no owner" in messages[0]
    assert "'Fix SLA' has no due date" in messages[1]
    assert "'Hire SE' has an empty owner" in messages[2]


def test_ps701_good(root: Path):
    note(root, "2026-11-06", DECISION)
    assert lint(root) == []


# --- PS702 -----------------------------------------------------------------------------------------

def test_ps702_experiment_without_hypothesis_or_impact(root: Path):
    note(root, "2026-11-06", DECISION + "experiments:\n"
                                        "  - hypothesis: A demo lifts MQL → SQL\n"   # line 6
                                        "  - expected_impact: +5 points\n")          # line 7
    assert lint(root) == [("2026-11-06.yaml", 6, 5, "PS702", "error"),
                          ("2026-11-06.yaml", 7, 5, "PS702", "error")]


def test_ps702_good(root: Path):
    note(root, "2026-11-06", DECISION + "experiments:\n  - hypothesis: A demo lifts MQL → SQL\n"
                                        "    expected_impact: MQL → SQL from 22% to 30%\n")
    assert lint(root) == []


# --- PS703 -----------------------------------------------------------------------------------------

def test_ps703_review_without_decisions(root: Path):
    note(root, "2026-11-06", "changed: [Leads up]\ndecisions: []\n")
    note(root, "2026-11-13", "changed: [Leads down]\n")  # no decisions key: the top of the note
    assert lint(root) == [("2026-11-06.yaml", 2, 1, "PS703", "warning"),
                          ("2026-11-13.yaml", 1, 1, "PS703", "warning")]


def test_ps703_good(root: Path):
    note(root, "2026-11-06", "changed: [Leads up]\n" + DECISION)
    assert lint(root) == []


# --- PS704 -----------------------------------------------------------------------------------------

def test_ps704_open_decision_past_due(root: Path):
    # Due 2026-11-14, checked on 2026-11-15: one day overdue, reported at the due value (line 4, col 10).
    note(root, "2026-11-06", "decisions:\n  - what: Fix SLA\n    owner: Dana Lee\n    due: 2026-11-14\n")
    assert lint(root) == [("2026-11-06.yaml", 4, 10, "PS704", "warning")]


def test_ps704_reported_in_the_latest_note_that_carries_it(root: Path):
    note(root, "2026-11-01", "decisions:\n  - what: Fix SLA\n    owner: Dana Lee\n    due: 2026-11-10\n")
    note(root, "2026-11-08", "decisions:\n  - what: Other\n    owner: Dana Lee\n    due: 2026-11-30\n"
                             "  - what: fix  SLA.\n    owner: Priya Shah\n    due: 2026-11-12\n")
    assert lint(root) == [("2026-11-08.yaml", 7, 10, "PS704", "warning")]


def test_ps704_good_closed_later_or_not_yet_due(root: Path):
    note(root, "2026-11-01", "decisions:\n  - what: Fix SLA\n    owner: Dana Lee\n    due: 2026-11-10\n"
                             "  - what: Hire SE\n    owner: Dana Lee\n    due: 2026-11-15\n")  # due today
    note(root, "2026-11-08", "decisions:\n  - what: Fix SLA\n    owner: Dana Lee\n    due: 2026-11-10\n"
                             "    status: done\n")
    assert lint(root) == []


# --- PS705 -----------------------------------------------------------------------------------------

def test_ps705_unknown_metric_with_hint(root: Path):
    note(root, "2026-11-06", DECISION + "experiments:\n  - hypothesis: Demo\n    expected_impact: More SQLs\n"
                                        "    metric: mql_sql\n")  # line 8, value at column 13
    assert lint(root) == [("2026-11-06.yaml", 8, 13, "PS705", "error")]
    settings = load_settings(root)
    [d] = [d for d in run_lint(discover([], settings), settings, AS_OF).diagnostics if d.rule == "PS705"]
    assert "did you mean 'mql_to_sql'?" in d.message


def test_ps705_good_metric_or_formula_series(root: Path):
    note(root, "2026-11-06", DECISION + "experiments:\n"
                                        "  - {hypothesis: Demo, expected_impact: More SQLs, metric: sql}\n"
                                        "  - {hypothesis: Ask, expected_impact: More, metric: mql_to_sql}\n")
    assert lint(root) == []


def test_ps705_note_in_a_folder_that_names_no_scorecard(root: Path):
    note(root, "2026-11-06", DECISION, partnership="northwnd")
    write(root / "reviews" / "2026-11-06.yaml", DECISION)  # not in a partnership folder at all
    assert lint(root, codes="PS705") == [("2026-11-06.yaml", 1, 1, "PS705", "error"),
                                         ("2026-11-06.yaml", 1, 1, "PS705", "error")]
    settings = load_settings(root)
    messages = sorted(d.message for d in run_lint(discover([], settings), settings, AS_OF).diagnostics
                      if d.rule == "PS705")
    assert "not in a partnership folder" in messages[0]
    assert "folder 'northwnd' names no scorecard" in messages[1]
    assert "did you mean 'northwind'?" in messages[1]


# --- PS706 -----------------------------------------------------------------------------------------

def test_ps706_no_review_within_the_outcome_cadence(root: Path):
    # Referral outcomes are monthly: at most 31 days apart. 2026-10-14 is 32 days before 2026-11-15.
    note(root, "2026-10-14", DECISION)
    assert lint(root) == [("northwind.yaml", 6, 1, "PS706", "warning")]  # at `outcomes:`


def test_ps706_good_within_cadence(root: Path):
    note(root, "2026-10-15", DECISION)  # 31 days before 2026-11-15: still within a monthly cadence
    assert lint(root) == []


def test_ps706_without_any_note_and_with_a_cadence_override(root: Path):
    assert lint(root) == [("northwind.yaml", 6, 1, "PS706", "warning")]
    write(root / "scorecards" / "northwind.yaml",
          SCORECARD.replace("partner: Northwind Consulting\n",
                            "partner: Northwind Consulting\ncadence: {outcomes: weekly}\n"))
    note(root, "2026-11-07", DECISION)  # 8 days before 2026-11-15 > 7 (weekly)
    assert lint(root) == [("northwind.yaml", 6, 21, "PS706", "warning")]  # at the override's value
    assert lint(root, as_of=dt.date(2026, 11, 14)) == []


def test_ps706_and_the_reports_next_review_due_agree_on_the_day(root: Path):
    # Monthly outcomes, last review 2026-11-10: due at most 31 days later, on 2026-11-10 + 31 = 2026-12-11
    # (20 days left in November + 11 in December). On the 11th it is due, not overdue: no PS706, and the
    # report does not list it as overdue; on the 12th (32 days) both say it is overdue.
    note(root, "2026-11-10", DECISION)
    for as_of, overdue in (("2026-12-11", False), ("2026-12-12", True)):
        day = dt.date.fromisoformat(as_of)
        assert lint(root, as_of=day, codes="PS706") == ([("northwind.yaml", 6, 1, "PS706", "warning")]
                                                        if overdue else [])
        shown = json.loads(run_cli("report", "--as-of", as_of, "--format", "json", cwd=root).stdout)
        northwind = shown["partnerships"][0]
        assert northwind["next_review_due"] == "2026-12-11"
        # SPEC.md: the report's review is overdue when `next_review_due` is before as_of.
        assert (dt.date.fromisoformat(northwind["next_review_due"]) < day) is overdue
        # The review is due on the day itself either way: the report asks for it.
        assert [d["due"] for d in northwind["decisions_needed"] if d["kind"] == "review-due"] == ["2026-12-11"]
    settings = load_settings(root)
    late = run_lint(discover([], settings), settings, dt.date(2026, 12, 12)).diagnostics
    assert [d.message for d in late if d.rule == "PS706"][0].startswith(
        "last review was 2026-11-10, 32 days ago (the next was due 2026-12-11)")


# --- which notes, each once ------------------------------------------------------------------------

def test_named_note_is_checked_against_its_scorecard_alone(root: Path):
    note(root, "2026-10-01", "changed: [x]\n")  # PS703, and PS706 on the scorecard: not named
    note(root, "2026-11-06", DECISION + "experiments:\n  - {hypothesis: a, expected_impact: b, metric: nope}\n")
    assert lint(root, "reviews/northwind/2026-11-06.yaml") == [("2026-11-06.yaml", 6, 49, "PS705", "error")]


def test_named_note_closed_by_a_later_note_is_not_overdue(root: Path):
    note(root, "2026-11-01", "decisions:\n  - what: Fix SLA\n    owner: Dana Lee\n    due: 2026-11-10\n")
    note(root, "2026-11-08", "decisions:\n  - what: Fix SLA\n    owner: Dana\n    due: 2026-11-10\n"
                             "    status: dropped\n")
    assert lint(root, "reviews/northwind/2026-11-01.yaml") == []


def test_each_note_checked_once_through_the_cli(root: Path):
    note(root, "2026-11-06", "decisions: []\n")
    run = run_cli("lint", "--format", "json", "--as-of", "2026-11-15", "scorecards/northwind.yaml",
                  "reviews/northwind/2026-11-06.yaml", "reviews", cwd=root)
    found = [(d["path"], d["line"], d["rule"], d["severity"]) for d in json.loads(run.stdout)["diagnostics"]
             if d["rule"].startswith("PS7")]
    assert found == [("reviews/northwind/2026-11-06.yaml", 1, "PS703", "warning")]
    assert run.code == 0, run.stderr


def test_rules_are_documented_with_the_spec_summary():
    from partnerscore.lint.rules import all_rules

    rules = all_rules()
    expected = {
        "PS701": ("E", "Decision without owner or due date."),
        "PS702": ("E", "Experiment without hypothesis or expected impact."),
        "PS703": ("W", "Review with no decisions."),
        "PS704": ("W", "Open decision past its due date."),
        "PS705": ("E", "Review names an unknown metric."),
        "PS706": ("W", "No review within the outcome cadence."),
    }
    for code, (severity, summary) in expected.items():
        assert rules[code].severity is (Severity.ERROR if severity == "E" else Severity.WARNING)
        assert rules[code].summary == summary


# --- two notes of one day (PS104) ------------------------------------------------------------------

def test_two_notes_of_one_day_are_each_an_error_naming_the_other(root: Path):
    # The second one closes the first one's decision; but neither is later, so which settles it would
    # depend on how the file names sort ('2026-11-06-followup' sorted before, 'b-followup' after).
    note(root, "2026-11-06", "date: 2026-11-06\n" + DECISION)
    write(root / "reviews" / "northwind" / "b-followup.yaml",
          "date: 2026-11-06\ndecisions:\n  - what: Keep course\n    owner: Dana Lee\n    due: 2026-11-30\n"
          "    status: done\n")
    found = lint(root, codes="PS104")
    assert found == [("2026-11-06.yaml", 1, 7, "PS104", "error"), ("b-followup.yaml", 1, 7, "PS104", "error")]
    settings = load_settings(root)
    messages = [d.message for d in run_lint(discover([], settings), settings, AS_OF).diagnostics
                if d.rule == "PS104"]
    assert messages[0] == ("another decision note is dated 2026-11-06 too (reviews/northwind/b-followup.yaml); "
                           "neither is later, so which one settles a decision cannot be told: merge them into "
                           "one note")
    # Named alone (pre-commit), a note is still told of its sibling, once.
    alone = lint(root, "reviews/northwind/b-followup.yaml", codes="PS104")
    assert alone == [("b-followup.yaml", 1, 7, "PS104", "error")]
    # The report uses neither: both are named, counted under the partnership, and the exit is 1.
    run = run_cli("report", "--format", "json", "--as-of", AS_OF.isoformat(), cwd=root)
    assert run.code == 1
    problems = json.loads(run.stdout)["problems"]
    assert [(p["path"], p["rule"]) for p in problems] == [("reviews/northwind/2026-11-06.yaml", "PS104"),
                                                           ("reviews/northwind/b-followup.yaml", "PS104")]


def test_notes_of_different_days_are_not_told(root: Path):
    note(root, "2026-11-06", DECISION)
    note(root, "2026-11-13", DECISION)
    assert lint(root, codes="PS104") == []


def test_an_owner_that_is_not_text_is_an_invalid_value_not_an_empty_one(root: Path):
    # `owner: 12` or a list is there, only of the wrong kind: PS104 says so; an empty one stays PS701.
    note(root, "2026-11-06", "decisions:\n"
                             "  - what: Numeric owner\n    owner: 12\n    due: 2026-11-30\n"
                             "  - what: Two owners\n    owner: [Dana Lee, Tom Berg]\n    due: 2026-11-30\n"
                             "  - what: No owner\n    owner:\n    due: 2026-11-30\n")
    settings = load_settings(root)
    found = [(d.line, d.rule, d.message) for d in run_lint(discover([], settings), settings, AS_OF).diagnostics
             if d.rule in ("PS104", "PS701")]
    assert found == [
        (3, "PS104", "invalid value for 'decisions[0].owner': Input should be a valid string (got 12)"),
        (6, "PS104", "invalid value for 'decisions[1].owner': Input should be a valid string"),
        (9, "PS701", "decision 'No owner' has an empty owner; every decision needs an owner and a due date "
                     "(owner: NAME)"),
    ]
