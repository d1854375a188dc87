"""What a lint rule (or the CSV reader, which finds rule problems while it reads) reports."""

from __future__ import annotations

from dataclasses import dataclass

from partnerscore.core.diagnostics import Position


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a message and where (a document location, or an explicit position)."""

    code: str
    message: str
    loc: tuple = ()
    key: bool = False
    position: Position | None = None
    path: str | None = None  # when the finding belongs to another file than the context's own
    # An error although the rule is a warning: SPEC.md's W/E rules (PS606) decide it per finding. (A rule
    # never reports below its severity: SPEC.md pins each code's.)
    error: bool = False
