"""Building the report: scorecards and their CSVs in, one `PortfolioReport` out. It never prints.

Which scorecards: those named (or found in named folders); for a CSV or decision note named on its own,
the scorecards it belongs to (a CSV by the scorecards' data paths, a note by its `reviews/<id>/` folder).
Invalid scorecards are skipped with their diagnostics, so one broken file never hides the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from partnerscore.core.collector import collector_paused
from partnerscore.core.diagnostics import Diagnostic, Severity
from partnerscore.core.vocabulary import LAYER_SINGULAR
from partnerscore.data.store import MetricStore
from partnerscore.io.paths import FileSet, covers_every_scorecard, discover, display_path, is_symlink_loop, real_path
from partnerscore.io.settings import Settings
from partnerscore.model.program_file import ProgramCatalog
from partnerscore.model.review_file import review_history
from partnerscore.model.scorecard import Scorecard
from partnerscore.model.scorecard_file import ScorecardFile, load_scorecard
from partnerscore.report.decisions import apply_decision_loop
from partnerscore.report.result import LeftOut, MetricReport, PartnershipReport, PortfolioReport


class SeriesSource(Protocol):
    """What the builder needs from the data layer (`partnerscore.data.store.MetricStore`; it also calls
    `prefetch(path)`, `read_any(path)` and `close()` when the store has them)."""

    def series_for(self, csv_path: Path, partnership_id: str) -> dict: ...


@dataclass
class Selection:
    scorecards: list[ScorecardFile] = field(default_factory=list)
    # CSVs and decision notes named on the command line that no scorecard claims.
    unmatched: list[str] = field(default_factory=list)
    named_scorecards: bool = False


def _same_file(a: Path | None, b: Path) -> bool:
    if a is None:
        return False
    try:
        return real_path(a) == real_path(b)
    except OSError:
        return False


def select_scorecards(files: FileSet, settings: Settings,
                      on_load: Callable[[ScorecardFile], None] | None = None) -> Selection:
    """The scorecards to report, loaded; each file once even when named twice or claimed twice.

    `on_load` sees each named scorecard as soon as it is loaded (the data layer may start reading its CSV).
    """
    selection = Selection(named_scorecards=bool(files.scorecards))
    chosen: dict[Path, ScorecardFile] = {}
    folders: dict[Path, Path] = {}
    programs = ProgramCatalog.on_disk(settings)  # each program read once in this run
    for path in files.scorecards:
        key = _resolved(path, folders)
        if key not in chosen:
            chosen[key] = loaded = load_scorecard(path, programs)
            if on_load is not None:
                on_load(loaded)
    # With no paths every scorecard is already here; otherwise add the owners of named CSVs and notes,
    # and the scorecards that extend a named program.
    if not files.whole_project and (files.csvs or files.reviews or files.programs):
        folder = settings.folder("scorecards")
        candidates = discover([folder], settings).scorecards if folder.is_dir() else []
        pool = [load_scorecard(p, programs) for p in candidates if real_path(p) not in chosen]
        named = {real_path(f) for f in files.programs}
        extended = programs.descendants({p.id for p in programs.programs() if real_path(p.source.path) in named})
        for sc in pool:
            if sc.program is not None and set(sc.program.chain) & extended:
                chosen.setdefault(real_path(sc.path), sc)
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


def _resolved(path: Path, folders: dict[Path, Path]) -> Path:
    """`real_path(path)`, resolving each folder once (a 1,000-file folder is one lookup, not 1,000)."""
    if path.is_symlink():
        return real_path(path)
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = real_path(path.parent)
    return folder / path.name


def _claim(owners: list[ScorecardFile], wanted: Path, chosen: dict, selection: Selection) -> None:
    # Strays are worth a note only when the user named no scorecard: in `report .` a raw CSV that no
    # scorecard reads is normal, and lint (PS606) is where unused data is reported.
    if not owners and not selection.named_scorecards:
        selection.unmatched.append(wanted.as_posix())
    for sc in owners:
        chosen.setdefault(real_path(sc.path), sc)


def is_reportable(sc: ScorecardFile) -> bool:
    """A scorecard with any loading error (even a duplicate key whose first value was kept), or that extends
    a program with one, is not reported."""
    return sc.card is not None and not any(d.severity is Severity.ERROR for d in sc.diagnostics) \
        and not sc.program_errors


def skip_reasons(sc: ScorecardFile) -> list[Diagnostic]:
    """Why a scorecard is not reported: its own errors, and its program's at its `extends:` line."""
    own = sorted(sc.diagnostics, key=Diagnostic.sort_key)
    merged = sc.program_problem()
    return own + ([merged] if merged is not None else [])


