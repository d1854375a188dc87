"""`partnerscore review new`: the prefilled note, carry-over, refusal to overwrite, and a note that lints."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from conftest import run_cli
from partnerscore.starter.review_note import _block, plain_breaks
from review_helpers import CSV, make_project, note

NOTE_PATH = Path("reviews/northwind/2026-11-15.yaml")
TRICKY = "Move webinars: to \"EMEA\" # not a comment, it's 'quoted'"
EARLIER = f"""\
decisions:
  - what: {json.dumps(TRICKY)}
    owner: Dana Lee
    due: 2026-11-27
  - what: Fix SLA
    owner: Tom Berg
    due: 2026-10-30
    metric: sla
  - what: Done already
    owner: Tom Berg
    due: 2026-10-25
    status: done
experiments:
  - hypothesis: "A partner-led demo lifts MQL → SQL\\nfor enterprise leads"
    expected_impact: "MQL → SQL from 22% to 30%: in six weeks"
    metric: mql_to_sql
    owner: Priya Shah
    ends: 2026-12-18
  - hypothesis: An old test
    expected_impact: Nothing much
    ends: 2026-11-01
"""


def lint_errors(root: Path, as_of: str = "2026-11-15") -> list[dict]:
    run = run_cli("lint", "--format", "json", "--as-of", as_of, cwd=root)
    return [d for d in json.loads(run.stdout)["diagnostics"] if d["severity"] == "error"]


def test_first_review_lists_risks_and_lints_clean(tmp_path: Path):
    root = make_project(tmp_path)
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 0, run.stderr
    assert run.stdout.strip() == f"Wrote {NOTE_PATH.as_posix()}"
    data = yaml.safe_load((root / NOTE_PATH).read_text(encoding="utf-8"))
    assert data["date"] == dt.date(2026, 11, 15)
    # The lead, then the outcomes' owners on both sides, each once (both outcomes: Dana Lee / Tom Berg).
    assert data["attendees"] == ["Dana Lee", "Tom Berg"]
    assert data["changed"] == []  # no earlier review to compare with
    # Pipeline: 20000 on day 15 of 30 → projected 40000 vs 50000 (band 5000) → off-track;
    # MQL → SQL: 22 / 100 = 22.0% vs 30.0% (band 3 points) → off-track. Nothing is stale.
    assert data["risks"] == ["Influenced pipeline is off-track: $40,000 vs $50,000 target",
                             "MQL → SQL is off-track: 22.0% vs 30.0% target"]
    # Nothing to carry over: bare keys (read as empty lists) above the commented examples.
    assert data["decisions"] is None and data["experiments"] is None
    text = (root / NOTE_PATH).read_text(encoding="utf-8")
    # The week's prompts, most urgent first, each with the metric it is about (for `metric:`).
    # Pipeline: $40,000 vs $50,000 → $10,000 short, 20% behind. Of its drivers, webinar leads project to
    # 22 / (15/30) = 44 ≥ 40 (on track), so the one behind is MQL → SQL.
    prompts = [line for line in text.split("\n") if line.startswith("#   - ")]
    assert prompts[0].startswith("#   - Influenced pipeline is off track ($40,000 vs $50,000 target, $10,000 short, "
                                 "20% behind): its driver furthest behind is MQL → SQL")
    assert prompts[0].endswith("(metric: pipeline)")
    # 30% - 22% = 8 points, 8/30 = 27% behind.
    assert prompts[1] == ("#   - MQL → SQL is off track (22.0% vs 30.0% target, 8 pt short, 27% behind): "
                          "Tighten targeting, messaging or qualification. (metric: mql_to_sql)")
    assert "  # - what: " in text  # the commented example decision
    assert lint_errors(root) == []


def test_changes_since_last_review_and_carry_over(tmp_path: Path):
    root = make_project(tmp_path)
    note(root, "2026-10-20", EARLIER)
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 0, run.stderr
    data = yaml.safe_load((root / NOTE_PATH).read_text(encoding="utf-8"))
    # As of 2026-10-20: pipeline 52000 on day 20 of 31 → projected 80600 ≥ 50000, on-track; MQL → SQL
    # 31/100 = 31% ≥ 30%, on-track. Every other metric is on-track on both days, so only two moved.
    assert data["changed"] == [
        "Influenced pipeline moved from on-track to off-track: $40,000 vs $50,000 target",
        "MQL → SQL moved from on-track to off-track: 22.0% vs 30.0% target",
    ]
    # Open decisions carried over, soonest due first, with the metric each is meant to move; the done one is not.
    assert data["decisions"] == [
        {"what": "Fix SLA", "owner": "Tom Berg", "due": dt.date(2026, 10, 30), "status": "open", "metric": "sla"},
        {"what": TRICKY, "owner": "Dana Lee", "due": dt.date(2026, 11, 27), "status": "open"},
    ]
    # The running experiment, text intact (newline, colon); the one that ended on 11-01 is not.
    assert data["experiments"] == [{
        "hypothesis": "A partner-led demo lifts MQL → SQL\nfor enterprise leads",
        "expected_impact": "MQL → SQL from 22% to 30%: in six weeks",
        "metric": "mql_to_sql", "owner": "Priya Shah", "ends": dt.date(2026, 12, 18),
    }]
    text = (root / NOTE_PATH).read_text(encoding="utf-8")
    assert "# carried over from 2026-10-20; overdue since 2026-10-30" in text
    assert lint_errors(root) == []


def test_a_carried_over_experiment_runs_since_the_note_that_first_recorded_it(tmp_path: Path):
    """Each weekly note carries the experiment over; its start stays the first note's date, not the last's."""
    root = make_project(tmp_path)
    note(root, "2026-10-20", EARLIER)
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-10-27", cwd=root)
    assert run.code == 0, run.stderr
    # The 10-27 note carries it over as written; the 11-03 one with other spacing, case and a final full
    # stop, which is still the same hypothesis (matched as decisions are).
    second = (root / "reviews/northwind/2026-10-27.yaml").read_text(encoding="utf-8")
    note(root, "2026-11-03", "experiments:\n  - hypothesis: a PARTNER-LED demo  lifts MQL → SQL for enterprise leads.\n"
                             "    expected_impact: MQL → SQL from 22% to 30%\n")
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 0, run.stderr
    third = (root / NOTE_PATH).read_text(encoding="utf-8")
    for text in (second, third):
        assert "  # running since 2026-10-20\n  - hypothesis: " in text
        assert "running since 2026-10-27" not in text and "running since 2026-11-03" not in text


def fill_placeholders(text: str) -> str:
    """What a person does with the draft: uncomment the example decision and experiment, fill them in."""
    out = []
    for line in text.split("\n"):
        if line.startswith("  # - what: "):
            line = "  - what: Run a lead-scoring workshop"
        elif line.startswith("  #   owner: "):
            line = "    owner: Dana Lee"
        elif line.startswith("  #   due: "):
            line = "    due: " + line.split("due: ", 1)[1]
        elif line.startswith("  # - hypothesis: "):
            line = "  - hypothesis: A partner-led demo lifts MQL → SQL"
        elif line.startswith("  #   expected_impact: "):
            line = "    expected_impact: MQL → SQL from 22% to 30% in six weeks"
        elif line.startswith("  #   metric: "):
            line = "    metric: " + line.split("metric: ", 1)[1]
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("earlier", [None, EARLIER], ids=["first-review", "with-carry-over"])
def test_draft_with_its_placeholders_filled_lints_without_errors(tmp_path: Path, earlier):
    root = make_project(tmp_path)
    if earlier:
        note(root, "2026-10-20", earlier)
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 0, run.stderr
    draft = (root / NOTE_PATH).read_text(encoding="utf-8")
    filled = fill_placeholders(draft)
    assert filled != draft
    (root / NOTE_PATH).write_text(filled, encoding="utf-8")
    assert lint_errors(root) == []
    data = yaml.safe_load(filled)
    assert data["decisions"][-1] == {"what": "Run a lead-scoring workshop", "owner": "Dana Lee",
                                     "due": dt.date(2026, 11, 29), "metric": "webinar_leads"}
    assert data["experiments"][-1]["hypothesis"] == "A partner-led demo lifts MQL → SQL"


@pytest.mark.parametrize("broken", [
    b"decisions:\n  - what: R\xe9duire les d\xe9lais\n    owner: Dana Lee\n    due: 2026-11-27\n",
    b"decisions:\n  - what: Fix SLA\n    due: 2026-11-27\n",  # PS701: no owner
], ids=["latin-1", "invalid"])
def test_an_earlier_note_with_errors_is_not_silently_left_out(tmp_path: Path, broken: bytes):
    # Its open decisions could not be carried over: the draft would quietly drop them.
    root = make_project(tmp_path)
    note(root, "2026-10-20", EARLIER)
    (root / "reviews" / "northwind" / "2026-11-01.yaml").write_bytes(broken)
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 1
    assert "reviews/northwind/2026-11-01.yaml:" in run.stderr
    assert "cannot be read, so its open decisions and experiments would not be carried over" in run.stderr
    assert not (root / NOTE_PATH).exists()
    # A broken note dated after the new one does not matter to it.
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-10-25", cwd=root)
    assert run.code == 0, run.stderr


def test_refuses_to_overwrite_without_force(tmp_path: Path):
    root = make_project(tmp_path)
    (root / NOTE_PATH).write_text("changed: [mine]\n", encoding="utf-8")
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 1
    assert "reviews/northwind/2026-11-15.yaml already exists; pass --force to overwrite it" in run.stderr
    assert (root / NOTE_PATH).read_text(encoding="utf-8") == "changed: [mine]\n"

    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", "--force", cwd=root)
    assert run.code == 0, run.stderr
    assert yaml.safe_load((root / NOTE_PATH).read_text(encoding="utf-8"))["date"] == dt.date(2026, 11, 15)


def test_date_defaults_to_today(tmp_path: Path):
    root = make_project(tmp_path)
    run = run_cli("review", "new", "scorecards/northwind.yaml", cwd=root)
    assert run.code == 0, run.stderr
    assert (root / "reviews" / "northwind" / f"{dt.date.today().isoformat()}.yaml").is_file()


@pytest.mark.parametrize("args, code, message", [
    (["scorecards/nope.yaml"], 2, "scorecards/nope.yaml: no such file"),
    (["scorecards/northwind.yaml", "--date", "15/11/2026"], 2, "--date: '15/11/2026' is not a date"),
    (["scorecards"], 2, "scorecards: a folder; name one scorecard file"),
    (["/dev/null"], 2, "/dev/null: not a regular file; name one scorecard file"),
])
def test_usage_errors(tmp_path: Path, args, code, message):
    root = make_project(tmp_path)
    run = run_cli("review", "new", *args, cwd=root)
    assert run.code == code
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert list((root / "reviews" / "northwind").iterdir()) == []


def test_invalid_scorecard_prints_its_diagnostics(tmp_path: Path):
    root = make_project(tmp_path)
    (root / "scorecards" / "broken.yaml").write_text("partnership: Broken\ntype: referal\n", encoding="utf-8")
    run = run_cli("review", "new", "scorecards/broken.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 1
    assert "scorecards/broken.yaml:2:7: PS104" in run.stderr
    assert "is not a valid scorecard" in run.stderr
    assert not (root / "reviews" / "broken").exists()


NASTY = ["a: b", "# x", "'q'", '"dq"', "line1\nline2", "- dash", "yes", "2026-01-01", "@at", "%pct",
         "trailing  ", "a  \nb", "ünï → ok", "{brace}", "[b]", "*star", "&amp", "!bang", "|pipe", ">gt",
         "null", "~", "x\ty", "3.0", "\\back"]


def test_user_text_round_trips_through_the_emitted_yaml():
    text = "\n".join(_block("risks", NASTY, [f"comment {s}" for s in NASTY]))
    assert yaml.safe_load(text) == {"risks": NASTY}


def test_characters_yaml_refuses_even_in_comments_are_escaped():
    # Found by test_any_text_round_trips: a raw U+FFFE in a comment line made the whole draft unreadable.
    text = "\n".join(_block("changed", ["\ufffe", "a\uffffb", "c\x85d"], ["\ufffe", "a\uffffb", "\x9b"]))
    assert yaml.safe_load(text) == {"changed": ["\ufffe", "a\uffffb", "c\nd"]}
    assert "# \\ufffe" in text and "# a\\uffffb" in text


def test_exotic_line_breaks_become_newlines():
    assert plain_breaks(["a\x85b", "c\r\nd", "e\u2028f"]) == ["a\nb", "c\nd", "e\nf"]


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1), min_size=1,
                max_size=3))
def test_any_text_round_trips(items):
    text = "\n".join(_block("changed", items, [item for item in items]))
    # Line breaks other than \n (CR, NEL, LS, PS) are written as \n; all other text comes back as it was.
    assert yaml.safe_load(text) == {"changed": plain_breaks(items)}


def test_a_new_period_without_values_yet_is_not_a_change():
    from datetime import date

    from partnerscore.starter.review_note import status_changes
    from report_samples import metric, partnership

    before = partnership(metrics=[metric("installs", status="on-track"), metric("latency", status="on-track"),
                                  metric("referrals", status="on-track")])
    now = partnership(metrics=[
        metric("installs", status="no-data", actual=None, projected=None, last_date=date(2026, 11, 30)),
        metric("latency", status="no-data", actual=None, projected=None, stale=True, last_date=date(2026, 10, 1)),
        metric("referrals", status="off-track"),
    ])
    changes = status_changes(before, now)
    assert not any(line.startswith("Installs") for line in changes)  # December just started: not a change
    assert any(line.startswith("Latency moved from on-track to no-data") for line in changes)
    assert any(line.startswith("Referrals moved from on-track to off-track") for line in changes)


def test_a_review_in_the_first_days_of_a_period_is_compared_by_the_period_before():
    from datetime import date

    from partnerscore.starter.review_note import status_changes
    from report_samples import metric, partnership

    def just_begun(id: str, previous_status: str, **overrides):  # December 3rd: no December values yet
        return metric(id, status="no-data", actual=None, projected=None, last_date=date(2026, 11, 30),
                      previous_status=previous_status, **overrides)

    before = partnership(metrics=[
        just_begun("installs", "on-track"), just_begun("referrals", "at-risk"),
        just_begun("latency", "no-data"),  # November had no values either: it showed nothing
        metric("uptime", status="no-data", actual=None, projected=None, stale=True, last_date=date(2026, 9, 1),
               previous_status="on-track"),  # late data at the last review: it showed no data
    ])
    now = partnership(metrics=[metric("installs", status="on-track"), metric("referrals", status="off-track"),
                               metric("latency", status="on-track"), metric("uptime", status="on-track")])
    assert status_changes(before, now) == [
        # on-track in November, on-track now: not a change (it was "moved from no-data to on-track")
        "Referrals moved from at-risk to off-track: 28 vs 40 target",
        "Latency moved from no-data to on-track: 28 vs 40 target",
        "Uptime moved from no-data to on-track: 28 vs 40 target",
    ]


def test_a_weekly_review_after_one_at_a_months_start_lists_only_real_moves(tmp_path: Path):
    """The QA's weekly meetings: a review on November 2nd (no November values yet, nothing late), the
    next on the 15th. Each metric is compared with what it showed on the 2nd: October's status."""
    root = make_project(tmp_path, csv=CSV.replace("2026-10-10", "2026-10-28"))
    note(root, "2026-11-02", "decisions: []\n")
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 0, run.stderr
    data = yaml.safe_load((root / NOTE_PATH).read_text(encoding="utf-8"))
    # October, whole: pipeline 52000 ≥ 50000, MQL → SQL 31/100 = 31% ≥ 30%, every other metric on target
    # (as in the test above). November 15th: pipeline off-track, MQL → SQL off-track, the rest on-track.
    assert data["changed"] == [
        "Influenced pipeline moved from on-track to off-track: $40,000 vs $50,000 target",
        "MQL → SQL moved from on-track to off-track: 22.0% vs 30.0% target",
    ]


