"""The pull: each query file run on its source, its rows checked, merged into the partnership's data file.

One partnership's failure never stops the others: every query runs, and the exit code is the worst of
them (`PullResult.exit_code`). Nothing is written for a partnership with a problem, nothing at all under
`--dry-run` and `--check`, and an unchanged file is never rewritten. The changed files are written at
the end of the run, each once (two partnerships may share one), atomically. It never prints.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Mapping
from pathlib import Path

from partnerscore.core.collector import collector_paused
from partnerscore.core.errors import UserError
from partnerscore.data.table import MAX_CSV_BYTES, parse_csv
from partnerscore.io.paths import display_path, real_path
from partnerscore.io.query_files import SUFFIX, QueryFile, query_paths, read_query_file
from partnerscore.io.settings import Settings
from partnerscore.io.textfile import TextFileError, decode, no_file_to_read, read_bytes
from partnerscore.io.writing import write_many
from partnerscore.pull.connections import Connections
from partnerscore.pull.database import QueryFailed
from partnerscore.pull.merge import CannotMerge, Merged, merge_long, render_new
from partnerscore.pull.merge_wide import merge_wide
from partnerscore.pull.result import Mode, PartnershipPull, PullResult, State
from partnerscore.pull.rows import BadRows, Pulled, check_rows, first_rows, series_of
from partnerscore.pull.sources import Source, SourceError, resolve
from partnerscore.pull.statements import Refused
from partnerscore.pull.targets import Scorecards

_NOT_DATA = ("scorecards", "reviews", "programs", "queries")  # folder settings whose files pull never writes


def select_queries(settings: Settings, ids: list[str]) -> list[Path]:
    """The query files of `ids`, or every one of the queries folder; UserError when there are none."""
    folder = settings.folder("queries")
    shown = display_path(folder)
    if not ids:
        paths = query_paths(settings)
        if not paths:
            where = "no query files in" if folder.is_dir() else "no folder"
            raise UserError(f"{where} {shown}/; write {shown}/<id>.sql for a partnership (see docs/pull.md)")
        return paths
    for pid in ids:
        if not pid or Path(pid).name != pid or pid in (".", ".."):
            raise UserError(f"'{pid}' is not a partnership id (the name of a query file, without {SUFFIX})")
    missing = [pid for pid in ids if not (folder / f"{pid}{SUFFIX}").is_file()]
    if missing:
        raise UserError(f"no query file for {', '.join(missing)}: expected "
                        + ", ".join(f"{shown}/{pid}{SUFFIX}" for pid in missing))
    return [folder / f"{pid}{SUFFIX}" for pid in dict.fromkeys(ids)]


class _Files:
    """Data files as this run sees them: on disk, or as an earlier partnership of the run left them
    (two partnerships may share one file, and a dry run writes nothing)."""

    def __init__(self) -> None:
        self.pending: dict[Path, str] = {}
        self.bom: dict[Path, bool] = {}
        self.claimed: dict[Path, dict[str, str]] = {}  # a file -> the series pulled into it, by who pulled them
        self._folders: dict[Path, Path] = {}  # a folder -> its resolved path: 1,000 files share one folder
        # A file -> the digest of its bytes when this run read it (None: it did not exist), so that a file
        # someone saves while the queries run is not replaced by a text merged from its older self.
        self._seen: dict[Path, bytes | None] = {}

    def key(self, path: Path) -> Path:
        """The file's resolved path, which two spellings of one file share: its folder is resolved once
        per run, the file itself again only when it is a symlink."""
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = path.parent.resolve()
        return real_path(folder / path.name) if (folder / path.name).is_symlink() else folder / path.name

    def read(self, path: Path) -> str | None:
        key = self.key(path)
        if key in self.pending:
            return self.pending[key]
        if not path.exists():
            self._seen[key] = None
            return None
        try:
            raw = read_bytes(path, max_bytes=MAX_CSV_BYTES)
            self._seen[key] = _digest(raw)
            self.bom[key] = raw.startswith(codecs.BOM_UTF8)
            return decode(raw)
        except TextFileError as exc:
            raise CannotMerge(f"{display_path(path)}: {exc.message}") from None

    def keep(self, path: Path, text: str) -> None:
        self.pending[self.key(path)] = text

    def write(self) -> dict[Path, Exception]:
        """Write every changed file (with its byte-order mark, if it had one); the problems, by path. A file
        that changed on disk since this run read it is not written: its new text was merged from the old."""
        texts = {path: ("\ufeff" + text) if self.bom.get(path) else text for path, text in self.pending.items()}
        moved = {path: ChangedDuringRun(f"{display_path(path)} changed while pull ran (saved by someone or "
                                        "something else); nothing written to it, so that change is kept: run "
                                        "pull again")
                 for path in texts if path in self._seen and self._current(path) != self._seen[path]}
        problems: dict[Path, Exception] = dict(moved)
        problems.update(write_many({path: text for path, text in texts.items() if path not in moved}, force=True))
        return problems

    @staticmethod
    def _current(path: Path) -> bytes | None:
        """The digest of the file's bytes now (None: it does not exist); a file that can no longer be read
        counts as changed."""
        if not path.exists():
            return None
        try:
            return _digest(read_bytes(path, max_bytes=MAX_CSV_BYTES))
        except TextFileError:
            return b"unreadable"


class ChangedDuringRun(Exception):
    """A data file saved by someone else between this run's reading it and writing it."""


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def merge_into(path: Path, old: str | None, pulled: Pulled, partnership: str, *, shared: bool = False,
               claimed: Mapping[str, str] | None = None) -> Merged:
    """The data file's new text, with what changed; CannotMerge when the file cannot take the rows.
    `shared`: a new file is shared by several scorecards, so it gets a `partnership` column. `claimed`:
    the series other partnerships of this run pulled into the file, by series; a file without a
    `partnership` column cannot take the same series again (their rows would replace the others')."""
    fresh = render_new(pulled)
    if old is None:
        return Merged(text=render_new(pulled, partnership=partnership) if shared else fresh, added=len(pulled))
    taken = {name: who for name in pulled.series if (who := (claimed or {}).get(name, partnership)) != partnership}
    if old == fresh and not taken:  # a file holding only these rows, as a pull writes them: no parsing
        return Merged(text=old)
    table = parse_csv(old, path, display_path(path))
    if table.broken:
        problem = table.problems[0]
        raise CannotMerge(f"{display_path(path)}:{problem.position.line if problem.position else 1}: "
                          f"{problem.message}; fix the file first (partnerscore lint)")
    if taken and not table.shared:
        names = ", ".join(sorted(taken))
        raise CannotMerge(f"{display_path(path)} is also the data file of {', '.join(sorted(set(taken.values())))}, "
                          f"pulled earlier in this run, and has no partnership column, so {partnership}'s rows of "
                          f"{names} would replace theirs; add a partnership column (each row's scorecard id) "
                          "or give each scorecard its own data: file")
    merged = (merge_wide if table.form == "wide" else merge_long)(table, pulled, partnership)
    if not (merged.added or merged.changed or merged.removed):
        merged.text = old  # nothing to change: not even a missing last line break is added
    return merged


