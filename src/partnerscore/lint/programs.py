"""The programs of a lint run: which scorecards a named program brings in, and each program finding once.

- A program file named on its own (pre-commit passes the changed files) is linted together with the
  scorecards that extend it, directly or through a tier: a change to a base can break any of them.
- A program's own problems (its fields, its `extends:`) are reported once, in its file, saying how many of
  the run's scorecards they affect. A rule finding about a value a scorecard inherits lands in the
  program's file too; the same finding from many scorecards becomes one, saying how many it affects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from partnerscore.core.diagnostics import Diagnostic
from partnerscore.core.words import plural
from partnerscore.io.paths import FileSet, discover, real_path
from partnerscore.io.settings import Settings
from partnerscore.model.program_file import ProgramCatalog, ResolvedProgram
from partnerscore.model.scorecard_file import ScorecardFile, load_scorecard

_NAMES_SHOWN = 3


def named_programs(files: FileSet, catalog: ProgramCatalog) -> list[ResolvedProgram]:
    """The programs whose files are named (or found in a named folder)."""
    named = {real_path(path) for path in files.programs}
    return [p for p in catalog.programs() if real_path(p.source.path) in named]


def scorecards_extending(programs: list[ResolvedProgram], catalog: ProgramCatalog, settings: Settings,
                         skip: Iterable[Path]) -> list[ScorecardFile]:
    """The scorecards of the scorecards folder (other than `skip`) that extend one of `programs`, directly
    or through programs that extend them. Only a file whose text mentions `extends` and one of those ids is
    parsed: committing one program does not parse a portfolio that does not use it."""
    from partnerscore.io.textfile import TextFileError, decode, read_bytes
    from partnerscore.yamlsource import MAX_YAML_BYTES

    wanted = catalog.descendants({p.id for p in programs})
    folder = settings.folder("scorecards")
    if not wanted or not folder.is_dir():
        return []
    skipped = {real_path(path) for path in skip}
    found = []
    for path in discover([folder], settings).scorecards:
        if real_path(path) in skipped:
            continue
        try:
            text = decode(read_bytes(path, max_bytes=MAX_YAML_BYTES))
        except TextFileError:
            continue
        if "extends" not in text or not any(pid in text for pid in wanted):
            continue
        loaded = load_scorecard(path, catalog)
        if loaded.program is not None and set(loaded.program.chain) & wanted:
            found.append(loaded)
    return found


def programs_of_run(files: FileSet, loaded: list[ScorecardFile], catalog: ProgramCatalog) -> list[ResolvedProgram]:
    """The programs whose problems this run reports: all of them for the whole project; else the named
    ones, those that extend them, and those the run's scorecards extend."""
    if files.whole_project:
        return catalog.programs()
    ids = catalog.descendants({p.id for p in named_programs(files, catalog)})
    for sc in loaded:
        if sc.program is not None:
            ids |= set(sc.program.chain)
    return [p for p in catalog.programs() if p.id in ids]


def _affects(names: list[str]) -> str:
    shown = ", ".join(sorted(names)[:_NAMES_SHOWN]) + (", …" if len(names) > _NAMES_SHOWN else "")
    return f" (affects {plural(len(names), 'scorecard')}: {shown})"


def _stem(display: str) -> str:
    return Path(display).stem


def fold_program_diagnostics(diagnostics: list[Diagnostic], programs: list[ResolvedProgram],
                             loaded: list[ScorecardFile]) -> list[Diagnostic]:
    """`diagnostics` of the run with each program's problems added once, and every finding that many
    scorecards made in a program's file folded into one; each says which scorecards it affects."""
    dependents: dict[str, list[str]] = {}
    for sc in loaded:
        for pid in sc.program.chain if sc.program is not None else ():
            dependents.setdefault(pid, []).append(_stem(sc.display))
    result: dict[tuple, Diagnostic] = {}
    for program in programs:
        names = dependents.get(program.id, [])
        for d in program.diagnostics:
            key = (d.path, d.line, d.column, d.rule, d.message)
            result.setdefault(key, replace(d, message=d.message + (_affects(names) if names else "")))
    folded: dict[tuple, list[str]] = {}
    for d in diagnostics:
        if d.via is None:
            result.setdefault((d.path, d.line, d.column, d.rule, d.message, "own"), d)
            continue
        key = (d.path, d.line, d.column, d.rule, d.message)
        if key in result:
            continue  # the program reports it itself
        folded.setdefault(key, []).append(_stem(d.via))
        result.setdefault((*key, "via"), replace(d, via=None))
    for key, names in folded.items():
        first = result[(*key, "via")]
        result[(*key, "via")] = replace(first, message=first.message + _affects(sorted(set(names))))
    return list(result.values())
