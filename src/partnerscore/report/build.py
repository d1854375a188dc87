"""Building the report: scorecards and their CSVs in, one `PortfolioReport` out. It never prints.

Which scorecards: those named (or found in named folders); for a CSV or decision note named on its own,
the scorecards it belongs to (a CSV by the scorecards' data paths, a note by its `reviews/<id>/` folder).
Invalid scorecards are skipped with their diagnostics, so one broken file never hides the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional, Protocol

from partnerscore.config import Settings
from partnerscore.diagnostics import Diagnostic, Severity
from partnerscore.model import Scorecard
from partnerscore.paths import FileSet, discover
from partnerscore.report.decisions import apply_decision_loop
from partnerscore.report.result import LAYER_NAMES, MetricReport, PartnershipReport, PortfolioReport
from partnerscore.scorecards import ScorecardFile, load_scorecard


class SeriesSource(Protocol):
    """What the builder needs from the data layer (`partnerscore.datastore.MetricStore`)."""

    def series_for(self, csv_path: Path, partnership_id: str) -> dict: ...


@dataclass
class Selection:
    scorecards: list[ScorecardFile] = field(default_factory=list)
    # CSVs and decision notes named on the command line that no scorecard claims.
    unmatched: list[str] = field(default_factory=list)
    named_scorecards: bool = False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def select_scorecards(files: FileSet, settings: Settings) -> Selection:
    """The scorecards to report, loaded; each file once even when named twice or claimed twice."""
    selection = Selection(named_scorecards=bool(files.scorecards))
    chosen: dict[Path, ScorecardFile] = {}
    for path in files.scorecards:
        chosen.setdefault(path.resolve(), load_scorecard(path))
    # With no paths every scorecard is already here; otherwise add the owners of named CSVs and notes.
    if not files.whole_project and (files.csvs or files.reviews):
        folder = settings.folder("scorecards")
        candidates = discover([folder], settings).scorecards if folder.is_dir() else []
        pool = [load_scorecard(p) for p in candidates if p.resolve() not in chosen]
        pool += list(chosen.values())
        for wanted in files.csvs:
            owners = [sc for sc in pool if sc.card and _same_file(sc.data_path(settings), wanted)]
            _claim(owners, wanted, chosen, selection)
        for wanted in files.reviews:
            # reviews/<id>/<date>.yaml: the folder names the partnership.
            owners = [sc for sc in pool if sc.card and sc.card.id == wanted.parent.name]
            _claim(owners, wanted, chosen, selection)
    selection.scorecards = list(chosen.values())
    return selection


def _claim(owners: list[ScorecardFile], wanted: Path, chosen: dict, selection: Selection) -> None:
    # Strays are worth a note only when the user named no scorecard: in `report .` a raw CSV that no
    # scorecard reads is normal, and lint (PS606) is where unused data is reported.
    if not owners and not selection.named_scorecards:
        selection.unmatched.append(wanted.as_posix())
    for sc in owners:
        chosen.setdefault(sc.path.resolve(), sc)


def is_reportable(sc: ScorecardFile) -> bool:
    """A scorecard with any loading error (even a duplicate key whose first value was kept) is not reported."""
    return sc.card is not None and not any(d.severity is Severity.ERROR for d in sc.diagnostics)


def metric_report(card: Scorecard, layer: str, metric, series: dict, settings: Settings, as_of: date) -> MetricReport:
    from partnerscore.status import evaluate_metric

    cadence = card.cadence_for(layer, metric)
    result = evaluate_metric(
        metric, series, as_of,
        default_tolerance=settings.tolerance,
        fiscal_year_start=card.fiscal_year_start or settings.fiscal_year_start,
        cadence=cadence,
        declared=card.metrics(),
    )
    return MetricReport(
        id=metric.id, layer=LAYER_NAMES[layer], name=metric.name, owner=metric.owner, unit=metric.unit,
        period=metric.period, period_start=result.period_start, period_end=result.period_end,
        actual=result.actual, projected=result.projected, target=metric.target, baseline=metric.baseline,
        status=result.status, stale=result.stale, last_date=result.last_date, previous=result.previous,
        history=list(result.history), partner_owner=metric.partner_owner, direction=metric.direction,
        cadence=cadence, when_off_track=metric.when_off_track, drives=list(getattr(metric, "drives", [])),
        formula=metric.formula,
    )


def partnership_report(sc: ScorecardFile, settings: Settings, as_of: date, store: SeriesSource) -> PartnershipReport:
    from partnerscore.status import worst_status

    card = sc.card
    assert card is not None
    data_path = sc.data_path(settings)
    # A missing data file is lint's business (PS601); here every metric simply has no data.
    series = store.series_for(data_path, card.id) if data_path is not None and data_path.is_file() else {}
    metrics = [metric_report(card, layer, m, series, settings, as_of) for layer, _, m in card.layer_items()]
    report = PartnershipReport(
        id=card.id, partnership=card.partnership, type=card.type,
        status=worst_status(m.status for m in metrics if m.layer == "outcome"),
        goal=card.goal, lead=card.lead, partner=card.partner, path=sc.display, metrics=metrics,
    )
    apply_decision_loop(report, card, settings, as_of)
    return report


def _duplicate_id(sc: ScorecardFile, first: ScorecardFile) -> Diagnostic:
    loc = ("id",)
    has_id = sc.doc is not None and loc in sc.doc.key_marks
    pos = sc.doc.position(loc if has_id else (), key=has_id) if sc.doc is not None else None
    return Diagnostic(sc.display, pos.line if pos else 1, pos.column if pos else 1, "PS211", Severity.ERROR,
                      f"partnership id '{sc.card.id}' is also used by {first.display}; not reported twice")


def build_portfolio(files: FileSet, settings: Settings, as_of: date,
                    store: Optional[SeriesSource] = None) -> PortfolioReport:
    """Every selected scorecard's report as of a day; invalid scorecards are listed in `skipped`."""
    selection = select_scorecards(files, settings)
    portfolio = PortfolioReport(as_of=as_of, partnerships=[], unmatched=selection.unmatched)
    seen: dict[str, ScorecardFile] = {}
    for sc in selection.scorecards:
        if not is_reportable(sc):
            portfolio.skipped.extend(sorted(sc.diagnostics, key=Diagnostic.sort_key))
            continue
        if sc.card.id in seen:
            portfolio.skipped.append(_duplicate_id(sc, seen[sc.card.id]))
            continue
        seen[sc.card.id] = sc
        if store is None:
            # pandas is imported here, only once there is a scorecard to compute.
            from partnerscore.datastore import MetricStore

            store = MetricStore()
        portfolio.partnerships.append(partnership_report(sc, settings, as_of, store))
    return portfolio
