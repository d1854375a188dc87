"""Validation errors that SPEC.md gives their own rule code instead of PS103/PS104.

A missing metric owner is PS301; a decision without owner or due date PS701; an experiment without
hypothesis or expected impact PS702. They are found while a file is validated, so the loaders classify
them here; the rules of `partnerscore.lint.rules` document them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


def is_owner_error(error: ErrorDetails) -> bool:
    """A missing or empty metric owner is PS301, not PS103/PS104 (SPEC.md)."""
    loc = tuple(error["loc"])
    return (
        len(loc) == 3
        and loc[-1] == "owner"
        and isinstance(loc[1], int)
        and error["type"] in ("missing", "string_too_short", "too_short", "string_type", "none_required")
        and not _wrong_type(error)
    )


def owner_message(err: ErrorDetails, data: dict) -> str:
    """What PS301 says of a metric owner missing or empty in `data` (a scorecard, or a program: the same words)."""
    layer, index = err["loc"][0], err["loc"][1]
    try:
        metric_id = data[layer][index].get("id")
    except (KeyError, IndexError, AttributeError, TypeError):
        metric_id = None
    what = f"metric '{metric_id}'" if isinstance(metric_id, str) else f"metric {layer}[{index}]"
    if err["type"] == "missing":
        return f"{what} has no owner; add `owner:` naming the person accountable for it"
    if err.get("input") is None or err.get("input") == "" or str(err.get("input")).strip() == "":
        return f"{what} has an empty owner; name the person accountable for it"
    return f"owner of {what} must be a person's name (got {err['input']!r})"


def _wrong_type(error: ErrorDetails) -> bool:
    """A value that is there but is not text (`owner: 12`, `owner: [Dana, Tom]`): an invalid value, PS104,
    not an empty one."""
    return error["type"] == "string_type" and error.get("input") not in (None, "")


_EMPTY_TEXT = ("missing", "string_too_short", "string_type")
_CLAIMED: dict[tuple[int | str, int | str], str] = {  # (list, field) in an error's loc -> code
    ("decisions", "owner"): "PS701",
    ("decisions", "due"): "PS701",
    ("experiments", "hypothesis"): "PS702",
    ("experiments", "expected_impact"): "PS702",
}


def classify_note_error(error: ErrorDetails) -> str | None:
    """A missing or empty decision owner/due, or experiment hypothesis/expected impact: PS701/PS702.

    An invalid value (`due: next week`) stays PS104: the field is there, it only needs fixing.
    """
    loc = tuple(error["loc"])
    if len(loc) != 3 or not isinstance(loc[1], int):
        return None
    code = _CLAIMED.get((loc[0], loc[2]))
    if code is None:
        return None
    empty = error["type"] in _EMPTY_TEXT or ("input" in error and error["input"] in (None, ""))
    return code if empty and not _wrong_type(error) else None


def _label(data: Any, loc: tuple, field: str) -> str:
    """`decision 'Move two webinars…'`, or `decisions[1]` when it has no text to quote."""
    try:
        text = data[loc[0]][loc[1]].get(field)
    except (KeyError, IndexError, TypeError, AttributeError):
        text = None
    kind = "decision" if loc[0] == "decisions" else "experiment"
    if isinstance(text, str) and text.strip():
        text = " ".join(text.split())
        return f"{kind} '{text if len(text) <= 50 else text[:49] + '…'}'"
    return f"{kind} {loc[0]}[{loc[1]}]"


def describe_note_error(error: ErrorDetails, data: Any) -> str:
    """The message for a PS701/PS702 error: which decision or experiment, what it lacks, how to fix it."""
    loc = tuple(error["loc"])
    field = loc[2]
    state = "has no" if error["type"] == "missing" else "has an empty"
    if loc[0] == "decisions":
        label = _label(data, loc, "what")
        if field == "owner":
            return f"{label} {state} owner; every decision needs an owner and a due date (owner: NAME)"
        return f"{label} {state} due date; every decision needs one (due: YYYY-MM-DD)"
    label = _label(data, loc, "hypothesis")
    if field == "hypothesis":
        return f"{label} {state} hypothesis; say what you believe will happen and why"
    return (f"{label} {state} expected_impact; say which number should move and by how much, "
            "e.g. 'MQL → SQL from 22% to 30% in six weeks'")
