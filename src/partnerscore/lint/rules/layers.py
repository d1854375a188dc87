"""The shape of a scorecard: how many metrics each layer holds, and unique ids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from partnerscore.core.words import plural
from partnerscore.lint.rules import Finding, rule
from partnerscore.lint.rules.context import ProjectContext, ScorecardContext

LAYER_LIMITS = {
    "outcomes": ("PS201", 2, 4),
    "drivers": ("PS202", 4, 8),
    "health": ("PS203", 3, 6),
    "operations": ("PS204", 0, 6),
}


# "5 outcomes", "3 drivers", "7 health metrics": the layer's own word, counted.
_NOUN = {"outcomes": "outcome", "drivers": "driver", "health": "health metric", "operations": "operations metric"}


def _count(ctx: ScorecardContext, layer: str) -> Iterator[Finding]:
    code, low, high = LAYER_LIMITS[layer]
    count = ctx.count(layer)  # every entry, valid or not: an invalid metric is still one of the layer's
    if count is None or low <= count <= high:  # a layer that is missing or not a list is PS103/PS104's
        return
    loc = (layer,) if (layer,) in ctx.doc.key_marks else ()
    limit = f"at most {high}" if low == 0 else f"{low}–{high}"
    advice = "pick the few that matter most" if count > high else "add what you need to see the whole system"
    yield Finding(code, f"{plural(count, _NOUN[layer])}; a scorecard has {limit} ({advice})", loc, key=True)


@rule("PS201", "E", "outcome-count", "scorecard")
def outcome_count(ctx: ScorecardContext) -> Iterator[Finding]:
    """Outcomes not 2–4.

    Outcomes are why the partnership exists. With one you cannot see trade-offs; with twelve you have none.
    """
    yield from _count(ctx, "outcomes")


@rule("PS202", "E", "driver-count", "scorecard")
def driver_count(ctx: ScorecardContext) -> Iterator[Finding]:
    """Drivers not 4–8.

    Drivers are the controllable inputs that explain the outcomes; too few and you cannot diagnose a miss.
    """
    yield from _count(ctx, "drivers")


@rule("PS203", "E", "health-count", "scorecard")
def health_count(ctx: ScorecardContext) -> Iterator[Finding]:
    """Health metrics not 3–6.

    Health indicators (satisfaction, SLAs, escalations) are the early warnings of drift.
    """
    yield from _count(ctx, "health")


@rule("PS204", "E", "operations-count", "scorecard")
def operations_count(ctx: ScorecardContext) -> Iterator[Finding]:
    """More than 6 operations metrics.

    Operations metrics are optional; keep them to the few that show whether you can execute.
    """
    yield from _count(ctx, "operations")


@rule("PS210", "E", "duplicate-metric-id", "scorecard")
def duplicate_metric_id(ctx: ScorecardContext) -> Iterator[Finding]:
    """Duplicate metric id.

    Metric ids are the keys of the CSV; two metrics with one id would share their values. The ids of
    metrics with other errors count too.
    """
    seen: dict[str, tuple] = {}
    for layer, i, metric_id in ctx.values("id"):
        loc = (layer, i, "id")
        if metric_id in seen:
            path, first = ctx.doc.locate(seen[metric_id])
            where = f"line {first.line}" if path == ctx.doc.locate(loc)[0] else f"{path} line {first.line}"
            yield Finding("PS210", f"metric id '{metric_id}' is already used on {where}; "
                                   "metric ids must be unique in a scorecard", loc)
        else:
            seen[metric_id] = loc


@rule("PS211", "E", "duplicate-partnership-id", "project")
def duplicate_partnership_id(ctx: ProjectContext) -> Iterator[Finding]:
    """Two scorecards with the same partnership id.

    The id names the data file and the review folder; two scorecards with one id would mix them up.
    The id defaults to the file name, so this usually means an explicit `id:` was copied.
    """
    by_id: dict[str, list[ScorecardContext]] = defaultdict(list)
    for sc in ctx.scorecards:
        if sc.id is not None:
            by_id[sc.id].append(sc)
    for pid, group in by_id.items():
        if len(group) < 2:
            continue
        for sc in group:
            others = ", ".join(o.doc.path for o in group if o is not sc)
            loc = ("id",) if ("id",) in sc.doc.key_marks else ()
            yield Finding("PS211", f"partnership id '{pid}' is also used by {others}", loc,
                          key=True, path=sc.doc.path)
