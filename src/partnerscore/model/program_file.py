"""The programs of one run: each program file read, merged along its chain and checked once.

A `ProgramCatalog` belongs to one command run (lint, report, diff's two sides, review new, init). It lists
the program files of one place (the programs folder on disk, or that folder at a git revision), reads them
all the first time a program is asked for (a programme has a handful), and resolves each on demand: its
chain (`extends:`) followed to the base, cycles and unknown ids found, merged from the base down
(`model.merge`), the merged result validated against the program model. Ten thousand scorecards that
extend three programs parse those three files once.

Each program keeps the diagnostics of its own file (`diagnostics`), and the errors of its whole chain
(`chain_errors`), which make every scorecard extending it unreportable. A diagnostic about a program is
reported once, for the program, however many scorecards extend it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from pydantic import ValidationError

from partnerscore.core.diagnostics import Diagnostic, Severity
from partnerscore.io.paths import YAML_SUFFIXES, display_path
from partnerscore.io.settings import Settings
from partnerscore.model.error_codes import is_owner_error, owner_message
from partnerscore.model.merge import MergedDocument, merge, root_document
from partnerscore.model.program import MAX_CHAIN, PARTNER_FIELDS, Program
from partnerscore.model.scorecard import ID_PATTERN
from partnerscore.model.validate import errors_to_diagnostics, require_mapping
from partnerscore.yamlsource import Document, LoadResult, load_yaml

_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class ProgramSource:
    """One program file: its name's stem, how to show it, and how to read it (from disk or from git)."""

    stem: str
    display: str
    path: Path
    read: Callable[[], LoadResult]


@dataclass
class ResolvedProgram:
    id: str
    source: ProgramSource
    doc: Document | None = None
    merged: MergedDocument | None = None  # None when it cannot be merged (unreadable, a cycle, …)
    model: Program | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    chain: tuple[str, ...] = ()  # itself first, then the programs it extends, as far as they resolve
    chain_errors: list[Diagnostic] = field(default_factory=list)
    # For an id two or more files claim: those files (this is then a stand-in for the id, never merged).
    claimed_by: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        return self.source.display

    @property
    def usable(self) -> bool:
        return self.merged is not None and not self.chain_errors


def _error(doc: Document, loc: tuple, code: str, message: str, *, key: bool = False) -> Diagnostic:
    position = doc.position(loc, key=key)
    return Diagnostic(doc.path, position.line, position.column, code, Severity.ERROR, message)


