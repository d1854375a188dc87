"""The two sides of `partnerscore diff`: scorecards at a git revision and in the working tree.

Each side is read and validated the same way as `lint` does; a scorecard that cannot be read on one
side becomes an `invalid` change (with its file, line and message) and the rest is still compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

from partnerscore.core.diagnostics import Diagnostic, Severity
from partnerscore.diff.compare import Version
from partnerscore.diff.result import Change
from partnerscore.io.git import GitError, Repo
from partnerscore.io.paths import REVIEW_NAME, YAML_SUFFIXES, display_path
from partnerscore.io.settings import Settings, tolerance_in
from partnerscore.model.program_file import ProgramCatalog, ProgramSource
from partnerscore.model.scorecard_file import ScorecardFile, load_scorecard
from partnerscore.model.scorecard_text import load_scorecard_bytes, parse_yaml_bytes
from partnerscore.yamlsource import MAX_YAML_BYTES, LoadResult


@dataclass
class DiffInput:
    base: str             # how to name the base to the user: the REF given, or what the default chose
    commit: str
    old: list[Version] = field(default_factory=list)
    new: list[Version] = field(default_factory=list)
    problems: list[Change] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    unreadable_new: set[str] = field(default_factory=set)  # ids whose working-tree side was not compared
    # The settings' project-wide tolerance on each side: a metric without its own falls back to it.
    old_tolerance: float = 0.10
    new_tolerance: float = 0.10

    def unchecked(self) -> list[str]:
        """Partnerships compared before but not now (their new version cannot be read or merged with its
        program): a bar lowered in the same change would go unseen."""
        return sorted(self.unreadable_new & {v.card.id for v in self.old})


def _is_scorecard_name(rel: str, reviews: str, programs: str = "") -> bool:
    path = PurePosixPath(rel)
    if path.suffix.lower() not in YAML_SUFFIXES or REVIEW_NAME.match(path.name):
        return False
    if any(part.startswith(".") for part in path.parts):
        return False
    return not any(folder and (rel == folder or rel.startswith(folder + "/")) for folder in (reviews, programs))


def _catalog_at(repo: Repo, commit: str, settings: Settings, ref_name: str) -> ProgramCatalog:
    """The programs as they were at `commit` (the old side of the diff), read with `git show`."""
    folder, scorecards = settings.folder("programs"), settings.folder("scorecards")
    rel = repo.relative(folder) if _inside(repo, folder) else None
    cards = repo.relative(scorecards) if _inside(repo, scorecards) else None

    def read(name: str, display: str) -> LoadResult:
        try:
            return parse_yaml_bytes(repo.read_file(commit, name, max_bytes=MAX_YAML_BYTES), display)
        except GitError as exc:
            return LoadResult(None, [Diagnostic(display, 1, 1, "PS100", Severity.ERROR, f"cannot be read: {exc}")])

    def sources() -> list[ProgramSource]:
        if not rel:
            return []
        found = []
        for name in repo.list_files(commit, [rel]):
            path = PurePosixPath(name)
            if path.suffix.lower() in YAML_SUFFIXES and not any(p.startswith(".") for p in path.parts):
                display = f"{ref_name}:{name}"
                found.append(ProgramSource(path.stem, display, Path(name), partial(read, name, display)))
        return found

    def scorecard_ids() -> set[str]:
        names = repo.list_files(commit, [cards]) if cards else []
        return {PurePosixPath(n).stem for n in names if PurePosixPath(n).suffix.lower() in YAML_SUFFIXES}

    return ProgramCatalog(sources, str(settings.programs), scorecard_ids)


def _scopes(repo: Repo, settings: Settings, paths: list[Path]) -> list[str]:
    targets = paths or [settings.folder("scorecards")]
    return [repo.relative(Path.cwd() / p) for p in targets]


def _within(rel: str, scopes: list[str]) -> bool:
    return any(not s or rel == s or rel.startswith(s + "/") for s in scopes)


def _working_tree(repo: Repo, scopes: list[str], reviews: str, programs: str = "") -> list[Path]:
    found: dict[str, Path] = {}
    for scope in scopes:
        start = repo.root / scope if scope else repo.root
        candidates = [start] if start.is_file() else sorted(start.rglob("*")) if start.is_dir() else []
        for path in candidates:
            rel = repo.relative(path)
            if path.is_file() and _is_scorecard_name(rel, reviews, programs) and not rel.startswith(".git/"):
                found.setdefault(rel, path)
    return [found[rel] for rel in sorted(found)]


def _folder_rel(repo: Repo, settings: Settings, name: str) -> str | None:
    folder = settings.folder(name)
    return repo.relative(folder) if _inside(repo, folder) else None


@dataclass
class _Layout:
    """Where things are in the repository (`/`-separated, relative to its root)."""

    reviews: str
    programs: str
    scorecards: str | None

    def is_scorecard(self, rel: str) -> bool:
        return _is_scorecard_name(rel, self.reviews, self.programs)


def collect(settings: Settings, paths: list[Path], base: str | None) -> DiffInput:
    """Both sides, read-only. Raises GitError (not a repository, unknown REF, a path nowhere).

    Each side's scorecards are merged with that side's programs. A program file named in `paths` brings
    every scorecard that extends it (directly or through a tier) on either side, so a change to a program
    is shown as what it changes in each scorecard."""
    repo = Repo.find(Path.cwd())
    if base is not None:
        commit, label = repo.resolve(base), base
    else:
        commit, label = repo.default_base()
        label = f"{label} ({commit[:12]})" if label != "HEAD" else "HEAD"
    layout = _Layout(_folder_rel(repo, settings, "reviews") or "", _folder_rel(repo, settings, "programs") or "",
                     _folder_rel(repo, settings, "scorecards"))
    all_scopes = _scopes(repo, settings, paths)
    program_scopes = [s for s in all_scopes if layout.programs and s and _within(s, [layout.programs])]
    scopes = [s for s in all_scopes if s not in program_scopes]
    listed = repo.list_files(commit, [s for s in all_scopes if s] if all(all_scopes) else [])
    for given, scope in zip(paths, all_scopes, strict=False):
        exists_old = any(n == scope or n.startswith(scope + "/") for n in listed)
        if not (Path.cwd() / given).exists() and not exists_old:
            raise GitError(f"{given}: no such file or folder, neither in the working tree nor at {label}")
    old_names = [n for n in listed if layout.is_scorecard(n) and _within(n, scopes)] if scopes else []

    ref_name = base if base is not None else commit[:12]
    old_programs = _catalog_at(repo, commit, settings, ref_name)
    new_programs = ProgramCatalog.on_disk(settings)
    result = DiffInput(base=label, commit=commit, old_tolerance=_base_tolerance(repo, commit, settings),
                       new_tolerance=settings.tolerance)
    old = [(n, _load_old(result, repo, n, ref_name, old_programs)) for n in old_names]
    new = [(repo.relative(p), load_scorecard(p, new_programs)) for p in _working_tree(repo, scopes, layout.reviews,
                                                                                          layout.programs)]
    if program_scopes:
        _add_extending(result, repo, layout, program_scopes, (old_programs, new_programs), (old, new), ref_name)
    for name, loaded in old:
        if loaded is not None:
            _add(result, result.old, loaded, name, "old")
    for rel, loaded in new:
        _add(result, result.new, loaded, rel, "new")
    if paths:
        _pair_renames(result, repo, settings, layout, old_names, ref_name, (old_programs, new_programs))
    return result


def _load_old(result: DiffInput, repo: Repo, name: str, ref_name: str,
              programs: ProgramCatalog) -> ScorecardFile | None:
    display = f"{ref_name}:{name}"
    try:
        data = repo.read_file(result.commit, name, max_bytes=MAX_YAML_BYTES)
    except GitError as exc:
        result.problems.append(Change(PurePosixPath(name).stem, None, None, None, None, "invalid",
                                      f"old version cannot be read: {exc}", display, None, side="old"))
        return None
    return load_scorecard_bytes(data, display, PurePosixPath(name).stem, programs)


def _program_rel(repo: Repo, source: ProgramSource) -> str:
    """A program file's path in the repository, whichever side it was read from."""
    return repo.relative(source.path) if source.path.is_absolute() else source.path.as_posix()


