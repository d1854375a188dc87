"""Queries only read: one `SELECT` (or `WITH … SELECT`) statement per file, checked before it runs.

Two opinions, and a query runs only when both agree it is one reading statement:
- a tokenizer that knows SQL's strings ('…', E'…', $tag$…$tag$), quoted names ("…", `…`) and comments
  (-- …, nested /* … */), so a `;` or a keyword inside them counts for nothing: the file must hold one
  statement, starting with SELECT or WITH (DuckDB's FROM-first SELECT on DuckDB), and no word that writes
  (INSERT, UPDATE, DELETE, MERGE: PostgreSQL runs those inside a WITH too, and `FOR UPDATE` locks rows);
- DuckDB's own parser, which classifies each statement of its dialect: exactly one, of type SELECT. For
  a DuckDB source it is the final word and the statement it parsed is the one that runs; for a SQL
  source it speaks only when it can parse the text (PostgreSQL has syntax DuckDB lacks).
The sources add their own walls behind this one (see `connections`): a read-only transaction, one
statement per call, the embedded DuckDB locked to the repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_DOLLAR = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$")
_STARTS = {"SELECT", "WITH"}
_WRITES = {"INSERT", "UPDATE", "DELETE", "MERGE"}
_WORDS_SHOWN = 60


class Refused(Exception):
    """A query that is not exactly one reading statement; exit 2, nothing runs."""


@dataclass
class _Statement:
    words: list[tuple[str, int]]  # (upper-case word, line) outside strings, quoted names and comments
    tokens: int = 0  # every token, words and punctuation, to tell an empty statement from a real one
    first_token: str = ""


def _skip_comment(text: str, at: int) -> int:
    """The end of the block comment starting at `at` (PostgreSQL and DuckDB nest them)."""
    depth, i = 0, at
    while i < len(text):
        pair = text[i:i + 2]
        if pair == "/*":
            depth, i = depth + 1, i + 2
        elif pair == "*/":
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    raise Refused("has a /* comment that is never closed")


def _skip_quoted(text: str, at: int, quote: str, backslash: bool) -> int:
    """The end of the quoted string or name starting at `at`; a doubled quote is one quote."""
    i = at + 1
    while i < len(text):
        char = text[i]
        if backslash and char == "\\":
            i += 2
            continue
        if char == quote:
            if text.startswith(quote, i + 1):
                i += 2
                continue
            return i + 1
        i += 1
    kind = "name" if quote in '"`' else "string"
    raise Refused(f"has a quoted {kind} ({quote}…) that is never closed")


def split_statements(text: str) -> list[_Statement]:
    """The statements of `text` at its top-level semicolons, with their words; empty ones dropped."""
    statements = [_Statement(words=[])]
    i, line = 0, 1
    while i < len(text):
        char = text[i]
        start = i
        current = statements[-1]
        if char.isspace():
            i += 1
        elif text.startswith("--", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif text.startswith("/*", i):
            i = _skip_comment(text, i)
        elif char == ";":
            statements.append(_Statement(words=[]))
            i += 1
        elif char in "'\"`":
            i = _skip_quoted(text, i, char, backslash=False)
            current.tokens += 1
            current.first_token = current.first_token or char
        elif char in "Ee" and text.startswith("'", i + 1):  # E'…': backslash escapes
            i = _skip_quoted(text, i + 1, "'", backslash=True)
            current.tokens += 1
            current.first_token = current.first_token or "'"
        elif char == "$" and (dollar := _DOLLAR.match(text, i)):
            close = text.find(dollar.group(), dollar.end())
            if close < 0:
                raise Refused(f"has a {dollar.group()}-quoted string that is never closed")
            i = close + len(dollar.group())
            current.tokens += 1
            current.first_token = current.first_token or "$"
        elif word := _WORD.match(text, i):
            current.words.append((word.group().upper(), line))
            current.tokens += 1
            current.first_token = current.first_token or word.group().upper()
            i = word.end()
        else:
            current.tokens += 1
            if char != "(":  # `(SELECT …)`: the statement starts with its first word
                current.first_token = current.first_token or char
            i += 1
        line += text.count("\n", start, i)
    return [s for s in statements if s.tokens]


def check_tokens(text: str, *, duckdb_dialect: bool) -> None:
    """The tokenizer's opinion: one statement that starts with SELECT or WITH and writes nothing."""
    statements = split_statements(text)
    if not statements:
        raise Refused("holds no SQL statement; a query file holds one SELECT")
    if len(statements) > 1:
        raise Refused(f"holds {len(statements)} statements; a query file holds exactly one SELECT "
                      "(nothing before or after it, such as COMMIT; or a second query)")
    statement = statements[0]
    first = statement.first_token
    allowed = _STARTS | ({"FROM"} if duckdb_dialect else set())
    if first not in allowed:
        shown = first if _WORD.fullmatch(first) else f"'{first}'"
        raise Refused(f"starts with {shown[:_WORDS_SHOWN]}; a query file holds one SELECT (or WITH … SELECT) "
                      "statement, nothing that writes or changes settings")
    for word, line in statement.words:
        if word in _WRITES:
            raise Refused(f"has {word} on line {line}, which writes; a query only reads (a column named "
                          f"{word.lower()} must be quoted: \"{word.lower()}\")")


