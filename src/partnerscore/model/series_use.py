"""Which CSV series a scorecard reads: its metric ids and its formulas' inputs (lint's PS606, the report's
misspelt-series problems)."""

from __future__ import annotations

import re

from partnerscore.calc.formula import FormulaError, parse_formula
from partnerscore.model.scorecard import Scorecard

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def used_series(card: Scorecard) -> set[str]:
    """Metric ids and every series a formula reads; the words of a formula that does not parse count too
    (PS607 reports that formula; its words are not "unused")."""
    used = set(card.metrics())
    for _, _, metric in card.layer_items():
        if metric.formula is None:
            continue
        try:
            used |= set(parse_formula(metric.formula).series)
        except FormulaError:
            used |= set(_WORD.findall(metric.formula))
    return used
