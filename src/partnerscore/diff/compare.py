"""What a change to scorecards does: old versions and new versions in, a list of changes out.

Pure: no git, no files, no output. Scorecards are matched by partnership id, so a renamed file that keeps
its id is a change of file, not a removal and an addition.

Change kinds (also the `kind` of `diff --format json`):

- ``added`` / ``removed``: a partnership, a metric, or an optional field (e.g. a baseline or a
  partner_owner) that one side has and the other does not;
- ``raised`` / ``lowered``: a number (target, baseline, tolerance) that went up or down without making
  a target easier to hit (raising an ``up`` target, lowering a ``down`` one, or any baseline change);
  ``raised`` also for a summed target's period made shorter with the same target (harder to hit);
- ``lowered-bar``: a target made easier to hit: an ``up`` target (or any entry of its schedule) lowered or
  a ``down`` one raised, a deadline (``by``) moved later, a tolerance widened (the EFFECTIVE tolerance:
  the metric's own, else the settings' ``tolerance``, else 10%, so removing a narrow ``tolerance:`` or
  raising the setting widens it too), or the period of a summed ``up`` target made longer with the same
  target (the same sum over a longer period is easier to reach; shorter, for a ``down`` one);
- ``changed``: any other field that differs (owner, cadence, period, unit, direction, aggregation,
  formula, drives, layer, …), and targets whose unit or direction also changed, so the numbers are not
  comparable;
- ``renamed``: the scorecard file moved, keeping its partnership id;
- ``invalid``: one side could not be read or validated (added by the diff sources, not here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partnerscore.calc.targets import target_in_force
from partnerscore.core.values import amount_per_period
from partnerscore.core.vocabulary import LAYER_SINGULAR, LAYERS
from partnerscore.diff.result import Change, DiffReport
from partnerscore.model.merge import MergedDocument
from partnerscore.model.scorecard import Metric, Scorecard
from partnerscore.yamlsource import Document

# Periods per year, to compare a summed target across a change of period (100/month ≈ 300/quarter).
_PER_YEAR = {"week": 52, "month": 12, "quarter": 4, "year": 1}

_CARD_FIELDS = ("partnership", "extends", "goal", "type", "lead", "partner", "data", "fiscal_year_start")
# Metric fields compared as plain values; numbers and layer are handled on their own.
_METRIC_FIELDS = ("name", "owner", "partner_owner", "validated_by", "category", "unit", "direction",
                  "aggregation", "period", "formula", "drives", "cadence", "when_off_track")
_NUMBERS = ("target", "baseline", "stretch")  # the tolerance is compared as in force: `_Comparer.tolerance`
_WIDER = "a wider band before at-risk turns off-track, so the bar is lower"


@dataclass(frozen=True)
class Version:
    """One side's scorecard: where to show it, where it lives in the repository, and its content."""

    path: str        # as shown to the user (relative to the current folder, or REF:path)
    repo_path: str   # relative to the repository root, to notice a rename
    card: Scorecard
    doc: Document | None = None  # positions, for the new side's annotations
    default_tolerance: float = 0.10  # that side's `tolerance` setting: a metric without its own uses it


def format_value(value: Any, metric: Metric | None = None, *, with_period: bool = False) -> str:
    """A value as the report shows it (`partnerscore.core.values`): `$500,000/quarter` for a summed target
    with `with_period`, `30.0%`, `12`; a schedule entry by entry; `none` for no value."""
    if value is None:
        return "none"
    if isinstance(value, dict):  # a target schedule: each entry by its effective date
        return ", ".join(f"from {day.isoformat()}: {format_value(v, metric, with_period=with_period)}"
                         for day, v in sorted(value.items()))
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]" if value else "[]"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if metric is None:
        return amount_per_period(value)
    # A summed target is an amount per period; a rate or level is the same whatever the period.
    summed = with_period and metric.effective_aggregation == "sum"
    return amount_per_period(value, metric.unit, metric.period if summed else None)


