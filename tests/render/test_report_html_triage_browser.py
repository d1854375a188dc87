"""The triaged HTML report in a real browser (Chromium headless; skipped without it, as in
test_report_html_browser.py): a long portfolio keeps every page, and "Needs attention" and the table of
contents lead to them; the overview with its groups still prints on one page of its own."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the browser helpers of the sibling module
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import test_report_html_browser as browser_checks  # noqa: E402

from conftest import REPO, run_cli  # noqa: E402
from fixtures.html_dom import parse  # noqa: E402
from triage_project import AS_OF, Spec, write_project  # noqa: E402

browser = browser_checks.browser  # the fixture: Chromium's path, or the test is skipped
pdf_pages, run_browser = browser_checks.pdf_pages, browser_checks.run_browser


def test_long_portfolio_in_the_browser_links_every_entry_to_its_page(browser, tmp_path):
    # 30 partnerships: p00–p04 off track, p05–p11 at risk, the rest on track; grouped by status.
    specs = [Spec(f"p{i:02d}", "off-track" if i < 5 else "at-risk" if i < 12 else "on-track") for i in range(30)]
    root = write_project(tmp_path / "big", specs)
    out = tmp_path / "report.html"
    run = run_cli("report", "--as-of", AS_OF, "-f", "html", "--group-by", "status", "--output", str(out), cwd=root)
    assert run.code == 0, run.stderr
    dom = parse(run_browser(browser, out, "--dump-dom").stdout.decode("utf-8"))
    targets = {a.attrs["id"]: a for a in dom.find_all("article", cls="partnership")}
    assert len(targets) == 30
    toc = dom.find("nav", cls="toc")
    # One heading per group (status keys, sorted): at risk (7), off track (5), on track (18).
    assert [h.text() for h in toc.find_all("h3")] == ["at risk (7)", "off track (5)", "on track (18)"]
    links = [a.attrs["href"] for a in toc.find_all("a")]
    assert len(links) == 30 and {href[1:] for href in links} == set(targets)
    # Each contents entry carries the status of the page it leads to.
    for li in toc.find_all("li"):
        page = targets[li.find("a").attrs["href"][1:]]
        assert li.attrs["data-status"] == page.attrs["data-status"]
    # Needs attention: the first 10 of 12, off track first (ids break the tie), each a working link.
    items = dom.find("section", cls="attention").find_all("li")
    assert [li.attrs["data-partnership"] for li in items] == [f"p{i:02d}" for i in range(10)]
    assert all(li.find("a").attrs["href"][1:] in targets for li in items)
    assert dom.find("h2", where=lambda n: n.attrs.get("id") == "attention-title").text() == \
        "Needs attention (the first 10 of 12)"


def test_examples_grouped_still_print_the_overview_on_a_page_of_its_own(browser, tmp_path):
    out = tmp_path / "grouped.html"
    run = run_cli("report", "--as-of", "2026-11-20", "-f", "html", "--group-by", "type", "--output", str(out),
                  cwd=REPO)
    assert run.code == 0, run.stderr
    count = len(parse(out.read_text(encoding="utf-8")).find_all("article", cls="partnership"))
    assert count > 1
    assert pdf_pages(browser, out, tmp_path / "grouped.pdf") == count + 1
