"""SPEC.md: the report never hides bad data. Every row or file it could not use is named on stderr
(`path:line:col: CODE message`), listed in the JSON's top-level `problems` (lint's diagnostic shape), counted
under its partnership in table, Markdown and HTML, and the exit code is 1.

Each case appends to (or replaces) the fixture's data/northwind.csv, which has 28 lines (header = line 1), so
an appended row is on line 29. Run through the real CLI, as of 2026-11-15.
"""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from partnerscore.data.cells import parse_day
from partnerscore.report.result import LeftOut

AS_OF = "2026-11-15"
NORTHWIND = "data/northwind.csv"


def _report(root, *extra: str):
    run = run_cli("report", "--format", "json", "--as-of", AS_OF, *extra, cwd=root)
    assert "Traceback" not in run.stderr
    return run, json.loads(run.stdout)


def _append(root, text: str) -> None:
    with (root / NORTHWIND).open("a", encoding="utf-8") as handle:
        handle.write(text)


def _metric(report: dict, partnership: str, metric: str) -> dict:
    page = next(p for p in report["partnerships"] if p["id"] == partnership)
    return next(m for m in page["metrics"] if m["id"] == metric)


# (row appended, rule, column, words of the message)
BAD_ROWS = [
    ("2026-13-02,referrals,4\n", "PS603", 1, "date '2026-13-02' is not a day of the calendar"),
    ("11/05/2026,referrals,4\n", "PS603", 1, "write YYYY-MM-DD: 2026-11-05 if it is month/day/year (US style), "
                                             "2026-05-11 if day/month/year"),
    ("2026-11-12,referrals,12k\n", "PS604", 22, "value '12k' is not a number"),
    ("2026-11-12,referrals,$1,200\n", "PS602", 1, "row has 4 fields but the header has 3"),
    ("2026-11-12,,4\n", "PS602", 12, "metric is empty"),
]


@pytest.mark.parametrize("row, rule, column, words", BAD_ROWS,
                         ids=[case[1] + ":" + case[0].strip() for case in BAD_ROWS])
def test_a_bad_row_is_named_listed_counted_and_exits_1(report_copy, row, rule, column, words):
    clean, before = _report(report_copy)
    assert clean.code == 0 and before["problems"] == []
    _append(report_copy, row)

    run, report = _report(report_copy)
    assert run.code == 1
    (problem,) = report["problems"]
    assert problem == {"path": NORTHWIND, "line": 29, "column": column, "rule": rule, "severity": "error",
                       "message": problem["message"]}
    assert words in problem["message"]
    assert f"{NORTHWIND}:29:{column}: {rule} " in run.stderr
    # Counted under its partnership, in words a person reads.
    assert "partnerscore: northwind: 1 row of data/northwind.csv left out: 1 " in run.stderr
    # The row is left out, not guessed at: November's referrals are still 8 + 6.
    referrals = _metric(report, "northwind", "referrals")["actual"]
    assert referrals == 14.0 == _metric(before, "northwind", "referrals")["actual"]


def test_a_duplicate_row_is_a_problem_and_the_later_one_is_used(report_copy):
    _append(report_copy, "2026-11-09,referrals,9\n")  # line 14 already has 2026-11-09,referrals,6
    run, report = _report(report_copy)
    assert run.code == 1
    (problem,) = report["problems"]
    assert (problem["rule"], problem["line"]) == ("PS605", 29)
    assert "already has a row dated 2026-11-09 on line 14" in problem["message"]
    # The later row wins: November is 8 (2026-11-02) + 9 (the second 2026-11-09), not 8 + 6.
    assert _metric(report, "northwind", "referrals")["actual"] == 17.0


@pytest.mark.parametrize("value, rules", [("", []), ("abc", ["PS604"])])
def test_a_row_without_a_number_is_no_duplicate_of_the_row_the_report_uses(report_copy, value, rules):
    """An empty or non-number value is no value: the report keeps line 14's 6 for 2026-11-09, so the row
    is not a "duplicate" whose "later one" the report would use (before: PS605 said so, and an empty value,
    which SPEC.md allows, made the report exit 1 with "1 duplicate left out")."""
    _append(report_copy, f"2026-11-09,referrals,{value}\n")  # line 14 already has 2026-11-09,referrals,6
    run, report = _report(report_copy)
    assert [p["rule"] for p in report["problems"]] == rules
    assert run.code == (1 if rules else 0)
    assert "PS605" not in run.stderr
    # November is still 8 (2026-11-02) + 6 (line 14) = 14.
    assert _metric(report, "northwind", "referrals")["actual"] == 14.0
    lint = run_cli("lint", NORTHWIND, "--format", "json", "--as-of", AS_OF, cwd=report_copy)
    assert [d["rule"] for d in json.loads(lint.stdout)["diagnostics"] if d["severity"] == "error"] == rules


