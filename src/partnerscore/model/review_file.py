"""Loading decision notes: YAML with positions, then the model, every problem a diagnostic.

A scorecard's notes live in `<reviews>/<id>/*.yaml` (the folder names the partnership) and are ordered
by their date, which defaults to the file name (`2026-11-06.yaml`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from partnerscore.core.diagnostics import Diagnostic, Severity
from partnerscore.io.paths import YAML_SUFFIXES, display_path
from partnerscore.io.settings import Settings
from partnerscore.model.error_codes import classify_note_error, describe_note_error
from partnerscore.model.review import DecisionNote, day_from_file_name, not_a_day
from partnerscore.model.review_parts import NoteParts, note_parts
from partnerscore.model.validate import errors_to_diagnostics
from partnerscore.yamlsource import Document, load_yaml


@dataclass
class ReviewFile:
    path: Path
    display: str
    doc: Document | None = None
    note: DecisionNote | None = None  # the whole note, when it validated (what the report's decision loop reads)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Each decision and experiment that validated on its own (what lint checks); None when not a mapping.
    parts: NoteParts | None = None

    @property
    def partnership_id(self) -> str:
        """The folder a note sits in names its partnership: reviews/<id>/<date>.yaml."""
        return self.path.parent.name

    @property
    def day(self) -> dt.date | None:
        if self.note is not None:
            return self.note.date
        if self.parts is not None and self.parts.day is not None:
            return self.parts.day
        return day_from_file_name(self.path.stem)

    @property
    def is_valid(self) -> bool:
        return self.note is not None and not any(d.is_error for d in self.diagnostics)


def _not_a_mapping(doc: Document) -> Diagnostic:
    pos = doc.position(())
    if doc.data is None:
        what = "empty"
    else:
        what = "a list" if isinstance(doc.data, list) else f"a single value ({type(doc.data).__name__})"
    message = (f"decision note is {what}; a decision note is a mapping with `changed:`, `risks:`, "
               "`decisions:` and `experiments:`")
    return Diagnostic(doc.path, pos.line, pos.column, "PS101", Severity.ERROR, message)


def _validate(doc: Document, defaults: dict) -> tuple[DecisionNote | None, list[Diagnostic], NoteParts]:
    """The note as a model, or its diagnostics; PS701/PS702 get messages that name the decision. And its
    valid parts either way."""
    given = {**defaults, **doc.data}
    try:
        note = DecisionNote.model_validate(given)
        return note, [], NoteParts.of_note(note)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        diagnostics = errors_to_diagnostics(exc, doc, DecisionNote, classify_note_error)
        # One diagnostic per error, in order: rewrite the claimed ones with a message a person reads.
        return None, [
            replace(d, message=describe_note_error(err, doc.data)) if d.rule in ("PS701", "PS702") else d
            for err, d in zip(errors, diagnostics, strict=True)
        ], note_parts(given, errors)


def load_review(path: Path) -> ReviewFile:
    display = display_path(path)
    result = load_yaml(path, display)
    review = ReviewFile(path=path, display=display, doc=result.document, diagnostics=list(result.diagnostics))
    doc = result.document
    if doc is None:
        return review
    if not isinstance(doc.data, dict):
        review.diagnostics.append(_not_a_mapping(doc))
        return review
    named_day = day_from_file_name(path.stem)
    note, problems, review.parts = _validate(doc, {"date": named_day} if named_day else {})
    review.diagnostics.extend(_file_name_problems(problems, path, doc))
    if note is not None and named_day is not None and note.date != named_day:
        # A note copied from last week with its date left unchanged would be filed under the wrong review.
        pos = doc.position(("date",))
        review.diagnostics.append(Diagnostic(
            display, pos.line, pos.column, "PS104", Severity.ERROR,
            f"date {note.date.isoformat()} does not match the file name {path.name}; "
            "fix one of them (the file name is the review's date)"))
    review.note = note
    return review


def _file_name_problems(problems: list[Diagnostic], path: Path, doc: Document) -> list[Diagnostic]:
    """A note's date comes from its file name unless it says `date:`; when it does not, "missing required
    field 'date'" hides the cause, so say it: the file name is not a day (`2026-11-31`), or not one at
    all (`kickoff.yaml`). A name written like a day that is none is an error even beside a `date:`: the
    note is filed under a day that does not exist."""
    why = not_a_day(path.stem)
    missing = [d for d in problems if d.rule == "PS103" and d.message.startswith("missing required field 'date'")]
    if "date" in doc.data:
        missing = []
    rest = [d for d in problems if d not in missing]
    if why is not None:
        pos = doc.position(())
        return [Diagnostic(doc.path, pos.line, pos.column, "PS104", Severity.ERROR,
                           f"the file name {path.stem} is not a calendar date ({why}); name the note after its "
                           "meeting's day, YYYY-MM-DD.yaml"), *rest]
    return [replace(d, message=f"no date: the file name {path.name} is not a day; name the note after its "
                               "meeting's day (YYYY-MM-DD.yaml) or add `date: YYYY-MM-DD`") for d in missing] + rest


def review_paths(settings: Settings, partnership_id: str) -> list[Path]:
    """The decision-note files of one partnership (unsorted by date; hidden files skipped)."""
    folder = settings.folder("reviews") / partnership_id
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in YAML_SUFFIXES and not p.name.startswith("."))


def sort_by_day(reviews: list[ReviewFile]) -> list[ReviewFile]:
    """Oldest first; notes without a readable date first of all (they cannot be placed)."""
    return sorted(reviews, key=lambda r: (r.day or dt.date.min, r.path.name))


def load_reviews(settings: Settings, partnership_id: str) -> list[ReviewFile]:
    """A scorecard's notes, oldest first."""
    return sort_by_day(mark_same_day([load_review(p) for p in review_paths(settings, partnership_id)]))


