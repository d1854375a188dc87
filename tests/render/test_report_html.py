"""The HTML review one-pager: structure, escaping, accessibility and the self-contained rule.

Parsed with html.parser (tests/fixtures/html_dom.py), never matched with regexes.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from fixtures.html_dom import parse
from fixtures.html_portfolio import (
    AS_OF,
    HOSTILE_DECISION,
    HOSTILE_ID,
    HOSTILE_METRIC,
    HOSTILE_OWNER,
    HOSTILE_PARTNER,
    HOSTILE_QUOTED,
    build_portfolio,
    dense,
    single_partnership,
)
from partnerscore.render.html_fit import estimated_height, fit_class
from partnerscore.render.report_html import render_html
from partnerscore.report.result import PortfolioReport

LABELS = {"on-track": "On track", "at-risk": "At risk", "off-track": "Off track", "no-data": "No data"}


@pytest.fixture(scope="module")
def portfolio():
    return build_portfolio(hostile=True)


@pytest.fixture(scope="module")
def html(portfolio):
    return render_html(portfolio)


@pytest.fixture(scope="module")
def dom(html):
    return parse(html)


def articles(dom):
    return dom.find_all("article", cls="partnership")


def test_is_one_html5_document_with_inline_style(html, dom):
    assert dom.attrs["doctype"].lower() == "doctype html"
    assert html.endswith("</html>\n")
    assert dom.find("html").attrs["lang"] == "en"
    assert dom.find("meta", where=lambda n: "charset" in n.attrs).attrs["charset"] == "utf-8"
    assert len(dom.find_all("style")) == 1
    assert dom.find("title").text() == "Partnership review — 2026-11-15"


def test_self_contained_no_scripts_links_or_external_urls(html, dom):
    # Nothing may be fetched: no script, stylesheet link, frame, object or image from anywhere.
    for tag in ("script", "link", "iframe", "object", "embed", "img", "audio", "video", "base"):
        assert dom.find_all(tag) == [], tag
    for node in dom.iter():
        for name in ("src", "href", "xlink:href", "srcset", "action", "poster"):
            target = node.attrs.get(name)
            if target is not None:
                assert target.startswith("#") or target.startswith("data:"), (node.tag, name, target)
        # No inline event handlers (which also proves hostile text never became an attribute).
        assert not [a for a in node.attrs if a.startswith("on")], node.attrs
    css = dom.find("style").text()
    assert "@import" not in css
    for url in re.findall(r"url\(\s*['\"]?([^)'\"]*)", css):
        assert url.startswith(("data:", "#")), url
    assert "javascript:" not in html.lower()


def test_portfolio_tiles_link_to_every_partnership(portfolio, dom):
    ids = [a.attrs["id"] for a in articles(dom)]
    assert len(ids) == 2 and len(set(ids)) == 2
    for anchor in ids:
        assert re.fullmatch(r"[a-z0-9_-]+", anchor), anchor  # hostile id 'globex"><b>x</b>' made safe
    tiles = dom.find("section", cls="portfolio").find_all("a", cls="tile")
    assert [t.attrs["href"] for t in tiles] == ["#" + i for i in ids]
    assert [t.find("strong").text() for t in tiles] == [p.partnership for p in portfolio.partnerships]
    # One off-track and one at-risk partnership: the counts say so in words.
    counts = dom.find("div", cls="counts").text()
    assert counts == "✕ 1 off track ! 1 at risk"


def test_each_partnership_has_goal_lead_partner_as_of_and_status(portfolio, dom):
    for report, article in zip(portfolio.partnerships, articles(dom), strict=True):
        header = article.find("header")
        assert header.find("h2").text() == report.partnership
        meta = header.find("p", cls="meta").text()
        assert report.partner in meta and f"Lead {report.lead}" in meta and "As of 15 Nov 2026" in meta
        assert LABELS[report.status] in header.find("span", cls="badge").text()
        assert article.attrs["data-status"] == report.status
        # `printable` shows the ESC of the hostile goal as the visible text \x1b.
        expected_goal = report.goal.replace("\x1b", "\\x1b")
        assert article.find("p", cls="goal").text() == f"Goal: {expected_goal}"


def test_three_questions_answered_at_the_top(portfolio, dom):
    northwind = articles(dom)[0]
    questions = northwind.find("div", cls="questions").find_all("section", cls="question")
    assert [q.find("h3").text() for q in questions] == [
        "1 On track?", "2 Which drivers explain it?", "3 What decision this week?"]
    on_track = questions[0].find_all("li")
    assert [li.text() for li in on_track] == [
        "! At risk Influenced pipeline $230,000 so far · projected $460,000 · target $500,000",
        "✓ On track Partner-sourced revenue $82,000 so far · projected $164,000 · target $150,000",
    ]
    drivers = questions[1].find("ul", cls="drivers").find_all("li")
    assert [li.text() for li in drivers] == [
        "✕ Off track MQL → SQL conversion 22.0% vs 30.0%",
        "✕ Off track Time to first meeting 4.2 days vs 3 days",
        "! At risk Referrals submitted 36 vs 40",
    ]
    assert questions[1].find("li").text().startswith("Influenced pipeline is at risk; drivers behind it:")
    needed = [[td.text() for td in tr.find_all("td")] for tr in questions[2].find_all("tr", cls="decision-needed")]
    assert needed == [
        ["Off track", "MQL → SQL conversion is off track (22.0% vs 30.0%): tighten targeting, messaging or "
         "qualification.", "Priya Shah", ""],
        # The kind says "Overdue" in words, so the date needs no second marker.
        ["Overdue", "Overdue: move two webinars to the partner's EMEA team.", "Dana Lee", "6 Nov 2026"],
        ["Stale data", "Pipeline review attendance has no data since 2026-10-02.", "Priya Shah", ""],
    ]
    # Globex's review was due 31 Oct; as of 15 Nov that is 15 days late, marked in words.
    globex_needed = articles(dom)[1].find_all("tr", cls="decision-needed")
    assert globex_needed[2].find("td", cls="due").text() == "31 Oct 2026 ⚠ Overdue 15 days"
    assert "s-off-track" in globex_needed[0].find("span", cls="tag").classes


def test_every_metric_row_has_status_label_values_by_unit_and_owners(portfolio, dom):
    for report, article in zip(portfolio.partnerships, articles(dom), strict=True):
        rows = article.find_all("tr", cls="metric")
        assert [r.attrs["data-metric"] for r in rows] == [m.id for m in report.metrics]
        for metric, row in zip(report.metrics, rows, strict=True):
            badge = row.find("span", cls="badge")
            assert badge.text().endswith(LABELS[metric.status])  # words, not colour alone
            assert f"s-{metric.status}" in badge.classes
            assert metric.owner in row.find("td", cls="owner").text()
            if metric.partner_owner:
                assert f"Partner: {metric.partner_owner}" in row.find("td", cls="owner").text()
    pipeline = dom.find("tr", where=lambda n: n.attrs.get("data-metric") == "influenced_pipeline")
    cells = [td.text() for td in pipeline.find_all("td", cls="num")]
    # actual, expected (none: this hand-built metric has no `elapsed`, so it is not paced), projected, target,
    # last period (480,000 / 445,000 - 1 = 8%; no status then in this hand-built report, so none is shown)
    assert cells == ["$230,000", "", "$460,000", "$500,000", "$480,000 ▲8%"]
    assert pipeline.find("td", cls="name").text() == "Influenced pipeline per quarter · baseline $300,000"
    reps = dom.find("tr", where=lambda n: n.attrs.get("data-metric") == "certified_reps")
    assert [td.text() for td in reps.find_all("td", cls="num")] == ["—", "", "—", "20", "—"]


def test_layers_in_method_order_with_their_metrics(dom):
    northwind, globex = articles(dom)
    layers = northwind.find_all("section", cls="layer")
    assert [s.attrs["data-layer"] for s in layers] == ["outcome", "driver", "health", "operations"]
    assert [len(s.find_all("tr", cls="metric")) for s in layers] == [2, 5, 3, 2]
    assert [len(s.find_all("tr", cls="metric")) for s in globex.find_all("section", cls="layer")] == [2, 2, 2, 1]


def test_stale_metrics_are_marked_in_words(dom):
    stale = {r.attrs["data-metric"] for r in dom.find_all("tr", cls="metric") if r.find_all("span", cls="stale")}
    assert stale == {"certified_reps", "pipeline_review_attendance", HOSTILE_ID, "release_days"}
    attendance = dom.find("tr", where=lambda n: n.attrs.get("data-metric") == "pipeline_review_attendance")
    assert attendance.find("span", cls="stale").text() == "⚠ Stale · since 2 Oct 2026"


def test_open_decisions_with_owner_due_and_overdue_in_words(dom):
    northwind, globex = articles(dom)
    rows = northwind.find("section", cls="decisions").find_all("tr", cls="decision")
    assert [r.find_all("td")[0].text() for r in rows] == [
        "Move two webinars to the partner's EMEA team", "Pilot a joint qualification checklist with Northwind SEs"]
    assert rows[0].find_all("td")[1].text() == "Dana Lee"
    assert rows[0].find("td", cls="due").text() == "6 Nov 2026 ⚠ Overdue 9 days"
    assert rows[1].find("td", cls="due").text() == "27 Nov 2026"  # due after as-of: not overdue
    assert "overdue" in rows[0].classes and "overdue" not in rows[1].classes
    # Globex's decision due 30 Oct, as of 15 Nov: 1 + 15 = 16 days overdue.
    (globex_row,) = globex.find("section", cls="decisions").find_all("tr", cls="decision")
    assert globex_row.find_all("td")[0].text() == HOSTILE_DECISION
    assert globex_row.find("td", cls="due").text() == "30 Oct 2026 ⚠ Overdue 16 days"


def test_experiments_shown_only_when_running(dom):
    northwind, globex = articles(dom)
    (row,) = northwind.find("section", cls="experiments").find_all("tr", cls="experiment")
    assert row.find_all("td")[0].text() == (
        "A partner-led demo lifts MQL → SQL Expected: MQL → SQL from 22% to 30% in six weeks")
    assert row.find_all("td")[1].text() == "MQL → SQL conversion"  # the metric id shown by its name
    assert row.find_all("td")[3].text() == "18 Dec 2026"
    assert globex.find_all("section", cls="experiments") == []


def chart_of(dom, metric_id):
    row = dom.find("tr", where=lambda n: n.attrs.get("data-metric") == metric_id)
    return row.find("svg")


def test_every_chart_is_labelled_for_screen_readers(dom):
    charts = [r.find("svg") for r in dom.find_all("tr", cls="metric")]
    assert len(charts) == 12 + 7
    for svg in charts:
        assert svg.attrs["role"] == "img"
        assert svg.find("title").text() == svg.attrs["aria-label"]
    pipeline = chart_of(dom, "influenced_pipeline").attrs["aria-label"]
    assert pipeline == ("Influenced pipeline, last 6 quarters, oldest first: $310,000, $355,000, $420,000, $445,000, "
                        "$480,000, $230,000. This quarter so far $230,000, projected $460,000. Target $500,000.")


def test_chart_draws_pace_distinctly_against_the_target_line(dom):
    svg = chart_of(dom, "influenced_pipeline")
    # Scale: finished periods 310,000..480,000, pace 460,000 and target 500,000 -> low 310,000, high 500,000.
    # y = 4 + (500,000 - v) / 190,000 * 22 (height 30, padding 4): target at y 4; pace 460,000 at
    # 4 + 40/190*22 = 8.63 -> "8.6"; the current period sits at the right edge x = 120 - 5 = 115.
    target = svg.find("line", cls="spark-target")
    assert (target.attrs["y1"], target.attrs["y2"]) == ("4", "4")
    pace = svg.find("circle", cls="spark-proj")
    assert (pace.attrs["cx"], pace.attrs["cy"]) == ("115", "8.6")
    assert "s-at-risk" in pace.classes
    # The dashed segment starts at the last finished quarter: x = 115 - 22 = 93, y = 4 + 20/190*22 = 6.3.
    dash = svg.find("line", cls="spark-pace")
    assert (dash.attrs["x1"], dash.attrs["y1"], dash.attrs["x2"], dash.attrs["y2"]) == ("93", "6.3", "115", "8.6")
    # A mean metric has no pace beyond its actual: a filled dot, no hollow marker.
    conversion = chart_of(dom, "mql_to_sql")
    assert conversion.find_all("circle", cls="spark-proj") == []
    assert conversion.find_all("circle", cls="spark-now")
    assert chart_of(dom, "release_days").find("text").text() == "no data"


def test_hostile_text_stays_text(html, dom):
    assert dom.find_all("script") == [] and dom.find_all("i") == []
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    names = [r.find("td", cls="name").text() for r in dom.find_all("tr", cls="metric")]
    assert any(name.startswith(f"{HOSTILE_METRIC} per month") for name in names)
    assert articles(dom)[1].find("h2").text() == 'Globex <i>platform</i> & "integration"'
    assert HOSTILE_OWNER in dom.find("tr", where=lambda n: n.attrs.get("data-metric") == "active_customers").text()
    assert HOSTILE_PARTNER in articles(dom)[1].find("p", cls="meta").text()
    # In attributes too: the chart label round-trips to the exact hostile name.
    assert chart_of(dom, "active_customers").attrs["aria-label"].startswith(HOSTILE_METRIC + ", last 6 months")
    assert chart_of(dom, "installs").attrs["aria-label"].startswith(HOSTILE_QUOTED + ", last 6 months")
    assert chart_of(dom, HOSTILE_ID).find("title").text().startswith("Integration-attached ARR, last 6 quarters")
    assert "\x1b" not in html


def test_skipped_scorecards_are_reported(dom):
    box = dom.find("section", cls="skipped")
    assert "scorecards/<broken>.yaml:3:1 PS104 target: 'lots' is not a number" in box.text()


def test_status_and_class_names_come_from_a_whitelist():
    portfolio = single_partnership()
    evil = 'evil" onclick="alert(1)'
    portfolio.partnerships[0].status = evil
    portfolio.partnerships[0].metrics[0] = dataclasses.replace(portfolio.partnerships[0].metrics[0], status=evil)
    dom = parse(render_html(portfolio))
    row = dom.find("tr", cls="metric")
    assert row.attrs["data-status"] == "no-data"
    assert row.find("span", cls="badge").text() == "? Unknown"
    allowed = re.compile(r"[a-z][a-z0-9-]*")
    for node in dom.iter():
        for token in node.classes:
            assert allowed.fullmatch(token), token
        assert "evil" not in (node.attrs.get("class") or "") + (node.attrs.get("data-status") or "")


def test_print_rules_start_each_partnership_on_a_new_page(dom):
    css = dom.find("style").text()
    assert "@page { size: A4; margin: 12mm; }" in css
    print_rules = css[css.index("@media print"):]
    assert ".partnership.new-page { break-before: page; }" in print_rules
    # With a portfolio overview first, every partnership starts a page.
    pages = articles(dom)
    assert len(pages) >= 2 and all("new-page" in a.classes for a in pages)


def test_single_partnership_has_no_overview_and_no_leading_page_break():
    dom = parse(render_html(single_partnership()))
    assert dom.find_all("section", cls="portfolio") == []
    (article,) = articles(dom)
    assert "new-page" not in article.classes  # a blank first page would be printed otherwise
    assert dom.find("title").text() == "Northwind referrals — review, 2026-11-15"


def test_empty_portfolio_says_so():
    dom = parse(render_html(PortfolioReport(as_of=AS_OF, partnerships=[])))
    assert articles(dom) == []
    assert "No partnerships to report." in dom.find("body").text()


def test_a_partnership_too_long_for_a_page_is_shrunk_for_print_only():
    # Northwind (12 metrics, 3 decisions) fits a page at 100%; the densest allowed scorecard (24 metrics,
    # 12 decisions) is estimated far taller than the ~1,000 px of an A4 page and gets a zoom step.
    assert fit_class(build_portfolio().partnerships[0]) == ""
    assert estimated_height(dense()) > 1.5 * 1000
    dom = parse(render_html(PortfolioReport(as_of=AS_OF, partnerships=[dense()])))
    (article,) = articles(dom)
    step = next(c for c in article.classes if c.startswith("fit-"))
    css = dom.find("style").text()
    print_rules = css[css.index("@media print"):]
    assert f".partnership.{step} {{ zoom: {int(step[4:]) / 100}; }}" in print_rules
    assert "zoom" not in css[:css.index("@media print")]  # the screen view is never shrunk


def test_user_text_beside_figures_is_isolated_from_them():
    # A right-to-left name took the figures after it into its direction: "Conversion ratio 20.0 تحويل% vs
    # 30.0%". Names sit in <bdi> in the questions, the layer table and beside owners; attributes keep the
    # plain escaped text (no markup can go there).
    from partnerscore.report.result import Explanation
    from report_samples import metric, partnership
    from report_samples import portfolio as sample_portfolio

    name = "Conversion ratio تحويل <b>"
    rtl = metric("conversion", layer="driver", name=name, owner="مالك", unit="percent", actual=0.2,
                 projected=0.2, target=0.3, drives=["pipeline"])
    outcome = metric("pipeline", name="خط الأنابيب", status="off-track")
    drivers = [{"id": "conversion", "name": name, "status": "off-track", "projected": 0.2, "target": 0.3}]
    report = partnership(metrics=[outcome, rtl], partnership="شراكة Northwind",
                         explanations=[Explanation("pipeline", "off-track", drivers, "x")])
    html = render_html(sample_portfolio(report))
    escaped = "<bdi>Conversion ratio تحويل &lt;b&gt;</bdi>"
    assert re.search(r"Conversion ratio تحويل &lt;b&gt;</bdi> <span class=\"muted\">20\.0% vs 30\.0%", html)  # Q2
    assert f'<td class="name">{escaped}' in html  # the layer table
    assert "<li data-metric=\"pipeline\">" in html and "<bdi>خط الأنابيب</bdi><span class=\"figures\">" in html  # Q1
    assert "<b><bdi>خط الأنابيب</bdi></b> is off track" in html
    assert '<td class="owner"><bdi>مالك</bdi>' in html
    assert "<bdi>شراكة Northwind</bdi></h2>" in html  # the partnership's heading
    assert "<bdi" not in "".join(re.findall(r'\w+="[^"]*"', html))  # never inside an attribute
