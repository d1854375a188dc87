"""What each rule scope is given to look at.

A scorecard is seen part by part (`ScorecardParts`): every rule runs, on the metrics and fields that
validated, whether or not the whole file did. A rule over one metric names the fields it `reads`, so that
a metric with an error elsewhere is checked too. A rule over several metrics asks `knows` before concluding
from what is absent (an unknown id, a category missing), since an invalid metric may hold it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from partnerscore.core.vocabulary import LAYERS
from partnerscore.io.settings import Settings
from partnerscore.model.scorecard import DriverMetric, Metric
from partnerscore.model.scorecard_parts import ScorecardParts
from partnerscore.yamlsource import Document

if TYPE_CHECKING:
    from collections.abc import Iterable

    from partnerscore.model.scorecard_file import ScorecardFile


@dataclass
class ScorecardContext:
    doc: Document
    parts: ScorecardParts
    settings: Settings
    as_of: date

    @classmethod
    def of(cls, loaded: ScorecardFile, settings: Settings, as_of: date) -> ScorecardContext | None:
        """The context of a scorecard read as a mapping, valid or not; None for a file that is not one."""
        if loaded.parts is None:
            return None
        assert loaded.doc is not None, f"{loaded.display}: a scorecard read part by part keeps its document"
        return cls(doc=loaded.doc, parts=loaded.parts, settings=settings, as_of=as_of)

    @property
    def id(self) -> str | None:
        """The partnership id, or None when it is invalid."""
        return self.parts.id

    def field(self, name: str) -> Any:
        """A top-level field's value (its default when absent), or None when it is invalid."""
        return self.parts.fields.get(name)

    def metrics(self, *layers: str, reads: Iterable[str] | None = None) -> list[tuple[str, int, Metric]]:
        """(layer, index in the file, metric) of every metric of `layers` (default all) that validated; with
        `reads`, the fields a rule over one metric reads, also of every metric with errors elsewhere whose
        `reads` fields are valid (only those fields can be read from it)."""
        if reads is not None:
            return self.parts.readable(reads, layers or LAYERS)
        if not layers:
            return list(self.parts.metrics)
        return [item for item in self.parts.metrics if item[0] in layers]

    def drivers(self, reads: Iterable[str] | None = None) -> list[tuple[int, DriverMetric]]:
        """(index in the file, driver) of every driver that validated; with `reads`, as `metrics`."""
        return [(i, m) for _, i, m in self.metrics("drivers", reads=reads) if isinstance(m, DriverMetric)]

    def count(self, layer: str) -> int | None:
        """Entries of a layer in the file, valid or not; None when the layer is missing or not a list."""
        return self.parts.sizes.get(layer)

    def values(self, name: str, layers: Iterable[str] = LAYERS) -> list[tuple[str, int, Any]]:
        return self.parts.values(name, layers)

    def knows(self, name: str, layers: Iterable[str] = LAYERS) -> bool:
        return self.parts.knows(name, layers)

    def metric_ids(self) -> set[str]:
        """Every metric id that can be read, of valid and invalid metrics alike."""
        return {value for _, _, value in self.values("id")}


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
    # The ids of every scorecard reading this CSV, when the run knows them all (the whole project, or a CSV
    # matched to the scorecards folder); None otherwise: then no row is judged to belong to no one.
    sharing: frozenset[str] | None = None
    # With `sharing`: every other scorecard's id -> (its file, its data file), to say where an id's rows belong.
    elsewhere: dict[str, tuple[str, str]] | None = None

    @property
    def partnership_id(self) -> str:
        """The scorecard's id: a scorecard is checked against its CSV only when its id is valid."""
        assert self.scorecard.id is not None, "data rules run on scorecards with a valid id"
        return self.scorecard.id


@dataclass
class ReviewContext:
    """A scorecard and its decision notes (`reviews` is a list of `partnerscore.model.review_file.ReviewFile`).

    `scorecard` is None when the scorecard could not be read at all: the rules that need only the notes
    (PS703, PS704) still run. While the scorecard's metrics cannot all be read, PS705 cannot check every
    name: when the scorecard is in the run its own errors say what to fix (and fail the run); when only
    the note is (pre-commit's changed files), PS705 says why the note could not be checked.
    """

    scorecard: ScorecardContext | None
    reviews: list[Any] = field(default_factory=list)
    as_of: date = field(default_factory=date.today)
    partnership_id: str = ""  # the notes' folder, reviews/<id>/
    scorecard_path: str = ""  # the scorecard's path as shown, for messages
    scorecard_in_run: bool = True  # whether the scorecard's own findings are reported in this run
    # Why the scorecard gives no context (`scorecard` None), for messages: "scorecards/x.yaml cannot be read
    # (PS100 at line 2)", "scorecards/x.yaml extends program 'p', which has errors".
    unreadable_because: str = ""