def _apart(before: str, after: str, old: Any, new: Any) -> tuple[str, str]:
    """Two different numbers that read the same once rounded (30.04% and 30.01%) get their exact values,
    so a change never reads "from 30.0% to 30.0%"."""
    if before == after and old != new and all(isinstance(v, (int, float)) for v in (old, new)):
        return f"{before} ({old:.10g})", f"{after} ({new:.10g})"  # 10 digits: no float noise (0.30010000000000003)
    return before, after


def _label(metric: Metric) -> str:
    """How a message names a metric: its name, and its id (the key in the CSV and in `diff --format json`)."""
    return f"'{metric.name}' ({metric.id})"


class _Comparer:
    def __init__(self, old: Version, new: Version):
        self.old, self.new = old, new
        self.pid = new.card.id
        self.changes: list[Change] = []
        # A removed metric is named as it was; any other by its name now.
        self.names = {m.id: m.name for card in (old.card, new.card) for _, _, m in card.layer_items()}
        self.old_places = {m.id: (layer, i) for layer, i, m in old.card.layer_items()}

    def where(self, loc: tuple, key: bool = False) -> tuple[str, int | None]:
        """The file and line of the new value: the program's, for a value a scorecard inherits."""
        if self.new.doc is None:
            return self.new.path, None
        path, position = self.new.doc.locate(loc, key=key)
        return (path, position.line) if path != self.new.doc.path else (self.new.path, position.line)

    def own_before(self, metric: str | None, loc: tuple) -> tuple[str, int] | None:
        """Where the base version of this scorecard wrote the value at `loc` (the new side's location),
        when it wrote it itself; None when that value came from a program, or cannot be told."""
        doc = self.old.doc
        if doc is None:
            return None
        if metric is not None and len(loc) >= 2 and loc[0] in LAYERS and isinstance(loc[1], int):
            if metric not in self.old_places:
                return None
            loc = (*self.old_places[metric], *loc[2:])
        path, position = doc.locate(loc)
        return (self.old.path, position.line) if path == doc.path else None

    def own_line(self, metric: str | None) -> int | None:
        """The line of this scorecard to show a change it made by dropping its own value: for a metric, its
        `metrics:` entry when one is left, else the `metrics:` key; else its `extends:` line."""
        doc = self.new.doc
        if not isinstance(doc, MergedDocument):
            return None
        if metric is None:
            return doc.anchor.line
        if metric in doc.overridden:
            return doc.own.key_position(doc.overridden[metric]).line
        if ("metrics",) in doc.own.key_marks:
            return doc.own.key_position(("metrics",)).line
        return doc.anchor.line

    def add(self, metric, field, before, after, kind, message, loc, shown=None, key=False) -> None:
        shown_before, shown_after = shown or (_shown(before), _shown(after))
        path, line = self.where(loc, key)
        if path != self.new.path:
            program = self.new.card.extends
            was = self.own_before(metric, loc) if kind != "added" else None
            if was is None:
                message += f" (through program '{program}')"
            else:
                # The program did not change this: the scorecard dropped its own value, and the program's
                # applies again. The change is the scorecard's, so it is shown (and annotated) there.
                what = "override" if isinstance(self.old.doc, MergedDocument) else "own value"
                message += (f" (its {what} at {was[0]}:{was[1]} was removed, so the value of program '{program}' "
                            "applies)")
                path, line = self.new.path, self.own_line(metric)
        self.changes.append(Change(self.pid, metric, field, before, after, kind, message,
                                   path, line, "new", shown_before, shown_after,
                                   self.names.get(metric) if metric else None))

    def run(self) -> list[Change]:
        old, new = self.old.card, self.new.card
        if self.old.repo_path != self.new.repo_path:
            self.add(None, "file", self.old.repo_path, self.new.repo_path, "renamed",
                     f"scorecard moved from {self.old.repo_path} to {self.new.repo_path}", ())
        for name in _CARD_FIELDS:
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                self.add(None, name, before, after, _presence_kind(before, after),
                         f"{name} changed from {format_value(before)} to {format_value(after)}", (name,))
        for layer in LAYERS:
            before, after = old.cadence_for(layer), new.cadence_for(layer)
            if before != after:
                self.add(None, f"cadence.{layer}", before, after, "changed",
                         f"{LAYER_SINGULAR[layer]} review cadence changed from {before} to {after}",
                         ("cadence", layer))
        self.metrics()
        return self.changes

    def metrics(self) -> None:
        old_items = {m.id: (layer, i, m) for layer, i, m in self.old.card.layer_items()}
        new_items = {m.id: (layer, i, m) for layer, i, m in self.new.card.layer_items()}
        for mid, (layer, i, metric) in new_items.items():
            if mid not in old_items:
                self.add(mid, None, None, metric.name, "added",
                         f"{LAYER_SINGULAR[layer]} metric {_label(metric)} added with target "
                         f"{format_value(metric.target, metric, with_period=True)}", (layer, i, "id"))
                continue
            old_layer, _, old_metric = old_items[mid]
            self.metric(old_layer, old_metric, layer, i, metric)
        for mid, (layer, _, metric) in old_items.items():
            if mid not in new_items:
                self.add(mid, None, metric.name, None, "removed",
                         f"{LAYER_SINGULAR[layer]} metric {_label(metric)} removed", (layer,), key=True)

    def metric(self, old_layer: str, old: Metric, layer: str, i: int, new: Metric) -> None:
        where = (layer, i)
        label = _label(new)
        if old_layer != layer:
            self.add(new.id, "layer", old_layer, layer, "changed",
                     f"{label} moved from {old_layer} to {layer}", where)
        for name in _METRIC_FIELDS:
            before, after = _field(old, name), _field(new, name)
            if before != after:
                kind, note = _judge_period(old, new) if name == "period" else (_presence_kind(before, after), "")
                self.add(new.id, name, before, after, kind,
                         f"{name} of {label} changed from {format_value(before)} to {format_value(after)}{note}",
                         where + (name,))
        self.deadline(old, new, label, where)
        self.tolerance(old, new, label, where)
        for name in _NUMBERS:
            before, after = getattr(old, name), getattr(new, name)
            if before == after:
                continue
            if name == "target" and (old.schedule is not None or new.schedule is not None):
                self.schedule(old, new, label, where)
                continue
            kind, note = _judge_number(name, old, new)
            shown_before, shown_after = _apart(_shown_number(name, before, old), _shown_number(name, after, new),
                                               before, after)
            if kind == "added":
                message = f"{name} of {label} added: {shown_after}"
            elif kind == "removed":
                message = f"{name} of {label} removed (was {shown_before})"
            else:
                verb = "changed" if kind == "changed" else "raised" if after > before else "lowered"
                message = (f"{name} of {label} {verb} from {shown_before} to "
                           f"{shown_after}{note}")
            self.add(new.id, name, before, after, kind, message, where + (name,),
                     (shown_before if before is not None else "", shown_after if after is not None else ""))


    def tolerance(self, old: Metric, new: Metric, label: str, where: tuple) -> None:
        """The tolerance in force on each side (the metric's own, else that side's setting): removing a
        0.1% tolerance falls back to a 10% band, raising the setting widens every metric without one."""
        own = (old.tolerance, new.tolerance)
        used = (own[0] if own[0] is not None else self.old.default_tolerance,
                own[1] if own[1] is not None else self.new.default_tolerance)
        if own[0] == own[1] and used[0] == used[1]:
            return
        shown = _apart(_shown_number("tolerance", used[0], old), _shown_number("tolerance", used[1], new), *used)
        wider = used[1] > used[0]
        if own[0] is not None and own[1] is not None:
            kind = "lowered-bar" if wider else "lowered"
            message = f"tolerance of {label} {'raised' if wider else 'lowered'} from {shown[0]} to {shown[1]}"
            record = own
        elif own[0] is None and own[1] is None:
            # Only the setting changed; the values are the ones in force (the file has none to show).
            kind = "lowered-bar" if wider else "lowered"
            message = (f"tolerance of {label} {'widened' if wider else 'narrowed'} from {shown[0]} to {shown[1]} "
                       "by the `tolerance` setting (the metric has none of its own)")
            record = used
        elif own[1] is None:
            kind = "lowered-bar" if wider else "removed"
            message = f"tolerance of {label} removed (was {shown[0]}): the default, {shown[1]}, applies"
            record = own
        else:
            kind = "lowered-bar" if wider else "added"
            message = f"tolerance of {label} added: {shown[1]} (the default was {shown[0]})"
            record = own
        if kind == "lowered-bar":
            message += f": {_WIDER}"
        self.add(new.id, "tolerance", record[0], record[1], kind, message,
                 where + ("tolerance",) if own[1] is not None else where, shown)  # in force, both sides

    def deadline(self, old: Metric, new: Metric, label: str, where: tuple) -> None:
        """`by` moved later lowers the bar; `start` moved is a change of the window."""
        for name in ("by", "start"):
            before, after = getattr(old, name), getattr(new, name)
            if before == after:
                continue
            shown = (before.isoformat() if before else "", after.isoformat() if after else "")
            kind = _presence_kind(before, after)
            if kind != "changed":
                message = f"{name} of {label} {kind}: {shown[1]}" if kind == "added" else \
                    f"{name} of {label} removed (was {shown[0]})"
            elif name == "by" and after > before:
                kind = "lowered-bar"
                message = f"by of {label} moved later, from {shown[0]} to {shown[1]}: the bar is lower"
            else:
                message = f"{name} of {label} moved from {shown[0]} to {shown[1]}"
            self.add(new.id, name, shown[0] or None, shown[1] or None, kind, message, where + (name,), shown)

    def schedule(self, old: Metric, new: Metric, label: str, where: tuple) -> None:
        """A target that is (or was) a schedule: each effective date whose target in force changed, by date."""
        dates = sorted({day for day, _ in old.schedule or ()} | {day for day, _ in new.schedule or ()})
        for day in dates:
            before, after = target_in_force(old.target, day), target_in_force(new.target, day)
            if before == after:
                continue
            if old.unit != new.unit or old.direction != new.direction:
                kind, note = "changed", " (unit or direction changed too, so the values are not comparable)"
            elif (after < before) if new.direction == "up" else (after > before):
                kind, note = "lowered-bar", f": the bar is lower (direction {new.direction})"
            else:
                kind, note = ("raised" if after > before else "lowered"), ""
            verb = "changed" if kind == "changed" else "raised" if after > before else "lowered"
            shown = _apart(_shown_number("target", before, old), _shown_number("target", after, new), before, after)
            loc = where + ("target", day) if new.schedule and day in dict(new.schedule) else where + ("target",)
            self.add(new.id, f"target[{day.isoformat()}]", before, after, kind,
                     f"target of {label} from {day.isoformat()} {verb} from {shown[0]} to {shown[1]}{note}",
                     loc, shown)


