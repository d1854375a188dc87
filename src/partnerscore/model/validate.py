"""Validating a parsed document against a Pydantic model, turning every error into a positioned diagnostic.

Pydantic's own messages name Python types ("Input should be a valid list"); we keep them where they
are clear and rewrite the ones a scorecard author would not understand (patterns, empty strings).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from partnerscore.core.diagnostics import Diagnostic, Severity
from partnerscore.yamlsource import Document

# Field-specific explanations for unknown fields that are allowed elsewhere.
_MISPLACED = {
    "drives": "only drivers may say which outcomes they drive",
}

# Regex patterns of the models, said in words.
_PATTERN_WORDS = {
    r"^[a-z0-9][a-z0-9_-]*$": "use lowercase letters, digits, '-' and '_', starting with a letter or digit "
                              "(e.g. northwind-referrals)",
    r"^[a-z0-9][a-z0-9_]*$": "use lowercase letters, digits and '_', starting with a letter or digit "
                             "(e.g. mql_to_sql)",
}


def describe_loc(loc: tuple, top: str = "the top level") -> str:
    """`outcomes[0].target` for a location; `top` names the document itself."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif isinstance(item, date) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(item)):  # a schedule's date
            parts.append(f"[{item.isoformat() if isinstance(item, date) else item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or top


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the mapping at `loc`, to suggest its field names."""
    current: Any = model
    for item in loc:
        if isinstance(item, int):
            continue
        field = getattr(current, "model_fields", {}).get(item)
        if field is None:
            return None
        annotation = field.annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        for candidate in list(candidates):
            candidates.extend(getattr(candidate, "__args__", ()))  # Optional[list[Model]]
        for candidate in candidates:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
        else:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def short_input(value: Any) -> str:
    # YAML turns `2026-01-01` into a date: show it as written, not as datetime.date(2026, 1, 1); and
    # `true`, `null` in YAML's spelling, not Python's True and None.
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    text = value.isoformat() if isinstance(value, (date, datetime)) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unknown_field(field: str, where: str, owner: type[BaseModel] | None) -> str:
    if field in _MISPLACED:
        return f"unknown field '{field}' in {where} ({_MISPLACED[field]})"
    if owner is None:
        return f"unknown field '{field}' in {where}"
    names = list(owner.model_fields)
    close = difflib.get_close_matches(field.lower(), names, n=1, cutoff=0.6)
    if close:
        return f"unknown field '{field}' in {where}; did you mean '{close[0]}'?"
    return f"unknown field '{field}' in {where}; allowed fields: {', '.join(names)}"


def _invalid_value(err: ErrorDetails, loc: tuple, top: str) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    msg = err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    if kind.startswith("date_") and isinstance(value, str):
        msg = f"{short_input(value)} is not a date of the calendar; write YYYY-MM-DD"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_WORDS:
        msg = f"{short_input(value)} is not a valid id: {_PATTERN_WORDS[ctx['pattern']]}"
    elif kind in ("string_too_short", "too_short") and isinstance(value, str):
        # The Text fields strip before checking, and Pydantic then words it for collections ("1 item").
        msg = "must not be empty"
    elif kind in ("string_too_long", "too_long") and isinstance(value, str) and "max_length" in ctx:
        # As for too short: after the strip, Pydantic words it for collections ("at most 2000 items").
        msg = f"is {len(value.strip()):,} characters long; keep it to {ctx['max_length']:,}"
    elif kind == "literal_error" and isinstance(value, str):
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.6)
        msg = f"{short_input(value)} is not allowed; use {ctx.get('expected', 'one of the allowed values')}"
        if close:
            msg += f" (did you mean '{close[0]}'?)"
    elif not isinstance(value, (dict, list)) and kind != "model_type" and "input" in err and "got" not in msg:
        msg += f" (got {short_input(value)})"
    return f"invalid value for '{describe_loc(loc, top)}': {msg}"


# Tags of the models' tagged unions (a target is a number or a schedule): in Pydantic's `loc`, not in the file.
_UNION_TAGS = {"number", "schedule"}


def _document_loc(doc: Document, loc: tuple) -> tuple[tuple, bool]:
    """Pydantic's `loc` as a path into the document, and whether it names a mapping key.

    Pydantic writes every key as text and adds the tag of a tagged union and `[key]` for a key's own
    error; the document keeps YAML's keys (a `2026-07-01` key is a date)."""
    key = bool(loc) and loc[-1] == "[key]"
    path: list = []
    node: Any = doc.data
    for item in loc[:-1] if key else loc:
        if item in _UNION_TAGS and path and path[-1] == "target":
            continue
        if isinstance(node, dict) and item not in node:
            item = next((k for k in node if item in (str(k), repr(k))), item)
        path.append(item)
        node = node.get(item) if isinstance(node, dict) else (
            node[item] if isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node) else None)
    return tuple(path), key


def errors_to_diagnostics(
    exc: ValidationError,
    doc: Document,
    model: type[BaseModel],
    classify: Callable[[ErrorDetails], str | None] | None = None,
    *,
    top: str = "the top level",
) -> list[Diagnostic]:
    """Map Pydantic errors to PS102 (unknown), PS103 (missing) or PS104 (invalid) at the right place.

    Exactly one diagnostic per error, in Pydantic's order (callers may zip them). `classify` may claim
    an error for another rule code (e.g. a missing owner is PS301); `top` names the document in messages.
    """
    diagnostics = []
    for err in exc.errors(include_url=False):
        loc, names_key = _document_loc(doc, tuple(err["loc"]))
        kind = err["type"]
        code = classify(err) if classify else None
        field = str(loc[-1]) if loc else ""
        # Words from the file the position is in: a merged scorecard's inherited metric is numbered as in
        # its program, an override named by its `metrics:` entry.
        where = describe_loc(doc.source_loc(loc[:-1]), top)
        if kind == "extra_forbidden":
            path, position = doc.locate(loc, key=True)
            message = _unknown_field(field, where, _model_at(model, loc[:-1]))
            code = code or "PS102"
        elif kind == "invalid_key":
            # Pydantic stringifies a None key in `loc` ('None'); the key itself is the error's input.
            key_loc = loc[:-1] + (err.get("input"),)
            path, position = doc.locate(key_loc, key=True)
            key = err.get("input")
            if key is None or isinstance(key, bool):
                shown = "null" if key is None else str(key).lower()
            else:
                shown = short_input(key)
            message = (f"field name {shown} in {where} is not text; "
                       "field names are words such as `owner:` (quote it if it is meant as one)")
            code = code or "PS104"
        elif kind == "missing":
            path, position = doc.locate(loc[:-1])
            message = f"missing required field '{field}' in {where}"
            code = code or "PS103"
        else:
            path, position = doc.locate(loc, key=names_key)
            message = _invalid_value(err, doc.source_loc(loc), top)
            code = code or "PS104"
        diagnostics.append(Diagnostic(path, position.line, position.column, code, Severity.ERROR, message))
    return diagnostics


def require_mapping(doc: Document, what: str) -> Diagnostic | None:
    if isinstance(doc.data, dict):
        return None
    pos = doc.position(())
    if doc.data is None:
        message = f"file is empty; a {what} is a mapping of fields"
    else:
        kind = "a list" if isinstance(doc.data, list) else f"a single value ({type(doc.data).__name__})"
        example = "`program:` and `outcomes:`" if what == "program" else "`partnership:` and `goal:`"
        message = f"top level is {kind}; a {what} is a mapping of fields such as {example}"
    return Diagnostic(doc.path, pos.line, pos.column, "PS101", Severity.ERROR, message)
