"""Finding the files a command works on, and naming them the way users wrote them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from partnerscore.io.settings import Settings

YAML_SUFFIXES = (".yaml", ".yml")
QUERY_SUFFIX = ".sql"
REVIEW_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}\.ya?ml$")


class UnusablePath(Exception):
    """A path given on the command line that the command cannot use (exit 2)."""


class PathNotFound(UnusablePath):
    """A path given on the command line that does not exist."""


class NotAProjectFile(UnusablePath):
    """A path given on the command line that is none of the files partnerscore reads (`notes.txt`, or a
    folder named like one, `x.yaml/`): checking nothing and saying "All checks passed" would hide the
    typo."""


_NOT_OURS = "not a scorecard, data file, decision note or query file"


def display_path(path: Path) -> str:
    """The path relative to the current folder when it is below it (what CI annotations need)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel.startswith(".." + os.sep) or rel == "..":
        return path.as_posix()
    return Path(rel).as_posix()


@dataclass
class FileSet:
    scorecards: list[Path] = field(default_factory=list)
    csvs: list[Path] = field(default_factory=list)
    reviews: list[Path] = field(default_factory=list)
    queries: list[Path] = field(default_factory=list)  # `pull`'s query files (queries/<id>.sql)
    # True when the user named no paths: the whole project is being checked.
    whole_project: bool = False

    @property
    def count(self) -> int:
        return len(self.scorecards) + len(self.csvs) + len(self.reviews) + len(self.queries)


def _is_under(path: Path, resolved_folder: Path) -> bool:
    try:
        path.resolve().relative_to(resolved_folder)
        return True
    except ValueError:
        return False


def _classify(path: Path, reviews: Path, files: FileSet, queries: Path | None = None) -> None:
    """Sort a file into scorecards, CSVs, decision notes or query files; `reviews` is the resolved reviews
    folder. A `.sql` file found in a folder is a query file only directly in the resolved `queries` folder
    (a repository's other SQL is not ours, and `pull` reads no subfolder); one named on its own is
    (queries=None)."""
    suffix = path.suffix.lower()
    if suffix == QUERY_SUFFIX:
        if queries is None or path.resolve().parent == queries:
            files.queries.append(path)
    elif suffix == ".csv":
        files.csvs.append(path)
    elif suffix in YAML_SUFFIXES:
        if REVIEW_NAME.match(path.name) or _is_under(path, reviews):
            files.reviews.append(path)
        else:
            files.scorecards.append(path)


def _walk(folder: Path, reviews: Path, files: FileSet, queries: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            _classify(path, reviews, files, queries)


def discover(paths: list[Path], settings: Settings) -> FileSet:
    """Scorecards, CSVs, decision notes and query files named by `paths`, or the configured folders when none."""
    files = FileSet(whole_project=not paths)
    reviews = settings.folder("reviews").resolve()
    queries = settings.folder("queries").resolve()
    if not paths:
        for name in ("scorecards", "data", "reviews", "queries"):
            folder = settings.folder(name)
            if folder.is_dir():
                _walk(folder, reviews, files, queries)
        return files
    for path in paths:
        if not path.exists():
            raise PathNotFound(f"{path}: no such file or folder")
        suffix = path.suffix.lower()
        if path.is_dir():
            if suffix in (*YAML_SUFFIXES, ".csv", QUERY_SUFFIX):
                raise NotAProjectFile(f"{path}: a folder, {_NOT_OURS}")
            _walk(path, reviews, files, queries)
        elif suffix in (*YAML_SUFFIXES, ".csv", QUERY_SUFFIX):
            _classify(path, reviews, files)
        else:
            raise NotAProjectFile(f"{path}: {_NOT_OURS} (those are .yaml, .yml, .csv or .sql files)")
    # The same file named twice is checked once.
    for name in ("scorecards", "csvs", "reviews", "queries"):
        unique = list(dict.fromkeys(p.resolve() for p in getattr(files, name)))
        setattr(files, name, [Path(display_path(p)) for p in unique])
    return files
