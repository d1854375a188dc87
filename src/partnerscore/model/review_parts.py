"""A decision note part by part, for lint: one broken decision never hides the rest of the note (SPEC.md).

A `DecisionNote` exists only when the whole note validates; the report's decision loop needs that. Lint
checks each decision and experiment on its own: the valid ones are judged (PS704 overdue, PS705 metric),
and of a decision that did not validate, its `what` is kept when it is readable, because a later mention
of a decision settles the earlier ones: while it cannot be read, the earlier mentions are not judged either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from partnerscore.model.parts import MISSING, failed, field_value
from partnerscore.model.review import Decision, DecisionNote, Experiment

_LISTS = ("decisions", "experiments")


@dataclass(frozen=True)
class NoteParts:
    day: dt.date | None  # the note's date (its `date:`, else the file name's); None when neither can be read
    decisions: tuple[tuple[int, Decision], ...]  # the decisions that validated, with their index in the file
    experiments: tuple[tuple[int, Experiment], ...]  # likewise
    decision_count: int | None  # entries under `decisions:` (0 without it); None when it is not a list
    unsettled: tuple[tuple[int, str], ...] = ()  # (index, what) of decisions that did not validate
    # (list, index, metric) of the decisions and experiments that did not validate but whose own `metric:`
    # does: a decision without a due date still names its metric, and a misspelt one is PS705 all the same.
    loose_metrics: tuple[tuple[str, int, str], ...] = ()

    @classmethod
    def of_note(cls, note: DecisionNote) -> NoteParts:
        return cls(day=note.date, decisions=tuple(enumerate(note.decisions)),
                   experiments=tuple(enumerate(note.experiments)), decision_count=len(note.decisions))

    def as_note(self, day: dt.date) -> DecisionNote:
        """The valid decisions and experiments as one note dated `day` (for calc's decision states).
        `decisions[i]` of it is `self.decisions[i]`, at index `self.decisions[i][0]` in the file."""
        # Each part validated on its own: putting them together needs no second validation.
        return DecisionNote.model_construct(date=day, decisions=[d for _, d in self.decisions],
                                            experiments=[e for _, e in self.experiments])


def _entries(data: dict, name: str) -> list | None:
    value = data.get(name)
    if value is None:  # absent, or `decisions:` with nothing under it (the model reads both as [])
        return []
    return value if isinstance(value, list) else None


def _valid(model: type[Decision] | type[Experiment], raw: Any) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError:  # not expected: a part without an error validates on its own
        return None


def note_parts(data: dict, errors: list[ErrorDetails]) -> NoteParts:
    """The valid parts of `data` (a mapping, with its defaults, that failed to validate with `errors`)."""
    bad_fields, bad_entries, bad_entry_fields = failed(errors, _LISTS)
    day = None if "date" in bad_fields else field_value(DecisionNote, "date", data)
    found: dict[str, list] = {name: [] for name in _LISTS}
    unsettled: list[tuple[int, str]] = []
    loose: list[tuple[str, int, str]] = []
    counts: dict[str, int | None] = {}
    for name, model in (("decisions", Decision), ("experiments", Experiment)):
        entries = None if name in bad_fields else _entries(data, name)
        counts[name] = None if entries is None else len(entries)
        for i, raw in enumerate(entries or []):
            part = None if (name, i) in bad_entries else _valid(model, raw)
            if part is not None:
                found[name].append((i, part))
                continue
            if isinstance(raw, dict) and "metric" not in bad_entry_fields.get((name, i), ()):
                metric = field_value(model, "metric", raw)
                if isinstance(metric, str):  # neither MISSING nor the default None
                    loose.append((name, i, metric))
            if name == "decisions" and isinstance(raw, dict) and "what" not in bad_entry_fields.get((name, i), ()):
                what = field_value(Decision, "what", raw)
                if what is not MISSING:
                    unsettled.append((i, what))
    return NoteParts(day=None if day is MISSING else day, decisions=tuple(found["decisions"]),
                     experiments=tuple(found["experiments"]), decision_count=counts["decisions"],
                     unsettled=tuple(unsettled), loose_metrics=tuple(loose))
