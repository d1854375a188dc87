"""Validating a parsed document against a Pydantic model, turning every error into a positioned diagnostic."""

from __future__ import annotations

import difflib
from typing import Any, Callable, TypeVar

from pydantic import BaseModel, ValidationError

from partnerscore.diagnostics import Diagnostic, Severity
from partnerscore.source import Document

M = TypeVar("M", bound=BaseModel)

# Field-specific explanations for unknown fields that are allowed elsewhere.
_MISPLACED = {
    "drives": "only drivers may say which outcomes they drive",
}


def _describe(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "the top level"


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
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
        else:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _short_input(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def errors_to_diagnostics(
    exc: ValidationError,
    doc: Document,
    model: type[BaseModel],
    classify: Callable[[dict], str | None] | None = None,
) -> list[Diagnostic]:
    """Map Pydantic errors to PS102 (unknown), PS103 (missing) or PS104 (invalid) at the right place.

    `classify` may claim an error for another rule code (e.g. a missing owner is PS301).
    """
    diagnostics = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        code = classify(err) if classify else None
        field = str(loc[-1]) if loc else ""
        where = _describe(loc[:-1])
        if kind == "extra_forbidden":
            owner = _model_at(model, loc[:-1])
            hint = ""
            if field in _MISPLACED:
                hint = f" ({_MISPLACED[field]})"
            elif owner is not None:
                close = difflib.get_close_matches(field, list(owner.model_fields), n=1, cutoff=0.6)
                if close:
                    hint = f"; did you mean '{close[0]}'?"
                else:
                    hint = f"; allowed fields: {', '.join(owner.model_fields)}"
            position = doc.key_position(loc)
            message = f"unknown field '{field}' in {where}{hint}"
            code = code or "PS102"
        elif kind == "missing":
            position = doc.position(loc[:-1])
            message = f"missing required field '{field}' in {where}"
            code = code or "PS103"
        else:
            position = doc.position(loc)
            msg = err["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            message = f"invalid value for '{_describe(loc)}': {msg}"
            if "input" in err and kind not in ("model_type",) and not isinstance(err["input"], (dict, list)):
                if "got" not in msg:
                    message += f" (got {_short_input(err['input'])})"
            code = code or "PS104"
        diagnostics.append(Diagnostic(doc.path, position.line, position.column, code, Severity.ERROR, message))
    return diagnostics


def validate_document(
    doc: Document,
    model: type[M],
    *,
    defaults: dict | None = None,
    classify: Callable[[dict], str | None] | None = None,
    context: dict | None = None,
) -> tuple[M | None, list[Diagnostic]]:
    data = doc.data
    if defaults and isinstance(data, dict):
        data = {**defaults, **data}
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as exc:
        return None, errors_to_diagnostics(exc, doc, model, classify)
