"""Opening each source once per run, checking a query, and running it there.

A source that cannot be opened fails every query on it with the same message, without trying again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from partnerscore.io.paths import display_path
from partnerscore.pull.database import QueryFailed, Returned, require
from partnerscore.pull.sources import DUCKDB_FILE, EMBEDDED, Source, SourceError
from partnerscore.pull.statements import check_read_only


class Connections:
    def __init__(self, root: Path, timeout: float):
        self.root = root
        self.timeout = timeout
        self.duckdb = require("duckdb")  # the statement check and the default source both need it
        self._open: dict[tuple, Any] = {}
        self._failed: dict[tuple, Exception] = {}

    def _connection(self, source: Source) -> Any:
        if source.key in self._failed:
            raise self._failed[source.key]
        if source.key not in self._open:
            try:
                self._open[source.key] = self._connect(source)
            except (QueryFailed, SourceError) as exc:
                masked = type(exc)(source.mask(str(exc)))
                self._failed[source.key] = masked
                raise masked from None
        return self._open[source.key]

    def _connect(self, source: Source) -> Any:
        if source.kind in (EMBEDDED, DUCKDB_FILE):
            from partnerscore.pull.duck import DuckDBConnection

            if source.path is not None and not source.path.is_file():
                raise QueryFailed(f"cannot open {source.label}: there is no DuckDB file at "
                                  f"{display_path(source.path)}")
            return DuckDBConnection(self.duckdb, self.root, source.path)
        from partnerscore.pull.postgres import PostgresConnection

        return PostgresConnection(source, self.timeout)

    def run(self, source: Source, text: str) -> Returned:
        """Check `text` (statements.Refused when it is not one SELECT), then run it on `source`."""
        on_duckdb = source.kind in (EMBEDDED, DUCKDB_FILE)
        parsed = check_read_only(text, duckdb=self.duckdb, duckdb_dialect=on_duckdb)
        connection = self._connection(source)
        try:
            # On DuckDB, exactly the statement its parser classified runs.
            return connection.run(parsed if on_duckdb else text, self.timeout)
        except QueryFailed as exc:  # every message passes the mask, whichever driver wrote it
            raise QueryFailed(source.mask(str(exc))) from None

    def close(self) -> None:
        for connection in self._open.values():
            connection.close()
        self._open.clear()