def _add_extending(result: DiffInput, repo: Repo, layout: _Layout, program_scopes: list[str],
                   catalogs: tuple[ProgramCatalog, ProgramCatalog],
                   sides: tuple[list[tuple[str, ScorecardFile | None]], list[tuple[str, ScorecardFile]]],
                   ref_name: str) -> None:
    """Add to both sides the scorecards that extend a named program on either side (a scorecard that moved
    to another program is compared as a whole, not as one side added and the other removed)."""
    if layout.scorecards is None:
        return
    old_programs, new_programs = catalogs
    old, new = sides
    ids = {p.id for catalog in catalogs for p in catalog.programs()
           if _within(_program_rel(repo, p.source), program_scopes)}
    wanted = (old_programs.descendants(ids), new_programs.descendants(ids))
    have_old, have_new = {n for n, _ in old}, {rel for rel, _ in new}
    names = [n for n in repo.list_files(result.commit, [layout.scorecards] if layout.scorecards else [])
             if layout.is_scorecard(n) and n not in have_old]
    more_old = [(n, _load_old(result, repo, n, ref_name, old_programs)) for n in names]
    more_new = [(repo.relative(p), load_scorecard(p, new_programs))
                for p in _working_tree(repo, [layout.scorecards], layout.reviews, layout.programs)
                if repo.relative(p) not in have_new]

    def extends(loaded: ScorecardFile | None, which: int) -> bool:
        return loaded is not None and loaded.program is not None and bool(set(loaded.program.chain) & wanted[which])

    keep = {_id_of(loaded, n) for n, loaded in more_old if loaded is not None and extends(loaded, 0)}
    keep |= {_id_of(loaded, rel) for rel, loaded in more_new if extends(loaded, 1)}
    old.extend((n, loaded) for n, loaded in more_old if loaded is not None and _id_of(loaded, n) in keep)
    new.extend((rel, loaded) for rel, loaded in more_new if _id_of(loaded, rel) in keep)


