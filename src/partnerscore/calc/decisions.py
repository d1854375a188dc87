"""The state of decisions and experiments across a partnership's decision notes. Pure: notes in, state out.

Notes are history and are never edited, so a decision's state is its *latest* mention: a later note that
lists the same `what` (compared case-, space- and trailing-punctuation-insensitively) with `status: done`
or `dropped` closes it; one that lists it as `open` again (perhaps with a new owner or due date) carries it.
Experiments are matched the same way on their hypothesis.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: calc is pure arithmetic over whatever has these fields
    from partnerscore.model.review import Decision, DecisionNote, Experiment

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """`Move two webinars to EMEA.` and `move two  webinars to EMEA` are the same decision."""
    return _SPACE.sub(" ", text.casefold()).strip().rstrip(".!;:,").strip()


@dataclass(frozen=True)
class DecisionState:
    decision: Decision
    note: DecisionNote = field(compare=False)  # the note of its latest mention
    note_date: dt.date  # the note of its latest mention
    index: int  # its position in that note's `decisions`
    first_date: dt.date  # the note that first recorded it

    @property
    def is_open(self) -> bool:
        return self.decision.status == "open"

    def overdue(self, as_of: dt.date) -> bool:
        return self.is_open and self.decision.due < as_of


@dataclass(frozen=True)
class ExperimentState:
    experiment: Experiment
    note: DecisionNote = field(compare=False)
    note_date: dt.date  # the note of its latest mention
    index: int
    first_date: dt.date  # the note that first recorded it: a carried-over copy does not restart it

    def running(self, as_of: dt.date) -> bool:
        ends = self.experiment.ends
        return ends is None or ends >= as_of


def decision_states(notes: Iterable[DecisionNote]) -> list[DecisionState]:
    """Every distinct decision at its latest mention, in the order first recorded."""
    latest: dict[str, DecisionState] = {}
    for note in sorted(notes, key=lambda n: n.date):
        for i, decision in enumerate(note.decisions):
            key = normalise(decision.what)
            first = latest[key].first_date if key in latest else note.date
            latest[key] = DecisionState(decision, note, note.date, i, first)
    return sorted(latest.values(), key=lambda s: (s.first_date, s.decision.due))


def open_decisions(notes: Iterable[DecisionNote]) -> list[DecisionState]:
    """Decisions whose latest state is open, soonest due first."""
    return sorted((s for s in decision_states(notes) if s.is_open),
                  key=lambda s: (s.decision.due, normalise(s.decision.what)))


def running_experiments(notes: Iterable[DecisionNote], as_of: dt.date) -> list[ExperimentState]:
    """Experiments at their latest mention that have not ended by `as_of` (no `ends:` means running)."""
    latest: dict[str, ExperimentState] = {}
    for note in sorted(notes, key=lambda n: n.date):
        for i, experiment in enumerate(note.experiments):
            key = normalise(experiment.hypothesis)
            first = latest[key].first_date if key in latest else note.date
            latest[key] = ExperimentState(experiment, note, note.date, i, first)
    return [s for s in latest.values() if s.running(as_of)]
