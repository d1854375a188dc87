"""What each rule scope is given to look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from partnerscore.io.settings import Settings
from partnerscore.model.scorecard import Scorecard
from partnerscore.yamlsource import Document

if TYPE_CHECKING:
    from partnerscore.model.scorecard_file import ScorecardFile


@dataclass
class ScorecardContext:
    doc: Document
    card: Scorecard
    settings: Settings
    as_of: date

    @classmethod
    def of(cls, loaded: ScorecardFile, settings: Settings, as_of: date) -> ScorecardContext | None:
        """The context of a scorecard that validated; None for one that did not (its rules cannot run)."""
        if loaded.card is None:
            return None
        assert loaded.doc is not None, f"{loaded.display}: a validated scorecard keeps its document"
        return cls(doc=loaded.doc, card=loaded.card, settings=settings, as_of=as_of)


@dataclass
class ProjectContext:
    scorecards: list[ScorecardContext]
    settings: Settings


@dataclass
class DataContext:
    """A scorecard and the rows of its CSV; `table` is a `partnerscore.data.table.CsvTable`."""

    scorecard: ScorecardContext
    table: Any
    as_of: date


@dataclass
class ReviewContext:
    """A scorecard and its decision notes (`reviews` is a list of `partnerscore.model.review_file.ReviewFile`)."""

    scorecard: ScorecardContext
    reviews: list[Any] = field(default_factory=list)
    as_of: date = field(default_factory=date.today)
