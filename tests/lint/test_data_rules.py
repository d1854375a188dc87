"""The PS6xx rules, through the lint engine and through the real CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import run_cli
from partnerscore.io.paths import discover
from partnerscore.io.settings import Settings
from partnerscore.lint.engine import run_lint

AS_OF = date(2026, 11, 15)
METRICS = {  # layer: [(id, extra lines)]
    "outcomes": [("pipeline", "unit: USD\n    category: financial\n    validated_by: RevOps"),
                 ("revenue", "unit: USD\n    category: financial\n    validated_by: Finance")],
    "drivers": [("referrals", "category: performance\n    drives: [pipeline]"),
                ("mql_to_sql", "unit: percent\n    category: performance\n    formula: {formula}\n"
                               "    drives: [pipeline]"),
                ("webinars", "category: customer\n    drives: [revenue]"),
                ("deal_days", "unit: days\n    direction: down\n    category: operational\n    drives: [revenue]")],
    "health": [("nps", "unit: score\n    category: relationship"), ("meetings", "category: relationship"),
               ("plan", "unit: percent\n    category: expansion")],
}
TARGETS = {"mql_to_sql": ("    target: 30%", "    baseline: 20%"), "plan": ("    target: 80%", "    baseline: 50%"),
           "deal_days": ("    target: 3", "    baseline: 5")}  # percent as fractions; down means lower is better
GOOD_ROWS = "date,metric,value\n" + "".join(
    f"2026-11-02,{series},{value}\n" for series, value in
    [("pipeline", 1000), ("revenue", 500), ("referrals", 30), ("mql", 40), ("sql", 10), ("webinars", 1),
     ("deal_days", 4), ("nps", 8), ("meetings", 1), ("plan", "50%")])


def scorecard_yaml(pid: str, *, formula: str = "sql / mql", data: str | None = None) -> str:
    """A minimal valid scorecard: 2 outcomes, 4 drivers, 3 health metrics, owners on both sides."""
    lines = [f"partnership: {pid.title()} referrals", f"id: {pid}", "goal: Grow revenue through referrals.",
             "type: referral", "lead: Dana Lee", "partner: Partner Co"]
    if data:
        lines.append(f"data: {data}")
    for layer, metrics in METRICS.items():
        lines.append(f"{layer}:")
        for mid, extra in metrics:
            lines += [f"  - id: {mid}", f"    name: {mid.title()}", "    owner: Dana Lee",
                      "    partner_owner: Tom Berg", *TARGETS.get(mid, ("    target: 10", "    baseline: 5")),
                      "    " + extra.format(formula=formula)]
    return "\n".join(lines) + "\n"


def where(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first `needle` in `text`."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.fixture
def proj(project, monkeypatch):
    monkeypatch.chdir(project)
    return project


def write(proj: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (proj / name).parent.mkdir(parents=True, exist_ok=True)
        (proj / name).write_text(text, encoding="utf-8")


def lint(proj: Path, *paths: str, as_of: date = AS_OF) -> list[tuple]:
    """PS6xx diagnostics as (rule, severity, path, line, column, message)."""
    settings = Settings(root=proj)
    result = run_lint(discover([Path(p) for p in paths], settings), settings, as_of)
    return [(d.rule, d.severity.value, d.path, d.line, d.column, d.message)
            for d in result.diagnostics if d.rule.startswith("PS6")]


def codes(found) -> list[tuple]:
    return [item[:5] for item in found]


def test_a_complete_project_has_no_data_findings(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"), "data/acme.csv": GOOD_ROWS})
    assert lint(proj) == []


def test_ps601_missing_default_data_file_is_reported_on_line_1(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme")})
    [found] = lint(proj)
    assert found[:5] == ("PS601", "warning", "scorecards/acme.yaml", 1, 1)
    assert "data/acme.csv does not exist" in found[5]


def test_ps601_points_at_the_data_key_when_there_is_one(proj):
    text = scorecard_yaml("acme", data="../data/elsewhere.csv")
    write(proj, {"scorecards/acme.yaml": text, "data/acme.csv": GOOD_ROWS})
    [found] = lint(proj)
    assert found[:5] == ("PS601", "warning", "scorecards/acme.yaml", *where(text, "../data/elsewhere.csv"))
    assert "data/elsewhere.csv does not exist" in found[5]


def test_ps601_data_that_names_a_folder_is_reported_at_the_data_key(proj):
    # Before: "PS100 is a directory, not a file" on the path ".", which no editor or annotation can show.
    text = scorecard_yaml("acme", data="../data")
    write(proj, {"scorecards/acme.yaml": text, "data/acme.csv": GOOD_ROWS})
    [found] = lint(proj, "scorecards")
    assert found[:5] == ("PS601", "warning", "scorecards/acme.yaml", *where(text, "../data"))
    assert "data file data is a folder, not a CSV" in found[5]


def test_ps602_ps603_ps604_come_from_the_csv_with_its_lines(proj):
    rows = GOOD_ROWS + "2026/11/05,mql,4\n2026-11-06,mql,abc\n2026-11-07,mql,4,extra\n"
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"), "data/acme.csv": rows})
    # Header + 10 good rows: the bad ones are lines 12, 13 and 14; "2026-11-06,mql," is 15 characters.
    assert codes(lint(proj)) == [("PS603", "error", "data/acme.csv", 12, 1),
                                 ("PS604", "error", "data/acme.csv", 13, 16),
                                 ("PS602", "error", "data/acme.csv", 14, 1)]


def test_ps605_duplicate_row_names_the_first_line(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"),
                 "data/acme.csv": GOOD_ROWS + "2026-11-03,mql,4\n2026-11-02,mql,41\n"})
    [found] = lint(proj)
    assert found[:5] == ("PS605", "error", "data/acme.csv", 13, 1)
    assert "on line 5" in found[5]  # mql on 2026-11-02 is the 4th good row: line 5


def test_ps605_same_day_is_fine_for_other_series_or_partnerships(proj):
    shared = "partnership,date,metric,value\nacme,2026-11-02,mql,4\nbeta,2026-11-02,mql,5\nacme,2026-11-02,sql,1\n"
    write(proj, {"data/shared.csv": shared})
    assert lint(proj, "data/shared.csv") == []


def test_ps605_wide_form_reports_a_repeated_date_once_per_line(proj):
    write(proj, {"data/wide.csv": "date,mql,sql\n2026-11-02,4,1\n2026-11-02,5,2\n"})
    assert codes(lint(proj, "data/wide.csv")) == [("PS605", "error", "data/wide.csv", 3, 1)]


def test_ps606_unused_series_with_a_did_you_mean_hint(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"),
                 "data/acme.csv": GOOD_ROWS + "2026-11-03,referals,3\n"})
    [found] = lint(proj)
    # An error: the hint names a metric of the scorecard, so the typo loses the report a value.
    assert found[:5] == ("PS606", "error", "data/acme.csv", 12, 12)  # after "2026-11-03,"
    assert "did you mean 'referrals'?" in found[5]


def test_ps606_without_a_close_series_stays_a_warning(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"),
                 "data/acme.csv": GOOD_ROWS + "2026-11-03,partner_mood,3\n"})
    [found] = lint(proj)
    assert found[:5] == ("PS606", "warning", "data/acme.csv", 12, 12)
    assert "did you mean" not in found[5]
    assert run_cli("lint", "--as-of", "2026-11-15", cwd=proj).code == 0


def test_ps606_hint_ignores_letter_case(proj):
    # 'NPS' vs 'nps': difflib alone scores a case difference as no match at all, so there was no hint.
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"),
                 "data/acme.csv": GOOD_ROWS + "2026-11-03,NPS,3\n"})
    [found] = lint(proj)
    assert found[:5] == ("PS606", "error", "data/acme.csv", 12, 12)
    assert "did you mean 'nps'?" in found[5]


def test_ps606_formula_inputs_and_other_partnerships_rows_are_used(proj):
    shared = GOOD_ROWS.replace("date,", "partnership,date,", 1).replace("\n2026", "\nacme,2026")
    shared += "beta,2026-11-02,something_else,3\n"
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme", data="../data/shared.csv"),
                 "data/shared.csv": shared})
    # mql and sql feed the formula, and beta's series are not acme's business; but no scorecard reads
    # beta's rows, so no report shows them: that alone is said (a warning: 'beta' is near no id).
    [found] = lint(proj)
    assert found[:3] == ("PS606", "warning", "data/shared.csv")
    assert found[5].startswith("1 value for partnership 'beta', which no scorecard reading this file has")


def test_ps607_formula_that_does_not_parse_is_reported_on_the_scorecard(proj):
    text = scorecard_yaml("acme", formula="sql / mql)")
    write(proj, {"scorecards/acme.yaml": text, "data/acme.csv": GOOD_ROWS})
    [found] = lint(proj)
    assert found[:5] == ("PS607", "error", "scorecards/acme.yaml", *where(text, "sql / mql)"))
    assert "does not parse" in found[5]


def test_ps607_unknown_series_with_a_hint(proj):
    text = scorecard_yaml("acme", formula="sqls / mql")
    write(proj, {"scorecards/acme.yaml": text, "data/acme.csv": GOOD_ROWS})
    found = lint(proj)
    # sql, now unused (line 6), is an error: it is one letter from 'sqls', which the formula needs.
    assert codes(found) == [("PS606", "error", "data/acme.csv", 6, 12),
                            ("PS607", "error", "scorecards/acme.yaml", *where(text, "sqls / mql"))]
    assert "uses 'sqls'" in found[1][5] and "did you mean 'sql'?" in found[1][5]


def test_ps607_formula_that_depends_on_itself(proj):
    # mql_to_sql -> plan -> mql_to_sql: neither has a series of its own, so status can never compute
    # them (it stops at the loop with no value); lint must say so instead of passing the scorecard.
    text = scorecard_yaml("acme", formula="sql / plan").replace(
        "    unit: percent\n    category: expansion", "    unit: percent\n    category: expansion\n"
        "    formula: mql_to_sql * 2")
    write(proj, {"scorecards/acme.yaml": text,
                 "data/acme.csv": GOOD_ROWS.replace("2026-11-02,plan,50%\n", "").replace("2026-11-02,mql,40\n", "")})
    found = lint(proj)
    assert codes(found) == [("PS607", "error", "scorecards/acme.yaml", *where(text, "sql / plan")),
                            ("PS607", "error", "scorecards/acme.yaml", *where(text, "mql_to_sql * 2"))]
    assert "depends on itself (mql_to_sql → plan → mql_to_sql)" in found[0][5]
    assert "depends on itself (plan → mql_to_sql → plan)" in found[1][5]


def test_ps607_a_formula_naming_a_metric_with_its_own_series_is_no_loop(proj):
    # plan has rows in the CSV, so status reads them rather than plan's formula: no loop.
    text = scorecard_yaml("acme", formula="sql / plan").replace(
        "    unit: percent\n    category: expansion", "    unit: percent\n    category: expansion\n"
        "    formula: mql_to_sql * 2")
    write(proj, {"scorecards/acme.yaml": text, "data/acme.csv": GOOD_ROWS.replace("2026-11-02,mql,40\n", "")})
    assert lint(proj) == []


def test_ps608_rows_after_as_of(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"), "data/acme.csv": GOOD_ROWS + "2026-12-01,mql,4\n"})
    [found] = lint(proj)
    assert found[:5] == ("PS608", "warning", "data/acme.csv", 12, 1)
    assert lint(proj, as_of=date(2026, 12, 1)) == []  # on the day itself it is not in the future


def test_ps609_metric_without_values_is_reported_at_the_metric(proj):
    text = scorecard_yaml("acme")
    write(proj, {"scorecards/acme.yaml": text,
                 "data/acme.csv": GOOD_ROWS.replace("2026-11-02,nps,8", "2026-11-02,nps,")})
    [found] = lint(proj)
    assert found[:5] == ("PS609", "warning", "scorecards/acme.yaml", *where(text, "id: nps"))


def test_ps609_in_a_shared_csv_without_rows_for_this_partnership(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme", data="../data/shared.csv"),
                 "data/shared.csv": "partnership,date,metric,value\nbeta,2026-11-02,mql,3\n"})
    found = lint(proj, "scorecards/acme.yaml")
    ps609 = [f for f in found if f[0] == "PS609"]
    assert len(ps609) == 8  # 2 + 4 + 3 metrics, less the formula one
    assert "no rows with partnership 'acme'" in ps609[0][5]
    # acme is every scorecard there is, so beta's row is known to be no one's (a warning: beta is no typo).
    assert [(f[0], f[1]) for f in found if f[0] != "PS609"] == [("PS606", "warning")]


def test_a_shared_csv_is_checked_once_for_many_scorecards(proj):
    shared = "partnership,date,metric,value\nacme,2026-11-02,mql,3\nacme,2026-11-02,mql,4\n"
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme", data="../data/shared.csv"),
                 "scorecards/beta.yaml": scorecard_yaml("beta", data="../data/shared.csv"),
                 "data/shared.csv": shared})
    found = [f for f in lint(proj) if f[0] == "PS605"]
    assert codes(found) == [("PS605", "error", "data/shared.csv", 3, 6)]  # the date cell, after "acme,"


def test_a_named_csv_is_checked_against_the_scorecard_that_reads_it(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"),
                 "data/acme.csv": "date,metric,value\n2026-11-02,mqll,4\n"})
    # Only findings in the CSV: the scorecard was not named, so its PS609s are not reported.
    assert codes(lint(proj, "data/acme.csv")) == [("PS606", "error", "data/acme.csv", 2, 12)]
    both = lint(proj, "data/acme.csv", "scorecards/acme.yaml")
    assert len([f for f in both if f[0] == "PS606"]) == 1 and any(f[0] == "PS609" for f in both)


def test_a_csv_no_scorecard_reads_still_gets_its_syntax_checked(proj):
    write(proj, {"data/orphan.csv": "date,metric,value\n2026-11-02,mql,x\n2027-01-01,mql,4\n"})
    assert codes(lint(proj, "data/orphan.csv")) == [("PS604", "error", "data/orphan.csv", 2, 16),
                                                    ("PS608", "warning", "data/orphan.csv", 3, 1)]


def test_cli_exit_codes_and_text_output(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"),
                 "data/acme.csv": GOOD_ROWS + "2026-11-31,mql,4\n"})
    run = run_cli("lint", "--as-of", "2026-11-15", cwd=proj)
    assert run.code == 1 and "data/acme.csv:12:1: PS603" in run.stdout
    (proj / "data/acme.csv").write_text(GOOD_ROWS + "2026-12-01,mql,4\n", encoding="utf-8")
    assert run_cli("lint", "--as-of", "2026-11-15", cwd=proj).code == 0  # a warning only
    assert run_cli("lint", "--as-of", "2026-11-15", "--strict", "--ignore", "PS706", cwd=proj).code == 1
    # PS706 (no decision notes yet) is not this test's business.
    quiet = run_cli("lint", "--as-of", "2026-11-15", "--strict", "--ignore", "PS608,PS706", "-f", "json", cwd=proj)
    assert quiet.code == 0 and json.loads(quiet.stdout)["diagnostics"] == []


def test_cli_utf16_csv_is_a_clear_error(proj):
    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme")})
    (proj / "data/acme.csv").write_bytes(GOOD_ROWS.encode("utf-16"))
    run = run_cli("lint", "data/acme.csv", "-f", "json", cwd=proj)
    [diag] = json.loads(run.stdout)["diagnostics"]
    assert run.code == 1 and diag["rule"] == "PS100" and diag["path"] == "data/acme.csv"
    assert "save it as UTF-8" in diag["message"] and "Traceback" not in run.stderr


def test_lint_with_csvs_does_not_import_pandas(proj):
    import subprocess
    import sys

    write(proj, {"scorecards/acme.yaml": scorecard_yaml("acme"), "data/acme.csv": GOOD_ROWS})
    code = ("import sys\nfrom partnerscore.cli import main\ntry:\n    main(['lint', '--as-of', '2026-11-15'])\n"
            "except SystemExit as exit:\n    print('exit', exit.code)\nprint('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=proj, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-2:] == ["exit 0", "False"]
