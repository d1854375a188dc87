"""SQL sources: a SQLAlchemy URL, connected through psycopg 3 to PostgreSQL, every query read-only.

SQLAlchemy reads the URL and opens the connection (`postgresql://` is taken as `postgresql+psycopg://`);
the query then goes to psycopg's cursor as it is, so SQLAlchemy's `:name` and psycopg's `%s`
placeholders never touch its text. Behind the statement check (`statements`) stand three walls:
- every transaction is read-only (`BEGIN READ ONLY`, and `default_transaction_read_only` for the
  session), and each query's transaction is rolled back, never committed;
- the query is sent with the extended protocol (psycopg's binary results), with which PostgreSQL itself
  refuses a second statement in the same text (`COMMIT; INSERT …`);
- `statement_timeout` (set with a bound parameter) ends a query that runs past `--timeout`.
Other databases are refused: partnerscore runs a query only where it knows how to make it read-only.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

from partnerscore.pull.database import MAX_ROWS, MissingExtra, QueryFailed, Returned, require, too_many_rows
from partnerscore.pull.sources import Source, SourceError
from partnerscore.pull.statements import first_line

CONNECT_TIMEOUT_MAX = 30  # seconds; a host that never answers should not hold a run for --timeout


def _engine(source: Source, connect_timeout: int) -> Any:
    sqlalchemy = require("sqlalchemy")
    from sqlalchemy.pool import NullPool

    try:
        url = sqlalchemy.engine.make_url(source.url)
    except (sqlalchemy.exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise SourceError(f"{source.label}: not a valid SQLAlchemy URL (the value is not shown)") from None
    if url.get_backend_name() != "postgresql" or url.get_driver_name() != "psycopg":
        raise SourceError(f"{source.label}: partnerscore pulls from PostgreSQL (postgresql://…) and DuckDB "
                          f"(duckdb:///…) sources, where it can make every query read-only; "
                          f"'{url.drivername}' is not supported")
    try:
        return sqlalchemy.create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": connect_timeout})
    except ImportError:
        raise MissingExtra("psycopg") from None
    except (sqlalchemy.exc.SQLAlchemyError, ValueError, TypeError) as exc:
        raise SourceError(f"{source.label}: {source.mask(first_line(str(exc)))}") from None


def _message(source: Source, exc: BaseException) -> str:
    """The driver's own words, on one line, with every secret masked."""
    original = getattr(exc, "orig", None) or exc
    return source.mask(first_line(str(original)))


class PostgresConnection:
    """One connection for every query on the same source in a run."""

    def __init__(self, source: Source, timeout: float):
        self.source = source
        self.psycopg = require("psycopg")
        engine = _engine(source, max(2, min(CONNECT_TIMEOUT_MAX, math.ceil(timeout))))
        try:
            self.raw = engine.raw_connection()
        except Exception as exc:  # the driver's and SQLAlchemy's errors alike: unreachable, refused, auth
            raise QueryFailed(f"cannot connect to {source.label}: {_message(source, exc)}") from None
        self.pg = self.raw.driver_connection
        try:
            self.pg.read_only = True
            with self.pg.cursor() as cursor:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(math.ceil(timeout * 1000))])
            self.pg.commit()
        except self.psycopg.Error as exc:
            self.close()
            raise QueryFailed(f"cannot prepare {source.label}: {_message(source, exc)}") from None

    def run(self, text: str, timeout: float) -> Returned:
        try:
            with self.pg.cursor() as cursor:
                cursor.execute(text, binary=True)
                columns = [column.name for column in cursor.description or ()]
                rows = cursor.fetchmany(MAX_ROWS + 1)
        except self.psycopg.errors.QueryCanceled:
            raise QueryFailed(f"timed out after {timeout:g} s (--timeout; PostgreSQL's statement_timeout)") from None
        except self.psycopg.Error as exc:
            raise QueryFailed(_message(self.source, exc)) from None
        finally:
            with contextlib.suppress(Exception):
                self.pg.rollback()
        if len(rows) > MAX_ROWS:
            raise too_many_rows()
        return Returned(columns=columns, rows=rows)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.raw.close()
