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
