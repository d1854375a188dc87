"""Where a query runs: the embedded DuckDB, a DuckDB file, or a SQL database named by a SQLAlchemy URL.

A source's URL is a secret: it never appears in a message. Messages name the source (`source 'crm'`),
and everything a driver says passes through `Source.mask` first, which hides the URL, its password and
anything else shaped like a credential.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from partnerscore.io.query_files import QueryFile
from partnerscore.io.settings import Settings
from partnerscore.io.source_urls import env_variable, mask_secrets

EMBEDDED = "embedded"
DUCKDB_FILE = "duckdb"
SQL = "sql"
# A plain postgresql:// URL means psycopg 3 (the `pull` extra installs it); SQLAlchemy alone would pick
# psycopg2, which the extra does not install.
_POSTGRES_SCHEMES = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


class SourceError(Exception):
    """A source that cannot be used (not defined, variable unset, not a URL); exit 2."""


@dataclass(frozen=True)
class Source:
    name: str | None  # None: the embedded DuckDB
    kind: str  # EMBEDDED, DUCKDB_FILE or SQL
    url: str = field(default="", repr=False)  # the SQLAlchemy URL to connect to (SQL only)
    path: Path | None = None  # the database file (DUCKDB_FILE only)
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def label(self) -> str:
        return "the embedded DuckDB" if self.name is None else f"source '{self.name}'"

    @property
    def key(self) -> tuple:
        """Queries with the same key share one connection."""
        return (self.kind, self.name)

    def mask(self, text: str) -> str:
        return mask_secrets(text, self.secrets)


def _secrets_of(*urls: str) -> tuple[str, ...]:
    """Each URL, and its password as written and decoded: what a message must never show."""
    found: list[str] = []
    for url in urls:
        found.append(url)
        try:
            password = urlsplit(url).password
        except ValueError:
            password = None
        if password:
            found += [password, unquote(password)]
    return tuple(dict.fromkeys(found))


def _duckdb_path(url: str, root: Path) -> Path:
    """`duckdb:///relative/file.duckdb` (from the repository) or `duckdb:////absolute/file.duckdb`."""
    rest = url.split("://", 1)[1].split("?", 1)[0]
    if not rest.startswith("/") or rest == "/":
        raise SourceError("a DuckDB URL names its file as duckdb:///path/to/file.duckdb")
    path = Path(unquote(rest[1:]))
    return path if path.is_absolute() else root / path


def source_from_url(name: str, url: str, root: Path, *, secrets: tuple[str, ...] = ()) -> Source:
    scheme = url.split("://", 1)[0].lower()
    if scheme in ("duckdb", "duckdb+duckdb"):
        return Source(name=name, kind=DUCKDB_FILE, path=_duckdb_path(url, root), secrets=secrets)
    driver = _POSTGRES_SCHEMES.get(scheme)
    connect = f"{driver}{url[len(scheme):]}" if driver else url
    return Source(name=name, kind=SQL, url=connect, secrets=_secrets_of(url, connect, *secrets))


def resolve(query: QueryFile, settings: Settings, environ: Mapping[str, str]) -> Source:
    """The source a query file runs on. Raises SourceError with a message that shows no URL."""
    if not query.named_source:
        return Source(name=None, kind=EMBEDDED)
    name = query.source or ""
    if not name:
        raise SourceError("the `-- source:` line names no source (PS802)")
    value = settings.sources.get(name)
    if value is None:
        defined = ", ".join(sorted(settings.sources)) or "none"
        raise SourceError(f"source '{name}' is not defined in the settings' sources (defined: {defined}; PS802)")
    variable = env_variable(value)
    if variable is None:
        # Literal URLs were checked when the settings were read: they hold no password.
        return source_from_url(name, value, settings.root)
    url = environ.get(variable, "").strip()
    if not url:
        state = "is empty" if variable in environ else "is not set"
        raise SourceError(f"source '{name}': environment variable {variable} {state}; it holds the source's URL")
    if "://" not in url:
        raise SourceError(f"source '{name}': environment variable {variable} does not hold a URL such as "
                          "postgresql://user@host/db (its value is not shown)")
    return source_from_url(name, url, settings.root, secrets=_secrets_of(url))
