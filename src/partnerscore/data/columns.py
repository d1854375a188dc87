"""The values of a metric-values CSV as a few typed arrays: a few bytes a value instead of a Python object.

A value is a long-form row or a filled cell of a wide-form row. Its series and partnership are one "pair"
number; where each pair first appears and how many usable values it has are kept while reading, so the
per-partnership summary the data rules ask for costs nothing afterwards. Line numbers are kept as runs
(a run of values on consecutive lines is one entry), since only the few values in a diagnostic need theirs.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

NO_DAY = 0  # date.toordinal() is at least 1


def _ints() -> array:
    return array("i")


@dataclass
class Columns:
    days: array = field(default_factory=_ints)  # date.toordinal() of each value's date; NO_DAY: bad date
    values: array = field(default_factory=lambda: array("d"))  # NaN: empty or not a number
    pairs: array = field(default_factory=_ints)  # index into pair_series / pair_partners
    series_names: list[str] = field(default_factory=list)
    partner_names: list[str] = field(default_factory=list)
    pair_series: list[int] = field(default_factory=list)  # index into series_names
    pair_partners: list[int] = field(default_factory=list)  # index into partner_names, -1: no such column
    first: dict[int, int] = field(default_factory=dict)  # pair -> index of its first value, in that order
    counts: Counter = field(default_factory=Counter)  # pair -> values that are numbers on a good date
    # Kept only for the `CsvTable.rows` view: the texts as written.
    date_texts: list[str] | None = None
    value_texts: list[str] | None = None
    notes: list | None = None
    _run_starts: array = field(default_factory=_ints)  # index of the first value of each run
    _run_shifts: array = field(default_factory=_ints)  # line minus index, the same for a whole run

    def __len__(self) -> int:
        return len(self.days)

    # --- lines ------------------------------------------------------------------------------------------

    def add_line(self, line: int) -> None:
        """Note the line of the value about to be appended."""
        self.add_lines(line, 1)

    def add_lines(self, line: int, count: int) -> None:
        """Note that the next `count` values are on consecutive lines from `line`."""
        index = len(self.days)
        if not self._run_shifts or self._run_shifts[-1] != line - index:
            self._run_starts.append(index)
            self._run_shifts.append(line - index)

    def add_line_list(self, lines: Iterable[int]) -> None:
        for offset, line in enumerate(lines):
            index = len(self.days) + offset
            if not self._run_shifts or self._run_shifts[-1] != line - index:
                self._run_starts.append(index)
                self._run_shifts.append(line - index)

    def line_of(self, index: int) -> int:
        return index + self._run_shifts[bisect_right(self._run_starts, index) - 1]

    def lines(self) -> array:
        """The line of every value (built when asked: only duplicates need them all)."""
        lines = array("i")
        ends = [*self._run_starts[1:], len(self)]
        for start, end, shift in zip(self._run_starts, ends, self._run_shifts, strict=True):
            lines.extend(range(start + shift, end + shift))
        return lines

    # --- what a value is ----------------------------------------------------------------------------------

    def series_of(self, index: int) -> str:
        return self.series_names[self.pair_series[self.pairs[index]]]

    def partnership_of(self, index: int) -> str | None:
        return self.pair_partnership(self.pairs[index])

    def pair_partnership(self, pair: int) -> str | None:
        partner = self.pair_partners[pair]
        return None if partner < 0 else self.partner_names[partner]

    def date_text_of(self, index: int) -> str:
        """The date as written, for a value on a good date: a date parse_day accepts is written
        YYYY-MM-DD in ASCII digits (date.fromisoformat refuses any other digits), so it is the ISO form."""
        return date.fromordinal(self.days[index]).isoformat()
