"""A CSV's series in memory: every series one after the other, as the data layer makes them.

`_series_split.Flat` is (names, days, values): the (partnership, series id, length) of each series in
turn, then all their days and all their values, each series ascending by day. Both the store's CSV child
(partnerscore.data._child) and an in-process read make it; here it becomes Series, slices of those arrays
(numpy arrays, or memoryviews of the child's bytes): no copy.
"""

from __future__ import annotations

from partnerscore.calc.status import Series

# The key of the rows of a CSV without a `partnership` column: they belong to the scorecard that reads it.
ALL_ROWS = None


def unflatten(names: list[tuple[str | None, str, int]], days, values) -> dict[str | None, dict[str, Series]]:
    """Series by partnership and id from every series one after the other (_series_split.Flat): each a
    slice of `days` and `values` (numpy arrays, or memoryviews of their bytes), no copy."""
    result: dict[str | None, dict[str, Series]] = {}
    start = 0
    for partner, series_id, length in names:
        end = start + length
        result.setdefault(partner, {})[series_id] = Series(days=days[start:end], values=values[start:end])
        start = end
    return result


class FlatFile:
    """Every series of one CSV one after the other (_series_split.Flat), cut into Series per partnership
    on first use: a report makes only the Series of the partnerships it reports."""

    def __init__(self, names: list[tuple[str | None, str, int]], days, values, suspect: bool = False) -> None:
        self._days, self._values = days, values
        # Some line of the file may not have become a value (`_pandas_reader.load_flat_checked`): the
        # report asks lint's reader which (`partnerscore.data.problems`).
        self.suspect = suspect
        self._where: dict[str | None, list[tuple[str, int, int]]] = {}
        start = 0
        for partner, series_id, length in names:
            self._where.setdefault(partner, []).append((series_id, start, start + length))
            start += length
        self._cut: dict[str | None, dict[str, Series]] = {}

    def get(self, partner: str | None) -> dict[str, Series] | None:
        """The series of one partnership (None: rows without a partnership column) by id, if it has any."""
        found = self._cut.get(partner)
        if found is None:
            where = self._where.get(partner)
            if where is None:
                return None
            days, values = self._days, self._values
            found = self._cut[partner] = {series_id: Series(days=days[start:end], values=values[start:end])
                                          for series_id, start, end in where}
        return found

    def partnerships(self) -> list[str | None]:
        return list(self._where)

    def __bool__(self) -> bool:
        return bool(self._where)