def test_attendees_are_the_lead_and_both_sides_owners_of_the_outcomes(tmp_path: Path):
    """Not the lead alone: whoever owns an outcome, on either side, is expected at its review."""
    from review_helpers import SCORECARD, write

    root = make_project(tmp_path)
    # The second outcome gets its own owners; the lead (Dana Lee) also owns the first one.
    card = SCORECARD.replace("  - id: new_customers\n    name: New customers\n    owner: Dana Lee\n"
                             "    partner_owner: Tom Berg\n",
                             "  - id: new_customers\n    name: New customers\n    owner: Sam Ortiz\n"
                             "    partner_owner: Ana Ruiz\n")
    assert card != SCORECARD
    write(root / "scorecards" / "northwind.yaml", card)
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 0, run.stderr
    text = (root / NOTE_PATH).read_text(encoding="utf-8")
    assert yaml.safe_load(text)["attendees"] == ["Dana Lee", "Tom Berg", "Sam Ortiz", "Ana Ruiz"]
    # Said in a comment right above them: a list to prune, not a record of who came.
    before = text.split("attendees:", 1)[0].rstrip("\n").split("\n")[-1]
    assert before.startswith("# ") and "delete who was not there" in before
    assert lint_errors(root) == []


def test_a_metric_whose_formula_lint_rejects_is_a_formula_risk_not_missing_data(tmp_path: Path):
    from review_helpers import SCORECARD, write

    root = make_project(tmp_path)
    write(root / "scorecards" / "northwind.yaml", SCORECARD.replace("formula: sql / mql", "formula: sqls / mql"))
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", "2026-11-15", cwd=root)
    # The 'sql' rows are now a misspelt series (PS606) the report leaves out: named, exit 1, note written.
    assert run.code == 1, run.stderr
    assert "PS606 series 'sql' is used by no metric or formula" in run.stderr
    risks = yaml.safe_load((root / NOTE_PATH).read_text(encoding="utf-8"))["risks"]
    assert "MQL → SQL cannot be computed, its formula is wrong (PS607): Priya Shah to fix the formula" in risks
    assert not [r for r in risks if r.startswith("MQL → SQL has no data")]


