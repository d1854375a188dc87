"""Every finding at once (SPEC.md, the end of the rule table): one invalid part of a file never hides the
findings in its other parts.

Each test puts errors of each kind in different parts of one file (found while parsing: a duplicate key;
by the model: a missing owner, an invalid value; by a rule: a count, a percent, a formula) and expects
all of them from one run, at their lines. Before lint checked each part on its own, the first kind hid
the others until it was fixed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import run_cli
from every_finding_helpers import CSV, DRIVERS, HEAD, HEALTH, OUTCOMES, RECENT_NOTE, scorecard
from lint_helpers import lint_files, relative_path

AS_OF = dt.date(2026, 11, 20)


def lint(root: Path, files: dict, as_of: dt.date = AS_OF, *, recent: bool = True) -> list[tuple[str, int, str, str]]:
    """(path, line, rule, severity) of every finding of a lint run over `files` (with the CSV and, if
    `recent`, a recent note), sorted."""
    files = {"data/acme.csv": CSV, **({"reviews/acme/2026-11-19.yaml": RECENT_NOTE} if recent else {}), **files}
    result = lint_files(root, files, as_of)
    return sorted((relative_path(root, d.path), d.line, d.rule, d.severity.value) for d in result.diagnostics)


def messages(root: Path, files: dict, rule: str) -> list[str]:
    files = {"data/acme.csv": CSV, "reviews/acme/2026-11-19.yaml": RECENT_NOTE, **files}
    return [d.message for d in lint_files(root, files, AS_OF).diagnostics if d.rule == rule]


def test_the_base_project_is_clean(tmp_path):
    assert lint(tmp_path, {"acme.yaml": scorecard()}) == []


# --- a scorecard ----------------------------------------------------------------------------------------

def test_a_scorecard_with_an_error_of_each_kind_in_different_metrics_reports_all_of_them(tmp_path):
    outcomes = [
        OUTCOMES[0].replace("owner: Dana,", "owner: Dana, owner: Dan,"),  # line 7: PS105, found while parsing
        OUTCOMES[1].replace("owner: Dana, ", ""),  # line 8: PS301, found by the model (no owner)
    ]
    drivers = [
        DRIVERS[0],
        DRIVERS[1].replace("target: 30%", "target: 30"),  # line 11: PS403, a rule (percent above one)
        DRIVERS[2].replace("drives: [revenue]", "drives: [revenu]"),  # line 12: PS506, a rule (not an outcome)
        DRIVERS[3].replace("target: 20", "direction: sideways, target: 20"),  # line 13: PS104, the model
    ]
    health = HEALTH[:2]  # line 14 `health:`: PS203, a rule over the layer (2 health metrics)
    # (and `response_days` in the CSV, line 11, is then used by no metric: PS606)
    # The scorecard's formula reads `sqls`, absent from the CSV: PS607 at line 11 too; `sql` is then unused.
    drivers[1] = drivers[1].replace("formula: sql / mql", "formula: sqls / mql")
    found = lint(tmp_path, {"acme.yaml": scorecard(outcomes, drivers, health)})
    assert found == [
        ("data/acme.csv", 6, "PS606", "error"),  # `sql` unused; did you mean `sqls`, which a formula needs
        ("data/acme.csv", 11, "PS606", "warning"),
        ("scorecards/acme.yaml", 7, "PS105", "error"),
        ("scorecards/acme.yaml", 8, "PS301", "error"),
        ("scorecards/acme.yaml", 11, "PS403", "warning"),
        ("scorecards/acme.yaml", 11, "PS607", "error"),
        ("scorecards/acme.yaml", 12, "PS506", "error"),
        ("scorecards/acme.yaml", 13, "PS104", "error"),
        ("scorecards/acme.yaml", 14, "PS203", "error"),
    ]


def test_a_metric_with_an_error_still_gets_its_own_findings_on_the_fields_that_can_be_read(tmp_path):
    # `referrals` has no owner (PS301) and neither partner_owner nor baseline: PS303 and PS401 at its line
    # all the same. `nps` has an unknown field (PS102), a placeholder owner (PS304) and a vanity name
    # (PS502). `joint_calls` has an invalid baseline (PS104): PS401 (no baseline) and PS402 read it, so
    # neither guesses; its missing partner_owner is still PS303.
    drivers = [DRIVERS[0].replace("owner: Priya, partner_owner: Tom, ", "").replace("baseline: 25, ", ""),
               *DRIVERS[1:3],
               DRIVERS[3].replace("partner_owner: Ann, ", "").replace("baseline: 10", "baseline: ten")]
    health = [HEALTH[0].replace("name: Partner NPS, owner: Lee,", "name: Press releases, owner: TBD, bogus: 1,"),
              *HEALTH[1:]]
    found = lint(tmp_path, {"acme.yaml": scorecard(drivers=drivers, health=health)})
    assert found == [
        ("scorecards/acme.yaml", 10, "PS301", "error"),
        ("scorecards/acme.yaml", 10, "PS303", "warning"),
        ("scorecards/acme.yaml", 10, "PS401", "warning"),
        ("scorecards/acme.yaml", 13, "PS104", "error"),
        ("scorecards/acme.yaml", 13, "PS303", "warning"),
        ("scorecards/acme.yaml", 15, "PS102", "error"),
        ("scorecards/acme.yaml", 15, "PS304", "warning"),
        ("scorecards/acme.yaml", 15, "PS502", "warning"),
    ]


def test_an_invalid_metric_is_still_counted_in_its_layer(tmp_path):
    # Five outcomes, one of them without an owner: PS201 (2-4 outcomes) counts it, as it is in the file.
    fifth = OUTCOMES[1].replace("id: pipeline", "id: margin").replace("owner: Dana, ", "")
    extra = [OUTCOMES[1].replace("id: pipeline", f"id: extra{i}") for i in range(2)]
    found = lint(tmp_path, {"acme.yaml": scorecard([*OUTCOMES, *extra, fifth])})
    assert ("scorecards/acme.yaml", 6, "PS201", "error") in found
    assert ("scorecards/acme.yaml", 11, "PS301", "error") in found  # the fifth outcome, line 7 + 4


def test_an_invalid_top_level_field_does_not_hide_the_metrics_findings(tmp_path):
    head = HEAD.replace("type: referral", "type: referal")  # line 3: PS104
    drivers = [DRIVERS[0], DRIVERS[1].replace("target: 30%", "target: 30"), *DRIVERS[2:]]  # line 11: PS403
    found = lint(tmp_path, {"acme.yaml": scorecard(drivers=drivers, head=head)})
    assert found == [("scorecards/acme.yaml", 3, "PS104", "error"),
                     ("scorecards/acme.yaml", 11, "PS403", "warning")]


def test_references_to_an_invalid_metric_are_not_reported_as_unknown(tmp_path):
    # `pipeline` lacks its owner: PS301. A driver still drives it (no PS506), it is still driven (no PS505
    # on it: it is not judged), a formula may read it (no PS607), a note may name it (no PS705), and its
    # rows in the CSV are its own (no PS606).
    outcomes = [OUTCOMES[0], OUTCOMES[1].replace("owner: Dana, ", "")]
    drivers = [DRIVERS[0], DRIVERS[1].replace("formula: sql / mql", "formula: pipeline / mql"), *DRIVERS[2:]]
    note = RECENT_NOTE + "experiments:\n  - {hypothesis: H, expected_impact: I, metric: pipeline}\n"
    found = lint(tmp_path, {"acme.yaml": scorecard(outcomes, drivers),
                            "reviews/acme/2026-11-19.yaml": note})
    # `sql` is no longer read by any formula (an error: did you mean `mql`, which one reads).
    assert found == [("data/acme.csv", 6, "PS606", "error"),
                     ("scorecards/acme.yaml", 8, "PS301", "error")]


def test_an_invalid_driver_still_drives_its_outcomes(tmp_path):
    # The only driver of `pipeline` besides `referrals` is invalid; with `referrals` driving `revenue`
    # alone, `pipeline` is driven only by the invalid one: not reported as undriven (PS505).
    drivers = [DRIVERS[0].replace("drives: [revenue, pipeline]", "drives: [revenue]"),
               DRIVERS[1].replace("owner: Priya, ", ""), *DRIVERS[2:]]
    found = lint(tmp_path, {"acme.yaml": scorecard(drivers=drivers)})
    assert found == [("scorecards/acme.yaml", 11, "PS301", "error")]


def test_without_a_readable_id_rules_about_unknown_names_do_not_guess(tmp_path):
    # `pipeline`'s id is misspelt as a key: PS102 and PS103. A driver naming `pipeline` may name it, and
    # so may a note: no PS506, no PS705 (a name that cannot be checked is not known to be wrong, and the
    # scorecard's own errors fail the run). The rules of the valid metrics still run: the percent target
    # written 30 is PS403.
    outcomes = [OUTCOMES[0], OUTCOMES[1].replace("{id: pipeline", "{idd: pipeline")]
    drivers = [DRIVERS[0], DRIVERS[1].replace("target: 30%", "target: 30"), *DRIVERS[2:]]
    note = RECENT_NOTE + "experiments:\n  - {hypothesis: H, expected_impact: I, metric: pipeline}\n"
    files = {"acme.yaml": scorecard(outcomes, drivers), "reviews/acme/2026-11-19.yaml": note}
    assert lint(tmp_path, files) == [
        ("scorecards/acme.yaml", 8, "PS102", "error"),
        ("scorecards/acme.yaml", 8, "PS103", "error"),
        ("scorecards/acme.yaml", 11, "PS403", "warning"),
    ]
    # The note linted on its own (pre-commit's changed files): the scorecard's errors are not in the run,
    # so PS705 says, as the error SPEC.md pins, that the name could not be checked and why.
    [finding] = [d for d in lint_alone(tmp_path, "reviews/acme/2026-11-19.yaml") if d.rule == "PS705"]
    assert (finding.line, finding.severity.value) == (4, "error")
    assert finding.message.replace(f"{tmp_path}/", "") == (
        "metric 'pipeline' could not be checked: scorecards/acme.yaml has a metric whose id or formula is missing "
        "or invalid; lint scorecards/acme.yaml and fix it")


def lint_alone(root: Path, note: str) -> list:
    """The diagnostics of linting one note of the project in `root` on its own, as pre-commit does."""
    from partnerscore.io.paths import discover
    from partnerscore.io.settings import Settings
    from partnerscore.lint.engine import run_lint

    settings = Settings(root=root)
    return run_lint(discover([root / note], settings), settings, AS_OF).diagnostics


def test_an_invalid_metric_with_a_bad_category_does_not_make_the_others_unbalanced(tmp_path):
    # Categories: only `financial` and `performance` are valid; `relationship` is misspelt. PS501 (fewer
    # than 3) would be a guess while one category cannot be read: not reported; PS104 is.
    outcomes = OUTCOMES
    drivers = [d.replace("productivity", "performance") for d in DRIVERS]
    health = [HEALTH[0].replace("relationship", "relationshp"),
              *(h.replace("customer", "financial").replace("operational", "financial") for h in HEALTH[1:])]
    found = lint(tmp_path, {"acme.yaml": scorecard(outcomes, drivers, health)})
    assert found == [("scorecards/acme.yaml", 15, "PS104", "error")]
    # Fixed to a category already used, PS501 is reported: 2 categories.
    health[0] = HEALTH[0].replace("relationship", "financial")
    assert lint(tmp_path, {"acme.yaml": scorecard(outcomes, drivers, health)}) == [
        ("scorecards/acme.yaml", 1, "PS501", "warning")]


# --- decision notes -------------------------------------------------------------------------------------

NOTE = """\
changed: [Referrals up]
decisions:
  - what: Move two webinars to EMEA
    owner: Dana Lee
    due: 2026-11-10
  - what: Hire an SE
    owner: Dana Lee
  - what: Fix the SLA
    owner: Dana Lee
    owner: Sam
    due: 2026-12-27