def _id_of(loaded: ScorecardFile, repo_path: str) -> str:
    return loaded.card.id if loaded.card is not None else _guess_id(loaded, PurePosixPath(repo_path).stem)


def _pair_renames(result: DiffInput, repo: Repo, settings: Settings, layout: _Layout, old_names: list[str],
                  ref_name: str, catalogs: tuple[ProgramCatalog, ProgramCatalog]) -> None:
    """Given PATHS, a renamed scorecard is named by one of its two paths only (pre-commit passes the new
    one): find its other side by id in the scorecards folder, so the rename is a change, not an add or a
    remove."""
    if layout.scorecards is None:
        return
    scope = [layout.scorecards]
    old_ids, new_ids = {v.card.id for v in result.old}, {v.card.id for v in result.new}
    want_old = new_ids - old_ids - result.unreadable
    want_new = old_ids - new_ids - result.unreadable
    if want_old:
        named = {v.repo_path for v in result.old}
        for name in repo.list_files(result.commit, [s for s in scope if s]):
            if name in old_names or name in named or not layout.is_scorecard(name) or not _within(name, scope):
                continue
            try:
                data = repo.read_file(result.commit, name, max_bytes=MAX_YAML_BYTES)
            except GitError:
                continue
            loaded = load_scorecard_bytes(data, f"{ref_name}:{name}", PurePosixPath(name).stem, catalogs[0])
            if loaded.card is not None and loaded.card.id in want_old:
                want_old.discard(loaded.card.id)
                _add(result, result.old, loaded, name, "old")
    if want_new:
        named = {v.repo_path for v in result.new}
        for path in _working_tree(repo, scope, layout.reviews, layout.programs):
            if repo.relative(path) in named:
                continue
            loaded = load_scorecard(path, catalogs[1])
            if loaded.card is not None and loaded.card.id in want_new:
                want_new.discard(loaded.card.id)
                _add(result, result.new, loaded, repo.relative(path), "new")


def _base_tolerance(repo: Repo, commit: str, settings: Settings) -> float:
    """The settings' `tolerance` at `commit`, read from the same folder as today's settings (a
    `partnerscore.toml` there first, as `load_settings` does), 10% when neither file sets one. Today's
    value when the settings lie outside the repository or could not be used at `commit`, so that only a
    change made in the repository is reported."""
    if not _inside(repo, settings.root):
        return settings.tolerance
    folder = repo.relative(settings.root)
    names = {name: f"{folder}/{name}" if folder else name for name in ("partnerscore.toml", "pyproject.toml")}
    present = set(repo.list_files(commit, list(names.values())))
    for name, rel in names.items():
        if rel not in present:
            continue
        try:
            text = repo.read_file(commit, rel, max_bytes=MAX_YAML_BYTES).decode("utf-8-sig")
        except (GitError, UnicodeDecodeError):
            return settings.tolerance
        found = tolerance_in(name, text)
        return settings.tolerance if found is None else found
    return 0.10


def _inside(repo: Repo, folder: Path) -> bool:
    try:
        repo.relative(folder)
        return True
    except GitError:
        return False


def _guess_id(loaded: ScorecardFile, stem: str) -> str:
    data = loaded.doc.data if loaded.doc is not None else None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else stem


def _add(result: DiffInput, side: list[Version], loaded: ScorecardFile, repo_path: str, which: str) -> None:
    stem = PurePosixPath(repo_path).stem
    merged = loaded.program_problem()  # its program has errors: reported in the program's file
    errors = [d for d in loaded.diagnostics if d.is_error] + ([merged] if merged is not None else [])
    pid = loaded.card.id if loaded.card is not None else _guess_id(loaded, stem)
    if errors:
        # The first problem is enough to find the file; lint lists the rest.
        first = min(errors, key=lambda d: (d.line, d.column))
        state = "not compared" if loaded.card is None or merged is not None else "compared as read"
        more = f" (and {len(errors) - 1} more; run `partnerscore lint`)" if len(errors) > 1 else ""
        message = f"{which} version is invalid ({state}): {first.rule} {first.message}{more}"
        result.problems.append(Change(pid, None, None, None, None, "invalid", message,
                                      first.path, first.line, side=which))
    if loaded.card is None or merged is not None:
        result.unreadable.add(pid)
        if which == "new":
            result.unreadable_new.add(pid)
        return
    for other in side:
        if other.card.id == pid:
            result.problems.append(Change(pid, None, None, None, None, "invalid",
                                          f"{which} version: partnership id '{pid}' is also used by "
                                          f"{other.path}; only that one is compared",
                                          loaded.display, 1, side=which))
            return
    side.append(Version(path=loaded.display if which == "old" else display_path(loaded.path),
                        repo_path=repo_path, card=loaded.card, doc=loaded.doc,
                        default_tolerance=result.old_tolerance if which == "old" else result.new_tolerance))