@pytest.mark.parametrize("day", ["9999-12-17", "9999-12-30", "9999-12-31"])
def test_a_date_at_the_end_of_the_calendar_stops_due_dates_at_its_last_day(tmp_path: Path, day: str):
    # The suggested due date is the review's date + 14 days; past 9999-12-31 there is no date, so it is
    # that day (9999-12-17 + 14 = 9999-12-31 exactly; the two later dates are clamped to it).
    root = make_project(tmp_path)
    run = run_cli("review", "new", "scorecards/northwind.yaml", "--date", day, cwd=root)
    assert run.code == 0, run.stderr
    text = (root / "reviews" / "northwind" / f"{day}.yaml").read_text(encoding="utf-8")
    assert "#   due: 9999-12-31" in text
    # The note it wrote is then the last review: its next one (weekly or monthly) is due that day too.
    report = run_cli("report", "--format", "json", "--as-of", day, cwd=root)
    assert "internal error" not in report.stderr
    assert json.loads(report.stdout)["partnerships"][0]["next_review_due"] == "9999-12-31"


NOT_SCORECARDS = {
    "data/northwind.csv": "data/northwind.csv is a data CSV (metric values), not a scorecard; pass its "
                          "scorecard instead: partnerscore review new scorecards/northwind.yaml",
    "queries/northwind.sql": "queries/northwind.sql is a query file, not a scorecard; pass its scorecard instead",
    "programs/gold.yaml": "programs/gold.yaml is a program, not a scorecard (a review is about one "
                          "partnership); pass a scorecard that extends it",
    "reviews/northwind/2026-11-13.yaml": "reviews/northwind/2026-11-13.yaml is a decision note, not a "
                                         "scorecard; pass its scorecard instead: partnerscore review new "
                                         "scorecards/northwind.yaml",
    # Copies outside their folders are recognised by what they hold.
    "gold-copy.yaml": "gold-copy.yaml is a program (it has `program:`), not a scorecard",
    "note-copy.yaml": "note-copy.yaml is a decision note, not a scorecard",
    "other.yaml": "other.yaml is not a scorecard (it is outside scorecards/ and has no `partnership:`); "
                  "pass a scorecard instead, e.g. scorecards/<id>.yaml",
    "partnerscore.toml": "partnerscore.toml is not a scorecard (a scorecard is a .yaml file)",
}


