"""A DuckDB result fetched column by column: the same values the row fetch gives, a fraction of the cost.

DuckDB turning two million rows into Python tuples costs about a second of a large pull; as numpy arrays,
one per column, turned into lists a column at a time, about a third of that. `rows.check_rows` then checks
the columns exactly as it checks rows: the rules, texts and messages are shared, only the fetch differs.

Only the shapes a pull usually returns come this way: the columns `date`, `metric`, `value` (and `note`)
with types whose numpy values become, with `tolist`, the very objects the row fetch gives (`DATE` as
`datetime.date`, `VARCHAR` as `str`, whole numbers as `int`, `DOUBLE` and `FLOAT` as `float`, NULL as
None). Anything else (a `DECIMAL`, a `TIMESTAMP`, text dates) is fetched as rows (`Unusual`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from partnerscore.pull.rows import OPTIONAL, REQUIRED

NUMBERS = frozenset({"DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT",
                     "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT"})
TYPES = {"date": frozenset({"DATE"}), "metric": frozenset({"VARCHAR"}), "value": NUMBERS,
         "note": frozenset({"VARCHAR"})}


class Unusual(Exception):
    """Not a result this module fetches: fetch it as rows."""


def names_fit(names: list[str]) -> bool:
    """Whether the columns are the pull's (any letter case), each once: then the names are the query's own,
    and `rows.check_rows` accepts them."""
    folded = [name.strip().lower() for name in names]
    return len(set(folded)) == len(folded) and set(REQUIRED) <= set(folded) <= set(REQUIRED + OPTIONAL)


def types_fit(names: list[str], types: list[str]) -> bool:
    return all(kind in TYPES[name.strip().lower()] for name, kind in zip(names, types, strict=True))


def _days(array: Any) -> list[Any]:
    """A DATE column (numpy datetime64) as `datetime.date` objects, each distinct day made once."""
    import numpy as np

    days = array.astype("datetime64[D]")
    if np.ma.isMaskedArray(days):
        if np.ma.count_masked(days):
            listed = days.tolist()  # NULLs: None where the row fetch gives None
            if not all(day is None or type(day) is date for day in listed):
                raise Unusual("a day outside Python's dates")
            return listed
        days = days.data
    distinct, at = np.unique(days, return_inverse=True)
    objects = distinct.tolist()
    if not all(type(day) is date for day in objects):  # numpy gives an int beyond year 9999
        raise Unusual("a day outside Python's dates")
    holder = np.empty(len(objects), dtype=object)
    holder[:] = objects
    return holder[at.reshape(-1)].tolist()


def fetch(cursor: Any, names: list[str]) -> list[list[Any]]:
    """Every row of the executed `cursor`, column by column, in the order of `names`."""
    arrays = cursor.fetchnumpy()
    return [_days(arrays[name]) if name.strip().lower() == "date" else arrays[name].tolist() for name in names]
