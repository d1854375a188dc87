"""The HTML report in a real browser: Chromium headless loads it, dumps the DOM, screenshots and prints it.

Skipped when Chromium is not installed, except in CI (CI=true), where its absence is a failure.
The screenshot and PDF are kept under artifacts/ (gitignored) for a person to look at.

Also a script, to regenerate the README screenshot:
    python tests/test_report_html_browser.py docs/report-screenshot.png [REPORT.html]
(without REPORT.html it shows the hand-built fixture).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixtures/, also when run as a script
from fixtures.html_dom import parse  # noqa: E402
from fixtures.html_portfolio import AS_OF, build_portfolio, dense, single_partnership  # noqa: E402
from partnerscore.render.report_html import render_html  # noqa: E402
from partnerscore.report.result import PortfolioReport  # noqa: E402

REPO = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = REPO / "artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless, offline and quiet: no first-run UI, no background fetches, a fresh profile per run.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]
LABELS = {"on-track": "On track", "at-risk": "At risk", "off-track": "Off track", "no-data": "No data"}


def find_browser() -> str | None:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def browser() -> str:
    path = find_browser()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chromium on PATH: CI must install it (apt-get install chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium): real-browser check of the HTML report skipped")
    return path


def run_browser(browser: str, page: Path, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        proc = subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                              capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return proc


def write_page(html: str, folder: Path, name: str = "report.html") -> Path:
    path = folder / name
    path.write_text(html, encoding="utf-8")
    return path


def screenshot(browser: str, page: Path, png: Path, size: str = "1280,2000") -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    run_browser(browser, page, f"--screenshot={png}", f"--window-size={size}", "--hide-scrollbars")


def pdf_pages(browser: str, page: Path, pdf: Path) -> int:
    pdf.parent.mkdir(parents=True, exist_ok=True)
    run_browser(browser, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    # Chromium (Skia) writes one uncompressed `/Type /Page` dictionary per page (`/Pages` is the tree root).
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def png_size(png: Path) -> tuple[int, int]:
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])  # IHDR width and height


def test_browser_dom_has_every_partnership_metric_status_and_decision(browser, tmp_path):
    portfolio = build_portfolio(hostile=True)
    page = write_page(render_html(portfolio), tmp_path)
    dom = parse(run_browser(browser, page, "--dump-dom").stdout.decode("utf-8"))
    # The browser's own parse: hostile names did not become elements.
    assert dom.find_all("script") == [] and dom.find_all("img") == []
    articles = dom.find_all("article", cls="partnership")
    assert [a.find("h2").text() for a in articles] == [p.partnership for p in portfolio.partnerships]
    for report, article in zip(portfolio.partnerships, articles, strict=True):
        rows = article.find_all("tr", cls="metric")
        assert [r.attrs["data-metric"] for r in rows] == [m.id for m in report.metrics]
        for metric, row in zip(report.metrics, rows, strict=True):
            assert row.find("span", cls="badge").text().endswith(LABELS[metric.status])
            assert row.find("svg").attrs["aria-label"].startswith(metric.name + ", last ")
        table = article.find("section", cls="decisions")
        decisions = [r.find("td").text() for r in table.find_all("tr", cls="decision")]
        assert sorted(decisions) == sorted(d.what for d in report.open_decisions)
        assert len(article.find_all("tr", cls="decision-needed")) == len(report.decisions_needed)


def test_browser_screenshot_is_saved_as_an_artifact(browser, tmp_path):
    page = write_page(render_html(build_portfolio(hostile=True)), tmp_path)
    png = ARTIFACTS / "report-html.png"
    png.unlink(missing_ok=True)
    screenshot(browser, page, png)
    assert png_size(png) == (1280, 2000)
    # A blank 1280×2000 page compresses to a few KB; text, tables and charts take far more.
    assert png.stat().st_size > 100_000


def test_print_gives_each_partnership_one_page_after_the_overview(browser, tmp_path):
    # Cover page with the portfolio overview, then one page per partnership (break-before: page).
    page = write_page(render_html(build_portfolio(hostile=True)), tmp_path)
    assert pdf_pages(browser, page, ARTIFACTS / "report-html.pdf") == 1 + 2
    single = write_page(render_html(single_partnership()), tmp_path, "single.html")
    assert pdf_pages(browser, single, tmp_path / "single.pdf") == 1  # no blank first page


def test_the_fullest_scorecard_still_prints_on_one_page(browser, tmp_path):
    # 24 metrics, 12 decisions needed, 6 open decisions, 3 experiments: shrunk by its print zoom step.
    page = write_page(render_html(PortfolioReport(as_of=AS_OF, partnerships=[dense()])), tmp_path)
    assert pdf_pages(browser, page, ARTIFACTS / "report-html-dense.pdf") == 1


def examples_page(tmp_path: Path) -> Path:
    """The repository's examples as the CLI writes them for the November reviews."""
    from conftest import run_cli

    if not (REPO / "scorecards").is_dir():
        pytest.skip("no example scorecards in the repository")
    out = tmp_path / "review.html"
    run = run_cli("report", "--format", "html", "--as-of", "2026-11-20", "--output", str(out), cwd=REPO)
    assert run.code == 0, run.stderr
    return out


