"""The result of one pull run, as the renderer sees it. Nothing here opens a file or a database."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Mode(str, Enum):
    WRITE = "write"
    DRY_RUN = "dry-run"  # say what would change, write nothing
    CHECK = "check"  # write nothing, exit 1 when a file would change


class State(str, Enum):
    CHANGED = "changed"  # the data file was (or would be) rewritten
    UNCHANGED = "unchanged"
    NO_ROWS = "no-rows"  # the query returned nothing: nothing changed (a filter typo looks the same)
    BAD_ROWS = "bad-rows"  # returned rows a CSV could not hold (exit 1)
    UNFIT = "unfit"  # a data file that cannot take the rows: malformed, or shared without a partnership column (exit 1)
    FAILED = "failed"  # the source, the query or the write failed, or the query was refused (exit 2)


EXIT_CODES = {State.CHANGED: 0, State.UNCHANGED: 0, State.NO_ROWS: 0, State.BAD_ROWS: 1, State.UNFIT: 1,
              State.FAILED: 2}


@dataclass
class PartnershipPull:
    partnership: str
    query: str  # the query file, as shown to the user
    state: State
    data: str | None = None  # the data file, as shown
    file: str | None = None  # the data file, resolved: several partnerships may share one
    series: list[str] = field(default_factory=list)
    rows: int = 0  # rows the query returned
    added: int = 0
    changed: int = 0
    removed: int = 0
    written: bool = False
    problems: list[str] = field(default_factory=list)  # one line each, without the query file's name
    warnings: list[str] = field(default_factory=list)


@dataclass
class PullResult:
    mode: Mode
    partnerships: list[PartnershipPull]

    def count(self, state: State) -> int:
        return sum(1 for p in self.partnerships if p.state is state)

    def files(self, state: State) -> int:
        """How many data files a partnership in `state` had; a file counted as changed is not also
        unchanged (two partnerships may share one)."""
        changed = {p.file or p.data for p in self.partnerships if p.state is State.CHANGED}
        files = {p.file or p.data for p in self.partnerships if p.state is state}
        return len(files if state is State.CHANGED else files - changed)

    @property
    def exit_code(self) -> int:
        code = max((EXIT_CODES[p.state] for p in self.partnerships), default=0)
        if self.mode is Mode.CHECK and self.count(State.CHANGED):
            code = max(code, 1)
        return code
