"""The two sides of `partnerscore diff`: scorecards at a git revision and in the working tree.

Each side is read and validated the same way as `lint` does; a scorecard that cannot be read on one
side becomes an `invalid` change (with its file, line and message) and the rest is still compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from partnerscore.diff.compare import Version
from partnerscore.diff.result import Change
from partnerscore.io.git import GitError, Repo
from partnerscore.io.paths import REVIEW_NAME, YAML_SUFFIXES, display_path
from partnerscore.io.settings import Settings
from partnerscore.model.scorecard_file import ScorecardFile, load_scorecard
from partnerscore.model.scorecard_text import load_scorecard_bytes
from partnerscore.yamlsource import MAX_YAML_BYTES


@dataclass
class DiffInput:
    base: str             # how to name the base to the user: the REF given, or what the default chose
    commit: str
    old: list[Version] = field(default_factory=list)
    new: list[Version] = field(default_factory=list)
    problems: list[Change] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


def _is_scorecard_name(rel: str, reviews: str) -> bool:
    path = PurePosixPath(rel)
    if path.suffix.lower() not in YAML_SUFFIXES or REVIEW_NAME.match(path.name):
        return False
    if any(part.startswith(".") for part in path.parts):
        return False
    return not (reviews and (rel == reviews or rel.startswith(reviews + "/")))


def _scopes(repo: Repo, settings: Settings, paths: list[Path]) -> list[str]:
    targets = paths or [settings.folder("scorecards")]
    return [repo.relative(Path.cwd() / p) for p in targets]


def _within(rel: str, scopes: list[str]) -> bool:
    return any(not s or rel == s or rel.startswith(s + "/") for s in scopes)


def _working_tree(repo: Repo, scopes: list[str], reviews: str) -> list[Path]:
    found: dict[str, Path] = {}
    for scope in scopes:
        start = repo.root / scope if scope else repo.root
        candidates = [start] if start.is_file() else sorted(start.rglob("*")) if start.is_dir() else []
        for path in candidates:
            rel = repo.relative(path)
            if path.is_file() and _is_scorecard_name(rel, reviews) and not rel.startswith(".git/"):
                found.setdefault(rel, path)
    return [found[rel] for rel in sorted(found)]


def collect(settings: Settings, paths: list[Path], base: str | None) -> DiffInput:
    """Both sides, read-only. Raises GitError (not a repository, unknown REF, a path nowhere)."""
    repo = Repo.find(Path.cwd())
    if base is not None:
        commit, label = repo.resolve(base), base
    else:
        commit, label = repo.default_base()
        label = f"{label} ({commit[:12]})" if label != "HEAD" else "HEAD"
    scopes = _scopes(repo, settings, paths)
    reviews = repo.relative(settings.folder("reviews")) if _inside(repo, settings.folder("reviews")) else ""
    old_names = [n for n in repo.list_files(commit, [s for s in scopes if s] if all(scopes) else [])
                 if _is_scorecard_name(n, reviews) and _within(n, scopes)]
    for given, scope in zip(paths, scopes, strict=False):
        exists_old = any(n == scope or n.startswith(scope + "/") for n in old_names)
        if not (Path.cwd() / given).exists() and not exists_old:
            raise GitError(f"{given}: no such file or folder, neither in the working tree nor at {label}")

    result = DiffInput(base=label, commit=commit)
    ref_name = base if base is not None else commit[:12]
    for name in old_names:
        display = f"{ref_name}:{name}"
        try:
            data = repo.read_file(commit, name, max_bytes=MAX_YAML_BYTES)
        except GitError as exc:
            result.problems.append(Change(PurePosixPath(name).stem, None, None, None, None, "invalid",
                                          f"old version cannot be read: {exc}", display, None, side="old"))
            continue
        loaded = load_scorecard_bytes(data, display, PurePosixPath(name).stem)
        _add(result, result.old, loaded, name, "old")
    for path in _working_tree(repo, scopes, reviews):
        _add(result, result.new, load_scorecard(path), repo.relative(path), "new")
    if paths:
        _pair_renames(result, repo, settings, reviews, old_names, ref_name)
    return result


def _pair_renames(result: DiffInput, repo: Repo, settings: Settings, reviews: str, old_names: list[str],
                  ref_name: str) -> None:
    """Given PATHS, a renamed scorecard is named by one of its two paths only (pre-commit passes the new
    one): find its other side by id in the scorecards folder, so the rename is a change, not an add or a
    remove."""
    if not _inside(repo, settings.folder("scorecards")):
        return
    scope = [repo.relative(settings.folder("scorecards"))]
    old_ids, new_ids = {v.card.id for v in result.old}, {v.card.id for v in result.new}
    want_old = new_ids - old_ids - result.unreadable
    want_new = old_ids - new_ids - result.unreadable
    if want_old:
        for name in repo.list_files(result.commit, [s for s in scope if s]):
            if name in old_names or not _is_scorecard_name(name, reviews) or not _within(name, scope):
                continue
            try:
                data = repo.read_file(result.commit, name, max_bytes=MAX_YAML_BYTES)
            except GitError:
                continue
            loaded = load_scorecard_bytes(data, f"{ref_name}:{name}", PurePosixPath(name).stem)
            if loaded.card is not None and loaded.card.id in want_old:
                want_old.discard(loaded.card.id)
                _add(result, result.old, loaded, name, "old")
    if want_new:
        named = {v.repo_path for v in result.new}
        for path in _working_tree(repo, scope, reviews):
            if repo.relative(path) in named:
                continue
            loaded = load_scorecard(path)
            if loaded.card is not None and loaded.card.id in want_new:
                want_new.discard(loaded.card.id)
                _add(result, result.new, loaded, repo.relative(path), "new")


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
    errors = [d for d in loaded.diagnostics if d.is_error]
    pid = loaded.card.id if loaded.card is not None else _guess_id(loaded, stem)
    if errors:
        # The first problem is enough to find the file; lint lists the rest.
        first = min(errors, key=lambda d: (d.line, d.column))
        state = "not compared" if loaded.card is None else "compared as read"
        more = f" (and {len(errors) - 1} more; run `partnerscore lint`)" if len(errors) > 1 else ""
        message = f"{which} version is invalid ({state}): {first.rule} {first.message}{more}"
        result.problems.append(Change(pid, None, None, None, None, "invalid", message,
                                      first.path, first.line, side=which))
    if loaded.card is None:
        result.unreadable.add(pid)
        return
    for other in side:
        if other.card.id == pid:
            result.problems.append(Change(pid, None, None, None, None, "invalid",
                                          f"{which} version: partnership id '{pid}' is also used by "
                                          f"{other.path}; only that one is compared",
                                          loaded.display, 1, side=which))
            return
    side.append(Version(path=loaded.display if which == "old" else display_path(loaded.path),
                        repo_path=repo_path, card=loaded.card, doc=loaded.doc))
