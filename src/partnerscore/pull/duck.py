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
A watchdog thread interrupts a query that runs past `--timeout`.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from partnerscore.pull import columns
from partnerscore.pull.database import MAX_ROWS, MAX_TIMEOUT, QueryFailed, Returned, too_many_rows
from partnerscore.pull.statements import bounded_select, first_line

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


class Watchdog:
    """One thread per connection that interrupts a query running past its deadline. It is woken only when
    it sleeps with no deadline: a thread (or even a wake-up) per query would cost a few milliseconds each
    on a busy machine, seconds over a thousand queries; every deadline is later than the one before."""

    def __init__(self, interrupt: Callable[[], None]):
        self._interrupt = interrupt
        self._wake = threading.Condition()
        self._deadline: float | None = None
        self._idle = False  # waiting with no deadline: a new one must wake it
        self._closed = False
        self._thread = threading.Thread(target=self._watch, name="partnerscore-duckdb-timeout", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        with self._wake:
            while not self._closed:
                if self._deadline is None:
                    self._idle = True
                    self._wake.wait()
                    self._idle = False
                elif time.monotonic() >= self._deadline:
                    self._deadline = None
                    self._interrupt()
                else:  # never a wait the platform's clock cannot hold, whatever the deadline (it is checked again)
                    self._wake.wait(min(self._deadline - time.monotonic(), MAX_TIMEOUT))

    @contextlib.contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        with self._wake:
            self._deadline = time.monotonic() + seconds
            if self._idle:
                self._wake.notify()
        try:
            yield
        finally:
            with self._wake:
                self._deadline = None

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join(timeout=5)


class SignalWatch:
    """Interrupts the running queries when SIGINT or SIGTERM arrives, and remembers that it did.

    Python runs a signal's handler in the main thread only, between bytecodes, and DuckDB asks for it only
    between the tasks the main thread runs itself (PyErr_CheckSignals); while the main thread waits for
    DuckDB's own threads, Ctrl-C would do nothing until the query ends (up to --timeout). Python's wakeup
    file descriptor is written to the moment a signal arrives, whatever the main thread is doing: a thread
    reading it interrupts the queries. One for the process (there is one wakeup fd), shared by the open
    connections; off when not started from the main thread (only it may set the wakeup fd)."""

    _WATCHED = frozenset({signal.SIGINT, signal.SIGTERM})

    def __init__(self) -> None:
        self.signalled = False
        self._lock = threading.Lock()
        self._interrupts: list[Callable[[], None]] = []
        self._pipe: tuple[int, int] | None = None
        self._before = -1
        self._thread: threading.Thread | None = None

    def add(self, interrupt: Callable[[], None]) -> None:
        with self._lock:
            self._interrupts.append(interrupt)
            if self._pipe is not None:
                return
            read, write = os.pipe()
            os.set_blocking(write, False)
            try:
                self._before = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
            except ValueError:  # not the main thread: DuckDB looks for the signal itself, between its tasks
                os.close(read)
                os.close(write)
                return
            self._pipe = (read, write)
            self._thread = threading.Thread(target=self._watch, args=(read,), name="partnerscore-duckdb-signals",
                                            daemon=True)
            self._thread.start()

    def remove(self, interrupt: Callable[[], None]) -> None:
        with self._lock:
            with contextlib.suppress(ValueError):
                self._interrupts.remove(interrupt)
            if self._interrupts or self._pipe is None:
                return
            read, write = self._pipe
            self.signalled = False  # for the next connections in this process (tests)
            with contextlib.suppress(ValueError):
                signal.set_wakeup_fd(self._before)
            os.close(write)  # ends the thread's read
            thread, self._pipe, self._thread = self._thread, None, None
        if thread is not None:
            thread.join(timeout=5)
        os.close(read)

    def _watch(self, read: int) -> None:
        while True:
            try:
                got = os.read(read, 64)
            except OSError:
                return
            if not got:  # the write end closed: the last connection is gone
                return
            if any(number in self._WATCHED for number in got):
                self.signalled = True
                with self._lock:
                    interrupts = list(self._interrupts)
                for interrupt in interrupts:
                    with contextlib.suppress(Exception):
                        interrupt()


SIGNALS = SignalWatch()


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


# What DuckDB raises (a plain RuntimeError) when a signal handler raised while a query ran: Python checks
# for signals only between bytecodes, so DuckDB asks for them itself (PyErr_CheckSignals) while it waits.
_SIGNALLED = "Query interrupted"

_LOCKED_OUT = re.compile(r"Permission Error: Cannot access file .* file system operations are disabled")


_SNIFFING = re.compile(r'Error when sniffing file "(?P<path>[^"]+)"')

# How much of a file that DuckDB could not sniff is looked at for mixed line breaks (its first lines are
# what DuckDB sniffs; a whole export need not be read to say what is wrong with them).
_SNIFF_LOOK_BYTES = 1 << 20


def explained(message: str, root: Path | None = None) -> str:
    """DuckDB's message, with ours where DuckDB's first line does not say what to do: the lockdown's (DuckDB
    says only that access is disabled) and a CSV it could not sniff (the fixes it lists follow on lines
    the one-line message leaves out)."""
    if _LOCKED_OUT.search(message):
        return (f"{message}; the embedded DuckDB reads only files that exist inside the repository, not its "
                "hidden entries (.git, .env), symlinks out of it or URLs (see docs/pull.md)")
    sniffed = _SNIFFING.search(message)
    if sniffed is not None:
        return f"{message}; {_sniffing_hint(Path(sniffed['path']), root)}"
    return message


def _sniffing_hint(path: Path, root: Path | None) -> str:
    """What to do about a CSV DuckDB could not sniff: mixed line breaks (an export with lines appended by
    another program) said as such; else the read_csv options that settle the layout."""
    try:
        with (path if path.is_absolute() or root is None else root / path).open("rb") as handle:
            head = handle.read(_SNIFF_LOOK_BYTES)
    except OSError:
        head = b""
    crlf = head.count(b"\r\n")
    if crlf and head.count(b"\n") != crlf:
        return ("its lines end in both CRLF and LF (as when lines are appended to an export by another program); "
                "save it with one kind of line break")
    return ("give read_csv the file's layout instead of letting DuckDB guess it (delim, quote, header, skip, "
            "columns), or check it is UTF-8 text with one kind of line break")


class DuckDBConnection:
    """One DuckDB connection for every query on the same source in a run."""

    def __init__(self, duckdb: Any, root: Path, database: Path | None = None, *, by_column: bool = True):
        self.duckdb = duckdb
        self.by_column = by_column  # fetch a pull-shaped result column by column (False: always as rows)
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
        self.watchdog = Watchdog(self.con.interrupt)
        self._interrupt = self.con.interrupt  # one object, to add and remove
        SIGNALS.add(self._interrupt)

    def run(self, statement: Any, timeout: float) -> Returned:
        """Run the one SELECT `statement` (from `statements.check_read_only`) and fetch every row."""
        try:
            with working_folder(self.root), self.watchdog.limit(timeout):
                returned = self._by_column(statement)
                if returned is None:
                    cursor = self.con.execute(statement)
                    returned = Returned([str(d[0]) for d in cursor.description or ()], cursor.fetchmany(MAX_ROWS + 1))
        except self.duckdb.InterruptException:  # the watchdog's `interrupt()`, or SignalWatch's
            if SIGNALS.signalled:
                raise KeyboardInterrupt from None  # the error boundary knows which signal it was
            raise QueryFailed(f"timed out after {timeout:g} s (--timeout)") from None
        except self.duckdb.Error as exc:
            raise QueryFailed(explained(first_line(str(exc)), self.root)) from None
        except RuntimeError as exc:
            if str(exc) == _SIGNALLED:
                # Ctrl-C or SIGTERM: DuckDB ran the signal handler, which raised, and says only this (the
                # handler's KeyboardInterrupt is lost); the error boundary knows which signal it was.
                raise KeyboardInterrupt from None
            raise
        if len(returned) > MAX_ROWS:
            raise too_many_rows()
        return returned

    def _by_column(self, statement: Any) -> Returned | None:
        """The rows of a result shaped as a pull's (see `columns`), through `statements.bounded_select`;
        None when the statement is better run as it is: a result of another shape, or any error (the
        statement then runs again, and fails with its own message)."""
        bounded = bounded_select(self.duckdb, statement, MAX_ROWS + 1) if self.by_column else None
        if bounded is None:
            return None
        try:
            cursor = self.con.execute(bounded)
            names = [str(d[0]) for d in cursor.description or ()]
            if not columns.names_fit(names):  # perhaps renamed by the wrapping (a name given twice)
                return None
            if not columns.types_fit(names, [str(d[1]) for d in cursor.description or ()]):
                return Returned(names, cursor.fetchall())  # at most MAX_ROWS + 1: the LIMIT
            return Returned(names, by_column=columns.fetch(cursor, names))
        except self.duckdb.InterruptException:
            raise
        except (self.duckdb.Error, columns.Unusual):
            return None

    def close(self) -> None:
        SIGNALS.remove(self._interrupt)
        self.watchdog.close()
        with contextlib.suppress(Exception):
            self.con.close()