def test_examples_print_one_page_per_partnership(browser, tmp_path):
    out = examples_page(tmp_path)
    count = len(parse(out.read_text(encoding="utf-8")).find_all("article", cls="partnership"))
    assert count >= 1
    pages = pdf_pages(browser, out, ARTIFACTS / "examples-review.pdf")
    assert pages == count + (1 if count > 1 else 0), f"{count} partnerships printed on {pages} pages"


def test_examples_page_in_the_browser_has_every_partnership_status_and_decision(browser, tmp_path):
    # The page people actually look at: the repository's examples, as the CLI writes them, checked in
    # the browser's own DOM against the JSON report of the same day.
    import json

    from conftest import run_cli

    out = examples_page(tmp_path)
    expected = json.loads(run_cli("report", "--format", "json", "--as-of", "2026-11-20", cwd=REPO).stdout)
    dom = parse(run_browser(browser, out, "--dump-dom").stdout.decode("utf-8"))
    articles = dom.find_all("article", cls="partnership")
    assert [a.find("h2").text() for a in articles] == [p["partnership"] for p in expected["partnerships"]]
    for report, article in zip(expected["partnerships"], articles, strict=True):
        rows = article.find_all("tr", cls="metric")
        assert [r.attrs["data-metric"] for r in rows] == [m["id"] for m in report["metrics"]]
        for metric, row in zip(report["metrics"], rows, strict=True):
            assert row.find("span", cls="badge").text().endswith(LABELS[metric["status"]]), metric["id"]
        cells = [r.find("td") for r in article.find("section", cls="decisions").find_all("tr", cls="decision")]
        # Each open decision, with the metric it is meant to move under it when its note names one.
        shown = [(c.text(), [s.attrs["data-metric"] for s in c.find_all("small", cls="acts-on")]) for c in cells]
        assert len(shown) == len(report["open_decisions"])
        for d in report["open_decisions"]:
            [(text, metrics)] = [(t, m) for t, m in shown if t.startswith(d["what"])]
            assert metrics == ([d["metric"]] if d["metric"] else []), d["what"]
    # The examples show decisions that name their metric (the report then proposes nothing else for it).
    assert any(d["metric"] for p in expected["partnerships"] for d in p["open_decisions"])
    # The examples are meant to show the loop: one overdue decision (Kestrel) is marked as such.
    overdue = [d for p in expected["partnerships"] for d in p["open_decisions"] if d["overdue"]]
    assert len(overdue) == 1
    assert sum("Overdue" in r.text() for r in dom.find_all("tr", cls="decision")) == 1


