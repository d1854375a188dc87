"""Targets that move (SPEC.md steps 8-9): the target in force for a period, and a deadline's window.

Pure functions of dates and numbers; the scorecard model hands them its `target` (a number or a schedule
of effective dates) and its `by`/`start`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from datetime import date

from partnerscore.calc.periods import period_bounds

Target = float | Mapping[date, float]


def schedule_of(target: Target) -> list[tuple[date, float]] | None:
    """A schedule's entries, earliest first; None for a plain number."""
    if isinstance(target, Mapping):
        return sorted(target.items())
    return None


def target_in_force(target: Target, period_end: date, as_of: date | None = None) -> float:
    """Step 8: the entry with the latest date on or before the period's last day (for the current period,
    on or before `as_of`, so an entry that takes effect later this period does not count yet); a period
    before every date takes the earliest entry. A plain number is in force always."""
    entries = schedule_of(target)
    if entries is None:
        return float(target)  # type: ignore[arg-type]  # not a Mapping: a number
    day = min(period_end, as_of) if as_of is not None else period_end
    at = bisect_right([effective for effective, _ in entries], day)
    return float(entries[max(at - 1, 0)][1])


def deadline_window(by: date, start: date | None, period: str, fiscal_year_start: int) -> tuple[date, date]:
    """Step 9: the window `start..by`; `start` defaults to the first day of the `period` containing `by`."""
    if start is None:
        start = period_bounds(period, by, fiscal_year_start)[0]
    return start, by
