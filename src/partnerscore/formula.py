"""Formulas such as `sql / mql`: parsed by a small recursive-descent parser, never evaluated as Python.

INTERFACE (being implemented): parse_formula(text) -> Formula, raising FormulaError on bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional


class FormulaError(ValueError):
    def __init__(self, message: str, column: int = 1):
        super().__init__(message)
        self.message = message
        self.column = column  # 1-based position in the formula text


@dataclass(frozen=True)
class Formula:
    text: str
    series: frozenset[str]

    def evaluate(self, values: Mapping[str, Optional[float]]) -> Optional[float]:
        """The value, or None when an input is missing or a division by zero happens."""
        raise NotImplementedError


def parse_formula(text: str) -> Formula:
    raise NotImplementedError