def _shown_number(name: str, value: Any, metric: Metric) -> str:
    """A target or baseline in the metric's unit; a tolerance is a share of the target whatever the unit."""
    if name == "tolerance" and isinstance(value, (int, float)):
        return amount_per_period(value, "percent")
    return format_value(value, metric, with_period=name == "target")


def _shown(value: Any) -> str:
    return "" if value is None else format_value(value)


def _field(metric: Metric, name: str) -> Any:
    if name == "aggregation":
        return metric.effective_aggregation
    if name == "drives":
        return list(getattr(metric, "drives", []))
    return getattr(metric, name)


def _presence_kind(before: Any, after: Any) -> str:
    if before is None or before == []:
        return "added"
    if after is None or after == []:
        return "removed"
    return "changed"


def _judge_period(old: Metric, new: Metric) -> tuple[str, str]:
    """A summed target kept the same over a longer period is easier to reach (100 a quarter → 100 a year):
    a lower bar for an `up` metric, a higher one for a `down` one (a cap over a longer time is harder), and
    the opposite for a shorter period. Anything else (a level, a changed target, a deadline window, a
    changed unit or direction, a target that is not positive) is only a change."""
    comparable = (old.effective_aggregation == new.effective_aggregation == "sum"
                  and old.target == new.target and old.unit == new.unit and old.direction == new.direction
                  and old.by is None and new.by is None and all(t > 0 for t in new.targets))
    if not comparable:
        return "changed", ""
    longer = _PER_YEAR[new.period] < _PER_YEAR[old.period]
    easier = longer if new.direction == "up" else not longer
    span = f"a sum over a {new.period} instead of a {old.period} with the same target"
    if easier:
        return "lowered-bar", f": {span} is easier to reach, so the bar is lower (direction {new.direction})"
    return "raised", f": {span} is harder to reach, so the bar is higher (direction {new.direction})"


