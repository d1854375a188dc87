"""The HTML report's portfolio overview: what a filter kept, "Needs attention" (linked to the pages), the
counts per group, and for a long portfolio a table of contents in place of the tiles. Every page stays:
the HTML is where a reader goes for the ones table and Markdown leave out.
"""

from __future__ import annotations

from partnerscore.render.html_parts import badge, name, status_info, text
from partnerscore.render.report_overview import (
    COUNT_COLUMNS,
    NOTHING_NEEDS_ATTENTION,
    attention_title,
    count_rows,
    counts_title,
    filter_sentence,
    group_label,
)
from partnerscore.report.overview import PortfolioOverview
from partnerscore.report.result import PartnershipReport, PortfolioReport

PORTFOLIO_CSS = """
.filtered { color: var(--muted); margin: -8px 0 16px; }
.attention { margin-bottom: 24px; }
.attention ol { margin: 8px 0 0; padding-left: 26px; }
.attention li { padding: 4px 0; border-top: 1px solid var(--soft); }
.attention li:first-child { border-top: 0; }
.attention li a { font-weight: 600; margin-right: 6px; }
.attention .why { display: block; color: var(--muted); font-size: 13px; }
table.groups { width: auto; min-width: 50%; margin: 4px 0 14px; }
table.groups tr.total td { font-weight: 650; border-top: 1px solid var(--ink); }
.toc { columns: 250px; column-gap: 24px; }
.toc h3 { break-after: avoid; margin: 10px 0 4px; }
.toc ol { list-style: none; margin: 0; padding: 0; }
.toc li { break-inside: avoid; padding: 2px 0; font-size: 13px; }
.toc li a { text-decoration: none; }
@media print {
  .attention li, .toc li { padding: 1px 0; }
  .attention .why, .toc li { font-size: 8.5px; }
}
"""


def filter_note(portfolio: PortfolioReport) -> str:
    said = filter_sentence(portfolio)
    return f'<p class="filtered">{text(said)}</p>' if said else ""


def attention_section(overview: PortfolioOverview, anchor_of: dict[str, str]) -> str:
    """The first of `attention`, each linked to its page, with its reason."""
    title = f'<h2 id="attention-title">{text(attention_title(overview))}</h2>'
    if not overview.attention:
        content = f'<p class="none">{text(NOTHING_NEEDS_ATTENTION)}</p>'
    else:
        items = "".join(
            f'<li data-partnership="{text(item.id)}"><a href="#{anchor_of[item.id]}">{name(item.partnership)}</a>'
            f'{badge(item.status)}<span class="why">{text(item.reason)}</span></li>'
            for item in overview.shown
        )
        content = f"<ol>{items}</ol>"
    return f'<section class="attention" aria-labelledby="attention-title">{title}{content}</section>'


def groups_table(overview: PortfolioOverview) -> str:
    """The counts per group (with --group-by; without it the status badges above say the same)."""
    if not overview.group_by:
        return ""
    head = "".join(f'<th class="num">{title}</th>' for title in COUNT_COLUMNS)
    rows = "".join(
        ('<tr class="total">' if row.is_total else "<tr>") + f"<td>{name(row.label)}</td>"
        + "".join(f'<td class="num">{n}</td>' for n in (row.total, *row.counts)) + "</tr>"
        for row in count_rows(overview)
    )
    return (f'<table class="groups" aria-label="{text(counts_title(overview))}"><thead><tr>'
            f'<th>{text(overview.group_by.capitalize())}</th>{head}</tr></thead><tbody>{rows}</tbody></table>')


def contents(portfolio: PortfolioReport, overview: PortfolioOverview, anchor_of: dict[str, str]) -> str:
    """A compact table of contents, a link per page (per group with --group-by), for a long portfolio."""
    by_id = {p.id: p for p in portfolio.partnerships}
    parts: list[tuple[str | None, list[PartnershipReport]]] = [(None, portfolio.partnerships)]
    if overview.groups:
        parts = [(group_label(g.key, overview.group_by), [by_id[i] for i in g.ids]) for g in overview.groups]
    html = []
    for label, reports in parts:
        heading = f"<h3>{text(label)} <span>({len(reports)})</span></h3>" if label is not None else ""
        html.append(heading + "<ol>" + "".join(_entry(p, anchor_of[p.id]) for p in reports) + "</ol>")
    return f'<nav class="toc" aria-label="Contents">{"".join(html)}</nav>'


def _entry(p: PartnershipReport, anchor: str) -> str:
    css, label, icon = status_info(p.status)
    return (f'<li data-status="{css}"><a href="#{anchor}"><span class="badge s-{css}" title="{label}">'
            f'<span class="icon" aria-hidden="true">{icon}</span>{label}</span> {name(p.partnership)}</a></li>')