class Puller:
    def __init__(self, settings: Settings, mode: Mode, timeout: float, environ: Mapping[str, str]):
        self.settings = settings
        self.mode = mode
        self.environ = environ
        self.connections = Connections(settings.root, timeout)
        self.scorecards = Scorecards(settings)
        self.files = _Files()
        self.targets: dict[str, Path] = {}  # partnership -> its data file (resolved)
        self._sources: dict[tuple[bool, str | None], Source | SourceError] = {}
        self._root = settings.root.resolve()
        self._guarded: list[tuple[str, Path]] | None = None  # the folders pull never writes into, resolved

    def pull(self, path: Path) -> PartnershipPull:
        result = PartnershipPull(partnership=path.stem, query=display_path(path), state=State.FAILED)
        try:
            self._pull(path, result)
        except (SourceError, QueryFailed, UserError) as exc:
            result.state, result.problems = State.FAILED, [str(exc)]
        except Refused as exc:
            result.state, result.problems = State.FAILED, [f"refused before it ran: the query {exc}"]
        except BadRows as exc:
            result.state, result.problems = State.BAD_ROWS, exc.problems
        except CannotMerge as exc:
            result.state, result.problems = State.UNFIT, [str(exc)]
        return result

    def _pull(self, path: Path, result: PartnershipPull) -> None:
        try:
            query: QueryFile = read_query_file(path)
        except TextFileError as exc:
            raise UserError(f"cannot read the query file: {exc.message}") from None
        data = self.scorecards.data_file(query.partnership)
        if data is None:
            raise UserError(f"no scorecard in {self.settings.scorecards}/ has the id '{query.partnership}' "
                            "(PS801); a query file is named after its scorecard's id")
        result.data = display_path(data)
        self.targets[query.partnership] = self.files.key(data)
        result.file = str(self.targets[query.partnership])
        self._check_target(query.partnership, data, self.targets[query.partnership])
        source = self._source(query)
        with collector_paused():
            returned = self.connections.run(source, query.text)
            try:
                pulled: Pulled | None = check_rows(returned)
                bad: list[str] = []
            except BadRows as exc:  # the misspelt series are said too: every bad row at once, as lint does
                pulled, bad = None, exc.problems
        series = pulled.series if pulled is not None else series_of(returned)
        misspelt = self.scorecards.misspelt(query.partnership, series)
        if misspelt:  # checked like a CSV's rows: lint's PS606 error, so not written
            rows = first_rows(returned, set(misspelt))
            bad += [f"row {rows[name]}: {misspelt[name]}" for name in sorted(misspelt, key=rows.__getitem__)]
        if bad or pulled is None:
            raise BadRows(bad)
        result.rows, result.series = len(pulled), pulled.series
        if not len(pulled):
            result.state = State.NO_ROWS
            result.warnings.append("no rows: nothing changed (a filter that matches nothing looks the same)")
            return
        key = self.targets[query.partnership]
        old = self.files.read(data)
        # A new file that several scorecards share says whose each row is: without a partnership column,
        # every one of them would read (and each pull replace) the others' rows.
        shared = old is None and len(self.scorecards.sharing(self.files.key, key)) > 1
        claimed = self.files.claimed.setdefault(key, {})
        merged = merge_into(data, old, pulled, query.partnership, shared=shared, claimed=claimed)
        for name in pulled.series:
            claimed.setdefault(name, query.partnership)
        result.added, result.changed, result.removed = merged.added, merged.changed, merged.removed
        result.warnings.extend(merged.warnings)
        if merged.text == old:
            result.state = State.UNCHANGED
            return
        result.state = State.CHANGED
        self.files.keep(data, merged.text)

    def _check_target(self, partnership: str, data: Path, target: Path) -> None:
        """UserError unless `target` (`data` resolved) is a file pull may write: a .csv file inside the
        repository and outside the folders of scorecards, decision notes, programs and queries, which no
        command rewrites (a `data:` typo must not turn a settings file or a decision note into a CSV)."""
        if self._guarded is None:
            self._guarded = [(name, self.settings.folder(name).resolve()) for name in _NOT_DATA]
        # A FIFO would hang the query that reads it (DuckDB opens it and waits) and the merge: refused first.
        reason = no_file_to_read(data)
        if reason is not None:
            raise UserError(f"the data file {display_path(data)} {reason}; nothing written")
        if target.suffix.lower() != ".csv":
            reason = "is not a .csv file"
        elif not target.is_relative_to(self._root):
            reason = "is outside the repository"
        elif any(part.startswith(".") for part in target.relative_to(self._root).parts):
            reason = "is hidden, or in a hidden folder such as .git"
        else:
            for name, folder in self._guarded:
                if target.is_relative_to(folder):
                    reason = f"is inside the {name} folder"
                    break
        if reason is None:
            return
        scorecard, written = self.scorecards.where(partnership)
        named = f"{scorecard}: data: {written}" if written is not None else f"the data file {display_path(data)}"
        raise UserError(f"{named} {reason}; pull writes only .csv files inside the repository, outside its "
                        f"hidden entries and its {', '.join(_NOT_DATA[:-1])} and {_NOT_DATA[-1]} folders; "
                        "nothing written")

    def _source(self, query: QueryFile) -> Source:
        """The query's source; each source line is resolved once per run (the settings and the
        environment do not change during it), its error too."""
        key = (query.named_source, query.source)
        if key not in self._sources:
            try:
                self._sources[key] = resolve(query, self.settings, self.environ)
            except SourceError as exc:
                self._sources[key] = exc
        found = self._sources[key]
        if isinstance(found, SourceError):
            raise SourceError(str(found))
        return found

    def write(self, results: list[PartnershipPull]) -> None:
        """Write the changed files; a partnership whose file could not be written failed (exit 2)."""
        problems = self.files.write()
        for result in results:
            if result.state is not State.CHANGED:
                continue
            problem = problems.get(self.targets[result.partnership])
            if problem is None:
                result.written = True
            else:
                result.state, result.problems = State.FAILED, [str(problem)]

    def close(self) -> None:
        self.connections.close()


def run_pull(settings: Settings, ids: list[str], mode: Mode, timeout: float,
             environ: Mapping[str, str]) -> PullResult:
    """Pull every selected query file. UserError when none are found; database.MissingExtra without the
    `pull` extra."""
    paths = select_queries(settings, ids)
    puller = Puller(settings, mode, timeout, environ)
    try:
        results = [puller.pull(path) for path in paths]
    finally:
        puller.close()
    if mode is Mode.WRITE:
        puller.write(results)
    return PullResult(mode=mode, partnerships=results)