def _judge_number(name: str, old: Metric, new: Metric) -> tuple[str, str]:
    """The kind of change of a target, baseline or tolerance, and a note explaining the judgement."""
    before, after = getattr(old, name), getattr(new, name)
    if before is None or after is None:
        return _presence_kind(before, after), ""
    if name == "target" and (old.unit != new.unit or old.direction != new.direction):
        return "changed", " (unit or direction changed too, so the values are not comparable)"
    note = ""
    if name == "target" and old.period != new.period:
        summed = old.effective_aggregation == "sum" and new.effective_aggregation == "sum"
        if summed:
            # Compare the yearly pace, so 100 per month → 300 per quarter is not called a raise.
            before, after = before * _PER_YEAR[old.period], after * _PER_YEAR[new.period]
            note = f" (compared per year: {format_value(before, old)} → {format_value(after, new)})"
            if before == after:
                return "changed", " (the same pace per year)"
    rising = after > before
    if name == "target":
        bar_lowered = (not rising) if new.direction == "up" else rising
        if bar_lowered:
            return "lowered-bar", f"{note}: the bar is lower (direction {new.direction})"
    if name == "tolerance" and rising:
        return "lowered-bar", f"{note}: a wider band before at-risk turns off-track, so the bar is lower"
    return ("raised" if rising else "lowered"), note