def test_a_misspelt_series_is_an_error_in_the_report_too(report_copy):
    # lint's PS606 calls it an error when the did-you-mean names a series a metric needs: its value is lost.
    _append(report_copy, "2026-11-10,influenced_pipline,70000\n")
    run, report = _report(report_copy)
    assert run.code == 1
    (problem,) = report["problems"]
    assert (problem["rule"], problem["severity"], problem["line"], problem["column"]) == ("PS606", "error", 29, 12)
    assert "did you mean 'influenced_pipeline'?" in problem["message"]
    assert "1 row of data/northwind.csv left out: 1 misspelt series" in run.stderr
    # Its 70,000 is not counted: November's pipeline so far is the 50,000 of 2026-11-09 (+ October's 180,000).
    assert _metric(report, "northwind", "influenced_pipeline")["actual"] == 230000.0


@pytest.mark.parametrize("text, words", [
    ("date;metric;value\n2026-11-02;referrals;8\n", "separated by semicolons (;), not commas"),
    ("", "file is empty"),
    ("date\tmetric\tvalue\n2026-11-02\treferrals\t8\n", "separated by tabs, not commas"),
])
def test_a_file_that_cannot_be_used_at_all_says_why(report_copy, text, words):
    (report_copy / NORTHWIND).write_text(text, encoding="utf-8")
    run, report = _report(report_copy)
    assert run.code == 1
    (problem,) = report["problems"]
    assert (problem["path"], problem["rule"], problem["line"]) == (NORTHWIND, "PS602", 1)
    assert words in problem["message"]
    assert "partnerscore: northwind: data/northwind.csv could not be used (PS602 " in run.stderr
    northwind = next(p for p in report["partnerships"] if p["id"] == "northwind")
    assert {m["status"] for m in northwind["metrics"]} == {"no-data"}
    # The other partnership is unaffected.
    acme = next(p for p in report["partnerships"] if p["id"] == "acme")
    assert acme["status"] != "no-data"


def test_rows_after_as_of_are_not_problems(report_copy):
    _append(report_copy, "2026-12-01,referrals,99\n")  # lint's PS608 warns; the report just ignores it
    run, report = _report(report_copy)
    assert run.code == 0 and report["problems"] == []
    assert "left out" not in run.stderr


def test_every_human_format_counts_the_rows_under_the_partnership(report_copy):
    _append(report_copy, "2026-13-02,referrals,4\n2026-11-12,referrals,12k\n2026-11-12,mql,1k\n")
    sentence = "3 rows of data/northwind.csv left out: 2 bad values, 1 bad date"
    table = run_cli("report", "--as-of", AS_OF, cwd=report_copy)
    assert table.code == 1 and sentence in " ".join(table.stdout.split())
    markdown = run_cli("report", "--format", "markdown", "--as-of", AS_OF, cwd=report_copy)
    # The command that shows each row is a code span in Markdown, <code> in HTML.
    assert markdown.code == 1
    assert f"⚠️ {sentence} (`partnerscore lint data/northwind.csv` shows each)" in markdown.stdout
    # Under the partnership's own heading, not another's.
    northwind_page = markdown.stdout.split("## Northwind referrals")[1].split("\n## ")[0]
    assert sentence in northwind_page
    html = run_cli("report", "--format", "html", "--as-of", AS_OF, cwd=report_copy)
    assert html.code == 1
    assert (f'<p class="left-out" role="note"><b>⚠</b> {sentence} (<code>partnerscore lint data/northwind.csv'
            '</code> shows each)</p>') in html.stdout