def mark_same_day(reviews: list[ReviewFile]) -> list[ReviewFile]:
    """`reviews` (one partnership's), each note that shares its day with another given a PS104 error at its
    date: a decision stays open until a LATER note closes it, and of two notes of one day neither is later,
    so which one settles a decision would depend on how their file names sort. Safe to call again."""
    by_day: dict[dt.date, list[ReviewFile]] = {}
    for review in reviews:
        if review.day is not None:
            by_day.setdefault(review.day, []).append(review)
    for day, same in by_day.items():
        if len(same) < 2:
            continue
        for review in same:
            others = ", ".join(sorted(other.display for other in same if other is not review))
            message = (f"another decision note is dated {day.isoformat()} too ({others}); neither is later, so "
                       "which one settles a decision cannot be told: merge them into one note")
            if any(d.rule == "PS104" and d.message == message for d in review.diagnostics):
                continue
            given = review.doc is not None and isinstance(review.doc.data, dict) and "date" in review.doc.data
            line, column = (1, 1)
            if given and review.doc is not None:
                pos = review.doc.position(("date",))
                line, column = pos.line, pos.column
            review.diagnostics.append(Diagnostic(review.display, line, column, "PS104", Severity.ERROR, message))
    return reviews


def notes_until(reviews: list[ReviewFile], day: dt.date | None = None) -> list[DecisionNote]:
    """The valid notes dated on or before `day` (all when None), oldest first."""
    return [r.note for r in sort_by_day(reviews)
            if r.is_valid and r.note is not None and (day is None or r.note.date <= day)]


@dataclass
class ReviewHistory:
    """A partnership's decision notes as of a day, as the report's decision loop takes them."""

    notes: list[DecisionNote]  # the valid notes dated on or before the day, oldest first
    held: list[dt.date]  # the day of every meeting on record (a note with an error still records one)
    unreadable: list[Diagnostic]  # the first error of each note left out, so its decisions never vanish silently


def review_history(settings: Settings, partnership_id: str, as_of: dt.date) -> ReviewHistory:
    """Load `<reviews>/<id>/*.yaml` once; notes dated after `as_of` are not part of the history."""
    reviews = load_reviews(settings, partnership_id)
    return ReviewHistory(
        notes=notes_until(reviews, as_of),
        held=[r.day for r in reviews if r.day is not None and r.day <= as_of],
        unreadable=[min((d for d in r.diagnostics if d.is_error), key=Diagnostic.sort_key)
                    for r in reviews if (r.day is None or r.day <= as_of) and any(d.is_error for d in r.diagnostics)],
    )
