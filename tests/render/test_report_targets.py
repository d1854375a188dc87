"""Targets that move, in the human formats: expected beside actual, a met stretch, a deadline's date, the
glide path or pace line in the HTML chart, past statuses against the target in force then, and the last
complete period (SPEC.md steps 8-11, issue 12 points 4 and 7).

First the repository's own examples through the real CLI (Kestrel's `active_accounts` is the 90-day
deadline level of docs/status.md's worked example 2; Alder & Finch's `referred_revenue` has a schedule
and a stretch), then small hand-built reports for the cases the examples do not have.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from markdown_it import MarkdownIt

from conftest import REPO, run_cli
from fixtures.html_dom import parse
from partnerscore.render.format_values import change_text
from partnerscore.render.html_parts import plain_value
from partnerscore.render.html_svg import chart_description
from partnerscore.render.report_html import render_html
from partnerscore.render.report_markdown import render_markdown
from partnerscore.render.report_table import table_text, trend_cell
from report_samples import metric, partnership, portfolio

AS_OF = "2026-11-20"


def _quiet(p):
    """A partnership with only its metrics: no explanations or decisions to read past."""
    return partnership(metrics=p, explanations=[], decisions_needed=[], open_decisions=[])


def _row(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(name))


def _md_rows(markdown: str) -> dict[str, dict[str, str]]:
    """Every layer-table row of a Markdown report, by metric name, as markdown-it parses the GFM tables."""
    tokens = MarkdownIt("commonmark").enable(["table"]).parse(markdown)
    rows, header, row, section = {}, [], None, None
    for tok in tokens:
        if tok.type in ("thead_open", "tbody_open"):
            section = tok.type
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close":
            if section == "thead_open":
                header = row
            elif header and header[0] == "Metric":
                rows[row[0]] = dict(zip(header, row, strict=True))
            row = None
    return rows


# --- the repository's examples, through the real CLI ----------------------------------------------------

@pytest.fixture(scope="module")
def examples_json():
    run = run_cli("report", "--as-of", AS_OF, "--format", "json", cwd=REPO)
    assert run.code == 0, run.stderr
    return {m["id"]: m for p in json.loads(run.stdout)["partnerships"] for m in p["metrics"]}


def test_examples_table_shows_expected_deadline_and_last_period_at_120_columns(examples_json):
    run = run_cli("report", "--as-of", AS_OF, env={"COLUMNS": "120"}, cwd=REPO)
    assert run.code == 0, run.stderr
    text = run.stdout
    assert max(len(line) for line in text.splitlines() if not line.startswith(("  - ", "    - ", "Goal:"))) <= 120
    header = _row(text, "Metric")
    assert header.split() == ["Metric", "Actual", "Expected", "Projected", "Target", "Last", "period", "Status",
                              "Trend", "Data"]
    # Kestrel's deadline level (docs/status.md, worked example 2): 781 read on day 47 of 90;
    # expected = 420 + 580 × 47/90 = 722.89; projected = 420 + 361 × 90/47 = 1,111.28; due 2026-12-29.
    accounts = examples_json["active_accounts"]
    assert round(accounts["expected"], 2) == 722.89 and accounts["by"] == "2026-12-29"
    row = _row(text, "Accounts actively")
    assert row.split()[2:6] == ["781", "722.9", "1,111.3", "1,000"]
    assert text[text.index(row):].splitlines()[1].split()[-1] == "2026-12-29"  # "by 2026-12-29" under the target
    # Its last period is Q3's 708, up 708/522 - 1 = 36% on Q2; a deadline judges its window, not Q3: no mark.
    assert "708 ▲36%   on track" in row
    assert ("- Accounts actively syncing: on track — actual 781 on day 47 of 90 (on the glide path 722.9), "
            "projected 1,111.3, target 1,000 by 2026-12-29 (latest value)") in text
    # Alder & Finch's scheduled sum: $72,000 through day 51 of 92, expected 120,000 × 51/92 = $66,522.
    # Q3's $99,000 is up 99,000/82,500 - 1 = 20% on Q2, and at risk ("!") against the July entry of the
    # schedule, 100,000 (band 10,000); against today's 120,000 it would read off track (✕).
    row = _row(text, "Closed-won revenue")
    assert row.split()[2:6] == ["$72,000", "$66,522", "$129,882", "$120,000/quarter"]
    assert "$99,000 ▲20% !" in row and "✕" not in row
    assert ("- Closed-won revenue from referrals: on track — actual $72,000 through day 51 of 92 (expected "
            "$66,522), projected $129,882, target $120,000 per quarter, stretch $140,000") in text
    assert "stretch met" not in text  # 129,882 < 140,000: stretch_met is false
    assert examples_json["referred_revenue"]["stretch_met"] is False
    # A level that is not projected repeats no projection in words.
    assert "- Accounts still syncing 60 days after install: on track — actual 81.3%, target 80.0%" in text


def test_examples_markdown_rows_are_valid_gfm_with_every_new_column():
    run = run_cli("report", "--as-of", AS_OF, "--format", "markdown", cwd=REPO)
    assert run.code == 0, run.stderr
    rows = _md_rows(run.stdout)
    accounts, revenue = rows["Accounts actively syncing"], rows["Closed-won revenue from referrals"]
    assert (accounts["Actual"], accounts["Expected"], accounts["Target"]) == ("781", "722.9", "1,000 by 2026-12-29")
    assert accounts["Last period"] == "708 ▲36%"
    assert revenue["Expected"] == "$66,522" and revenue["Target"] == "$120,000/quarter, stretch $140,000"
    assert revenue["Last period"] == "$99,000 ▲20%, at risk" and revenue["Status"] == "🟢 on track"
    # A mean is not paced: no Expected. Referral fees: 85.1% in October, down 4.9 points on September.
    fees = rows["Referral fees paid within 30 days"]
    assert fees["Expected"] == "" and fees["Last period"] == "85.1% ▼4.9 pt, off track"


def test_examples_html_describes_the_glide_path_and_never_calls_a_reading_a_pace():
    out = run_cli("report", "--as-of", AS_OF, "--format", "html", cwd=REPO)
    assert out.code == 0, out.stderr
    dom = parse(out.stdout)
    assert "pace 781" not in out.stdout
    kestrel = dom.find("li", where=lambda n: n.attrs.get("data-metric") == "active_accounts")
    assert kestrel.find("span", cls="figures").text() == (
        "781 on day 47 of 90; on the glide path 722.9 · projected 1,111.3 · target 1,000 by 29 Dec 2026")
    row = dom.find("tr", where=lambda n: n.attrs.get("data-metric") == "active_accounts")
    svg = row.find("svg")
    assert "781 on day 47 of 90; on the glide path 722.9; projected 1,111.3." in svg.attrs["aria-label"]
    assert "Target 1,000 by 2026-12-29." in svg.attrs["aria-label"]
    # The glide path runs from the baseline (420) at the window's start to the target (1,000) at its end:
    # the current period's slot is x 75..115, and 1,000 sits higher (a smaller y) than 420.
    path = svg.find("line", cls="spark-path")
    assert (path.attrs["x1"], path.attrs["x2"]) == ("75", "115")
    assert float(path.attrs["y2"]) < float(path.attrs["y1"])
    # The reading sits on day 47 of 90: x = 75 + 47/90 × 40 = 95.9.
    assert row.find("circle", cls="spark-now").attrs["cx"] == "95.9"
    assert [td.text() for td in row.find_all("td", cls="num")] == ["781", "722.9", "1,111.3", "1,000 by 29 Dec 2026",
                                                               "708 ▲36%"]
    # A mean that is not projected is its average so far.
    retention = dom.find("tr", where=lambda n: n.attrs.get("data-metric") == "retention_60d").find("svg")
    assert "Average so far 81.3%." in retention.attrs["aria-label"] and "pace" not in retention.attrs["aria-label"]


def test_examples_html_judges_the_last_quarter_against_the_schedule_entry_in_force_then():
    dom = parse(run_cli("report", "--as-of", AS_OF, "--format", "html", cwd=REPO).stdout)
    row = dom.find("tr", where=lambda n: n.attrs.get("data-metric") == "referred_revenue")
    assert row.find("td", cls="last").text() == "$99,000 ▲20% · ! at risk"
    svg = row.find("svg")
    # Q3 at risk against 100,000, marked in the chart in the colour of that status.
    assert "s-at-risk" in svg.find("circle", cls="spark-was").classes
    # The target line steps from the July entry (100,000) to the October one (120,000) where Q4 starts.
    points = [p.split(",") for p in svg.find("polyline", cls="spark-target").attrs["points"].split()]
    assert len({y for _, y in points}) == 2 and points[-1][0] == "120"
    assert "Target $120,000 (earlier quarters: $100,000), stretch $140,000." in svg.attrs["aria-label"]


# --- hand-built reports: what the examples do not show -----------------------------------------------------

def _demos(**overrides):
    """docs/status.md's deadline sum: 300 demos by 2026-12-18 from 2026-11-02 (47 days); on 2026-11-20 the
    rows of 40, 45 and 50 cover through day 19: projected 135 × 47/19 = 333.9, expected 300 × 19/47 = 121.3."""
    values = dict(unit="count", period="month", aggregation="sum", period_start=date(2026, 11, 2),
                  period_end=date(2026, 12, 18), by=date(2026, 12, 18), actual=135.0, projected=135 * 47 / 19,
                  expected=300 * 19 / 47, elapsed=19 / 47, target=300.0, baseline=None, status="on-track",
                  history=[135.0], previous=None)
    values.update(overrides)
    return metric("demos", **values)


def test_a_deadline_sum_shows_its_date_its_expected_and_its_pace_line():
    p = _quiet([_demos()])
    text = table_text(portfolio(p), width=200)
    assert ("Demos: on track — actual 135 through day 19 of 47 (expected 121.3), projected 333.9, target 300 by "
            "2026-12-18 (total since 2026-11-02)") in text
    assert _row(text, "Demos").split()[3:7] == ["135", "121.3", "333.9", "300"]  # after "Dana Lee"
    assert _md_rows(render_markdown(portfolio(p)))["Demos"]["Target"] == "300 by 2026-12-18"
    svg = parse(render_html(portfolio(p))).find("tr", cls="metric").find("svg")
    # Scale 0..333.9 (the pace line starts at 0): y = 4 + (333.9 - v) / 333.9 × 22. The pace line goes from
    # (75, y(0) = 26) to (115, y(300) = 6.2); today's 135 at x = 75 + 19/47 × 40 = 91.2, y = 17.1.
    path = svg.find("line", cls="spark-path")
    assert [path.attrs[k] for k in ("x1", "y1", "x2", "y2")] == ["75", "26", "115", "6.2"]
    now = svg.find("circle", cls="spark-now")
    assert (now.attrs["cx"], now.attrs["cy"]) == ("91.2", "17.1")
    assert svg.find("circle", cls="spark-proj").attrs["cx"] == "115"


def test_after_its_deadline_a_metric_shows_the_result_not_a_projection():
    # 960 read before the deadline, reported on 2027-01-06 (docs/status.md): elapsed 1, the verdict is 960.
    m = metric("accounts", aggregation="last", period="quarter", period_start=date(2026, 10, 1),
               period_end=date(2026, 12, 29), by=date(2026, 12, 29), actual=960.0, projected=960.0, expected=1000.0,
               elapsed=1.0, target=1000.0, baseline=420.0, status="at-risk", history=[708.0, 960.0])
    text = table_text(portfolio(_quiet([m])), width=200)
    assert "Accounts: at risk — actual 960 at the deadline, target 1,000 by 2026-12-29 (latest value)" in text
    svg = parse(render_html(portfolio(_quiet([m])))).find("tr", cls="metric").find("svg")
    assert svg.find_all("circle", cls="spark-proj") == [] and svg.find("circle", cls="spark-now").attrs["cx"] == "115"
    assert "960 at the deadline." in svg.attrs["aria-label"]


@pytest.mark.parametrize("met", [True, False])
def test_a_met_stretch_is_marked_in_words_in_every_format(met):
    m = metric("revenue", unit="USD", period="quarter", period_start=date(2026, 10, 1), period_end=date(2026, 12, 31),
               actual=75000.0, projected=150000.0 if met else 130000.0, expected=60000.0, elapsed=0.5,
               target=120000.0, stretch=140000.0, stretch_met=met,
               status="on-track", history=[99000.0, 75000.0], previous_status="at-risk")
    p = _quiet([m])
    text = table_text(portfolio(p), width=200)
    md = render_markdown(portfolio(p))
    dom = parse(render_html(portfolio(p)))
    assert ("★ stretch met" in text[text.index("Outcomes"):]) == met  # under the status in the table
    assert _md_rows(md)["Revenue"]["Status"] == ("🟢 on track · ★ stretch met" if met else "🟢 on track")
    assert ("target $120,000 per quarter, stretch $140,000 ★ met" in text) == met
    tags = dom.find_all("span", cls="stretch")
    assert [t.text() for t in tags] == (["★ Stretch met"] * 2 if met else [])  # the table row and "On track?"
    assert dom.find("tr", cls="metric").find_all("td", cls="num")[3].text() == "$120,000 stretch $140,000"


def test_early_in_a_period_with_no_data_the_last_period_stands_in():
    m = metric("new_customers", actual=None, projected=None, expected=None, elapsed=None, target=10.0,
               status="no-data", history=[6.0, 7.0, None], previous_status="on-track", stale=False)
    p = _quiet([m])
    # 7 last month, up 7/6 - 1 = 17% on the month before, and on track as calc judged it then.
    line = "New Customers: no data — nothing yet this month; last month 7, on track; target 10 per month"
    assert line in table_text(portfolio(p), width=200)
    assert line.replace("New Customers:", "**New Customers**:").replace("no data", "⚪ no data", 1) in \
        render_markdown(portfolio(p))
    assert "7 ▲17% ✓" in _row(table_text(portfolio(p), width=200), "New Customers")
    figures = parse(render_html(portfolio(p))).find("span", cls="figures").text()
    assert figures == "nothing yet this month · last month 7, on track · target 10"


def test_past_statuses_and_target_steps_use_the_target_in_force_then():
    # Q3: 99,000 against the 100,000 then (at risk); today's target is 120,000, against which it would be
    # off track. The trend colours the last finished bar by its status then, the current one by today's.
    m = metric("revenue", unit="USD", period="quarter", period_start=date(2026, 10, 1), period_end=date(2026, 12, 31),
               actual=72000.0, projected=129882.35, expected=66521.74,
               elapsed=51 / 92, target=120000.0, status="on-track", history=[82500.0, 99000.0, 72000.0],
               history_targets=[100000.0, 100000.0, 120000.0], previous_status="at-risk")
    trend = trend_cell(m)
    # The current quarter at its pace: 82,500 → ▁, 99,000 → round(16,500 / 47,382 × 7) = 2 → ▃, 129,882 → █.
    assert trend.plain == "▁▃█"
    assert [(s.start, s.end, str(s.style)) for s in trend.spans] == [(2, 3, "green"), (1, 2, "yellow")]
    svg = parse(render_html(portfolio(_quiet([m])))).find("tr", cls="metric").find("svg")
    assert "s-at-risk" in svg.find("circle", cls="spark-was").classes
    ys = [p.split(",")[1] for p in svg.find("polyline", cls="spark-target").attrs["points"].split()]
    assert ys[0] == ys[1] == ys[2] == ys[3] != ys[4] == ys[5]  # two quarters at 100,000, then 120,000


def test_a_driver_with_a_deadline_names_its_date_in_the_explanation():
    from partnerscore.report.explain import explain

    metrics = [metric("pipeline", status="off-track", projected=28.0, target=40.0),
               _demos(layer="driver", status="off-track", projected=200.0, drives=["pipeline"])]
    p = partnership(metrics=metrics, decisions_needed=[], open_decisions=[])
    p.explanations = explain(metrics)
    assert "Demos: off track — projected 200 vs target 300 by 2026-12-18" in table_text(portfolio(p), width=200)
    drivers = parse(render_html(portfolio(p))).find("ul", cls="drivers").text()
    assert drivers.endswith("200 vs 300 by 18 Dec 2026")


@pytest.mark.parametrize("now, before, unit, words", [
    (99000.0, 82500.0, "USD", "▲20%"),        # 99,000 / 82,500 - 1 = 0.20
    (30.0, 34.0, "count", "▼12%"),            # 30 / 34 - 1 = -0.118
    (0.851, 0.9, "percent", "▼4.9 pt"),       # a rate changes in points: 85.1% - 90.0%
    (0.9991, 0.9990, "percent", "▲0.01 pt"),  # near 100%, hundredths, as the values are shown
    (5.0, 0.0, "count", "▲5"),                # from zero: the change itself
    (4.0, 4.0, "count", "±0%"),
    (4.0, None, "count", ""),
])
def test_change_reads_without_colour(now, before, unit, words):
    assert change_text(now, before, unit) == words


@pytest.mark.parametrize("overrides, words", [
    (dict(aggregation="last", actual=4.0, projected=4.0), "Current reading 4."),
    (dict(aggregation="mean", unit="percent", actual=0.813, projected=0.813, target=0.8), "Average so far 81.3%."),
    (dict(aggregation="max", actual=9.0, projected=9.0), "Highest so far 9."),
])
def test_a_reading_that_is_not_projected_is_never_called_a_pace(overrides, words):
    text = chart_description(metric("kpi", elapsed=None, history=[3.0, 4.0], **overrides), plain_value)
    assert words in text and "pace" not in text


def test_a_narrow_terminal_keeps_expected_longest():
    from rich.console import Console

    from partnerscore.render.report_table import render_table

    buffer = io.StringIO()
    render_table(portfolio(_quiet([_demos()])), Console(file=buffer, width=95, color_system=None, highlight=False))
    header = _row(buffer.getvalue(), "Metric").split()
    assert header == ["Metric", "Actual", "Expected", "Projected", "Target", "Status", "Data"]
    assert "…" not in buffer.getvalue()