def metric_report(card: Scorecard, layer: str, metric, series: dict, settings: Settings, as_of: date,
                  declared: dict | None = None) -> MetricReport:
    """One metric's report; `declared` is `card.metrics()`, which callers reporting many metrics pass once."""
    from partnerscore.calc.status import evaluate_metric

    cadence = card.cadence_for(layer, metric)
    result = evaluate_metric(
        metric, series, as_of,
        default_tolerance=settings.tolerance,
        fiscal_year_start=card.fiscal_year_start or settings.fiscal_year_start,
        cadence=cadence,
        declared=card.metrics() if declared is None else declared,
    )
    return MetricReport(
        id=metric.id, layer=LAYER_SINGULAR[layer], name=metric.name, owner=metric.owner, unit=metric.unit,
        period=metric.period, period_start=result.period_start, period_end=result.period_end,
        actual=result.actual, projected=result.projected, target=result.target, baseline=metric.baseline,
        status=result.status, stale=result.stale, last_date=result.last_date, previous=result.previous,
        history=list(result.history), partner_owner=metric.partner_owner, direction=metric.direction,
        # Only drivers have `drives`; asking any other metric for it goes through pydantic's slow
        # __getattr__ (an AttributeError raised and caught, for most metrics).
        cadence=cadence, when_off_track=metric.when_off_track, drives=list(metric.__dict__.get("drives", ())),
        formula=metric.formula, aggregation=metric.effective_aggregation,
        expected=result.expected, stretch=metric.stretch, stretch_met=result.stretch_met, by=metric.by,
        elapsed=result.elapsed, previous_status=result.previous_status, history_targets=list(result.history_targets),
        value_problem=result.problem,
    )


def partnership_report(sc: ScorecardFile, settings: Settings, as_of: date, store: SeriesSource,
                       data: _DataFiles | None = None, sharing: frozenset[str] | None = None) -> PartnershipReport:
    """One partnership's report. `sharing`: the ids of every scorecard reading its data file, when the
    report knows them all (then rows of that file spelt almost like this id are named as lost)."""
    from partnerscore.calc.status import worst_status

    card = sc.card
    assert card is not None
    data_path = sc.data_path(settings)
    # A missing data file is lint's business (PS601); here every metric simply has no data.
    exists = data.exists(data_path) if data is not None else _readable(data_path)
    series = store.series_for(data_path, card.id) if exists and data_path is not None else {}
    declared = card.metrics()
    metrics = [metric_report(card, layer, m, series, settings, as_of, declared)
               for layer, _, m in card.layer_items()]
    _mark_formula_problems(metrics, card, series, data_path)
    report = PartnershipReport(
        id=card.id, partnership=card.partnership, type=card.type, program=card.extends,
        status=worst_status(m.status for m in metrics if m.layer == "outcome"),
        goal=card.goal, lead=card.lead, partner=card.partner, path=sc.display, metrics=metrics,
        data_path=data_path,
    )
    if exists and data_path is not None:
        _name_left_out(report, sc, series, data_path, store, sharing, data)
    apply_decision_loop(report, card, review_history(settings, card.id, as_of), as_of)
    return report


def _mark_formula_problems(metrics: list[MetricReport], card: Scorecard, series: dict,
                           data_path: Path | None) -> None:
    """Set `formula_problem` on each metric whose formula lint rejects (PS607), with lint's words: such a
    metric can never have a value, and the fix is in the scorecard, not in the data."""
    from partnerscore.calc.formula_check import formula_problems

    with_formula = [m for m in metrics if m.formula is not None]
    if not with_formula:
        return
    name = _shown(data_path) if data_path is not None else "its data file"
    problems = formula_problems([(m.id, m.formula or "") for m in with_formula], set(card.metrics()),
                                set(series) or None, name)
    for metric, messages in zip(with_formula, problems, strict=True):
        if messages:
            metric.formula_problem = "; ".join(messages)


