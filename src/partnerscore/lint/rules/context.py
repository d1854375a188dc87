"""What each rule scope is given to look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from partnerscore.io.settings import Settings
from partnerscore.model.scorecard import Scorecard
from partnerscore.yamlsource import Document


@dataclass
class ScorecardContext:
    doc: Document
    card: Scorecard
    settings: Settings
    as_of: date


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