@pytest.mark.parametrize("path", sorted(NOT_SCORECARDS))
def test_a_file_that_is_not_a_scorecard_is_a_usage_error_in_one_line(tmp_path: Path, path: str):
    root = make_project(tmp_path)
    program = "program: Gold\nextends: base\n"
    earlier = "decisions:\n  - what: Fix SLA\n    owner: Tom Berg\n    due: 2026-11-20\n"
    files = {"queries/northwind.sql": "select 1\n", "programs/gold.yaml": program, "gold-copy.yaml": program,
             "reviews/northwind/2026-11-13.yaml": earlier, "note-copy.yaml": earlier, "other.yaml": "a: 1\n"}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    run = run_cli("review", "new", path, "--date", "2026-11-15", cwd=root)
    assert run.code == 2
    assert NOT_SCORECARDS[path] in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr  # one line, no PS1xx findings
    assert "PS10" not in run.stderr
    assert not (root / NOTE_PATH).exists()


def test_a_scorecard_outside_the_scorecards_folder_is_still_a_scorecard(tmp_path: Path):
    root = make_project(tmp_path)
    (root / "elsewhere").mkdir()
    text = (root / "scorecards" / "northwind.yaml").read_text(encoding="utf-8")
    (root / "scorecards" / "northwind.yaml").unlink()
    (root / "elsewhere" / "northwind.yaml").write_text(text, encoding="utf-8")
    run = run_cli("review", "new", "elsewhere/northwind.yaml", "--date", "2026-11-15", cwd=root)
    assert run.code == 0, run.stderr
    assert (root / NOTE_PATH).is_file()
