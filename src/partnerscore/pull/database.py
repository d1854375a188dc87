"""What a source gives back, how it fails, and the optional dependencies it needs."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

# What a data file holds: a query returning more rows is a mistake, found after fetching one row more
# than that, not after filling the memory.
from partnerscore.data.table import MAX_ROWS

INSTALL = "pip install 'partnerscore[pull]'"
# The longest --timeout: a week. A longer wait is no timeout at all, and a far larger one overflows the
# platform's clock (`time_t`) where a thread waits on it.
MAX_TIMEOUT = 7 * 24 * 3600


class Returned:
    """The rows of one query, as the driver gave them, with the column names it reported: as rows, or
    column by column (`by_column`: the same values, from `columns.fetch`)."""

    def __init__(self, columns: list[str], rows: list[Any] | None = None, *,
                 by_column: list[list[Any]] | None = None):
        self.columns = columns
        self._rows = rows
        self.by_column = by_column

    @property
    def rows(self) -> list[Any]:
        if self._rows is None:
            self._rows = list(zip(*self.by_column, strict=True)) if self.by_column else []
        return self._rows

    def __len__(self) -> int:
        return len(self.by_column[0]) if self.by_column else len(self.rows)

    def column_values(self) -> list[Any]:
        """The values column by column, in the order of `columns`."""
        if self.by_column is not None:
            return self.by_column
        return list(zip(*self.rows, strict=True))


class QueryFailed(Exception):
    """The source could not be reached, or the query failed or was refused there: exit 2. The message
    is one line and already masked."""


def too_many_rows() -> QueryFailed:
    return QueryFailed(f"returned more than {MAX_ROWS:,} rows, more than a data file holds; "
                       "aggregate in the query (e.g. by week) or narrow it")


class MissingExtra(Exception):
    """`pull` needs DuckDB, SQLAlchemy and psycopg: the optional extra. Exit 2 with the pip command."""

    def __init__(self, module: str):
        super().__init__(f"partnerscore pull needs {module}, which is not installed; install the pull "
                         f"extra: {INSTALL}")


def require(module: str) -> ModuleType:
    """Import one of the extra's modules, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(module.split(".")[0]) from None
