"""The CSV part of a lint run: which CSV each scorecard reads, each CSV read once, each rule run once.

- every scorecard of the run is checked against its CSV (``data`` rules), on its valid parts;
- every CSV is checked on its own once (parse problems and ``csv`` rules), however many scorecards
  share it, so a shared file never reports a problem twice;
- a CSV named on the command line that no scorecard of the run reads (pre-commit passes only the
  changed files) is matched to the scorecards of the scorecards folder that read it, and checked
  against them; only findings located in the CSV are reported then, since those scorecards were not
  asked for.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from partnerscore.core.diagnostics import Diagnostic
from partnerscore.data.table import CsvTable, read_csv
from partnerscore.io.paths import YAML_SUFFIXES, FileSet, covers_every_scorecard, display_path, real_path
from partnerscore.io.settings import Settings
from partnerscore.lint.rules.context import DataContext, ScorecardContext
from partnerscore.lint.rules.data import CsvContext
from partnerscore.lint.running import finding_to_diagnostic, run_rules
from partnerscore.model.program_file import ProgramCatalog
from partnerscore.model.scorecard_file import ScorecardFile, load_scorecard


class _Tables:
    """CSV tables by resolved path: read on first use, once per run."""

    def __init__(self) -> None:
        self.by_path: dict[Path, CsvTable] = {}

    def get(self, path: Path) -> CsvTable:
        key = real_path(path)
        if key not in self.by_path:
            self.by_path[key] = read_csv(key, display_path(path.absolute()))
        return self.by_path[key]


def _pair(sc: ScorecardFile, table: CsvTable, settings: Settings, as_of: date,
          sharing: frozenset[str] | None = None,
          elsewhere: dict[str, tuple[str, str]] | None = None) -> list[Diagnostic]:
    scorecard = ScorecardContext.of(sc, settings, as_of)
    if scorecard is None or scorecard.id is None:  # not a mapping, or no valid id to find its rows by
        return []
    data = DataContext(scorecard=scorecard, table=table, as_of=as_of, sharing=sharing,
                       elsewhere=elsewhere if sharing is not None else None)
    return run_rules("data", data, scorecard.doc, sc.display)


def _readers(pairs: list[tuple[ScorecardFile, Path]], complete: bool) -> dict[Path, frozenset[str]]:
    """The ids of the scorecards reading each CSV (by resolved path), when `pairs` is every scorecard that
    could read one; empty when it is not (a scorecard whose id or `data:` cannot be read may be one)."""
    if not complete:
        return {}
    found: dict[Path, set[str]] = {}
    for sc, data in pairs:
        if sc.partnership_id is None:
            return {}
        found.setdefault(real_path(data), set()).add(sc.partnership_id)
    return {path: frozenset(ids) for path, ids in found.items()}


def _scorecards_reading(csvs: set[Path], settings: Settings, skip: set[Path],
                        programs: ProgramCatalog) -> tuple[list[tuple[ScorecardFile, Path]], bool]:
    """Scorecards of the scorecards folder (other than `skip`) whose data file is one of `csvs`, each
    with that file; and whether every scorecard looked at says which file it reads."""
    folder = settings.folder("scorecards")
    if not folder.is_dir():
        return [], True
    reviews = real_path(settings.folder("reviews"))
    found = []
    every_one_known = True
    for path in sorted(folder.rglob("*")):
        resolved = real_path(path)
        if (path.suffix.lower() not in YAML_SUFFIXES or not path.is_file() or resolved in skip
                or resolved.is_relative_to(reviews)
                or any(part.startswith(".") for part in path.relative_to(folder).parts)):
            continue
        sc = load_scorecard(Path(display_path(path)), programs)
        data = sc.data_path(settings)  # None when its `data:` or id is invalid
        every_one_known = every_one_known and data is not None
        if data is not None and real_path(data) in csvs:
            found.append((sc, data))
    return found, every_one_known


def lint_data(loaded: list[ScorecardFile], files: FileSet, settings: Settings, as_of: date,
              programs: ProgramCatalog) -> list[Diagnostic]:
    tables = _Tables()
    diagnostics: list[Diagnostic] = []
    pairs = [(sc, data) for sc in loaded if (data := sc.data_path(settings)) is not None]
    complete = len(pairs) == len(loaded) and covers_every_scorecard(files, settings)
    readers = _readers(pairs, complete)
    where = {sc.partnership_id: (sc.display, display_path(data)) for sc, data in pairs
             if sc.partnership_id is not None} if readers else None
    for sc, data in pairs:
        diagnostics += _pair(sc, tables.get(data), settings, as_of, readers.get(real_path(data)), where)
    orphans = {real_path(p) for p in files.csvs} - set(tables.by_path)
    if orphans and not files.whole_project:
        skip = {real_path(sc.path) for sc in loaded}
        found, every_one_known = _scorecards_reading(orphans, settings, skip, programs)
        # Every other scorecard of the folder was looked at: an orphan's readers are all known if each said
        # which file it reads (and no scorecard of the run does: it would read the file, not leave it orphan).
        readers = _readers(found, complete=every_one_known and all(sc.data_path(settings) for sc in loaded))
        for sc, data in found:
            table = tables.get(data)
            diagnostics += [d for d in _pair(sc, table, settings, as_of, readers.get(real_path(data)))
                            if d.path == table.display]
    for path in sorted(orphans):
        tables.get(path)
    for table in tables.by_path.values():
        if table.missing:
            continue
        diagnostics += [finding_to_diagnostic(f, None, table.display) for f in table.problems]
        diagnostics += run_rules("csv", CsvContext(table=table, as_of=as_of), None, table.display)
    # A CSV both named and read by a scorecard, or read by two, gives each diagnostic once.
    return list(dict.fromkeys(diagnostics))
