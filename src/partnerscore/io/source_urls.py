"""The source URLs of `[tool.partnerscore.sources]`: which kind each is, and keeping their secrets out of sight.

A source is `env:VARIABLE` (the URL is read from the environment when `pull` runs, so no password is ever in
a file), a `duckdb:///path` URL, or another SQLAlchemy URL without a password. Standard library only: the
settings check runs in every command, and `lint` must start fast.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

ENV_PREFIX = "env:"
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# scheme://…, as SQLAlchemy writes them: `postgresql://`, `postgresql+psycopg://`, `duckdb:///`.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# Query-string keys that carry a secret in common drivers' URLs.
_SECRET_KEYS = {"password", "passwd", "pwd", "secret", "token", "access_token", "sslpassword"}
# Anything that looks like a URL with credentials, wherever it appears in a message: user:password@.
_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:/@\s]*):(?P<password>[^@\s]*)@")
_SECRET_PARAMS = re.compile(r"(?i)(?P<key>\b(?:password|passwd|pwd|secret|token|access_token|sslpassword)=)"
                            r"(?P<value>[^&\s'\"]*)")


def env_variable(value: str) -> str | None:
    """The variable an `env:NAME` source names, or None when the value is not of that kind."""
    return value[len(ENV_PREFIX):].strip() if value.startswith(ENV_PREFIX) else None


def source_problem(value: object) -> str | None:
    """What is wrong with a source setting, in words that never repeat a secret; None when it is usable."""
    if not isinstance(value, str):
        return 'must be a string: "env:VARIABLE", "duckdb:///path" or a URL without a password'
    variable = env_variable(value)
    if variable is not None:
        if not _ENV_NAME.fullmatch(variable):
            return "names no valid environment variable; write it as env:VARIABLE, e.g. env:WAREHOUSE_URL"
        return None
    if not _URL.match(value):
        return 'is neither "env:VARIABLE" nor a URL such as "duckdb:///warehouse.duckdb"'
    if has_password(value):
        return ("holds a password (not shown); put the URL in an environment variable and write "
                '"env:VARIABLE" here, so that no password is ever in a file')
    return None


def has_password(url: str) -> bool:
    """Whether a URL carries a password, in its credentials or its query string."""
    try:
        parts = urlsplit(url)
        if parts.password:
            return True
        return any(key.lower() in _SECRET_KEYS and val for key, val in parse_qsl(parts.query))
    except ValueError:  # an unparsable URL (a bad port): judge it by its shape
        return bool(_CREDENTIALS.search(url)) or bool(_SECRET_PARAMS.search(url))


def mask_secrets(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` with every given secret and anything shaped like a password in a URL replaced by `***`.

    Secrets are the URL itself and its password, as `pull` knows them; the patterns catch what a driver
    may echo back in its own words (`postgresql://user:pw@host`, `password=pw`)."""
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    return _SECRET_PARAMS.sub(lambda m: f"{m['key']}***", text)
