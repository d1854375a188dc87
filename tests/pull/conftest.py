"""A real PostgreSQL server for the pull's tests: a throwaway cluster, started once per session.

`initdb` and `pg_ctl` come from PATH or Debian's /usr/lib/postgresql/<version>/bin (off PATH); `.ci/run`
installs Debian's `postgresql` when they are missing. The cluster lives in a temporary folder readable by
the `postgres` user (the server refuses to run as root, so as root every command runs through
`runuser -u postgres --`), listens on 127.0.0.1 on a free port, and is stopped and removed afterwards.
Connections from 127.0.0.1 are trusted, except the role `reader`, which must give its password
(scram-sha-256): the wrong-password test needs one. Outside CI a machine without the binaries skips these
tests with the reason; in CI (`CI` set) they fail instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

READER_PASSWORD = "Rd-s3cret-pw-7731"  # what a test checks never appears in any output


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is needed in CI: {reason}")
    pytest.skip(f"no PostgreSQL server to test against: {reason}")


@dataclass
class PostgresServer:
    host: str
    port: int
    superuser: str
    socket_dir: Path

    def url(self, user: str | None = None, password: str | None = None, database: str = "postgres",
            port: int | None = None) -> str:
        credentials = (user or self.superuser) + (f":{password}" if password else "")
        return f"postgresql://{credentials}@{self.host}:{port or self.port}/{database}"

    def execute(self, *statements: str) -> None:
        """Run SQL as the superuser (test setup only: never through partnerscore)."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.superuser, dbname="postgres",
                             autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def scalar(self, statement: str):
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.superuser, dbname="postgres") as connection:
            row = connection.execute(statement).fetchone()
            return row[0] if row else None


@pytest.fixture(scope="session")
def postgres_server():
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not initdb or not pg_ctl:
        _unavailable("initdb and pg_ctl are not on PATH or in /usr/lib/postgresql/*/bin "
                     "(Debian: apt-get install postgresql)")
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        runuser = shutil.which("runuser")
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            owner = None
        if not runuser or owner is None:
            _unavailable("running as root needs the `postgres` user and `runuser` to start the server")
        prefix = [runuser, "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="partnerscore-pg-"))
    base.chmod(0o755)
    if as_root:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data, sockets, log = base / "data", base / "sockets", base / "server.log"
    superuser = "postgres" if as_root else pwd.getpwuid(os.geteuid()).pw_name

    def run(*command: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)

    port = _free_port()
    started = False
    try:
        made = run(initdb, "-D", str(data), "-U", superuser, "--auth=trust", "--encoding=UTF8",
                   "--no-instructions")
        if made.returncode != 0:
            _unavailable(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
        (data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "host all reader 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 trust\n", encoding="utf-8")
        run("mkdir", "-p", str(sockets))
        options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={sockets} -c fsync=off"
        start = run(pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start")
        if start.returncode != 0:
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else start.stderr
            _unavailable(f"the server did not start: {detail.strip()}")
        started = True
        server = PostgresServer(host="127.0.0.1", port=port, superuser=superuser, socket_dir=sockets)
        server.execute(f"CREATE ROLE reader LOGIN PASSWORD '{READER_PASSWORD}'")
        yield server
    finally:
        if started:
            run(pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
        with contextlib.suppress(OSError):
            shutil.rmtree(base)
