"""`report --where/--owner/--group-by` and the portfolio overview through the real entry point: on a
generated project whose statuses are known by construction (tests/triage_project.py), on the repository's
examples, and on a portfolio of more than 25 partnerships."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import REPO, run_cli
from fixtures.html_dom import parse
from triage_project import AS_OF, Spec, write_project

EXAMPLES_DAY = "2026-11-20"


def report_json(*args: str, cwd: Path, as_of: str = AS_OF) -> dict:
    run = run_cli("report", "--as-of", as_of, "--format", "json", *args, cwd=cwd)
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)


def ids(data: dict) -> list[str]:
    return [p["id"] for p in data["partnerships"]]


@pytest.fixture
def five(tmp_path: Path) -> Path:
    """alpha off track (program gold, one overdue decision owned by Ana Ruiz), bravo at risk (silver),
    charlie on track (gold), delta off track (no program), echo no data (no program)."""
    return write_project(tmp_path / "five", [
        Spec("alpha", "off-track", program="gold", overdue=["Ana Ruiz"]),
        Spec("bravo", "at-risk", type="integration", lead="Lee Chen", program="silver", partner_owner="Tom Berg"),
        Spec("charlie", "on-track", lead="Lee Chen", program="gold"),
        Spec("delta", "off-track", type="integration", owner="Priya Shah"),
        Spec("echo", "no-data", type="co-marketing", lead="lee chen"),
    ])


# --- --where ------------------------------------------------------------------------------------------

def test_where_keeps_the_matching_partnerships_and_their_counts(five):
    data = report_json("--where", "program=GOLD", cwd=five)
    assert ids(data) == ["alpha", "charlie"]
    assert [p["program"] for p in data["partnerships"]] == ["gold", "gold"]
    assert data["portfolio"] == {"counts": {"on-track": 1, "at-risk": 0, "off-track": 1, "no-data": 0},
                                 "groups": [], "attention": ["alpha"]}


def test_every_where_must_hold_and_values_are_alternatives(five):
    assert ids(report_json("--where", "lead=LEE CHEN", "--where", "type=integration,co-marketing", cwd=five)) == [
        "bravo", "echo"]
    # `program=` alone: the partnerships without a program.
    assert ids(report_json("--where", "program=", cwd=five)) == ["delta", "echo"]
    # ... or `null`, as the JSON's groups name it; with a program, any of the values.
    assert ids(report_json("--where", "program=NULL,gold", cwd=five)) == ["alpha", "charlie", "delta", "echo"]
    assert ids(report_json("--where", "status=off-track,no-data", cwd=five)) == ["alpha", "delta", "echo"]
    assert ids(report_json("--where", "id=Bravo,charlie", "--where", "partner=partner co", cwd=five)) == [
        "bravo", "charlie"]


def test_fail_on_judges_only_what_where_keeps(five):
    assert run_cli("report", "--as-of", AS_OF, "-f", "csv", "--fail-on", "off-track", cwd=five).code == 1
    kept = run_cli("report", "--as-of", AS_OF, "-f", "csv", "--fail-on", "off-track",
                   "--where", "program=silver,gold", "--where", "status=at-risk,on-track", cwd=five)
    assert kept.code == 0, kept.stderr
    # The CSV has the rows of bravo and charlie only.
    rows = list(csv.DictReader(io.StringIO(kept.stdout)))
    assert {row["partnership_id"] for row in rows} == {"bravo", "charlie"}
    assert run_cli("report", "--as-of", AS_OF, "-f", "csv", "--fail-on", "at-risk",
                   "--where", "program=silver", cwd=five).code == 1


def test_a_where_that_keeps_nothing_says_so_and_is_not_an_error(five):
    run = run_cli("report", "--as-of", AS_OF, "-f", "json", "--where", "id=zulu", cwd=five)
    assert run.code == 0
    assert json.loads(run.stdout)["partnerships"] == []
    assert "no partnership matches --where id=zulu (of 5 reported)" in run.stderr
    md = run_cli("report", "--as-of", AS_OF, "-f", "markdown", "--where", "id=zulu", cwd=five).stdout
    assert "_Only --where id=zulu: 0 of 5 partnerships._" in md and "No partnership matches." in md


@pytest.mark.parametrize("args, message", [
    (["--where", "colour=red"], "--where: unknown field 'colour'; FIELD is one of id, type, program, lead, partner, "
                                "status"),
    (["--where", "stauts=at-risk"], "did you mean status?"),
    (["--where", "status"], "--where: 'status' is not FIELD=VALUE"),
    (["--where", "status=late"], "--where status: unknown status 'late'"),
    (["--where", "type=referal"], "did you mean referral?"),
    (["--where", "lead="], "--where lead=: give at least one value"),
    (["--owner", " "], "--owner: give a person's name"),
    (["--group-by", "partner"], "Invalid value for '--group-by'"),
])
def test_bad_triage_options_are_usage_errors(five, args, message):
    run = run_cli("report", "--as-of", AS_OF, *args, cwd=five)
    assert run.code == 2, run.stderr
    assert message in run.stderr and "Traceback" not in run.stderr


# --- --group-by ---------------------------------------------------------------------------------------

def test_group_by_program_puts_partnerships_without_one_under_null_last(five):
    groups = report_json("--group-by", "program", cwd=five)["portfolio"]["groups"]
    assert groups == [
        {"key": "gold", "counts": {"on-track": 1, "at-risk": 0, "off-track": 1, "no-data": 0}},
        {"key": "silver", "counts": {"on-track": 0, "at-risk": 1, "off-track": 0, "no-data": 0}},
        {"key": None, "counts": {"on-track": 0, "at-risk": 0, "off-track": 1, "no-data": 1}},
    ]


def test_group_by_lead_and_status_in_json_and_markdown(five):
    # Leads compare as --where compares them: "Lee Chen" (bravo, charlie) and "lee chen" (echo) are one
    # lead, named as the first of them spells it.
    groups = report_json("--group-by", "lead", cwd=five)["portfolio"]["groups"]
    assert groups == [
        {"key": "Dana Lee", "counts": {"on-track": 0, "at-risk": 0, "off-track": 2, "no-data": 0}},
        {"key": "Lee Chen", "counts": {"on-track": 1, "at-risk": 1, "off-track": 0, "no-data": 1}},
    ]
    run = run_cli("report", "--as-of", AS_OF, "-f", "markdown", "--group-by", "status", cwd=five)
    tokens = MarkdownIt("commonmark").enable("table").parse(run.stdout)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings[:3] == ["Needs attention", "Status counts by status", "Portfolio"]
    cells = [t.content for t in tokens if t.type == "inline"]
    start = cells.index("Status")
    # Status, Partnerships, Off track, At risk, On track, No data; keys sorted: at-risk, no-data, off-track, on-track.
    assert cells[start:start + 6 * 6] == [
        "Status", "Partnerships", "Off track", "At risk", "On track", "No data",
        "at risk", "1", "0", "1", "0", "0",
        "no data", "1", "0", "0", "0", "1",
        "off track", "2", "2", "0", "0", "0",
        "on track", "1", "0", "0", "1", "0",
        "**All**", "5", "2", "1", "1", "1",
    ]


def test_without_group_by_groups_is_empty(five):
    assert report_json(cwd=five)["portfolio"]["groups"] == []


# --- --owner ------------------------------------------------------------------------------------------

def test_owner_of_a_decision_only_sees_that_decision_and_the_full_status(five):
    data = report_json("--owner", "ANA RUIZ", cwd=five)
    (alpha,) = data["partnerships"]
    assert alpha["id"] == "alpha" and alpha["status"] == "off-track"  # still that of every outcome
    assert alpha["metrics"] == []
    assert [d["kind"] for d in alpha["decisions_needed"]] == ["overdue-decision"]
    assert [d["owner"] for d in alpha["open_decisions"]] == ["Ana Ruiz"]
    assert data["portfolio"]["attention"] == ["alpha"]


def test_owner_sees_only_their_metrics_in_every_partnership_they_own_one_in(five):
    data = report_json("--owner", "sam ortiz", cwd=five)
    assert ids(data) == ["alpha", "bravo", "charlie", "delta", "echo"]  # Sam owns every driver
    for p in data["partnerships"]:
        assert [m["id"] for m in p["metrics"]] == ["driver_0", "driver_1", "driver_2", "driver_3"]
    # The partner's owner counts too, case aside: Tom Berg owns bravo's outcomes on the partner's side.
    tom = report_json("--owner", "tom berg", cwd=five)
    assert ids(tom) == ["bravo"]
    assert [m["id"] for m in tom["partnerships"][0]["metrics"]] == ["revenue", "pipeline"]
    assert [d["metric"] for d in tom["partnerships"][0]["decisions_needed"]] == ["revenue"]


def test_owner_and_where_together_in_the_table(five):
    run = run_cli("report", "--as-of", AS_OF, "--owner", "Dana Lee", "--where", "program=gold", cwd=five)
    assert run.code == 0, run.stderr
    assert "Only --where program=gold --owner 'Dana Lee': 2 of 5 partnerships." in run.stdout
    assert "Alpha partnership — off track" in run.stdout and "Charlie partnership — on track" in run.stdout
    # Dana's metrics only: no Drivers table (Sam owns them). Her off-track outcome's explanation still
    # names the drivers behind it: that is why it is off track.
    assert "\nOutcomes\n" in run.stdout and "\nDrivers\n" not in run.stdout
    assert "Driver 0: on track — projected 100 vs target 100" in run.stdout


# --- the repository's examples ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples() -> dict:
    return report_json(cwd=REPO, as_of=EXAMPLES_DAY)


def test_examples_where_id_gives_the_same_record_as_the_whole_report(examples):
    data = report_json("--where", "id=KESTREL", cwd=REPO, as_of=EXAMPLES_DAY)
    assert ids(data) == ["kestrel"]
    assert data["partnerships"][0] == next(p for p in examples["partnerships"] if p["id"] == "kestrel")


def test_examples_where_type_and_group_by_type_agree_with_the_whole_report(examples):
    types = sorted({p["type"] for p in examples["partnerships"]})
    assert len(types) >= 2
    for kind in types:
        expected = [p["id"] for p in examples["partnerships"] if p["type"] == kind]
        assert ids(report_json("--where", f"type={kind.upper()}", cwd=REPO, as_of=EXAMPLES_DAY)) == expected
    groups = report_json("--group-by", "type", cwd=REPO, as_of=EXAMPLES_DAY)["portfolio"]["groups"]
    assert [g["key"] for g in groups] == types
    for group in groups:
        statuses = [p["status"] for p in examples["partnerships"] if p["type"] == group["key"]]
        assert group["counts"] == {s: statuses.count(s) for s in ("on-track", "at-risk", "off-track", "no-data")}


def test_examples_owner_ravi_menon_is_his_kestrel_action_list(examples):
    data = report_json("--owner", "ravi menon", cwd=REPO, as_of=EXAMPLES_DAY)
    assert ids(data) == ["kestrel"]
    (mine,) = data["partnerships"]
    whole = next(p for p in examples["partnerships"] if p["id"] == "kestrel")
    assert mine["status"] == whole["status"] == "at-risk"
    # scorecards/kestrel.yaml: Ravi Menon owns these four (and no metric on the partner's side).
    assert [m["id"] for m in mine["metrics"]] == ["first_sync_rate", "uptime", "p95_sync_latency", "open_defects"]
    assert mine["metrics"] == [m for m in whole["metrics"] if m["owner"] == "Ravi Menon"]
    # His decisions needed, in the whole report's order: those he owns and those about his metrics.
    his = {m["id"] for m in mine["metrics"]}
    assert mine["decisions_needed"] == [d for d in whole["decisions_needed"]
                                        if d["owner"] == "Ravi Menon" or d["metric"] in his]
    assert {d["owner"] for d in mine["decisions_needed"]} == {"Ravi Menon"}
    assert "overdue-decision" in [d["kind"] for d in mine["decisions_needed"]]  # the overdue Kestrel decision
    assert {d["owner"] for d in mine["open_decisions"]} == {"Ravi Menon"}
    assert len(mine["open_decisions"]) == 2


def test_examples_attention_and_program_in_json(examples):
    statuses = {p["id"]: p["status"] for p in examples["partnerships"]}
    assert all(p["program"] is None or isinstance(p["program"], str) for p in examples["partnerships"])
    attention = examples["portfolio"]["attention"]
    # Kestrel (at risk, one overdue decision) before Northwind (at risk, none); Alder & Finch is on track
    # with no overdue decision, stale outcome or overdue review.
    assert attention.index("kestrel") < attention.index("northwind")
    assert "alder-finch" not in attention and statuses["alder-finch"] == "on-track"


# --- more than 25 partnerships ------------------------------------------------------------------------

def _big(root: Path, count: int) -> Path:
    """p00–p05 off track (p03 with two overdue decisions, p05 with one), p06–p13 at risk, the rest on track:
    14 need attention, and the first 10 are p03, p05, p00, p01, p02, p04, p06, p07, p08, p09."""
    specs = []
    for i in range(count):
        status = "off-track" if i < 6 else "at-risk" if i < 14 else "on-track"
        overdue = {3: ["Dana Lee", "Dana Lee"], 5: ["Dana Lee"]}.get(i, [])
        specs.append(Spec(f"p{i:02d}", status, overdue=overdue))
    return write_project(root, specs)


FIRST_TEN = ["p03", "p05", "p00", "p01", "p02", "p04", "p06", "p07", "p08", "p09"]


@pytest.fixture(scope="module")
def thirty(tmp_path_factory) -> Path:
    return _big(tmp_path_factory.mktemp("thirty"), 30)


def test_long_portfolio_json_keeps_everything(thirty):
    data = report_json(cwd=thirty)
    assert len(data["partnerships"]) == 30
    assert data["portfolio"]["attention"] == FIRST_TEN + ["p10", "p11", "p12", "p13"]
    assert data["portfolio"]["counts"] == {"on-track": 16, "at-risk": 8, "off-track": 6, "no-data": 0}


def test_long_portfolio_markdown_prints_the_overview_and_the_attention_pages_only(thirty):
    run = run_cli("report", "--as-of", AS_OF, "-f", "markdown", cwd=thirty)
    assert run.code == 0, run.stderr
    tokens = MarkdownIt("commonmark").enable("table").parse(run.stdout)
    h2 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert h2[:2] == ["Needs attention (the first 10 of 14)", "Status counts"]
    pages = [h.split(" partnership")[0].lower() for h in h2[2:]]
    assert pages == FIRST_TEN  # the pages in the attention order, and no others
    start = next(i for i, t in enumerate(tokens) if t.type == "ordered_list_open")
    end = next(i for i, t in enumerate(tokens) if t.type == "ordered_list_close")
    items = [t.content for t in tokens[start:end] if t.type == "inline"]
    assert [item.split("**")[1].split()[0].lower() for item in items] == FIRST_TEN
    assert ("30 partnerships: the pages of the 10 partnerships that need attention most follow. See any other "
            "with `partnerscore report --where id=ID`, or every page with "
            "`partnerscore report --format html --output report.html`.") in run.stdout
    # No table of 30 partnerships: only the status counts.
    assert "| Partnership | Type |" not in run.stdout


def test_long_portfolio_table_prints_the_attention_pages_only(thirty):
    run = run_cli("report", "--as-of", AS_OF, cwd=thirty)
    assert run.code == 0, run.stderr
    headers = [line.split(" partnership — ")[0].lower() for line in run.stdout.splitlines()
               if " partnership — " in line]
    assert headers == FIRST_TEN
    assert "`partnerscore report --where id=ID`" in run.stdout and "--format html" in run.stdout
    assert "Needs attention (the first 10 of 14)" in run.stdout


def test_long_portfolio_html_keeps_every_page_with_contents(thirty):
    run = run_cli("report", "--as-of", AS_OF, "-f", "html", cwd=thirty)
    assert run.code == 0, run.stderr
    dom = parse(run.stdout)
    articles = dom.find_all("article", cls="partnership")
    assert len(articles) == 30
    targets = {a.attrs["id"] for a in articles}
    toc = dom.find("nav", cls="toc").find_all("a")
    assert len(toc) == 30 and {a.attrs["href"][1:] for a in toc} == targets
    attention = dom.find("section", cls="attention").find_all("li")
    assert [li.attrs["data-partnership"] for li in attention] == FIRST_TEN
    assert all(li.find("a").attrs["href"][1:] in targets for li in attention)


def test_exactly_25_partnerships_still_print_every_page(tmp_path):
    root = _big(tmp_path / "p25", 25)
    run = run_cli("report", "--as-of", AS_OF, "-f", "markdown", cwd=root)
    assert run.stdout.count(" partnership — ") == 25
    assert "| Partnership | Type |" in run.stdout and "--where id=ID" not in run.stdout


def test_a_filter_brings_a_long_portfolio_back_to_every_page(thirty):
    run = run_cli("report", "--as-of", AS_OF, "-f", "markdown", "--where", "status=on-track", cwd=thirty)
    assert run.stdout.count(" partnership — ") == 16  # p14–p29: 16 pages, at most 25
    assert "Nothing needs attention" in run.stdout


def test_group_by_choices_are_the_overviews_keys():
    # The CLI names them for Typer without importing the report package; they must stay the same words.
    from partnerscore.cli.triage_options import GroupBy
    from partnerscore.report.overview import GROUP_BY_KEYS

    assert tuple(g.value for g in GroupBy) == GROUP_BY_KEYS


def test_data_problems_follow_the_partnerships_kept(five):
    # A row of delta's CSV the report cannot use: the whole report names it and exits 1 (SPEC.md); a
    # report of other partnerships is not about that file, in stderr, JSON `problems` and exit code alike.
    with (five / "data" / "delta.csv").open("a", encoding="utf-8") as csv_file:
        csv_file.write("2026-11-14,lots,100,100,100,100,100,100,100,100\n")
    whole = run_cli("report", "--as-of", AS_OF, "-f", "json", cwd=five)
    assert whole.code == 1 and "data/delta.csv:3:" in whole.stderr
    assert [d["path"] for d in json.loads(whole.stdout)["problems"]] == ["data/delta.csv"]
    others = run_cli("report", "--as-of", AS_OF, "-f", "json", "--where", "id=alpha,bravo", cwd=five)
    assert others.code == 0, others.stderr
    assert "delta" not in others.stderr and json.loads(others.stdout)["problems"] == []
    assert run_cli("report", "--as-of", AS_OF, "-f", "json", "--where", "status=off-track", cwd=five).code == 1


def test_examples_owner_keeps_units_counts_and_outcomes_of_what_they_do_not_own():
    """Sam Okafor owns Brightpath's referrals, certified_advisors and joint_webinars, not its outcomes nor
    referral_to_sql (Priya Shah's, a percent): the explanations his drivers keep still name them, with
    their units; the portfolio's outcome counts sit beside a status that is all outcomes' (SPEC.md), so
    they are all outcomes' too; and "On track?" does not claim the scorecard has no outcomes."""
    whole = run_cli("report", "--as-of", EXAMPLES_DAY, "--format", "markdown", cwd=REPO)
    mine = run_cli("report", "--as-of", EXAMPLES_DAY, "--format", "markdown", "--owner", "Sam Okafor", cwd=REPO)
    assert whole.code == mine.code == 0, mine.stderr
    # Before the fix: "projected 0.3 vs target 0.4" (the percent printed as a count).
    line = "  - Referral → SQL conversion: 🔴 off track — projected 26.1% vs target 40.0%"
    assert line in whole.stdout and line in mine.stdout
    assert "projected 0.3 vs target 0.4" not in mine.stdout
    # Brightpath's two outcomes are off track in the whole report; before the fix its row said 0 0 0.
    row = "| Brightpath referrals | referral | 🔴 off track | 0 | 0 | 2 | 0 |"
    assert row in whole.stdout and row in mine.stdout
    assert "No outcomes defined." not in mine.stdout
    assert "None of its 2 outcomes is in this view; its status is that of all of them." in mine.stdout
