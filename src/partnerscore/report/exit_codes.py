"""How a report run ends: the exit code (SPEC.md) and the message when there is nothing to report."""

from __future__ import annotations

from partnerscore.core.diagnostics import EXIT_FINDINGS, EXIT_OK
from partnerscore.core.vocabulary import STATUS_SEVERITY
from partnerscore.io.paths import FileSet
from partnerscore.io.settings import Settings
from partnerscore.report.result import PortfolioReport


def fail_on_hit(portfolio: PortfolioReport, level: str | None) -> bool:
    """True when a partnership's status is `level` or worse (off-track > at-risk; no-data never counts)."""
    if level is None:
        return False
    return any(STATUS_SEVERITY[p.status] >= STATUS_SEVERITY[level] for p in portfolio.partnerships)


def unjudged(portfolio: PortfolioReport, level: str | None) -> str | None:
    """Under --fail-on, the stderr line naming the partnerships with no data for any outcome, or None.

    SPEC.md ranks statuses off-track > at-risk > on-track and puts no-data after at-risk where it orders
    them (the attention list), so a partnership with no data is not "at this status or worse" and does not
    fail the gate; but a gate that passes because a CSV was deleted must not pass silently."""
    if level is None:
        return None
    empty = [p.id for p in portfolio.partnerships if p.status == "no-data"]
    if not empty:
        return None
    shown = ", ".join(empty[:5]) + (f" and {len(empty) - 5} more" if len(empty) > 5 else "")
    has = "has" if len(empty) == 1 else "have"
    return (f"--fail-on {level}: {shown} {has} no data for any outcome, so could not be judged and did not "
            "fail the gate; `partnerscore lint` names the data that is missing")


def exit_code(portfolio: PortfolioReport, fail_on: str | None) -> int:
    """1 when invalid scorecards were skipped, data or a decision note could not be used (SPEC.md: the
    report never hides bad data), or --fail-on is hit; else 0."""
    failed = portfolio.skipped or portfolio.problems or fail_on_hit(portfolio, fail_on)
    return EXIT_FINDINGS if failed else EXIT_OK


def nothing_found(files: FileSet, settings: Settings, portfolio: PortfolioReport) -> str:
    if portfolio.unmatched and not files.scorecards:
        return "no scorecard uses the files given; name a scorecard, or a CSV / decision note that one uses"
    if files.whole_project:
        return (f"no scorecards in {settings.scorecards}/; add one with `partnerscore init ID --type TYPE`")
    return "no scorecards found in the paths given"
