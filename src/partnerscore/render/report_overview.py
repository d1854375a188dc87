"""What the human report formats say about the portfolio as a whole, worded once: "Needs attention", the
counts per group, what a filter kept, and which pages a long portfolio shows. Each format only styles it.

Everything here returns raw (unescaped) user text: each renderer escapes for its own medium.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerscore.core.values import status_label
from partnerscore.core.vocabulary import STATUS_DISPLAY_ORDER
from partnerscore.core.words import plural
from partnerscore.report.overview import ATTENTION_SHOWN, PortfolioOverview
from partnerscore.report.result import PartnershipReport, PortfolioReport

# Beyond this many partnerships, table and Markdown show only the pages of "Needs attention" (SPEC.md).
LONG_PORTFOLIO = 25
COUNT_COLUMNS = ("Partnerships", "Off track", "At risk", "On track", "No data")
NOTHING_NEEDS_ATTENTION = ("Nothing needs attention: no partnership is off track or at risk, or has an overdue "
                           "decision, a stale outcome or an overdue review.")


def shows_overview(portfolio: PortfolioReport) -> bool:
    """One partnership is its own page; the overview comes with several."""
    return len(portfolio.partnerships) > 1


def is_long(portfolio: PortfolioReport) -> bool:
    return len(portfolio.partnerships) > LONG_PORTFOLIO


def pages(portfolio: PortfolioReport, overview: PortfolioOverview) -> list[PartnershipReport]:
    """The partnership pages table and Markdown print: every one, or for a long portfolio only those
    "Needs attention" lists, in its order."""
    if not is_long(portfolio):
        return portfolio.partnerships
    by_id = {p.id: p for p in portfolio.partnerships}
    return [by_id[item.id] for item in overview.shown]


def attention_title(overview: PortfolioOverview) -> str:
    total = len(overview.attention)
    return "Needs attention" + (f" (the first {ATTENTION_SHOWN} of {total})" if total > ATTENTION_SHOWN else "")


def skipped_title(portfolio: PortfolioReport) -> str | None:
    """`1 problem kept some scorecards out of this report`; None when every scorecard was reported. The
    saved report says it too (stderr does not reach a file, a PR comment or a step summary)."""
    if not portfolio.skipped:
        return None
    return f"{plural(len(portfolio.skipped), 'problem')} kept some scorecards out of this report"


SKIPPED_ADVICE = "Run `partnerscore lint` to see and fix them."


def filter_sentence(portfolio: PortfolioReport) -> str | None:
    """`Only --where type=referral --owner 'Dana Lee': 4 of 30 partnerships.`; None when nothing is filtered."""
    if portfolio.filtered_from is None:
        return None
    return (f"Only {' '.join(portfolio.filters)}: {len(portfolio.partnerships)} of "
            f"{plural(portfolio.filtered_from, 'partnership')}.")


def rest_sentence(portfolio: PortfolioReport, overview: PortfolioOverview) -> str | None:
    """For a long portfolio, which pages follow and how to see the others; None when every page does."""
    if not is_long(portfolio):
        return None
    shown = len(overview.shown)
    which = (f"the pages of the {plural(shown, 'partnership')} that need attention most follow"
             if shown else "no partnership needs attention, so no page follows")
    return (f"{plural(len(portfolio.partnerships), 'partnership')}: {which}. See any other with "
            "`partnerscore report --where id=ID`, or every page with "
            "`partnerscore report --format html --output report.html`.")


def counts_title(overview: PortfolioOverview) -> str:
    return f"Status counts by {overview.group_by}" if overview.group_by else "Status counts"


@dataclass(frozen=True)
class CountRow:
    label: str
    total: int
    counts: tuple[int, ...]  # in STATUS_DISPLAY_ORDER: off track, at risk, on track, no data
    is_total: bool = False


def group_label(key: str | None, group_by: str | None) -> str:
    if key is None:
        return f"(no {group_by})"
    return status_label(key) if group_by == "status" else key


def count_rows(overview: PortfolioOverview) -> list[CountRow]:
    """One row per group, then the whole portfolio's (the only row without --group-by)."""
    rows = [CountRow(group_label(g.key, overview.group_by), g.total,
                     tuple(g.counts[s] for s in STATUS_DISPLAY_ORDER)) for g in overview.groups]
    totals = tuple(overview.counts[s] for s in STATUS_DISPLAY_ORDER)
    rows.append(CountRow("All" if rows else "All partnerships", sum(totals), totals, is_total=True))
    return rows
