"""Merging a file that `extends:` a program onto the program: the middle of three loading stages.

Loading such a scorecard (or a tier program) is: parse the YAML with positions (`yamlsource`) → merge it
onto its program, already merged along its own chain (here) → validate the result as any scorecard is
validated (`scorecard_file`, `program_file`). The merge knows nothing of Pydantic and the validation
nothing of programs: it gets one `MergedDocument` whose `locate` answers with the file and line each
value came from, so every diagnostic and lint finding lands where the value was written.

Semantics (SPEC.md, "Programs"): the parent's fields, then this file's top-level fields replacing them
(`cadence` merged per layer), this file's layer entries appended after the parent's, and each `metrics:`
override replacing the named fields of one of the parent's metrics (a list such as `drives` is replaced,
not extended). The parent's own `program`, `id`, `extends` and `metrics` are never inherited.
"""

from __future__ import annotations

import difflib
from typing import Any

from partnerscore.core.diagnostics import Diagnostic, Position, Severity
from partnerscore.core.vocabulary import LAYER_SINGULAR, LAYERS
from partnerscore.yamlsource import Document, Loc

# A parent's own keys, and the partner's fields a program may not have (an error in the program, and not
# passed on to its scorecards, where each must name its own).
_NOT_INHERITED = ("program", "id", "extends", "metrics", "partnership", "partner", "data")
_LAYER_KEYS = frozenset(LAYERS)

Origin = tuple[Document, Loc]


class MergedDocument(Document):
    """A file merged with the programs it extends: `data` is the merged result.

    `origins` maps a location in the result to where this file wrote it (a top-level field, a `cadence`
    entry, an appended metric, an overridden metric field); anything else is looked up in `parent`, the
    program's own merged document, down to the base. Locations about the result as a whole rather than a
    written value (the document itself, a layer's count, an inherited metric that lacks a field) land in
    this file: at the layer's key, at the metric's `metrics:` entry, or at the `extends:` line.
    """

    def __init__(self, own: Document, data: dict, origins: dict[Loc, Origin],
                 parent: MergedDocument | None, overridden: dict[str, Loc]):
        # Not the dataclass __init__: the marks are this file's, computed when asked (`key_marks` below).
        self.path = own.path
        self.data = data
        self.own = own
        self.origins = origins
        self.parent = parent
        self.overridden = overridden  # metric id -> its `metrics:` entry in this file
        self.levels: list[dict[Loc, Origin]] = [origins, *(parent.levels if parent is not None else [])]
        self.anchor = own.key_position(("extends",)) if ("extends",) in own.key_marks else own.position(())
        self._marks: tuple[dict, dict] | None = None
        self._metric_index: dict[str, tuple[str, int]] | None = None

    def _own_marks(self) -> tuple[dict, dict]:
        # Positions of this file's own top-level keys (and `cadence` entries) only: rules ask
        # `(layer,) in doc.key_marks` to choose between a layer's key and the document's anchor. Deeper
        # locations are numbered differently in the merged result: `locate` answers for them.
        if self._marks is None:
            self._marks = ({loc: pos for loc, pos in self.own.key_marks.items() if _top_or_cadence(loc)},
                           {loc: pos for loc, pos in self.own.value_marks.items()
                            if not loc or _top_or_cadence(loc)})
        return self._marks

    @property
    def key_marks(self) -> dict[Loc, Position]:  # type: ignore[override]  # read-only here, by design
        return self._own_marks()[0]

    @property
    def value_marks(self) -> dict[Loc, Position]:  # type: ignore[override]
        return self._own_marks()[1]

    def metric_index(self) -> dict[str, tuple[str, int]]:
        """Each metric id of the result at its layer and index (the first, should two share an id);
        computed once, since every scorecard extending this program asks."""
        if self._metric_index is None:
            found: dict[str, tuple[str, int]] = {}
            for layer in LAYERS:
                entries = self.data.get(layer)
                for i, entry in enumerate(entries if isinstance(entries, list) else []):
                    mid = entry.get("id") if isinstance(entry, dict) else None
                    if isinstance(mid, str):
                        found.setdefault(mid, (layer, i))
            self._metric_index = found
        return self._metric_index

    def _origin(self, loc: Loc) -> Origin | None:
        """The longest prefix of `loc` that some file wrote, the nearest file first at equal length."""
        for n in range(len(loc), 0, -1):
            prefix = loc[:n]
            for origins in self.levels:
                hit = origins.get(prefix)
                if hit is not None:
                    return hit[0], hit[1] + loc[n:]
        return None

    def _whole(self, loc: Loc) -> tuple[str, Position] | None:
        """Where a finding about the result as a whole goes, or None for a finding about a written value."""
        own = self.own
        if not loc:
            return own.path, self.anchor
        if len(loc) == 1 and loc[0] in _LAYER_KEYS:
            return own.path, own.key_position(loc) if loc in own.key_marks else self.anchor
        if len(loc) == 2 and loc[0] in _LAYER_KEYS and isinstance(loc[1], int):
            origin = self._origin(loc)
            if origin is not None and origin[0] is own:
                return None
            entry = _entry(self.data, loc)
            mid = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(mid, str) and mid in self.overridden:
                return own.path, own.key_position(self.overridden[mid])
            return own.path, self.anchor
        return None

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[str, Position]:
        loc = tuple(loc)
        whole = self._whole(loc)
        if whole is not None:
            return whole
        origin = self._origin(loc)
        if origin is None:
            return self.own.path, self.anchor
        doc, source = origin
        return doc.path, doc.position(source, key=key)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """A position in this file: where the value was written here, else this file's anchor (a caller that
        pairs `position` with `path` stays in one file; `locate` gives the other files)."""
        path, position = self.locate(loc, key=key)
        return position if path == self.path else self.anchor

    def source_loc(self, loc: Loc) -> Loc:
        loc = tuple(loc)
        if len(loc) == 2 and loc[0] in _LAYER_KEYS and self._whole(loc) is not None:
            entry = _entry(self.data, loc)
            mid = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(mid, str):
                return ("metrics", mid)
        origin = self._origin(loc) if loc else None
        return origin[1] if origin is not None else loc


