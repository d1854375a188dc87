"""Project settings: `[tool.partnerscore]` in the nearest pyproject.toml, or a partnerscore.toml."""

from __future__ import annotations

import difflib
import os
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, ValidationError

from partnerscore.core.numbers import parse_number
from partnerscore.io.source_urls import source_problem

# 0.10 or "10%", as a scorecard writes a tolerance.
Number = Annotated[float, BeforeValidator(parse_number)]


class ConfigError(Exception):
    """A settings file that cannot be used; the CLI turns it into a message and exit 2."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scorecards: str = "scorecards"
    programs: str = "programs"
    data: str = "data"
    reviews: str = "reviews"
    queries: str = "queries"
    # `pull`'s named sources: name -> "env:VARIABLE", "duckdb:///path" or a URL without a password
    # (checked by `_check_sources` before the model sees them, so no message can repeat a secret).
    sources: dict[str, str] = Field(default_factory=dict)
    # Strict types: TOML has real booleans and integers, so `strict = "yes"` is a mistake to report, not
    # to guess at. The tolerance is written like a scorecard's: 0.10 or "10%".
    tolerance: Number = Field(0.10, ge=0)
    fiscal_year_start: StrictInt = Field(1, ge=1, le=12)
    ignore: list[str] = Field(default_factory=list)
    strict: StrictBool = False
    # Where the settings came from; relative folders are resolved against it.
    root: Path = Field(default_factory=Path.cwd, exclude=True)
    source: Path | None = Field(None, exclude=True)

    def folder(self, name: str) -> Path:
        path = Path(getattr(self, name))
        return path if path.is_absolute() else self.root / path


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


def _check_sources(table: dict, source: Path) -> None:
    """Refuse a source that is not usable, naming the setting and never its value (it may hold a password)."""
    sources = table.get("sources")
    if sources is None:
        return
    if not isinstance(sources, dict):
        raise ConfigError(f"{source}: sources must be a table of names, e.g. [tool.partnerscore.sources]")
    for name, value in sources.items():
        problem = source_problem(value)
        if problem:
            raise ConfigError(f"{source}: setting sources.{name} {problem}")


def _settings_from(table: dict, root: Path, source: Path) -> Settings:
    known = [name for name in Settings.model_fields if name not in ("root", "source")]
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(known)}"
            raise ConfigError(f"{source}: unknown partnerscore setting '{key}'{hint}")
    _check_sources(table, source)
    try:
        return Settings(**table, root=root, source=source)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"{source}: invalid partnerscore settings: {problems}") from exc


def tolerance_in(name: str, text: str) -> float | None:
    """The `tolerance` a settings file's text sets (a `partnerscore.toml`, or a `pyproject.toml`'s
    `[tool.partnerscore]`), the default when it sets none, or None when it cannot be read as settings.
    For `diff`, which reads the base side's settings from git rather than from disk."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    table = data if name == "partnerscore.toml" else data.get("tool", {}).get("partnerscore", {})
    if not isinstance(table, dict):
        return None
    try:
        return float(Settings(tolerance=table.get("tolerance", 0.10)).tolerance)
    except ValidationError:
        return None


def _settings_in(folder: Path) -> Settings | None:
    """The settings a folder's own settings file gives, or None when the folder has neither file."""
    own = folder / "partnerscore.toml"
    if own.is_file():
        return _settings_from(_read_toml(own), folder, own)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {}).get("partnerscore")
        if table is not None:
            if not isinstance(table, dict):
                raise ConfigError(f"{pyproject}: [tool.partnerscore] must be a table")
            return _settings_from(table, folder, pyproject)
        # A pyproject.toml without our table still marks the project root.
        return Settings(root=folder, source=None)
    return None


def _project_root(path: Path) -> Path | None:
    """The nearest folder at or above `path` (a folder) or its parent (a file, or a path that is gone) that
    holds a partnerscore.toml or a pyproject.toml: the same folders `load_settings` stops at."""
    start = path if path.is_dir() else path.parent
    for folder in (start, *start.parents):
        if (folder / "partnerscore.toml").is_file() or (folder / "pyproject.toml").is_file():
            return folder
    return None


def load_settings(start: Path | None = None) -> Settings:
    """Settings from the current folder or its nearest parent that has a settings file."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        found = _settings_in(folder)
        if found is not None:
            return found
    return Settings(root=start)


_COUNTS = {2: "two", 3: "three", 4: "four"}


def load_settings_for(paths: list[Path], start: Path | None = None) -> Settings:
    """Settings for a command that names `paths`: those of the current folder or its nearest parent, as
    `load_settings`; where neither has a settings file, those of the project the paths lie in (a project
    in a subfolder of a repository, linted from the repository's root as pre-commit and CI do). Paths in
    two or more projects are refused: one run has one set of folders to resolve against."""
    start = (start or Path.cwd()).resolve()
    if not paths or _project_root(start) is not None:
        return load_settings(start)
    projects: dict[Path | None, list[Path]] = {}
    for path in paths:
        # realpath, not resolve(): a path that is a symlink loop must reach its reader, which names it.
        projects.setdefault(_project_root(Path(os.path.realpath(start / path))), []).append(path)
    if len(projects) > 1:
        raise ConfigError(_two_projects(projects, start))
    (root,) = projects
    return (_settings_in(root) if root is not None else None) or Settings(root=start)


def _two_projects(projects: dict[Path | None, list[Path]], start: Path) -> str:
    def shown(folder: Path) -> str:
        rel = os.path.relpath(folder, start)
        return "./" if rel == "." else Path(rel).as_posix() + "/"

    names = [shown(root) for root in projects if root is not None]
    stray = projects.get(None)
    if stray:
        # Such paths would be read with the defaults against the current folder: one more set of folders.
        where = (f"{', '.join(names)} and outside any project ({stray[0].as_posix()} has no partnerscore.toml "
                 f"or pyproject.toml above it)")
    else:
        where = f"{_COUNTS.get(len(names), str(len(names)))} projects ({', '.join(names)})"
    return f"the paths given lie in {where}; run partnerscore once per project, e.g. from each folder"