def build_report(base: str, old: list[Version], new: list[Version], problems: list[Change],
                 unreadable: frozenset[str] = frozenset()) -> DiffReport:
    """Problems first within each partnership, then its changes in scorecard order."""
    names = {v.card.id: v.card.partnership for v in [*old, *new]}
    changes = compare(old, new, unreadable=unreadable)
    ordered = sorted([*problems, *changes], key=lambda c: (c.partnership, c.kind != "invalid"))
    return DiffReport(base=base, changes=ordered, names=names)


def compare(old: list[Version], new: list[Version], *,
            unreadable: frozenset[str] = frozenset()) -> list[Change]:
    """Every change from `old` to `new`, grouped by partnership id (sorted), in scorecard order.

    Ids in `unreadable` (invalid on one side) are not reported as added or removed.
    """
    old_by_id = {v.card.id: v for v in old}
    new_by_id = {v.card.id: v for v in new}
    changes: list[Change] = []
    for pid in sorted(old_by_id.keys() | new_by_id.keys()):
        before, after = old_by_id.get(pid), new_by_id.get(pid)
        if before is not None and after is not None:
            changes.extend(_Comparer(before, after).run())
        elif pid in unreadable:
            continue
        elif after is not None:
            count = len(after.card.layer_items())
            changes.append(Change(pid, None, None, None, after.card.partnership, "added",
                                  f"partnership '{after.card.partnership}' added with {count} metrics",
                                  after.path, 1))
        elif before is not None:
            changes.append(Change(pid, None, None, before.card.partnership, None, "removed",
                                  f"partnership '{before.card.partnership}' removed "
                                  f"(was {before.repo_path})", before.path, None, side="old"))
    return changes
