"""A scorecard part by part, for lint: one invalid part never hides the findings in the others (SPEC.md).

A `Scorecard` exists only when the whole file validates; `report` needs that. Lint checks what it can of
the rest: each top-level field on its own, each metric on its own, and, of a metric that did not validate,
each field that did. A rule over several metrics reads those (its id, category, drives, formula), so that it
neither forgets the metric nor reports a reference to it as unknown; a rule over one metric checks it when
the fields it reads are valid (`readable`), so a missing owner does not hide a missing baseline. Where a
part a rule needs cannot be read at all, `knows` says so and the rule does not guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from partnerscore.core.vocabulary import DEFAULT_CADENCE, LAYERS
from partnerscore.model.parts import MISSING, failed, field_value
from partnerscore.model.scorecard import DriverMetric, Metric, Scorecard

TOP_FIELDS = tuple(name for name in Scorecard.model_fields if name not in LAYERS)
_ORDER: dict[str, int] = {layer: n for n, layer in enumerate(LAYERS)}


def _model_of(layer: str) -> type[Metric]:
    return DriverMetric if layer == "drivers" else Metric


@dataclass(frozen=True)
class LooseMetric:
    """A metric that did not validate: where it is, and its fields that did (with their defaults when absent).

    A field with an error, or required and absent, is not in `fields`; `whole` is False when the entry
    itself is wrong (not a mapping), so none of it can be read.
    """

    layer: str
    index: int
    fields: Mapping[str, Any]
    whole: bool = True

    def reads(self, names: Iterable[str]) -> bool:
        """Whether every field in `names` could be read."""
        return self.whole and all(name in self.fields for name in names)

    @cached_property
    def view(self) -> Metric:
        """The metric as far as it could be read, for the rules over one metric that ask only for fields it
        `reads`. A field that could not be read is not there at all (reading it raises AttributeError),
        never a default that would stand in for what the file says."""
        metric = _model_of(self.layer).model_construct(**self.fields)
        for name in _model_of(self.layer).model_fields:
            if name not in self.fields:
                metric.__dict__.pop(name, None)
        return metric


@dataclass(frozen=True)
class ScorecardParts:
    fields: Mapping[str, Any]  # the top-level fields that are valid (with their defaults); an invalid one is absent
    metrics: tuple[tuple[str, int, Metric], ...]  # the metrics that validated, with their layer and index in the file
    sizes: Mapping[str, int | None]  # entries per layer; None when the layer is missing or not a list
    loose: tuple[LooseMetric, ...] = ()
    # (layer, field) that some entry of the layer leaves unreadable; field "*" when an entry or the layer is.
    unread: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of_card(cls, card: Scorecard) -> ScorecardParts:
        return cls(fields={name: getattr(card, name) for name in TOP_FIELDS},
                   metrics=tuple(card.layer_items()),
                   sizes={layer: len(getattr(card, layer)) for layer in LAYERS})

    @property
    def id(self) -> str | None:
        return self.fields.get("id")

    def knows(self, name: str, layers: Iterable[str] = LAYERS) -> bool:
        """Whether field `name` of every metric of `layers` can be read (in a valid metric, or a loose one)."""
        unread = self.unread
        return not unread or not any((layer, name) in unread or (layer, "*") in unread for layer in layers)

    def readable(self, reads: Iterable[str], layers: Iterable[str] = LAYERS) -> list[tuple[str, int, Metric]]:
        """(layer, index, metric) of each metric of `layers` that validated, and of each that did not but
        whose fields `reads` could be read (as a `LooseMetric.view`), in file order: a rule over one metric
        that reads only those fields checks it all the same, so an error elsewhere in it (an unknown field,
        a missing owner) hides none of its findings."""
        wanted = set(layers)
        reads = tuple(reads)
        found = [item for item in self.metrics if item[0] in wanted]
        more = [(m.layer, m.index, m.view) for m in self.loose if m.layer in wanted and m.reads(reads)]
        if not more:
            return found
        return sorted(found + more, key=lambda item: (_ORDER[item[0]], item[1]))

    def values(self, name: str, layers: Iterable[str] = LAYERS) -> list[tuple[str, int, Any]]:
        """(layer, index, value) of field `name` of each metric where it can be read, in file order: the
        valid metrics' and the loose ones'."""
        wanted = layers if layers is LAYERS else set(layers)
        found = [(layer, i, getattr(metric, name, None)) for layer, i, metric in self.metrics if layer in wanted]
        if not self.loose:  # the valid metrics are in file order already
            return found
        found += [(m.layer, m.index, m.fields[name]) for m in self.loose if m.layer in wanted and name in m.fields]
        return sorted(found, key=lambda item: (_ORDER[item[0]], item[1]))

    def cadence_for(self, layer: str) -> str | None:
        """The layer's review cadence, or None when the fields it follows from are invalid."""
        overrides = self.fields.get("cadence")
        if overrides is None:
            return None
        if getattr(overrides, layer):
            return getattr(overrides, layer)
        kind = self.fields.get("type")
        return DEFAULT_CADENCE[kind][layer] if kind is not None else None


def _loose(layer: str, index: int, raw: Any, bad: set[str]) -> LooseMetric:
    model = _model_of(layer)
    kept = {}
    if isinstance(raw, dict):
        for name in model.model_fields:
            if name in bad:
                continue
            value = field_value(model, name, raw)
            if value is not MISSING:
                kept[name] = value
    return LooseMetric(layer, index, kept, whole=isinstance(raw, dict) and "*" not in bad)


def scorecard_parts(data: dict, errors: list[ErrorDetails]) -> ScorecardParts:
    """The valid parts of `data` (a mapping that failed to validate as a `Scorecard` with `errors`)."""
    bad_fields, bad_entries, bad_entry_fields = failed(errors, LAYERS)
    fields = {}
    for name in TOP_FIELDS:
        if name in bad_fields:
            continue
        value = field_value(Scorecard, name, data)
        if value is not MISSING:
            fields[name] = value
    metrics: list[tuple[str, int, Metric]] = []
    loose: list[LooseMetric] = []
    sizes: dict[str, int | None] = {}
    unread: set[tuple[str, str]] = set()
    for layer in LAYERS:
        entries = field_value(Scorecard, layer, {}) if layer not in data else data[layer]
        if layer in bad_fields or not isinstance(entries, list):
            sizes[layer] = None
            unread.add((layer, "*"))
            continue
        sizes[layer] = len(entries)
        for i, raw in enumerate(entries):
            if (layer, i) in bad_entries:
                bad = bad_entry_fields[(layer, i)]
                unread.update((layer, name) for name in (bad if isinstance(raw, dict) else {"*"}))
                loose.append(_loose(layer, i, raw, bad))
                continue
            try:
                metrics.append((layer, i, _model_of(layer).model_validate(raw)))
            except ValidationError:  # not expected: a part without an error validates on its own
                unread.add((layer, "*"))
                loose.append(_loose(layer, i, raw, set()))
    return ScorecardParts(fields=fields, metrics=tuple(metrics), sizes=sizes, loose=tuple(loose),
                          unread=frozenset(unread))
