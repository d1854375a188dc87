"""Validating one field of a model on its own, for the loaders that keep the valid parts of an invalid file.

Pydantic validates a file as a whole and returns nothing when one part is wrong. Its error list already
names every problem, so a part without an error is valid on its own: these helpers give its value (stripped,
parsed and defaulted exactly as the whole model would) without validating the file a second time.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

MISSING: Any = object()  # a required field that is absent, or a value that does not validate


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


def field_value(model: type[BaseModel], name: str, raw: dict) -> Any:
    """`raw[name]` as `model` holds it, its default when absent, or MISSING (required and absent, or invalid)."""
    info = model.model_fields[name]
    if name not in raw:
        return MISSING if info.is_required() else info.get_default(call_default_factory=True)
    try:
        return _adapter(model, name).validate_python(raw[name])
    except ValidationError:
        return MISSING


Entry = tuple[str, int]  # ("decisions", 2): an entry of one of a model's lists


def failed(errors: list, lists: tuple[str, ...]) -> tuple[set[str], set[Entry], dict[Entry, set[str]]]:
    """Which parts Pydantic's errors fall in: top-level fields (a list among `lists` itself counts as a field
    when it is not a list), entries of `lists` (`("decisions", 2)`), and per entry, its fields with an error
    ("*" when the entry itself is wrong, e.g. not a mapping)."""
    fields: set[str] = set()
    entries: set[Entry] = set()
    entry_fields: dict[Entry, set[str]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        if not loc:
            continue
        if loc[0] in lists and len(loc) >= 2 and isinstance(loc[1], int):
            entry = (str(loc[0]), loc[1])
            entries.add(entry)
            entry_fields.setdefault(entry, set()).add(str(loc[2]) if len(loc) >= 3 else "*")
        else:
            fields.add(str(loc[0]))
    return fields, entries, entry_fields
