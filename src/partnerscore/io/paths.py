"""Finding the files a command works on, and naming them the way users wrote them."""

from __future__ import annotations

import errno
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


_NOT_OURS = "not a scorecard, program, data file, decision note or query file"


def real_path(path: Path) -> Path:
    """`real_path(path)` that never raises: a symlink loop (`a.csv -> a.csv`) resolves as far as it can, as
    Python 3.13 does, instead of raising RuntimeError; the reader that opens it then says "is a symlink loop"
    at the file the user named. Use it for every user path a command resolves."""
    return Path(os.path.realpath(path))


def is_symlink_loop(path: Path) -> bool:
    """Whether `path` is a symlink that never reaches a file (it, or a link it leads to, leads back)."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


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
    # Program files (in the programs folder): shapes that scorecards extend.
    programs: list[Path] = field(default_factory=list)
    # True when the user named no paths: the whole project is being checked.
    whole_project: bool = False

    @property
    def count(self) -> int:
        return len(self.scorecards) + len(self.csvs) + len(self.reviews) + len(self.queries) + len(self.programs)


def _is_under(path: Path, resolved_folder: Path) -> bool:
    try:
        real_path(path).relative_to(resolved_folder)
        return True
    except ValueError:
        return False


def _classify(path: Path, folders: _Folders, files: FileSet, walking: bool = False) -> None:
    """Sort a file into scorecards, programs, CSVs, decision notes or query files. A `.sql` file found in a
    folder (`walking`) is a query file only directly in the resolved `queries` folder (a repository's other
    SQL is not ours, and `pull` reads no subfolder); one named on its own is."""
    reviews, programs, queries = folders
    suffix = path.suffix.lower()
    if suffix == QUERY_SUFFIX:
        if not walking or real_path(path).parent == queries:
            files.queries.append(path)
    elif suffix == ".csv":
        files.csvs.append(path)
    elif suffix in YAML_SUFFIXES:
        if REVIEW_NAME.match(path.name) or _is_under(path, reviews):
            files.reviews.append(path)
        elif _is_under(path, programs):
            files.programs.append(path)
        else:
            files.scorecards.append(path)


# The resolved reviews, programs and queries folders.
_Folders = tuple[Path, Path, Path]


def _walk(folder: Path, folders: _Folders, files: FileSet) -> None:
    for path in sorted(folder.rglob("*")):
        # Anything but a folder: a FIFO, a device or a broken link named like a scorecard is classified, so
        # that its reader refuses it by name ("not a regular file") instead of the run passing it over.
        if not path.is_dir() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            _classify(path, folders, files, walking=True)


def discover(paths: list[Path], settings: Settings) -> FileSet:
    """Scorecards, programs, CSVs, decision notes and query files named by `paths`, or the configured folders
    when none."""
    files = FileSet(whole_project=not paths)
    folders = (real_path(settings.folder("reviews")), real_path(settings.folder("programs")),
               real_path(settings.folder("queries")))
    if not paths:
        for name in ("scorecards", "programs", "data", "reviews", "queries"):
            folder = settings.folder(name)
            if folder.is_dir():
                _walk(folder, folders, files)
        return files
    for path in paths:
        suffix = path.suffix.lower()
        # A link that leads nowhere (a loop, a target gone) named like a project file is one the reader
        # refuses by name; "no such file" would be wrong: `ls` shows it.
        if not path.exists() and not (path.is_symlink() and suffix in (*YAML_SUFFIXES, ".csv", QUERY_SUFFIX)):
            raise PathNotFound(f"{path}: no such file or folder")
        if path.is_dir():
            if suffix in (*YAML_SUFFIXES, ".csv", QUERY_SUFFIX):
                raise NotAProjectFile(f"{path}: a folder, {_NOT_OURS}")
            _walk(path, folders, files)
        elif suffix in (*YAML_SUFFIXES, ".csv", QUERY_SUFFIX):
            _classify(path, folders, files)
        else:
            raise NotAProjectFile(f"{path}: {_NOT_OURS} (those are .yaml, .yml, .csv or .sql files)")
    # The same file named twice is checked once, under the first name the user gave it (a link's own
    # name, not its target's: `scorecards/k.yaml`, never `/dev/zero`).
    for name in ("scorecards", "csvs", "reviews", "queries", "programs"):
        unique: dict[Path, Path] = {}
        for path in getattr(files, name):
            unique.setdefault(real_path(path), path)
        setattr(files, name, [Path(display_path(Path(os.path.abspath(p)))) for p in unique.values()])
    return files


def covers_every_scorecard(files: FileSet, settings: Settings) -> bool:
    """Whether `files` holds every scorecard of the configured scorecards folder (`lint .`, `report scorecards/`
    as well as no paths): then whatever reads a shared data file is known."""
    if files.whole_project:
        return True
    folder = settings.folder("scorecards")
    if not folder.is_dir():
        return False
    every = FileSet()
    _walk(folder, (real_path(settings.folder("reviews")), real_path(settings.folder("programs")),
                   real_path(settings.folder("queries"))), every)
    return {real_path(p) for p in every.scorecards} <= {real_path(Path(p)) for p in files.scorecards}