def unknown_program_message(pid: str, known: list[str], scorecards: set[str], folder: str) -> str:
    if pid in scorecards:
        return (f"'{pid}' is a scorecard, not a program; `extends:` names a program in {folder}/ (a "
                "scorecard cannot be extended: move what they share into a program)")
    close = difflib.get_close_matches(pid, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else (
        f"; programs are: {', '.join(known)}" if known else f"; there is no program in {folder}/")
    return f"unknown program '{pid}' (no {folder}/{pid}.yaml){hint}"


class ProgramCatalog:
    """The programs of one place, each read and resolved once per run."""

    def __init__(self, sources: Callable[[], list[ProgramSource]], folder: str = "programs",
                 scorecard_ids: Callable[[], set[str]] | None = None):
        self._list = sources
        self.folder = folder
        self._scorecard_ids = scorecard_ids
        self._by_id: dict[str, ResolvedProgram] | None = None
        self._files: list[ResolvedProgram] = []  # every program file, in the order listed
        # An id that several files claim: each of them (resolved on its own, for its own findings), by id.
        self._claims: dict[str, list[ResolvedProgram]] = {}
        self._resolving: list[str] = []
        self._in_cycle: dict[str, str] = {}
        self._resolved: set[str] = set()

    @classmethod
    def on_disk(cls, settings: Settings) -> ProgramCatalog:
        folder = settings.folder("programs")
        scorecards = settings.folder("scorecards")

        def sources() -> list[ProgramSource]:
            if not folder.is_dir():
                return []
            found = []
            for path in sorted(folder.rglob("*")):
                if (path.suffix.lower() in YAML_SUFFIXES and path.is_file()
                        and not any(part.startswith(".") for part in path.relative_to(folder).parts)):
                    display = display_path(path)
                    found.append(ProgramSource(path.stem, display, path, partial(load_yaml, path, display)))
            return found

        def scorecard_ids() -> set[str]:
            if not scorecards.is_dir():
                return set()
            return {p.stem for p in scorecards.rglob("*") if p.suffix.lower() in YAML_SUFFIXES}

        return cls(sources, str(settings.programs), scorecard_ids)

    # -- reading ---------------------------------------------------------------------------------------

    def _index(self) -> dict[str, ResolvedProgram]:
        """Every program file read (once), by id: its `id:` when it has a valid one, else its file name.

        An id that two or more files claim names no program: `extends:` it would be ambiguous, and merging
        onto whichever file sorts first would judge its scorecards against a shape nobody chose. Each of
        those files is told, naming the others (the file a pull request adds is annotated too), and the id
        maps to a stand-in that cannot be merged, whose errors are those findings."""
        if self._by_id is None:
            self._by_id = {}
            self._files = [_read(source) for source in self._list()]
            by_id: dict[str, list[ResolvedProgram]] = {}
            for program in self._files:
                by_id.setdefault(program.id, []).append(program)
            for pid, claimants in by_id.items():
                if len(claimants) == 1:
                    self._by_id[pid] = claimants[0]
                    continue
                self._claims[pid] = claimants
                claims = []
                for program in claimants:
                    others = ", ".join(o.display for o in claimants if o is not program)
                    message = (f"program id '{pid}' is also used by {others}; `extends: {pid}` would be "
                               "ambiguous, so give one of them another id")
                    if program.doc is None:  # unreadable: its id is its file name
                        claim = Diagnostic(program.display, 1, 1, "PS104", Severity.ERROR, message)
                    else:
                        loc = ("id",) if ("id",) in program.doc.key_marks else ()
                        claim = _error(program.doc, loc, "PS104", message, key=bool(loc))
                    claims.append(claim)
                    program.diagnostics.append(claim)
                self._by_id[pid] = ResolvedProgram(id=pid, source=claimants[0].source, chain=(pid,),
                                                   chain_errors=claims,
                                                   claimed_by=tuple(p.display for p in claimants))
        return self._by_id

    def ids(self) -> list[str]:
        return sorted(self._index())

    def programs(self) -> list[ResolvedProgram]:
        """Every program file of the folder, each resolved (also each of the files that claim one id)."""
        for pid in list(self._index()):
            self.get(pid)
        return sorted(self._files, key=lambda p: p.display)

    def scorecard_ids(self) -> set[str]:
        return self._scorecard_ids() if self._scorecard_ids is not None else set()

    # -- resolving -------------------------------------------------------------------------------------

    def get(self, pid: str) -> ResolvedProgram | None:
        """The program with this id, merged along its chain and checked; None when there is none."""
        program = self._index().get(pid)
        if program is None or pid in self._resolved:
            return program
        if pid in self._resolving:  # a cycle: the caller reports it
            return program
        self._resolving.append(pid)
        try:
            if pid in self._claims:
                self._resolve_ambiguous(self._claims[pid])
            else:
                self._resolve(program)
        finally:
            self._resolving.pop()
            self._resolved.add(pid)
        return program

    def unknown_message(self, pid: str) -> str:
        self._index()
        for program in self._files:
            if program.source.stem == pid and program.id != pid:
                return (f"unknown program '{pid}': {program.display} declares `id: {program.id}`, and "
                        f"`extends:` names a program by its id (write `extends: {program.id}`)")
        return unknown_program_message(pid, self.ids(), self.scorecard_ids(), self.folder)

    def _resolve_ambiguous(self, claimants: list[ResolvedProgram]) -> None:
        """An id several files claim: each file checked on its own, so that one problem never hides the
        others (its stand-in, unusable, was made with the files)."""
        for program in claimants:
            self._resolve(program)

    def _resolve(self, program: ResolvedProgram) -> None:
        doc = program.doc
        program.chain = (program.id,)
        if doc is None:
            program.chain_errors = [d for d in program.diagnostics if d.is_error]
            return
        parent: ResolvedProgram | None = None
        if "extends" in doc.data:
            parent, usable = self._parent(program, doc.data["extends"])
            if parent is not None:
                program.chain = (program.id, *(pid for pid in parent.chain if pid != program.id))
            if not usable:
                # Its own fields are still checked, so one broken link does not hide the rest.
                own = {k: v for k, v in doc.data.items() if k not in ("extends", "metrics")}
                alone, _ = root_document(Document(doc.path, own, doc.value_marks, doc.key_marks))
                program.diagnostics += self._validate(program, alone)
                program.chain_errors = [d for d in program.diagnostics if d.is_error] + (
                    parent.chain_errors if parent is not None and parent.id not in self._in_cycle else [])
                return
        if parent is None:
            merged, problems = root_document(doc)
        else:
            assert parent.merged is not None
            merged, problems = merge(doc, parent.merged, parent.id)
        program.merged = merged
        program.diagnostics += problems
        program.diagnostics += self._validate(program, merged)
        program.chain_errors = [d for d in program.diagnostics if d.is_error] + (
            parent.chain_errors if parent is not None else [])

    def _parent(self, program: ResolvedProgram, parent_id: object) -> tuple[ResolvedProgram | None, bool]:
        """The program `program` extends, resolved (None when there is none), and whether `program` can be
        merged onto it. When it cannot, `program` has a diagnostic saying why, or the parent cannot be
        merged itself (its own file says why)."""
        doc = program.doc
        assert doc is not None
        where = ("extends",)
        if not isinstance(parent_id, str) or not _ID.match(parent_id):
            program.diagnostics.append(_error(doc, where, "PS104", (
                "`extends:` names one program by its id (lowercase letters, digits, '-' and '_'), e.g. "
                "`extends: referral-base`")))
            return None, False
        if parent_id in self._resolving:
            cycle = [*self._resolving[self._resolving.index(parent_id):], parent_id]
            for member in cycle[:-1]:
                self._in_cycle[member] = " → ".join(cycle)
        parent = self.get(parent_id)
        if program.id in self._in_cycle:
            program.diagnostics.append(_error(doc, where, "PS104", (
                f"programs extend each other in a cycle ({self._in_cycle[program.id]}); a program cannot "
                "extend itself, even through others")))
            return (parent if parent is not None and parent.id != program.id else None), False
        if parent is None:
            program.diagnostics.append(_error(doc, where, "PS104", self.unknown_message(parent_id)))
            return None, False
        if parent.merged is None:
            return parent, False
        if len(parent.chain) >= MAX_CHAIN:
            program.diagnostics.append(_error(doc, where, "PS104", (
                f"the chain of programs is deeper than {MAX_CHAIN} ({' → '.join((program.id, *parent.chain))}); "
                "merge some of them")))
            return parent, False
        return parent, True

    def _validate(self, program: ResolvedProgram, merged: MergedDocument) -> list[Diagnostic]:
        """The program model on the merged program; what lies in a program it extends is that one's."""
        try:
            program.model = Program.model_validate({"id": program.source.stem, **merged.data})
            return []
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            found = errors_to_diagnostics(exc, merged, Program, lambda err: "PS301" if is_owner_error(err) else None,
                                          top="the program")
        result = []
        for err, d in zip(errors, found, strict=True):
            if tuple(err["loc"]) == ("id",) and program.doc is not None and "id" not in program.doc.data:
                # The id is the file name: say so at the top of the file, as for a scorecard, not at
                # whichever key the merged result's whole-file position happens to be.
                result.append(Diagnostic(program.display, 1, 1, "PS104", Severity.ERROR, (
                    f"the file name '{program.source.stem}' is not a valid program id (lowercase letters, "
                    "digits, '-' and '_'); rename the file or add an `id:` field")))
                continue
            if d.path != program.display:
                continue  # in a program it extends: reported there
            if d.rule == "PS301":  # a metric's owner left empty: worded as for a scorecard
                d = replace(d, message=owner_message(err, merged.data))
            for name, why in PARTNER_FIELDS.items():
                if d.rule == "PS102" and d.message.startswith(f"unknown field '{name}' in the program"):
                    d = replace(d, message=why)
            result.append(d)
        return result

    # -- what the programs report --------------------------------------------------------------------

    def reports(self, diagnostic: Diagnostic) -> bool:
        """Whether a program of this catalog reports this diagnostic itself (then a scorecard does not)."""
        self._index()
        return any(d.path == diagnostic.path and d.line == diagnostic.line and d.column == diagnostic.column
                   and d.rule == diagnostic.rule
                   for p in self._files if p.display == diagnostic.path for d in p.diagnostics)

    def descendants(self, ids: set[str]) -> set[str]:
        """`ids` and every program whose chain includes one of them."""
        return {p.id for p in self.programs() if set(p.chain) & ids} | ids


def _read(source: ProgramSource) -> ResolvedProgram:
    result = source.read()
    program = ResolvedProgram(id=source.stem, source=source, doc=result.document,
                              diagnostics=list(result.diagnostics))
    doc = result.document
    if doc is None:
        return program
    problem = require_mapping(doc, "program")
    if problem is not None:
        program.diagnostics.append(problem)
        program.doc = None
        return program
    declared = doc.data.get("id")
    if isinstance(declared, str) and _ID.match(declared):
        program.id = declared
    return program
