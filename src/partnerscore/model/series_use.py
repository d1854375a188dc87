"""Which CSV series a scorecard reads: its metric ids and its formulas' inputs (lint's PS606, the report's
misspelt-series problems)."""

from __future__ import annotations

import re

from partnerscore.calc.formula import FormulaError, parse_formula
from partnerscore.model.scorecard import Scorecard

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def used_series(card: Scorecard) -> set[str]:
    """Metric ids and every series a formula reads (`formula_series`)."""
    used = set(card.metrics())
    for _, _, metric in card.layer_items():
        if metric.formula is not None:
            used |= formula_series(metric.formula)
    return used


def formula_series(text: str) -> set[str]:
    """The series a formula reads; for a formula that does not parse, its words (PS607 reports that formula;
    its words are not "unused" series)."""
    try:
        return set(parse_formula(text).series)
    except FormulaError:
        return set(_WORD.findall(text))
