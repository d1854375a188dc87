"""A decision note (`reviews/<id>/<YYYY-MM-DD>.yaml`) as Pydantic models: what SPEC.md pins, nothing more.

A review meeting without decisions is status theater: every note records what changed, risks and
blockers, decisions (owner + due date) and experiments (hypothesis + expected impact).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from partnerscore.model.days import ISO_DAY, Day, parse_day  # noqa: F401 - parse_day: this module's API too

DecisionStatus = Literal["open", "done", "dropped"]
_ISO_DAY = ISO_DAY  # the name this module has always used


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _one_or_many(value: Any) -> Any:
    # `risks: Partner SE capacity is booked` is read as a one-item list: the intent is plain.
    return [value] if isinstance(value, str) else _none_as_empty(value)


def _none_as_empty(value: Any) -> Any:
    # `decisions:` with nothing under it (every item deleted, or only commented examples, as
    # `review new` writes them) is an empty list, not a wrong type.
    return [] if value is None else value


# Text is stripped before its length is checked: the schema's pattern says "not only spaces" to editors.
Text = Annotated[str, BeforeValidator(_strip), StringConstraints(min_length=1, max_length=2000),
                 WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 2000, "pattern": r"\S"})]
TextList = Annotated[list[Text], BeforeValidator(_one_or_many)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Decision(_Strict):
    """A decision taken in the review: what, who and by when."""

    what: Text = Field(description="The decision: what is to be done.")
    owner: Text = Field(description="Who carries it out (PS701 when missing).")
    due: Day = Field(description="By when, YYYY-MM-DD (PS701 when missing).")
    status: DecisionStatus = Field("open", description="Where it stands: open (the default), done or dropped.")
    metric: Text | None = Field(None, description="The metric it is meant to move: a metric or series id of the "
                                                  "scorecard (PS705). The report then proposes no other decision "
                                                  "for that metric while this one is open.")


class Experiment(_Strict):
    """An experiment to run: a hypothesis and the impact it should have."""

    hypothesis: Text = Field(description="What you expect and why (PS702 when missing).")
    expected_impact: Text = Field(description="The change you expect, in numbers (MQL → SQL from 22% to 30% "
                                              "in six weeks; PS702 when missing).")
    metric: Text | None = Field(None, description="A metric or series id of the scorecard (PS705).")
    owner: Text | None = Field(None, description="Who runs the experiment.")
    ends: Day | None = Field(None, description="The day it ends, YYYY-MM-DD.")


class DecisionNote(_Strict):
    """One review meeting's decision note."""

    date: Day = Field(description="Defaults to the file name (YYYY-MM-DD.yaml).")
    attendees: TextList = Field(default_factory=list, description="Who was there.")
    changed: TextList = Field(default_factory=list, description="What changed since the last review.")
    risks: TextList = Field(default_factory=list, description="Risks and blockers.")
    decisions: Annotated[list[Decision], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list, description="Decisions taken in the review, each with an owner and a due date.")
    experiments: Annotated[list[Experiment], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list, description="Experiments to run, each with a hypothesis and its expected impact.")


def day_from_file_name(stem: str) -> dt.date | None:
    """`2026-11-06` → that day; any other name → None (the note must then say `date:`)."""
    if not _ISO_DAY.match(stem):
        return None
    try:
        return dt.date.fromisoformat(stem)
    except ValueError:
        return None


def not_a_day(stem: str) -> str | None:
    """Why a file name written like a day (`2026-11-31`) is none ("day is out of range for month"); None for
    a real day and for a name that is not written like one."""
    if not _ISO_DAY.match(stem):
        return None
    try:
        dt.date.fromisoformat(stem)
    except ValueError as exc:
        return str(exc)
    return None


def decision_note_json_schema() -> dict:
    """The JSON Schema of a decision note, for editors (`partnerscore schema note`)."""
    schema = DecisionNote.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    schema["title"] = "partnerscore decision note"
    # `date` may be left out: it defaults to the file name.
    schema["required"] = [name for name in schema.get("required", []) if name != "date"]
    if not schema["required"]:
        del schema["required"]
    properties = schema["properties"]
    for name in ("attendees", "changed", "risks"):  # one text is a one-item list, a bare `risks:` an empty one
        items = properties[name].pop("items")
        properties[name]["anyOf"] = [items, {"type": "array", "items": items}, {"type": "null"}]
        del properties[name]["type"]
    for name in ("decisions", "experiments"):  # a bare `decisions:` (all commented out) is an empty list
        listed = {key: properties[name].pop(key) for key in ("items", "type")}
        properties[name]["anyOf"] = [listed, {"type": "null"}]
    return schema
