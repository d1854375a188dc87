"""Decision notes as models: defaults, dates, and every parse problem as a positioned PS1xx diagnostic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from partnerscore.model.review import DecisionNote
from partnerscore.model.review_file import load_review, load_reviews, notes_until
from review_helpers import make_project, note, write

FULL = """\
date: 2026-11-06
attendees: [Dana Lee, Tom Berg]
changed: [Webinar leads up 40% after the October series]
risks: [Partner SE capacity is booked through December]
decisions:
  - what: Move two webinars to the partner's EMEA team
    owner: Dana Lee
    due: 2026-11-27
experiments:
  - hypothesis: A partner-led demo lifts MQL → SQL
    expected_impact: MQL → SQL from 22% to 30% in six weeks
    metric: mql_to_sql
    owner: Priya Shah
    ends: 2026-12-18
"""


def codes(review) -> list[tuple[str, int, int]]:
    return [(d.rule, d.line, d.column) for d in review.diagnostics]


def test_spec_example_models_with_defaults(tmp_path: Path):
    review = load_review(write(tmp_path / "reviews" / "northwind" / "2026-11-06.yaml", FULL))
    assert review.diagnostics == []
    n = review.note
    assert n.date == dt.date(2026, 11, 6)
    assert n.decisions[0].status == "open"  # the default
    assert n.decisions[0].due == dt.date(2026, 11, 27)
    assert n.experiments[0].ends == dt.date(2026, 12, 18)
    assert review.partnership_id == "northwind"


def test_date_defaults_to_file_name_and_text_becomes_a_list(tmp_path: Path):
    review = load_review(write(tmp_path / "2026-10-02.yaml", "risks: SE capacity is booked\n"))
    assert review.diagnostics == []
    assert review.note.date == dt.date(2026, 10, 2)
    assert review.note.risks == ["SE capacity is booked"]


def test_date_that_contradicts_the_file_name_is_ps104(tmp_path: Path):
    review = load_review(write(tmp_path / "2026-10-02.yaml", "changed: [x]\ndate: 2026-10-09\n"))
    assert codes(review) == [("PS104", 2, 7)]
    assert "does not match the file name" in review.diagnostics[0].message


def test_no_date_and_no_dated_file_name_is_ps103(tmp_path: Path):
    review = load_review(write(tmp_path / "kickoff.yaml", "changed: [x]\n"))
    assert codes(review) == [("PS103", 1, 1)]
    assert review.diagnostics[0].message == (
        "no date: the file name kickoff.yaml is not a day; name the note after its meeting's day "
        "(YYYY-MM-DD.yaml) or add `date: YYYY-MM-DD`")


@pytest.mark.parametrize("text", ["changed: [x]\n", "date: 2026-11-30\nchanged: [x]\n"])
def test_a_file_name_written_like_a_day_that_is_none_is_ps104_saying_so(tmp_path: Path, text):
    # November has 30 days. Without `date:` this was "missing required field 'date'", which hid the cause;
    # with one, the note was filed under a day that does not exist without a word.
    review = load_review(write(tmp_path / "2026-11-31.yaml", text))
    assert codes(review) == [("PS104", 1, 1)]
    assert review.diagnostics[0].message == (
        "the file name 2026-11-31 is not a calendar date (day is out of range for month); name the note after "
        "its meeting's day, YYYY-MM-DD.yaml")


@pytest.mark.parametrize("text, expected, fragment", [
    ("- a list\n", ("PS101", 1, 1), "a list"),
    ("", ("PS101", 1, 1), "empty"),
    ("changed: [x]\nrisks: [a]\nrisks: [b]\n", ("PS105", 3, 1), "duplicate key 'risks'"),
    ("chnaged: [x]\n", ("PS102", 1, 1), "did you mean 'changed'"),
    ("decisions:\n  - what: x\n    owner: Dana\n    due: 2026-11-27\n    status: closed\n",
     ("PS104", 5, 13), "decisions[0].status"),
    # An integer would be a Unix timestamp to Pydantic; it is never what a person meant.
    ("decisions:\n  - what: x\n    owner: Dana\n    due: 20261127\n", ("PS104", 4, 10), "YYYY-MM-DD"),
    ("decisions:\n  - what: x\n    owner: Dana\n    due: next friday\n", ("PS104", 4, 10), "YYYY-MM-DD"),
    ("decisions:\n  - what: x\n    owner: Dana\n    due: '2026-02-30'\n", ("PS104", 4, 10), "not a calendar day"),
    # Unquoted, YAML takes it for a timestamp that does not exist: still an invalid value, not PS100.
    ("decisions:\n  - what: x\n    owner: Dana\n    due: 2026-02-30\n", ("PS104", 4, 10), "not a calendar day"),
    ("decisions:\n  - owner: Dana\n    due: 2026-11-27\n", ("PS103", 2, 5), "'what'"),
    ("decisions: [x: {y: \n", ("PS100", None, None), "invalid YAML"),
])
def test_parse_problems(tmp_path: Path, text, expected, fragment):
    review = load_review(write(tmp_path / "2026-11-06.yaml", text))
    found = codes(review)
    assert len(found) == 1, review.diagnostics
    code, line, column = expected
    assert found[0][0] == code
    if line is not None:
        assert found[0][1:] == (line, column)
    assert fragment in review.diagnostics[0].message
    assert not review.is_valid


def test_a_due_date_with_a_time_is_an_invalid_value_that_names_the_day(tmp_path: Path):
    """SPEC.md's dates are YYYY-MM-DD: a time is refused rather than cut off, as the JSON Schema does."""
    review = load_review(write(tmp_path / "2026-11-06.yaml",
                               "decisions:\n  - what: x\n    owner: Dana\n    due: 2026-11-27 17:00:00\n"))
    [diagnostic] = review.diagnostics
    assert (diagnostic.rule, diagnostic.line, diagnostic.column) == ("PS104", 4, 10)
    assert "write the day alone, YYYY-MM-DD (2026-11-27), without a time" in diagnostic.message