def _shared_project(root):
    """Two partnerships (alpha, beta: the fixture's northwind scorecard twice) reading one CSV with a
    `partnership` column: the fixture's northwind rows, once for each."""
    rows = (root / NORTHWIND).read_text(encoding="utf-8").splitlines()[1:]
    lines = ["partnership,date,metric,value"] + [f"{who},{row}" for who in ("alpha", "beta") for row in rows]
    (root / "data" / "shared.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    card = (root / "scorecards" / "northwind.yaml").read_text(encoding="utf-8")
    for who in ("alpha", "beta"):
        (root / "scorecards" / f"{who}.yaml").write_text(f"{card}data: ../data/shared.csv\n", encoding="utf-8")
    for path in ("scorecards/northwind.yaml", "scorecards/acme.yaml"):
        (root / path).unlink()
    return root / "data" / "shared.csv"


def test_a_shared_csv_counts_each_partnerships_rows_under_that_partnership(report_copy):
    shared = _shared_project(report_copy)
    clean, _ = _report(report_copy)
    assert clean.code == 0, clean.stderr
    with shared.open("a", encoding="utf-8") as handle:
        handle.write("alpha,2026-11-03,mql,oops\nbeta,2026-13-01,mql,3\nbeta,2026-11-04,mql,bad\n")
    run, report = _report(report_copy)
    assert run.code == 1
    assert [p["line"] for p in report["problems"]] == [56, 57, 58]
    assert "partnerscore: alpha: 1 row of data/shared.csv left out: 1 bad value" in run.stderr
    assert "partnerscore: beta: 2 rows of data/shared.csv left out: 1 bad date, 1 bad value" in run.stderr
    # Naming one scorecard reports only its own rows' problems.
    run, report = _report(report_copy, "scorecards/alpha.yaml")
    assert run.code == 1
    assert [p["line"] for p in report["problems"]] == [problem_line(shared, "alpha,2026-11-03,mql,oops")] == [56]


def problem_line(path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


@pytest.mark.parametrize("text, hint", [
    ("11/05/2026", "2026-11-05 if it is month/day/year (US style), 2026-05-11 if day/month/year"),
    ("13/04/2026", "2026-04-13 (day/month/year)"),  # 13 is no month
    ("04/13/2026", "2026-04-13 (month/day/year, US style)"),
    ("04/04/2026", "2026-04-04 (month/day/year, US style)"),  # both readings are the same day
    ("2026/11/05", "e.g. 2026-11-05"),
    ("31/31/2026", "e.g. 2026-11-05"),  # neither reading is a day: the generic example
])
def test_a_local_date_gets_its_iso_spelling(text, hint):
    with pytest.raises(ValueError) as caught:
        parse_day(text)
    assert hint in str(caught.value)


def test_a_code_span_holds_any_path():
    from partnerscore.render.escape import markdown_code

    assert markdown_code("partnerscore lint data/a.csv") == "`partnerscore lint data/a.csv`"
    assert markdown_code("lint data/a`b.csv") == "``lint data/a`b.csv``"  # a backtick in a file name
    assert markdown_code("`x") == "`` `x ``"


def test_the_sentence_counts_and_orders_reasons():
    left = LeftOut("data/acme.csv", {"duplicate": 1, "bad date": 2, "misspelt series": 3})
    assert left.sentence() == ("6 rows of data/acme.csv left out: 3 misspelt series, 2 bad dates, 1 duplicate "
                               "(`partnerscore lint data/acme.csv` shows each)")
    assert LeftOut("d.csv", {"bad value": 1}).sentence().startswith("1 row of d.csv left out: 1 bad value ")
    assert LeftOut("d.csv", {}, "PS100 file is UTF-16").sentence() == (
        "d.csv could not be used (PS100 file is UTF-16); its metrics show no data")


def test_a_note_left_out_is_counted_under_its_partnership_in_every_human_format(report_copy):
    from partnerscore.render.escape import markdown_text
    from partnerscore.render.html_parts import text as html_text

    # One decision's US date makes the whole note unusable: its overdue deal-desk decision (due 2026-11-13)
    # leaves the lists, so each page must say the note is missing, not only stderr and JSON.
    note = report_copy / "reviews" / "northwind" / "2026-11-06.yaml"
    note.write_text(note.read_text(encoding="utf-8").replace("due: 2026-11-27", "due: 11/27/2026"),
                    encoding="utf-8")
    run, report = _report(report_copy)
    assert run.code == 1
    (problem,) = report["problems"]
    assert (problem["path"], problem["line"], problem["rule"]) == ("reviews/northwind/2026-11-06.yaml", 8, "PS104")
    northwind = next(p for p in report["partnerships"] if p["id"] == "northwind")
    assert northwind["open_decisions"] == []
    sentence = ("1 decision note left out, with its decisions and experiments: reviews/northwind/2026-11-06.yaml "
                f"({problem['rule']} {problem['message']})")
    command = "partnerscore lint reviews/northwind/2026-11-06.yaml"
    table = run_cli("report", "--as-of", AS_OF, cwd=report_copy)
    assert table.code == 1 and f"{sentence} (`{command}` shows each)" in " ".join(table.stdout.split())
    markdown = run_cli("report", "--format", "markdown", "--as-of", AS_OF, cwd=report_copy)
    northwind_page = markdown.stdout.split("## Northwind referrals")[1].split("\n## ")[0]
    assert markdown.code == 1 and f"⚠️ {markdown_text(sentence)} (`{command}` shows each)" in northwind_page
    html = run_cli("report", "--format", "html", "--as-of", AS_OF, cwd=report_copy)
    assert html.code == 1
    assert f'<p class="left-out" role="note"><b>⚠</b> {html_text(sentence)} (<code>{command}</code> shows each)' \
           '</p>' in html.stdout


def test_the_notes_sentence_names_each_note_once_and_quotes_paths_for_the_shell():
    from partnerscore.core.diagnostics import Diagnostic, Severity
    from partnerscore.report.result import PartnershipReport

    page = PartnershipReport(id="a", partnership="A", type="referral", status="on-track", goal="g", lead="l",
                             partner="p", path="scorecards/a.yaml", metrics=[])
    assert page.notes_left_out() is None
    page.unreadable_notes = [
        Diagnostic("reviews/a/2026-01-05.yaml", 3, 1, "PS701", Severity.ERROR, "decision has no owner"),
        Diagnostic("reviews/a b/2026-02-02.yaml", 2, 1, "PS104", Severity.ERROR, "bad date"),
    ]
    assert page.notes_left_out() == ("2 decision notes left out, with their decisions and experiments: "
                                     "reviews/a/2026-01-05.yaml, reviews/a b/2026-02-02.yaml "
                                     "(PS701 decision has no owner; …)")
    assert page.notes_lint_command == "partnerscore lint reviews/a/2026-01-05.yaml 'reviews/a b/2026-02-02.yaml'"