def duckdb_select(duckdb: Any, text: str, *, must_parse: bool) -> Any:
    """DuckDB's opinion: the one SELECT statement it parses in `text` (to run as it is), or None when it
    cannot parse the text and `must_parse` is false (another dialect's syntax)."""
    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as exc:
        if not must_parse:
            return None
        raise Refused(f"cannot be parsed by DuckDB: {first_line(str(exc))}") from None
    if len(statements) != 1:
        raise Refused(f"holds {len(statements)} statements; a query file holds exactly one SELECT")
    (statement,) = statements
    kind = getattr(statement.type, "name", str(statement.type))
    if kind != "SELECT":
        raise Refused(f"is a {kind} statement; a query file holds one SELECT (or WITH … SELECT) statement")
    return statement


def bounded_select(duckdb: Any, statement: Any, limit: int) -> Any:
    """DuckDB's parse of `SELECT * FROM (<statement>) LIMIT <limit>`, for a statement `duckdb_select` gave:
    the same rows in the same order, at most `limit` of them, so that a result can be fetched column by
    column (`columns`) without a runaway query filling the memory first. None when that is not exactly
    one SELECT: the statement then runs as it is.

    The statement goes in whole, on lines of its own (a last `-- comment` ends before the bracket): DuckDB
    parsed it as one complete SELECT, so its strings, comments and brackets are closed. Only semicolons at
    its very end are left out (after a comment, one makes the parse fail: the statement runs as it is).
    The limit is this program's number, never a value from a file."""
    body = statement.query.rstrip()
    while body.endswith(";"):
        body = body[:-1].rstrip()
    try:
        wrapped = duckdb.extract_statements(f"SELECT * FROM (\n{body}\n) LIMIT {int(limit)}")
    except duckdb.Error:
        return None
    if len(wrapped) != 1 or getattr(wrapped[0].type, "name", str(wrapped[0].type)) != "SELECT":
        return None
    return wrapped[0]


def first_line(message: str) -> str:
    """A database message on one line: its first line, and where it points when it says so."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if not lines:
        return "no message"
    found = next((re.match(r"LINE (\d+):", line) for line in lines[1:] if line.startswith("LINE ")), None)
    return lines[0] + (f" (line {found.group(1)} of the query)" if found else "")


def check_read_only(text: str, *, duckdb: Any, duckdb_dialect: bool) -> Any:
    """Refuse anything but one reading statement; return DuckDB's parsed statement (None when a SQL
    source's text is not DuckDB's dialect)."""
    check_tokens(text, duckdb_dialect=duckdb_dialect)
    return duckdb_select(duckdb, text, must_parse=duckdb_dialect)