def test_notes_are_sorted_by_date_and_invalid_ones_left_out(tmp_path: Path):
    root = make_project(tmp_path)
    note(root, "2026-11-06", "changed: [b]\n")
    note(root, "2026-10-02", "changed: [a]\n")
    note(root, "2026-10-20", "changed: [c]\nchanged: [d]\n")  # PS105: not used for the report
    from partnerscore.io.settings import load_settings

    reviews = load_reviews(load_settings(root), "northwind")
    assert [r.path.name for r in reviews] == ["2026-10-02.yaml", "2026-10-20.yaml", "2026-11-06.yaml"]
    assert [n.changed for n in notes_until(reviews)] == [["a"], ["b"]]
    assert [n.changed for n in notes_until(reviews, dt.date(2026, 10, 31))] == [["a"]]


def test_model_forbids_extra_fields():
    with pytest.raises(ValidationError, match="mood"):
        DecisionNote.model_validate({"date": "2026-11-06", "mood": "good"})


def test_a_bare_list_key_is_an_empty_list():
    # `decisions:` with every item deleted (or only `review new`'s commented examples under it).
    from partnerscore.model.review import DecisionNote

    note = DecisionNote.model_validate({"date": "2026-11-06", "attendees": None, "changed": None,
                                        "risks": None, "decisions": None, "experiments": None})
    assert (note.attendees, note.changed, note.risks, note.decisions, note.experiments) == ([], [], [], [], [])


def test_an_impossible_date_does_not_hide_the_other_problems(tmp_path: Path):
    # `due: 2026-02-30` used to be one PS100 ("cannot read value") and nothing else was checked.
    review = load_review(write(tmp_path / "2026-11-06.yaml",
                               "decisions:\n  - what: x\n    owner: Dana\n    due: 2026-02-30\n"
                               "  - what: y\n    due: 2026-11-27\n"))
    assert sorted(codes(review)) == [("PS104", 4, 10), ("PS701", 5, 5)]


def test_a_text_too_long_says_characters_not_items(tmp_path):
    from partnerscore.model.review_file import load_review

    path = tmp_path / "reviews" / "acme" / "2026-11-06.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("changed:\n  - " + "x" * 2500 + "\ndecisions: []\n", encoding="utf-8")
    (problem,) = [d for d in load_review(path).diagnostics if d.rule == "PS104"]
    assert problem.message == "invalid value for 'changed[0]': is 2,500 characters long; keep it to 2,000"
