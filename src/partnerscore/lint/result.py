"""The result of one lint run, as the renderers see it. Nothing here loads a file or runs a rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from partnerscore.core.diagnostics import Diagnostic

if TYPE_CHECKING:
    from partnerscore.lint.rules import Rule


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    files: int
    # The registry the run used, by code: SARIF describes each rule that fired from it.
    rules: Mapping[str, Rule] = field(default_factory=dict)
