"""The HTML report's figures in a real browser (Chromium headless, as test_report_html_browser.py): very
long figures never draw over their neighbours, on screen or in print, and a right-to-left name never
takes the figures beside it into its direction."""

from __future__ import annotations

import sys
from pathlib import Path

import test_report_html_browser as chromium
from test_report_html_browser import run_browser, write_page

browser = chromium.browser  # the fixture: Chromium's path, or a skip

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from fixtures.html_dom import parse  # noqa: E402
from partnerscore.render.report_html import render_html  # noqa: E402
from partnerscore.report.result import Explanation  # noqa: E402
from report_samples import metric, partnership, portfolio  # noqa: E402

# The QA report's driver: 15-digit figures, 19 to 21 characters with their commas (a fixed figure column
# holds about 9 at 900 px).
HUGE = dict(actual=267155557131633.0, projected=400733335697449.5, target=900000000000000.0,
            expected=600000000000000.0, elapsed=0.55, previous=253369599763982.0, baseline=500000000000000.0)

# After layout, each visible cell of a metric row whose content's box leaves its own cell (a figure drawn
# over its neighbour), and how far the page scrolls sideways; written into the page for --dump-dom.
MEASURE_CELLS = """<script>
window.addEventListener("load", () => {
  const out = [];
  document.querySelectorAll("tr.metric td").forEach((td) => {
    if (getComputedStyle(td).display === "none") return;
    const cell = td.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(td);
    for (const box of range.getClientRects()) {
      if (box.width && (box.left < cell.left - 0.5 || box.right > cell.right + 0.5))
        out.push(td.className + ":" + td.textContent.trim().slice(0, 30));
    }
  });
  const page = document.scrollingElement;
  out.push("page-overflow:" + (page.scrollWidth - page.clientWidth));
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = out.join(";");
  document.body.appendChild(pre);
});
</script>"""


def huge_page(folder: Path, print_layout: bool = False) -> Path:
    metrics = [metric("revenue", unit="JPY", period="quarter", actual=54114.0, projected=97617.0, target=100000.0),
               metric("huge", layer="driver", name="Huge count", **HUGE)]
    html = render_html(portfolio(partnership(metrics=metrics))).replace("</body>", MEASURE_CELLS + "</body>")
    if print_layout:  # the print rules on a screen as wide as an A4 page's text (210 - 2 × 12 mm, 703 px)
        html = html.replace("@media screen and", "@media not all and").replace("@media print", "@media all")
    return write_page(html, folder, "print.html" if print_layout else "screen.html")


def measured(browser_path: str, page: Path, width: int) -> list[str]:
    dom = parse(run_browser(browser_path, page, f"--window-size={width},2000", "--dump-dom").stdout.decode("utf-8"))
    return dom.find("pre", where=lambda n: n.attrs.get("id") == "measured").text().split(";")


def test_huge_figures_stay_in_their_cells_on_a_wide_screen(browser, tmp_path):
    # At 1280 px Actual, Expected, Projected and Target were drawn over one another.
    assert measured(browser, huge_page(tmp_path), 1280) == ["page-overflow:0"]


def test_huge_figures_stay_in_their_cells_and_the_page_does_not_scroll_at_800_px(browser, tmp_path):
    # At 800 px the table ran past the page: now the layer scrolls inside it, the page stays put.
    assert measured(browser, huge_page(tmp_path), 800) == ["page-overflow:0"]


def test_huge_figures_stay_in_their_cells_in_print(browser, tmp_path):
    assert measured(browser, huge_page(tmp_path, print_layout=True), 703) == ["page-overflow:0"]


# Each character's box of the first "20.0%" in a driver chip, left to right as the text runs.
MEASURE_FIGURE = """<script>
window.addEventListener("load", () => {
  const span = document.querySelector("ul.drivers li span.muted");
  const node = span.firstChild;
  const lefts = [];
  for (let i = 0; i < 5; i++) {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    lefts.push(range.getBoundingClientRect().left.toFixed(1));
  }
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = node.textContent.slice(0, 5) + "|" + lefts.join(",");
  document.body.appendChild(pre);
});
</script>"""


def test_a_right_to_left_name_leaves_the_figure_after_it_in_order(browser, tmp_path):
    # "Conversion ratio تحويل 20.0% vs 30.0%" was drawn "Conversion ratio 20.0 تحويل% vs 30.0%": the
    # name's Arabic word took the figure into its right-to-left run and the "%" went to its far end.
    rtl = metric("conversion", layer="driver", name="Conversion ratio تحويل", unit="percent", actual=0.2,
                 projected=0.2, target=0.3, drives=["pipeline"])
    drivers = [{"id": "conversion", "name": rtl.name, "status": "off-track", "projected": 0.2, "target": 0.3}]
    report = partnership(metrics=[metric("pipeline"), rtl],
                         explanations=[Explanation("pipeline", "off-track", drivers, "Pipeline is off track.")])
    html = render_html(portfolio(report)).replace("</body>", MEASURE_FIGURE + "</body>")
    page = write_page(html, tmp_path, "rtl.html")
    dom = parse(run_browser(browser, page, "--window-size=1280,2000", "--dump-dom").stdout.decode("utf-8"))
    figure, lefts = dom.find("pre", where=lambda n: n.attrs.get("id") == "measured").text().split("|")
    assert figure == "20.0%"
    # Left to right, each character a character's width (under 12 px at this size) after the one before;
    # reordered, the "%" sat the Arabic word's width away from "20.0".
    xs = [float(x) for x in lefts.split(",")]
    assert all(0 < b - a < 12 for a, b in zip(xs, xs[1:], strict=False)), f"20.0% is not drawn in one piece: {xs}"