def test_examples_in_the_browser_show_expected_last_period_and_the_glide_path(browser, tmp_path):
    # Issue 12 in the page people look at: Kestrel's 90-day deadline level against its glide path, Alder &
    # Finch's last quarter judged against the schedule entry in force then, and no reading called a pace.
    out = examples_page(tmp_path)
    dom = parse(run_browser(browser, out, "--dump-dom").stdout.decode("utf-8"))

    def row(metric_id):
        return dom.find("tr", where=lambda n: n.attrs.get("data-metric") == metric_id)

    accounts = row("active_accounts")
    # 420 + 580 × 47/90 = 722.89 on day 47; 1,000 is due on 29 Dec 2026.
    assert [td.text() for td in accounts.find_all("td", cls="num")] == [
        "781", "722.9", "1,111.3", "1,000 by 29 Dec 2026", "708 ▲36%"]
    assert accounts.find("svg").find_all("line", cls="spark-path")
    figures = dom.find("li", where=lambda n: n.attrs.get("data-metric") == "active_accounts").text()
    assert figures.endswith("781 on day 47 of 90; on the glide path 722.9 · projected 1,111.3 · "
                            "target 1,000 by 29 Dec 2026")
    # Q3's 99,000 against its own 100,000: at risk (against today's 120,000 it would be off track).
    assert row("referred_revenue").find("td", cls="last").text() == "$99,000 ▲20% · ! at risk"
    assert "pace" not in " ".join(svg.attrs["aria-label"] for svg in dom.find_all("svg", cls="spark"))
    # Every metric row has a last-period cell, and every partnership's tables the same nine columns.
    rows = dom.find_all("tr", cls="metric")
    assert all(len(r.find_all("td")) == 9 and r.find_all("td", cls="last") for r in rows)


# Measures, once the page has laid out, the box of each visible column header's text (which can overflow
# its cell) and writes them into the page, for --dump-dom to hand back. Added to a copy of the report.
MEASURE_HEADERS = """<script>
window.addEventListener("load", () => {
  const rows = [];
  document.querySelectorAll("table").forEach((table, t) => {
    table.querySelectorAll("thead th").forEach((th) => {
      if (getComputedStyle(th).display === "none") return;
      const text = document.createRange();
      text.selectNodeContents(th);
      const box = text.getBoundingClientRect();
      rows.push([t, th.textContent.trim(), box.left, box.right].join("|"));
    });
  });
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = rows.join(";");
  document.body.appendChild(out);
});
</script>"""


def header_boxes(browser: str, page: Path, width: int) -> dict[int, list[tuple[str, float, float]]]:
    """Per table, its visible column headers' text boxes (name, left, right) in CSS px, left to right."""
    measured = page.with_name(f"measured-{page.name}")
    measured.write_text(page.read_text(encoding="utf-8").replace("</body>", MEASURE_HEADERS + "</body>"),
                        encoding="utf-8")
    dom = parse(run_browser(browser, measured, f"--window-size={width},2000", "--dump-dom").stdout.decode("utf-8"))
    tables: dict[int, list[tuple[str, float, float]]] = {}
    for row in dom.find("pre", where=lambda n: n.attrs.get("id") == "measured").text().split(";"):
        table, name, left, right = row.split("|")
        tables.setdefault(int(table), []).append((name, float(left), float(right)))
    return tables


def test_examples_at_760_px_keep_every_column_header_apart(browser, tmp_path):
    # A laptop split screen or a tablet: the fixed columns squeezed "Expected" into "Projected".
    tables = header_boxes(browser, examples_page(tmp_path), 760)
    metric_tables = [boxes for boxes in tables.values() if boxes[0][0] == "Status"]
    assert len(metric_tables) >= 9  # three or four layers for each of the three examples
    for boxes in tables.values():
        for (name, _, right), (after, left, _) in zip(boxes, boxes[1:], strict=False):
            assert right <= left, f"{name!r} (ends at {right:.1f} px) runs into {after!r} (starts at {left:.1f})"
        assert boxes[-1][2] <= 760, f"{boxes[-1][0]!r} ends past the window"
    # Every figure column is still there (trend and owners give way at this width).
    assert [name for name, _, _ in metric_tables[0]] == ["Status", "Metric", "Actual", "Expected", "Projected",
                                                        "Target", "Last period"]


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    browser = find_browser()
    if browser is None:
        print("Chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    output = Path(argv[0]).resolve()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(argv[1]).resolve() if len(argv) > 1 else write_page(render_html(build_portfolio(False)),
                                                                         Path(folder))
        screenshot(browser, page, output, size="1280,1600")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
