"""A CSV's series in memory: every series one after the other, as the data layer makes them.

`datastore.Flat` is (names, days, values): the (partnership, series id, length) of each series in turn,
then all their days and all their values, each series ascending by day. Both the report's CSV child
(partnerscore.data._child) and an in-process read make it; here it becomes Series, slices of those arrays
(numpy arrays, or memoryviews of their bytes): no copy.
"""

from __future__ import annotations

from typing import Optional

from partnerscore.calc.status import Series

# The key of the rows of a CSV without a `partnership` column: they belong to the scorecard that reads it.
ALL_ROWS = None


def unflatten(names: list[tuple[Optional[str], str, int]], days, values) -> dict[Optional[str], dict[str, Series]]:
    """Series by partnership and id from every series one after the other (datastore.Flat): each a
    slice of `days` and `values` (numpy arrays, or memoryviews of their bytes), no copy."""
    result: dict[Optional[str], dict[str, Series]] = {}
    start = 0
    for partner, series_id, length in names:
        end = start + length
        result.setdefault(partner, {})[series_id] = Series(days=days[start:end], values=values[start:end])
        start = end
    return result


class FlatFile:
    """Every series of one CSV one after the other (datastore.Flat), cut into Series per partnership
    on first use: a process makes only the Series of the partnerships it reports (with a second process
    building half of the report, half each; and none is then shared memory that both would write to)."""

    def __init__(self, names: list[tuple[Optional[str], str, int]], days, values) -> None:
        self._days, self._values = days, values
        self._where: dict[Optional[str], list[tuple[str, int, int]]] = {}
        start = 0
        for partner, series_id, length in names:
            self._where.setdefault(partner, []).append((series_id, start, start + length))
            start += length
        self._cut: dict[Optional[str], dict[str, Series]] = {}

    def get(self, partner: Optional[str]) -> Optional[dict[str, Series]]:
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

    def partnerships(self) -> list[Optional[str]]:
        return list(self._where)

    def __bool__(self) -> bool:
        return bool(self._where)