experiments:
  - hypothesis: A partner-led demo lifts MQL to SQL
    expected_impact: MQL to SQL from 22% to 30%
    metric: mql_to_sqll
"""


def test_a_note_with_an_error_of_each_kind_in_different_decisions_reports_all_of_them(tmp_path):
    # A decision without a due date (line 6, PS701: the model) no longer hides the overdue decision
    # (line 5, PS704: a rule), the duplicate key (line 10, PS105: the parser) or the unknown metric
    # (line 15, PS705: a rule) elsewhere in the same note.
    found = lint(tmp_path, {"acme.yaml": scorecard(), "reviews/acme/2026-11-19.yaml": NOTE})
    assert found == [
        ("reviews/acme/2026-11-19.yaml", 5, "PS704", "warning"),
        ("reviews/acme/2026-11-19.yaml", 6, "PS701", "error"),
        ("reviews/acme/2026-11-19.yaml", 10, "PS105", "error"),
        ("reviews/acme/2026-11-19.yaml", 15, "PS705", "error"),
    ]


def test_an_invalid_experiment_does_not_hide_the_others(tmp_path):
    note = RECENT_NOTE + ("experiments:\n"
                          "  - {hypothesis: H1, metric: mql_to_sql}\n"  # line 4: PS702 (no expected_impact)
                          "  - {hypothesis: H2, expected_impact: I2, metric: nsp}\n")  # line 5: PS705
    found = lint(tmp_path, {"acme.yaml": scorecard(), "reviews/acme/2026-11-19.yaml": note})
    assert found == [("reviews/acme/2026-11-19.yaml", 4, "PS702", "error"),
                     ("reviews/acme/2026-11-19.yaml", 5, "PS705", "error")]


def test_a_note_whose_decisions_are_all_invalid_still_records_decisions(tmp_path):
    # PS703 (no decisions) would be false: the note has one, without its owner (PS701).
    note = "decisions:\n  - {what: Keep course, due: 2026-12-04}\n"
    found = lint(tmp_path, {"acme.yaml": scorecard(), "reviews/acme/2026-11-19.yaml": note})
    assert found == [("reviews/acme/2026-11-19.yaml", 2, "PS701", "error")]


def test_a_later_mention_that_cannot_be_read_may_close_a_decision(tmp_path):
    # 11-06 decided to move the webinars by 11-10; 11-19 lists it as done but without its owner (PS701).
    # Until that is fixed, lint cannot tell whether it is closed: the 11-06 decision is not reported
    # overdue (PS704), which would be false once the later mention is fixed.
    first = "decisions:\n  - {what: Move two webinars to EMEA, owner: Dana Lee, due: 2026-11-10}\n"
    later = ("decisions:\n  - {what: Move two webinars to EMEA., due: 2026-11-10, status: done}\n"
             "  - {what: Keep course, owner: Dana Lee, due: 2026-12-04}\n")
    files = {"acme.yaml": scorecard(), "reviews/acme/2026-11-06.yaml": first, "reviews/acme/2026-11-19.yaml": later}
    assert lint(tmp_path, files) == [("reviews/acme/2026-11-19.yaml", 2, "PS701", "error")]
    # An earlier mention that cannot be read settles nothing: the later, valid one is judged.
    first = "decisions:\n  - {what: Move two webinars to EMEA, due: 2026-11-10}\n"
    later = "decisions:\n  - {what: Move two webinars to EMEA, owner: Dana Lee, due: 2026-11-12}\n"
    files.update({"reviews/acme/2026-11-06.yaml": first, "reviews/acme/2026-11-19.yaml": later})
    assert lint(tmp_path, files) == [("reviews/acme/2026-11-06.yaml", 2, "PS701", "error"),
                                     ("reviews/acme/2026-11-19.yaml", 2, "PS704", "warning")]


# --- notes of an invalid scorecard ----------------------------------------------------------------------

def test_the_notes_of_an_invalid_scorecard_still_get_ps701_to_ps704(tmp_path):
    # The scorecard has a metric without an owner; its notes are checked all the same, PS705 included
    # (every metric id can be read).
    outcomes = [OUTCOMES[0], OUTCOMES[1].replace("owner: Dana, ", "")]
    empty = "changed: [Nothing]\ndecisions: []\n"
    files = {"acme.yaml": scorecard(outcomes), "reviews/acme/2026-11-19.yaml": NOTE,
             "reviews/acme/2026-11-12.yaml": empty}
    assert lint(tmp_path, files) == [
        ("reviews/acme/2026-11-12.yaml", 2, "PS703", "warning"),
        ("reviews/acme/2026-11-19.yaml", 5, "PS704", "warning"),
        ("reviews/acme/2026-11-19.yaml", 6, "PS701", "error"),
        ("reviews/acme/2026-11-19.yaml", 10, "PS105", "error"),
        ("reviews/acme/2026-11-19.yaml", 15, "PS705", "error"),
        ("scorecards/acme.yaml", 8, "PS301", "error"),
    ]


def test_the_notes_of_an_unreadable_scorecard_are_checked_and_ps705_says_what_it_skipped(tmp_path):
    broken = "partnership: Acme\n  goal: [unclosed\n"  # PS100: not YAML at all, nothing can be read of it
    experiments = ("experiments:\n  - {hypothesis: H1, expected_impact: I1, metric: nps}\n"
                   "  - {hypothesis: H2, expected_impact: I2, metric: mql}\n")
    files = {"acme.yaml": broken, "reviews/acme/2026-11-19.yaml": NOTE,
             "reviews/acme/2026-11-12.yaml": "decisions: []\n" + experiments}
    # The metric names cannot be checked: no PS705, the scorecard's PS100 fails the run and says what to fix.
    assert lint(tmp_path, files) == [
        ("reviews/acme/2026-11-12.yaml", 1, "PS703", "warning"),
        ("reviews/acme/2026-11-19.yaml", 5, "PS704", "warning"),
        ("reviews/acme/2026-11-19.yaml", 6, "PS701", "error"),
        ("reviews/acme/2026-11-19.yaml", 10, "PS105", "error"),
        ("scorecards/acme.yaml", 2, "PS100", "error"),
    ]
    # A note linted on its own: PS705 once per note, at its first name, an error, naming the scorecard's error.
    alone = lint_alone(tmp_path, "reviews/acme/2026-11-12.yaml")
    ps705 = [(d.line, d.severity.value, d.message.replace(f"{tmp_path}/", "")) for d in alone if d.rule == "PS705"]
    assert ps705 == [(3, "error", "metric 'nps' (and 1 other name in this note) could not be checked: "
                                  "scorecards/acme.yaml cannot be read (PS100 at line 2); lint "
                                  "scorecards/acme.yaml and fix it")]


def test_a_note_named_on_its_own_is_checked_against_an_invalid_scorecard(tmp_path):
    # pre-commit passes only the changed note: its scorecard is found by the folder, invalid or not.
    outcomes = [OUTCOMES[0], OUTCOMES[1].replace("owner: Dana, ", "")]
    lint_files(tmp_path, {"acme.yaml": scorecard(outcomes), "data/acme.csv": CSV,
                          "reviews/acme/2026-11-19.yaml": NOTE}, AS_OF)
    from partnerscore.io.paths import discover
    from partnerscore.io.settings import Settings
    from partnerscore.lint.engine import run_lint

    settings = Settings(root=tmp_path)
    result = run_lint(discover([tmp_path / "reviews/acme/2026-11-19.yaml"], settings), settings, AS_OF)
    assert sorted((Path(d.path).name, d.line, d.rule) for d in result.diagnostics) == [
        ("2026-11-19.yaml", 5, "PS704"), ("2026-11-19.yaml", 6, "PS701"), ("2026-11-19.yaml", 10, "PS105"),
        ("2026-11-19.yaml", 15, "PS705")]


def test_ps706_needs_the_type_and_is_skipped_without_it_but_the_notes_are_checked(tmp_path, tmp_path_factory):
    # No review since May: PS706 fires on a valid scorecard (outcomes reviewed monthly, at `outcomes:`)...
    old = "decisions:\n  - {what: Keep course, owner: Dana Lee, due: 2026-06-01}\n"
    files = {"acme.yaml": scorecard(), "reviews/acme/2026-05-04.yaml": old}
    assert lint(tmp_path, files, recent=False) == [("reviews/acme/2026-05-04.yaml", 2, "PS704", "warning"),
                                                   ("scorecards/acme.yaml", 6, "PS706", "warning")]
    # ... but with an invalid type the cadence is unknown: PS706 is not guessed; the note is still checked.
    files["acme.yaml"] = scorecard(head=HEAD.replace("type: referral", "type: 5"))
    assert lint(tmp_path_factory.mktemp("typo"), files, recent=False) == [
        ("reviews/acme/2026-05-04.yaml", 2, "PS704", "warning"),
        ("scorecards/acme.yaml", 3, "PS104", "error")]


def test_a_scorecard_without_a_valid_id_is_not_given_another_scorecards_notes(tmp_path):
    # scorecards/acme.yaml has an invalid id; scorecards/other.yaml says `id: acme`: reviews/acme/ is
    # other.yaml's. Its old note would make PS706 fire on acme.yaml if the file name were taken as the id.
    head = HEAD + "id: Acme Corp\n"
    old = "decisions:\n  - {what: Keep course, owner: Dana Lee, due: 2026-12-04}\n"
    files = {"acme.yaml": scorecard(head=head), "other.yaml": scorecard(head=HEAD + "id: acme\n"),
             "reviews/acme/2026-05-04.yaml": old}
    assert lint(tmp_path, files, recent=False) == [("scorecards/acme.yaml", 6, "PS104", "error"),
                                                   ("scorecards/other.yaml", 7, "PS706", "warning")]


def test_an_invalid_decision_or_experiment_still_has_its_metric_checked(tmp_path):
    # Before: the decision without a due date (PS701) and the experiment without an expected impact (PS702)
    # hid their own misspelt `metric:` (PS705) until they were fixed. Run through the real CLI.
    note = ("decisions:\n"
            "  - what: Hire an SE\n"         # line 2: PS701, no due date
            "    owner: Dana Lee\n"
            "    metric: referals\n"         # line 4: PS705, did you mean 'referrals'?
            "  - {what: Keep course, owner: Dana Lee, due: 2026-12-04, metric: referrals}\n"  # fine
            "experiments:\n"
            "  - {hypothesis: H1, metric: nsp}\n")  # line 7: PS702 (no expected_impact) and PS705
    files = {"scorecards/acme.yaml": scorecard(), "data/acme.csv": CSV, "reviews/acme/2026-11-19.yaml": note}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    run = run_cli("lint", "--as-of", AS_OF.isoformat(), "reviews", cwd=tmp_path)
    assert run.code == 1, run.stderr
    found = [line.split(" ", 2)[:2] for line in run.stdout.splitlines() if line.startswith("reviews/")]
    assert found == [["reviews/acme/2026-11-19.yaml:2:5:", "PS701"],
                     ["reviews/acme/2026-11-19.yaml:4:13:", "PS705"],
                     ["reviews/acme/2026-11-19.yaml:7:5:", "PS702"],
                     ["reviews/acme/2026-11-19.yaml:7:30:", "PS705"]], run.stdout
    assert "decision names metric 'referals', which scorecard 'acme' does not have; did you mean 'referrals'?" \
        in run.stdout
    assert "experiment names metric 'nsp'" in run.stdout


def test_a_note_of_a_scorecard_whose_program_chain_is_broken(tmp_path):
    # Two programs that extend each other: the scorecard cannot be merged, so its metrics cannot be read.
    # The QA report: PS705 came as a *warning* saying the scorecard "cannot be read", though it reads fine.
    from program_helpers import BASE

    files = {"programs/base.yaml": "extends: gold\n" + BASE,
             "programs/gold.yaml": "program: Gold tier\nextends: base\n",
             "acme.yaml": "extends: gold\npartnership: Acme referrals\npartner: Acme Inc\n",
             "reviews/acme/2026-11-19.yaml": RECENT_NOTE + "experiments:\n  - {hypothesis: H, expected_impact: I, "
                                             "metric: referrals}\n"}
    # The whole project: the cycle is reported (and fails the run); no PS705 about a name nobody can check.
    found = lint(tmp_path, files)
    assert [rule for _, _, rule, _ in found if rule == "PS705"] == []
    assert any(path.startswith("programs/") and severity == "error" for path, _, _, severity in found)
    # The note on its own: PS705, an error, saying it is the program that has errors.
    [finding] = [d for d in lint_alone(tmp_path, "reviews/acme/2026-11-19.yaml") if d.rule == "PS705"]
    assert (finding.line, finding.severity.value) == (4, "error")
    assert finding.message.replace(f"{tmp_path}/", "") == (
        "metric 'referrals' could not be checked: scorecards/acme.yaml extends program 'gold', which has errors "
        "(in it or a program it extends); lint scorecards/acme.yaml and fix it")