def _name_left_out(report: PartnershipReport, sc: ScorecardFile, series: dict, data_path: Path,
                   store: SeriesSource, sharing: frozenset[str] | None = None, data: _DataFiles | None = None) -> None:
    """The rows of the partnership's CSV the report could not use, and the series it did read but no metric
    asks for although one is spelt almost the same (lint's PS606 as an error: a typo that loses data)."""
    from partnerscore.calc.formula import formula_series
    from partnerscore.core.text import closest
    from partnerscore.data.problems import unknown_partnership_message, unused_series_message

    card = sc.card
    assert card is not None
    problems_of = getattr(store, "problems", None)
    found = problems_of(data_path) if problems_of is not None else None
    rows: dict[str, int] = {}
    unusable = None
    if found:
        report.problems = found.diagnostics_for(card.id)
        rows = found.left_out(card.id)
        if found.whole_file:
            unusable = next((f"{d.rule} {d.message}" for d in report.problems), None)
    declared = card.metrics()
    used = set(declared).union(*(formula_series(m.formula) for m in declared.values() if m.formula))
    misspelt = {name: close for name in sorted(set(series) - used) if (close := closest(name, used))}
    if misspelt:
        lint_reading = store.problems_found(data_path)  # type: ignore[attr-defined]
        for name, close in misspelt.items():
            where = lint_reading.series_position(card.id, name)
            report.problems.append(Diagnostic(lint_reading.display, where.line, where.column, "PS606",
                                              Severity.ERROR, unused_series_message(name, sc.display, close)))
            rows["misspelt series"] = rows.get("misspelt series", 0) + len(series[name].days)
    for name, values in _misspelt_partnerships(card.id, data_path, store, sharing, data).items():
        lint_reading = store.problems_found(data_path)  # type: ignore[attr-defined]
        where = lint_reading.partnership_position(name)
        report.problems.append(Diagnostic(lint_reading.display, where.line, where.column, "PS606", Severity.ERROR,
                                          unknown_partnership_message(name, values, card.id)))
        rows[f"under misspelt partnership '{name}'"] = values
    report.problems.sort(key=Diagnostic.sort_key)
    if rows or unusable or report.problems:
        report.left_out = LeftOut(_shown(data_path), rows, unusable)


def _misspelt_partnerships(pid: str, data_path: Path, store: SeriesSource, sharing: frozenset[str] | None,
                           data: _DataFiles | None = None) -> dict[str, int]:
    """The `partnership` values of a shared CSV that are no reader's id and spelt most like `pid` (lint's
    PS606 as an error), with how many values each holds: rows this partnership loses to a typo."""
    from partnerscore.core.text import typo_of

    partnerships_in = getattr(store, "partnerships_in", None)
    if sharing is None or partnerships_in is None:
        return {}
    lost = {}
    strangers = (data.strangers(data_path, sharing) if data is not None
                 else [name for name in partnerships_in(data_path) if name not in sharing])
    for name in strangers:
        if typo_of(name, sharing) == pid:
            lost[name] = sum(len(s.days) for s in store.series_for(data_path, name).values())
    return lost


def _readers(scorecards: list[ScorecardFile], settings: Settings) -> dict[Path, frozenset[str]]:
    """The ids of the scorecards reading each data file (by resolved path); empty when some scorecard does
    not say which file it reads (its id or `data:` cannot be read: it may be one)."""
    found: dict[Path, set[str]] = {}
    for sc in scorecards:
        path = sc.data_path(settings)
        if path is None or sc.partnership_id is None:
            return {}
        found.setdefault(real_path(path), set()).add(sc.partnership_id)
    return {path: frozenset(ids) for path, ids in found.items()}


def _sharing(sc: ScorecardFile, settings: Settings, readers: dict[Path, frozenset[str]]) -> frozenset[str] | None:
    path = sc.data_path(settings)
    return readers.get(real_path(path)) if path is not None and readers else None


