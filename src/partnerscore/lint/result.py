"""The result of one lint run, as the renderers see it. Nothing here loads a file or runs a rule."""

from __future__ import annotations

from dataclasses import dataclass

from partnerscore.core.diagnostics import Diagnostic


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    files: int
