"""Finding the files a command works on, and naming them the way users wrote them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from partnerscore.io.settings import Settings

YAML_SUFFIXES = (".yaml", ".yml")
REVIEW_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}\.ya?ml$")


class PathNotFound(Exception):
    """A path given on the command line that does not exist (exit 2)."""


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
    # Program files (in the programs folder): shapes that scorecards extend.
    programs: list[Path] = field(default_factory=list)
    # True when the user named no paths: the whole project is being checked.
    whole_project: bool = False

    @property
    def count(self) -> int:
        return len(self.scorecards) + len(self.csvs) + len(self.reviews) + len(self.programs)


def _is_under(path: Path, resolved_folder: Path) -> bool:
    try:
        path.resolve().relative_to(resolved_folder)
        return True
    except ValueError:
        return False


def _classify(path: Path, folders: tuple[Path, Path], files: FileSet) -> None:
    """Sort a file into scorecards, programs, CSVs or decision notes; `folders` are the resolved reviews
    and programs folders."""
    reviews, programs = folders
    suffix = path.suffix.lower()
    if suffix == ".csv":
        files.csvs.append(path)
    elif suffix in YAML_SUFFIXES:
        if REVIEW_NAME.match(path.name) or _is_under(path, reviews):
            files.reviews.append(path)
        elif _is_under(path, programs):
            files.programs.append(path)
        else:
            files.scorecards.append(path)


def _walk(folder: Path, folders: tuple[Path, Path], files: FileSet) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            _classify(path, folders, files)


def discover(paths: list[Path], settings: Settings) -> FileSet:
    """Scorecards, programs, CSVs and decision notes named by `paths`, or the configured folders when none."""
    files = FileSet(whole_project=not paths)
    folders = (settings.folder("reviews").resolve(), settings.folder("programs").resolve())
    if not paths:
        for name in ("scorecards", "programs", "data", "reviews"):
            folder = settings.folder(name)
            if folder.is_dir():
                _walk(folder, folders, files)
        return files
    for path in paths:
        if not path.exists():
            raise PathNotFound(f"{path}: no such file or folder")
        if path.is_dir():
            _walk(path, folders, files)
        else:
            _classify(path, folders, files)
    # The same file named twice is checked once.
    for name in ("scorecards", "csvs", "reviews", "programs"):
        unique = list(dict.fromkeys(p.resolve() for p in getattr(files, name)))
        setattr(files, name, [Path(display_path(p)) for p in unique])
    return files
