"""Why a formula metric can never have a value: the problems lint reports as PS607, found once. Pure.

Lint (PS607) and the report both use it, so a metric whose formula lint rejects is shown in the report as a
formula to fix, with the same words, not as data that never arrived.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from partnerscore.calc.formula import Formula, FormulaError, parse_formula
from partnerscore.core.text import closest

FORMULA_RULE = "PS607"


def cycle_through(start: str, formulas: Mapping[str, Formula], present: set[str]) -> list[str]:
    """The chain of formula metrics leading from `start` back to itself, or [] when there is none.

    Mirrors how status evaluates an input: a series of its own in the CSV wins; otherwise a declared
    formula metric is computed from its formula, and a metric met again on the way gives no value."""
    seen = {start}  # whether `start` is reachable does not depend on the path: visit each metric once

    def walk(metric_id: str, chain: list[str]) -> list[str]:
        for series in sorted(formulas[metric_id].series):
            if series in present or series not in formulas:
                continue
            if series == start:
                return chain + [series]
            if series not in seen:
                seen.add(series)
                found = walk(series, chain + [series])
                if found:
                    return found
        return []

    return walk(start, [start])


def formula_problems(formulas: Sequence[tuple[str, str]], declared: set[str], present: set[str] | None,
                     data_name: str, judge_unknown: bool = True) -> list[list[str]]:
    """PS607's messages for each `(metric id, formula text)`, in order (an empty list: nothing wrong).

    `declared`: the scorecard's metric ids; `present`: the series its data file has rows for, or None
    when there is no usable data at all (then an unknown series is not judged: the data is what is
    missing, and PS601/PS609 say so); `data_name`: the data file as the user names it; `judge_unknown`
    False leaves unknown series unjudged (lint, when a metric's id cannot be read: it may be that series).
    """
    parsed: dict[str, Formula] = {}
    results: list[Formula | FormulaError] = []
    for metric_id, text in formulas:
        try:
            parsed[metric_id] = parse_formula(text)
            results.append(parsed[metric_id])
        except FormulaError as exc:
            results.append(exc)
    problems: list[list[str]] = []
    for (metric_id, _), formula in zip(formulas, results, strict=True):
        if isinstance(formula, FormulaError):
            # The parser's messages say the column where there is one; a second "(at character N)" would
            # only repeat it.
            problems.append([f"formula of '{metric_id}' does not parse: {formula.message}"])
            continue
        cycle = cycle_through(metric_id, parsed, present or set())
        if cycle:
            problems.append([f"formula of '{metric_id}' depends on itself ({' → '.join(cycle)}), so it never "
                             "has a value; compute it from series in the CSV"])
            continue
        if present is None or not judge_unknown:
            problems.append([])
            continue
        problems.append([
            f"formula of '{metric_id}' uses '{series}', which is neither a metric of this scorecard nor a "
            f"series in {data_name}{_hint(series, declared | present)}"
            for series in sorted(formula.series - declared - present)
        ])
    return problems


def _hint(name: str, candidates: Iterable[str]) -> str:
    close = closest(name, candidates)
    return f"; did you mean '{close}'?" if close else ""
