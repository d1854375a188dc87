"""Which files `pull` writes and how: a data file several scorecards share, a `data:` that points where no
data file belongs, a data file that cannot take the rows, and the messages of refused or locked-out queries."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from conftest import run_cli
from partnerscore.pull.duck import Watchdog
from pull.projects import make_project


def _query(value: int, metric: str = "referrals") -> str:
    return f"SELECT * FROM (VALUES ('2026-11-16', '{metric}', {value})) t(date, metric, value)\n"


def _sharing(root: Path, files: dict[str, str] | None = None, *, data: str = "../data/shared.csv") -> Path:
    """acme and beta, both with `data: <data>`, acme's query returning 8 referrals and beta's 55."""
    proj = make_project(root, {"queries/acme.sql": _query(8), "queries/beta.sql": _query(55), **(files or {})},
                        scorecards=())
    for pid in ("acme", "beta"):
        (proj / "scorecards" / f"{pid}.yaml").write_text(f"partnership: {pid.title()}\ndata: {data}\n")
    return proj


# --- a data file two scorecards share ------------------------------------------------------------------------


def test_a_new_file_two_pulled_scorecards_share_gets_a_partnership_column(tmp_path):
    proj = _sharing(tmp_path / "proj")
    run = run_cli("pull", cwd=proj)
    assert run.code == 0, run.stderr
    # Both rows kept, each under its scorecard's id: beta's 55 no longer replaces acme's 8.
    assert (proj / "data" / "shared.csv").read_text() == ("partnership,date,metric,value\n"
                                                          "acme,2026-11-16,referrals,8\n"
                                                          "beta,2026-11-16,referrals,55\n")
    # Two partnerships, one file.
    assert run.stdout.splitlines()[-1] == "Pulled 2 partnerships: 1 file written, 0 unchanged."
    again = run_cli("pull", "--check", cwd=proj)
    assert again.code == 0, again.stdout
    assert again.stdout.splitlines()[-1] == "Pulled 2 partnerships: 0 files would change, 1 unchanged; nothing written."


def test_a_new_file_shared_with_a_scorecard_that_is_not_pulled_gets_a_partnership_column_too(tmp_path):
    proj = _sharing(tmp_path / "proj")
    (proj / "queries" / "beta.sql").unlink()
    assert run_cli("pull", cwd=proj).code == 0
    # Without the column beta's report would read acme's 8 as its own.
    assert (proj / "data" / "shared.csv").read_text() == "partnership,date,metric,value\nacme,2026-11-16,referrals,8\n"


def test_a_new_file_of_one_scorecard_has_no_partnership_column(tmp_path):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": _query(8)}, scorecards=("acme", "beta"))
    assert run_cli("pull", cwd=proj).code == 0
    assert (proj / "data" / "acme.csv").read_text() == "date,metric,value\n2026-11-16,referrals,8\n"


def test_the_report_and_lint_match_the_shared_files_rows_to_each_scorecard(tmp_path):
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "pyproject.toml").write_text("[tool.partnerscore]\n")
    for pid in ("acme", "beta"):
        assert run_cli("init", pid, "--type", "referral", cwd=proj).code == 0
        card = proj / "scorecards" / f"{pid}.yaml"
        card.write_text(card.read_text().replace("\npartner: ", "\ndata: ../data/shared.csv\npartner: ", 1))
        (proj / "data" / f"{pid}.csv").unlink()
    (proj / "queries").mkdir()
    (proj / "queries" / "acme.sql").write_text(_query(8))
    (proj / "queries" / "beta.sql").write_text(_query(55))
    assert run_cli("pull", cwd=proj).code == 0
    # The referral template's `referrals` is a weekly driver; as of Sunday 2026-11-22 its period is the week
    # of Monday 2026-11-16, which holds one row per partnership: acme 8, beta 55.
    report = run_cli("report", "--format", "json", "--as-of", "2026-11-22", cwd=proj)
    actual = {p["id"]: next(m["actual"] for m in p["metrics"] if m["id"] == "referrals")
              for p in json.loads(report.stdout)["partnerships"]}
    assert actual == {"acme": 8, "beta": 55}
    lint = run_cli("lint", "--format", "json", cwd=proj)
    found = [(d["path"], d["rule"], d["message"]) for d in json.loads(lint.stdout)["diagnostics"]]
    # Lint reads each scorecard's rows by the partnership column as the report does: `referrals` has values
    # for both (no PS609 for it), the metrics no query pulled have none, and the file is well formed.
    no_data = {(path, message.split("'")[1]) for path, rule, message in found if rule == "PS609"}
    assert ("scorecards/acme.yaml", "referrals") not in no_data and ("scorecards/beta.yaml", "referrals") not in no_data
    assert ("scorecards/acme.yaml", "referred_customers") in no_data
    assert not [f for f in found if f[1] in ("PS602", "PS603", "PS604", "PS605", "PS606")], found


def test_an_existing_shared_file_without_a_partnership_column_is_refused_for_the_second(tmp_path):
    old = "date,metric,value\n2026-11-09,referrals,3\n"
    proj = _sharing(tmp_path / "proj", {"data/shared.csv": old})
    run = run_cli("pull", cwd=proj)
    assert run.code == 1
    # acme, first, replaces the series as before; beta would replace acme's rows and is refused.
    assert (proj / "data" / "shared.csv").read_text() == "date,metric,value\n2026-11-16,referrals,8\n"
    assert run.stdout.splitlines() == [
        "acme  data/shared.csv  1 series (referrals): 1 added, 0 changed, 1 removed; written",
        "beta  data/shared.csv  the data file cannot take the rows; nothing written",
        "Pulled 2 partnerships: 1 file written, 0 unchanged, 1 failed.",
    ]
    assert run.stderr == ("partnerscore: queries/beta.sql: data/shared.csv is also the data file of acme, pulled "
                          "earlier in this run, and has no partnership column, so beta's rows of referrals would "
                          "replace theirs; add a partnership column (each row's scorecard id) or give each "
                          "scorecard its own data: file\n")


def test_an_existing_shared_file_without_a_partnership_column_takes_other_series(tmp_path):
    # Series no other pull of the run wrote: nothing is replaced, both are written.
    proj = _sharing(tmp_path / "proj", {"data/shared.csv": "date,metric,value\n", "queries/beta.sql": _query(5, "mql")})
    run = run_cli("pull", cwd=proj)
    assert run.code == 0, run.stderr
    assert (proj / "data" / "shared.csv").read_text() == ("date,metric,value\n"
                                                          "2026-11-16,mql,5\n2026-11-16,referrals,8\n")


def test_an_existing_file_with_a_partnership_column_takes_both(tmp_path):
    old = "partnership,date,metric,value\nbeta,2026-11-09,referrals,3\n"
    proj = _sharing(tmp_path / "proj", {"data/shared.csv": old})
    run = run_cli("pull", "--dry-run", cwd=proj)
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines()[-1] == (
        "Pulled 2 partnerships: 1 file would be written, 0 unchanged; nothing written.")
    assert run_cli("pull", cwd=proj).code == 0
    # beta's row of 11-09 is removed (its query no longer returns it); by date, then partnership.
    assert (proj / "data" / "shared.csv").read_text() == ("partnership,date,metric,value\n"
                                                          "acme,2026-11-16,referrals,8\n"
                                                          "beta,2026-11-16,referrals,55\n")


# --- where `data:` may point -------------------------------------------------------------------------------


@pytest.mark.parametrize("data, reason", [
    ("../pyproject.toml", "is not a .csv file"),
    ("../reviews/acme/2026-11-01.yaml", "is not a .csv file"),
    ("../data/acme", "is not a .csv file"),
    ("../reviews/acme/numbers.csv", "is inside the reviews folder"),
    ("../queries/acme.csv", "is inside the queries folder"),
    ("../programs/acme.csv", "is inside the programs folder"),
    ("acme.csv", "is inside the scorecards folder"),
    ("../../outside.csv", "is outside the repository"),
    ("../.git/acme.csv", "is hidden, or in a hidden folder such as .git"),
    ("../.acme.csv", "is hidden, or in a hidden folder such as .git"),
])
def test_a_data_file_where_none_belongs_is_refused(tmp_path, data, reason):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": _query(8), "reviews/acme/2026-11-01.yaml": "x: 1\n"})
    (proj / "scorecards" / "acme.yaml").write_text(f"partnership: Acme\ndata: {data}\n")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    run = run_cli("pull", cwd=proj)
    assert run.code == 2
    assert run.stderr == (f"partnerscore: queries/acme.sql: scorecards/acme.yaml: data: {data} {reason}; pull "
                          "writes only .csv files inside the repository, outside its hidden entries and its "
                          "scorecards, reviews, programs and queries folders; nothing written\n")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before
    assert (proj / "pyproject.toml").read_text() == "[tool.partnerscore]\n"


def test_an_absolute_path_outside_the_repository_is_refused(tmp_path):
    outside = tmp_path / "elsewhere" / "acme.csv"
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": _query(8)})
    (proj / "scorecards" / "acme.yaml").write_text(f"partnership: Acme\ndata: {outside}\n")
    run = run_cli("pull", cwd=proj)
    assert run.code == 2 and f"data: {outside} is outside the repository" in run.stderr
    assert not outside.parent.exists()


def test_a_symlink_out_of_the_repository_is_refused(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": _query(8)})
    (proj / "data").symlink_to(tmp_path / "elsewhere")
    run = run_cli("pull", cwd=proj)
    assert run.code == 2
    assert "the data file data/acme.csv is outside the repository" in run.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_csv_in_any_letter_case_inside_the_repository_is_written(tmp_path):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": _query(8)})
    (proj / "scorecards" / "acme.yaml").write_text("partnership: Acme\ndata: ../numbers/Acme.CSV\n")
    assert run_cli("pull", cwd=proj).code == 0
    assert (proj / "numbers" / "Acme.CSV").read_text() == "date,metric,value\n2026-11-16,referrals,8\n"


def test_the_folders_are_the_configured_ones(tmp_path):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": _query(8)}, settings='reviews = "notes"\n')
    (proj / "scorecards" / "acme.yaml").write_text("partnership: Acme\ndata: ../notes/acme.csv\n")
    run = run_cli("pull", cwd=proj)
    assert run.code == 2 and "data: ../notes/acme.csv is inside the reviews folder" in run.stderr


# --- a data file that cannot take the rows ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["date;metric;value\n2026-11-09;referrals;3\n", ""])
def test_a_malformed_data_file_is_named_not_the_rows(tmp_path, text):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": _query(8), "data/acme.csv": text})
    run = run_cli("pull", cwd=proj)
    assert run.code == 1
    assert run.stdout.splitlines()[0] == "acme  data/acme.csv  the data file cannot take the rows; nothing written"
    assert "partnerscore: queries/acme.sql: data/acme.csv:1: " in run.stderr
    assert (proj / "data" / "acme.csv").read_text() == text


# --- --timeout --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seconds", ["99999999999", "1e12", "inf", "nan", "604801", "0", "-1"])
def test_a_timeout_past_a_week_or_not_above_0_is_refused(tmp_path, seconds):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": _query(8)})
    run = run_cli("pull", "--timeout", seconds, "--dry-run", cwd=proj)
    assert run.code == 2
    assert run.stderr == ("partnerscore: error: --timeout: give a number of seconds above 0 and at most 604800 "
                          "(a week), e.g. --timeout 300\n")
    assert run.stdout == ""


def test_a_week_is_a_timeout(tmp_path):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": _query(8)})
    run = run_cli("pull", "--timeout", "604800", "--dry-run", cwd=proj)
    assert run.code == 0 and run.stderr == ""


def test_the_watchdog_survives_a_deadline_past_the_platforms_clock(monkeypatch):
    died: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: died.append(args.exc_value))
    interrupted: list[bool] = []
    watchdog = Watchdog(lambda: interrupted.append(True))
    with watchdog.limit(1e12):
        time.sleep(0.2)  # lets the thread wait on the far deadline (which overflowed time_t before)
        assert watchdog._thread.is_alive()
    watchdog.close()
    assert died == [] and interrupted == []


# --- messages ---------------------------------------------------------------------------------------------


def test_a_read_the_embedded_duckdb_blocks_says_what_it_may_read(tmp_path):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": "SELECT * FROM read_csv('.env')\n", ".env": "A=1\n"})
    run = run_cli("pull", cwd=proj)
    assert run.code == 2
    assert run.stderr == ('partnerscore: queries/acme.sql: Permission Error: Cannot access file ".env" - file system '
                          "operations are disabled by configuration (line 1 of the query); the embedded DuckDB reads "
                          "only files that exist inside the repository, not its hidden entries (.git, .env), "
                          "symlinks out of it or URLs (see docs/pull.md)\n")


def test_a_csv_duckdb_cannot_sniff_for_mixed_line_breaks_says_so(tmp_path):
    # An export saved with CRLF, then lines appended with LF: DuckDB's first line says only that sniffing
    # failed (its fixes come on lines a one-line message leaves out), so the pull says what is wrong.
    rows = "".join(f"2026-11-{day:02d};referrals;{day}\r\n" for day in range(2, 30, 7))
    query = "SELECT * FROM read_csv('exports/crm.csv', delim = ';', strict_mode = true)\n"
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": query, "exports/crm.csv": "date;metric;value\r\n"
                                            + rows + "2026-11-30;referrals;30\n2026-12-07;referrals;31\n"})
    run = run_cli("pull", cwd=proj)
    assert run.code == 2
    assert 'Error when sniffing file "exports/crm.csv"' in run.stderr
    assert run.stderr.rstrip().endswith("its lines end in both CRLF and LF (as when lines are appended to an export "
                                        "by another program); save it with one kind of line break")


def test_a_csv_duckdb_cannot_sniff_otherwise_gets_the_options_that_settle_it(tmp_path):
    query = "SELECT * FROM read_csv('exports/crm.csv', delim = ';', strict_mode = true)\n"
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": query, "exports/crm.csv": 'a;b\n1;2;3;4\n"x\n'})
    run = run_cli("pull", cwd=proj)
    assert run.code == 2
    assert 'Error when sniffing file "exports/crm.csv"' in run.stderr
    assert run.stderr.rstrip().endswith("give read_csv the file's layout instead of letting DuckDB guess it (delim, "
                                        "quote, header, skip, columns), or check it is UTF-8 text with one kind of "
                                        "line break")


def test_another_duckdb_error_is_left_as_it_is(tmp_path):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": "SELECT nope AS date, 1 AS metric, 2 AS value\n"})
    run = run_cli("pull", cwd=proj)
    assert run.code == 2
    assert "nope" in run.stderr and "the embedded DuckDB reads" not in run.stderr


def test_a_writing_keyword_inside_a_with_is_refused_in_a_sentence(tmp_path):
    proj = make_project(tmp_path / "proj", {"queries/acme.sql": "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x\n"})
    run = run_cli("pull", cwd=proj)
    assert run.code == 2
    assert run.stderr == ("partnerscore: queries/acme.sql: refused before it ran: the query has INSERT on line 1, "
                          "which writes; a query only reads (a column named insert must be quoted: \"insert\")\n")


# --- a file saved while the queries run ------------------------------------------------------------------

def test_a_data_file_saved_during_the_run_is_not_replaced(tmp_path):
    # pull reads a file, runs the other queries, then writes what it merged: a row typed by hand in
    # between would be lost. The file is left as saved, and the run says so (exit 2 for that partnership).
    from partnerscore.pull.engine import ChangedDuringRun, _Files

    files = _Files()
    csv = tmp_path / "data" / "acme.csv"
    csv.parent.mkdir()
    csv.write_text("date,metric,value\n2026-11-02,mql,4\n", encoding="utf-8")
    old = files.read(csv)
    assert old == "date,metric,value\n2026-11-02,mql,4\n"
    files.keep(csv, old + "2026-11-09,mql,5\n")
    saved = "date,metric,value\n2026-11-02,mql,4\n2026-11-30,installs,999\n"
    csv.write_text(saved, encoding="utf-8")  # someone saves it while the queries run
    fresh = tmp_path / "data" / "beta.csv"  # did not exist when read; someone creates it meanwhile
    assert files.read(fresh) is None
    files.keep(fresh, "date,metric,value\n2026-11-02,sql,1\n")
    fresh.write_text("date,metric,value\n", encoding="utf-8")
    untouched = tmp_path / "data" / "gamma.csv"  # read, unchanged since: written as usual
    untouched.write_text("date,metric,value\n", encoding="utf-8")
    files.read(untouched)
    files.keep(untouched, "date,metric,value\n2026-11-02,sql,2\n")
    problems = files.write()
    assert set(problems) == {files.key(csv), files.key(fresh)}
    assert all(isinstance(problem, ChangedDuringRun) for problem in problems.values())
    assert "changed while pull ran" in str(problems[files.key(csv)])
    assert csv.read_text(encoding="utf-8") == saved
    assert fresh.read_text(encoding="utf-8") == "date,metric,value\n"
    assert untouched.read_text(encoding="utf-8") == "date,metric,value\n2026-11-02,sql,2\n"
