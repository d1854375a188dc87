"""DuckDB sources: the embedded one (in memory) and database files (`duckdb:///path`), both locked down.

What a query may touch is fixed before it runs, and the query cannot undo it:
- files inside the repository only (`allowed_directories` and `allowed_paths` with
  `enable_external_access = false`: no other path, no URL, no symlink out; relative paths are read from
  the repository, the working folder while a query runs), and not its hidden top-level entries: `.git`
  (where actions/checkout keeps the job's token), `.env`, `.github` and the like;
- no extension downloads or loads (`autoinstall_known_extensions`, `autoload_known_extensions`), no
  persistent secrets, no temporary files (`temp_directory = ''`);
- `lock_configuration = true`, so `SET` cannot loosen any of it;
- a database file opens read-only; only the one SELECT statement DuckDB parsed (see `statements`) runs,
  so COPY, EXPORT, ATTACH and INSTALL never do.
A timer interrupts a query that runs past `--timeout`.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from partnerscore.pull.database import QueryFailed, Returned
from partnerscore.pull.statements import first_line

_CONNECT_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_persistent_secrets": False,
}
# Applied in this order after connecting: allowed_directories must be set while external access is on.
_LOCKDOWN = (
    "SET temp_directory = ''",
    "SET enable_external_access = false",
    "SET lock_configuration = true",
)


@contextlib.contextmanager
def working_folder(folder: Path) -> Iterator[None]:
    """Run with `folder` as the current folder, so a query's relative paths are the repository's."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def readable(root: Path) -> tuple[list[str], list[str]]:
    """The repository's top-level folders (as prefixes) and files a query may read: every entry but the
    hidden ones and symlinks (DuckDB would follow a symlinked folder's prefix out of the repository)."""
    folders: list[str] = []
    files: list[str] = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir():
            folders.append(str(entry) + os.sep)
        elif entry.is_file():
            files.append(str(entry))
    return folders, files


class DuckDBConnection:
    """One DuckDB connection for every query on the same source in a run."""

    def __init__(self, duckdb: Any, root: Path, database: Path | None = None):
        self.duckdb = duckdb
        self.root = root.resolve()
        try:
            if database is None:
                self.con = duckdb.connect(":memory:", config=_CONNECT_CONFIG)
            else:
                self.con = duckdb.connect(str(database), read_only=True, config=_CONNECT_CONFIG)
            # Bound parameters: a repository path is never spliced into SQL.
            folders, files = readable(self.root)
            if folders:
                self.con.execute("SET allowed_directories = $1", [folders])
            if files:
                self.con.execute("SET allowed_paths = $1", [files])
            for statement in _LOCKDOWN:
                self.con.execute(statement)
        except duckdb.Error as exc:
            raise QueryFailed(first_line(str(exc))) from None

    def run(self, statement: Any, timeout: float) -> Returned:
        """Run the one SELECT `statement` (from `statements.check_read_only`) and fetch every row."""
        timer = threading.Timer(timeout, self.con.interrupt)
        timer.daemon = True
        try:
            with working_folder(self.root):
                timer.start()
                cursor = self.con.execute(statement)
                columns = [str(d[0]) for d in cursor.description or ()]
                rows = cursor.fetchall()
        except self.duckdb.InterruptException:
            raise QueryFailed(f"timed out after {timeout:g} s (--timeout)") from None
        except self.duckdb.Error as exc:
            raise QueryFailed(first_line(str(exc))) from None
        finally:
            timer.cancel()
        return Returned(columns=columns, rows=rows)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.con.close()