def _duplicate_id(sc: ScorecardFile, first: ScorecardFile) -> Diagnostic:
    loc = ("id",)
    has_id = sc.doc is not None and loc in sc.doc.key_marks
    pos = sc.doc.position(loc if has_id else (), key=has_id) if sc.doc is not None else None
    assert sc.card is not None
    return Diagnostic(sc.display, pos.line if pos else 1, pos.column if pos else 1, "PS211", Severity.ERROR,
                      f"partnership id '{sc.card.id}' is also used by {first.display}; not reported twice")


@lru_cache(maxsize=4096)
def _shown(path: Path) -> str:
    """A data file as the user names it, worked out once per file: 1,000 scorecards may share one."""
    return display_path(path.absolute())


def _readable(path: Path | None) -> bool:
    """Whether the data file is there to be read, as lint sees it: anything but a folder (a named pipe
    too, and a symlink loop), so that the report reads, or names the problem with, every file lint does."""
    return path is not None and (path.exists() or is_symlink_loop(path)) and not path.is_dir()


class _DataFiles:
    """The report's data files, each looked at once however many scorecards share it (1,000 may)."""

    def __init__(self, settings: Settings, store: SeriesSource):
        self.settings = settings
        self.store = store
        self._exists: dict[Path, bool] = {}
        self._strangers: dict[Path, list[str]] = {}

    def exists(self, path: Path | None) -> bool:
        if path is None:
            return False
        found = self._exists.get(path)
        if found is None:
            found = self._exists[path] = _readable(path)
        return found

    def strangers(self, path: Path, sharing: frozenset[str]) -> list[str]:
        """The `partnership` values of a shared CSV that are no reader's id: worked out once per file, not
        once per partnership (1,000 partnerships may share one file)."""
        found = self._strangers.get(path)
        if found is None:
            in_file = self.store.partnerships_in(path)  # type: ignore[attr-defined]
            found = self._strangers[path] = [name for name in in_file if name not in sharing]
        return found

    def prefetch(self, sc: ScorecardFile) -> None:
        """Tell the store a reportable scorecard's data file will be needed (it may start reading it)."""
        if not is_reportable(sc):
            return
        path = sc.data_path(self.settings)
        prefetch = getattr(self.store, "prefetch", None)
        if prefetch is not None and self.exists(path):
            prefetch(path)


def build_portfolio(files: FileSet, settings: Settings, as_of: date,
                    store: SeriesSource | None = None) -> PortfolioReport:
    """Every selected scorecard's report as of a day; invalid scorecards are listed in `skipped`.

    Without a `store`, a MetricStore of its own. Whichever store it uses, a child process the store
    started for this build is ended when the build ends, however it ends."""
    source: SeriesSource = MetricStore() if store is None else store
    try:
        with collector_paused():
            return _build_portfolio(files, settings, as_of, source)
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()


def _build_portfolio(files: FileSet, settings: Settings, as_of: date, source: SeriesSource) -> PortfolioReport:
    data = _DataFiles(settings, source)
    selection = select_scorecards(files, settings, on_load=data.prefetch)
    portfolio = PortfolioReport(as_of=as_of, partnerships=[], unmatched=selection.unmatched)
    seen: dict[str, ScorecardFile] = {}
    reported: list[ScorecardFile] = []
    for sc in selection.scorecards:
        if sc.card is None or not is_reportable(sc):
            portfolio.skipped.extend(skip_reasons(sc))
        elif sc.card.id in seen:
            portfolio.skipped.append(_duplicate_id(sc, seen[sc.card.id]))
        else:
            seen[sc.card.id] = sc
            reported.append(sc)
    # Nothing from here on reads a scorecard's YAML document (its positions are for diagnostics, all
    # made by now): free them here, while a child process may still be reading the CSV, rather than
    # after the numbers are in.
    for sc in reported:
        sc.doc = None
    # Which scorecards read each file is known only when every scorecard of the project was selected.
    readers = _readers(selection.scorecards, settings) if covers_every_scorecard(files, settings) else {}
    portfolio.partnerships = [partnership_report(sc, settings, as_of, source, data, _sharing(sc, settings, readers))
                              for sc in reported]
    return portfolio
