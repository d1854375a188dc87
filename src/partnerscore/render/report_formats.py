"""`report --format NAME`: each format's renderer by name, imported only when it is chosen.

A renderer takes the `PortfolioReport` and returns the whole text. The table also has a terminal view
(`report_table.render_table`, Rich colour on a console); this is its plain text, for `--output` and pipes.
Importing lazily keeps `report --help` from loading Rich or the HTML templates.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from partnerscore.report.result import PortfolioReport

# name → (module in partnerscore.render, function)
REPORT_RENDERERS: dict[str, tuple[str, str]] = {
    "table": ("report_table", "table_text"),
    "markdown": ("report_markdown", "render_markdown"),
    "json": ("report_json", "render_json"),
    "csv": ("report_csv", "render_csv"),
    "html": ("report_html", "render_html"),
}


def report_renderer(name: str) -> Callable[[PortfolioReport], str]:
    module, function = REPORT_RENDERERS[name]
    renderer: Callable[[PortfolioReport], str] = getattr(import_module(f"partnerscore.render.{module}"), function)
    return renderer
