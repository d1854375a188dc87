"""What a source gives back, how it fails, and the optional dependencies it needs."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

# What a data file holds: a query returning more rows is a mistake, found after fetching one row more
# than that, not after filling the memory.
from partnerscore.data.table import MAX_ROWS

INSTALL = "pip install 'partnerscore[pull]'"


@dataclass
class Returned:
    """The rows of one query, as the driver gave them, with the column names it reported."""

    columns: list[str]
    rows: list[Any]


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