def _top_or_cadence(loc: Loc) -> bool:
    return len(loc) == 1 or (len(loc) == 2 and loc[0] == "cadence")


def _entry(data: Any, loc: Loc) -> Any:
    layer = data.get(loc[0]) if isinstance(data, dict) else None
    return layer[loc[1]] if isinstance(layer, list) and 0 <= loc[1] < len(layer) else None


def _problem(doc: Document, loc: Loc, code: str, message: str, *, key: bool = False) -> Diagnostic:
    position = doc.position(loc, key=key)
    return Diagnostic(doc.path, position.line, position.column, code, Severity.ERROR, message)


def root_document(own: Document) -> tuple[MergedDocument, list[Diagnostic]]:
    """A file that extends nothing, as the base of a chain: every value is its own. A `metrics:` key is a
    mistake here (there is no program to change), reported and left out."""
    data = dict(own.data)
    problems = []
    if "metrics" in data:
        del data["metrics"]
        problems.append(_problem(own, ("metrics",), "PS102", (
            "`metrics:` changes the metrics of a program, but this file has no `extends:`; add "
            "`extends: PROGRAM`, or set these fields in the metrics themselves"), key=True))
    origins = {(k,): (own, (k,)) for k in data}
    return MergedDocument(own, data, origins, None, {}), problems


def merge(own: Document, parent: MergedDocument, parent_id: str) -> tuple[MergedDocument, list[Diagnostic]]:
    """`own` (a parsed mapping with `extends: parent_id`) merged onto its program's merged document."""
    problems: list[Diagnostic] = []
    data: dict = {}
    for k, v in parent.data.items():
        if k not in _NOT_INHERITED:
            data[k] = list(v) if k in _LAYER_KEYS and isinstance(v, list) else v
    origins: dict[Loc, Origin] = {}
    for k, v in own.data.items():
        if k == "metrics":
            continue
        if k in _LAYER_KEYS:
            if not isinstance(v, list):
                problems.append(_problem(own, (k,), "PS104", (
                    f"'{k}' lists the metrics this file adds to program '{parent_id}'; write a list of "
                    f"metrics (`- id: …`), or leave `{k}:` out to keep the program's")))
                continue
            found = data.get(k)
            base: list = found if isinstance(found, list) else []
            data[k] = [*base, *v]
            for j in range(len(v)):
                origins[(k, len(base) + j)] = (own, (k, j))
        elif k == "cadence" and isinstance(v, dict) and isinstance(data.get("cadence"), dict):
            data["cadence"] = {**data["cadence"], **v}
            origins[("cadence",)] = (own, ("cadence",))
            for layer in v:
                origins[("cadence", layer)] = (own, ("cadence", layer))
        else:
            data[k] = v
            origins[(k,)] = (own, (k,))
    overridden: dict[str, Loc] = {}
    if "metrics" in own.data:
        problems += _apply_overrides(own, data, parent.metric_index(), origins, overridden, parent_id)
    return MergedDocument(own, data, origins, parent, overridden), problems


def _unknown_metric(mid: Any, known: dict[str, tuple[str, int]], data: dict, parent_id: str) -> str:
    shown = mid if isinstance(mid, str) else repr(mid)
    message = f"'{shown}' is not a metric of program '{parent_id}'"
    close = difflib.get_close_matches(str(mid), list(known), n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    for layer in LAYERS:
        for entry in data.get(layer) or []:
            if isinstance(entry, dict) and entry.get("id") == mid:
                return (f"{message}: this file adds it to {layer}, so set its fields there (`metrics:` "
                        "changes the program's metrics)")
    listing = ", ".join(known) if known else "none"
    return f"{message}; its metrics are: {listing}"


def _apply_overrides(own: Document, data: dict, known: dict[str, tuple[str, int]], origins: dict[Loc, Origin],
                     overridden: dict[str, Loc], parent_id: str) -> list[Diagnostic]:
    overrides = own.data["metrics"]
    if not isinstance(overrides, dict):
        return [_problem(own, ("metrics",), "PS104", (
            f"`metrics:` maps metric ids of program '{parent_id}' to the fields to change, e.g. "
            "`sourced_revenue: {target: 300000}`"))]
    problems = []
    for mid, fields in overrides.items():
        where = ("metrics", mid)
        if not isinstance(mid, str) or mid not in known:
            problems.append(_problem(own, where, "PS102", _unknown_metric(mid, known, data, parent_id), key=True))
            continue
        if not isinstance(fields, dict):
            problems.append(_problem(own, where, "PS104", (
                f"the change to metric '{mid}' must be a mapping of its fields, e.g. "
                f"`{mid}: {{target: 300000, partner_owner: Jo Park}}`")))
            continue
        layer, i = known[mid]
        entry = dict(data[layer][i])
        for name, value in fields.items():
            if name == "id":
                problems.append(_problem(own, (*where, "id"), "PS102", (
                    f"the id of {LAYER_SINGULAR[layer]} metric '{mid}' cannot be changed: it is the metric's "
                    "key in the CSV; add a new metric to the layer instead"), key=True))
                continue
            entry[name] = value
            origins[(layer, i, name)] = (own, (*where, name))
        data[layer][i] = entry
        overridden[mid] = where
    return problems
