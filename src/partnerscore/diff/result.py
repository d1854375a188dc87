"""The result of one diff run, as the renderers see it: the changes and the names of the partnerships.

The change kinds are documented in `partnerscore.diff.compare`, which makes the changes. Nothing here reads
a file or knows YAML, so a renderer can import it without the loaders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    partnership: str
    metric: str | None
    field: str | None
    before: Any
    after: Any
    kind: str
    message: str
    path: str | None = None
    line: int | None = None
    # "new" when `path`/`line` point into the working tree (annotations can use them), else "old".
    side: str = "new"
    # before/after as a person reads them (30%, 500,000 USD per quarter), for text and Markdown.
    shown_before: str = ""
    shown_after: str = ""
    # The metric's name beside its id, for the human formats (JSON keeps SPEC.md's shape: the id).
    metric_name: str | None = None

    @property
    def lowers_bar(self) -> bool:
        return self.kind == "lowered-bar"

    def as_record(self) -> dict:
        return {"partnership": self.partnership, "metric": self.metric, "field": self.field,
                "before": self.before, "after": self.after, "kind": self.kind, "message": self.message,
                "path": self.path, "line": self.line}


@dataclass
class DiffReport:
    """One diff run: what was compared with, every change (problems included), partnership names."""

    base: str
    changes: list[Change]
    names: dict[str, str]

    @property
    def lowered_bars(self) -> int:
        return sum(1 for c in self.changes if c.lowers_bar)

    def by_partnership(self) -> list[tuple[str, list[Change]]]:
        groups: dict[str, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.partnership, []).append(change)
        return sorted(groups.items())

    def name_of(self, pid: str) -> str:
        return self.names.get(pid, pid)
