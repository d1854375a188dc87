"""Baselines and targets: every metric is compared with where it started and where it must get to."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial

from partnerscore.core.values import format_value
from partnerscore.core.vocabulary import LAYER_SINGULAR
from partnerscore.lint.rules import Finding, rule
from partnerscore.lint.rules.context import ScorecardContext
from partnerscore.model.scorecard import Metric


@rule("PS401", "W", "missing-baseline", "scorecard")
def missing_baseline(ctx: ScorecardContext) -> Iterator[Finding]:
    """Metric without baseline.

    Without current performance a target is a guess. Measure where you are before setting where to go.
    """
    for layer, i, metric in ctx.metrics(reads=("id", "baseline")):
        if metric.baseline is None:
            yield Finding("PS401", f"{LAYER_SINGULAR[layer]} metric '{metric.id}' has no baseline",
                          (layer, i))


@rule("PS402", "W", "target-not-improving", "scorecard")
def target_not_improving(ctx: ScorecardContext) -> Iterator[Finding]:
    """Target does not improve on baseline (given the direction).

    With `direction: up` the target should be above the baseline; with `direction: down`, below it.
    With a target schedule, every entry is checked, at its own line.
    """
    for layer, i, metric in ctx.metrics(reads=("id", "baseline", "direction", "target")):
        if metric.baseline is None:
            continue
        relation = "not above" if metric.direction == "up" else "not below"
        for effective, target in _entries(metric):
            worse = target <= metric.baseline if metric.direction == "up" else target >= metric.baseline
            if worse:
                which = f"target of '{metric.id}'" if effective is None else \
                    f"target of '{metric.id}' from {effective.isoformat()}"
                target_loc = (layer, i, "target") if effective is None else (layer, i, "target", effective)
                yield Finding("PS402", f"{which} ({target:g}) is {relation} its baseline "
                                       f"({metric.baseline:g}) although direction is {metric.direction}",
                              _where_set(ctx, target_loc, (layer, i, "baseline")))


def _where_set(ctx: ScorecardContext, target: tuple, baseline: tuple) -> tuple:
    """Where a target and its baseline disagree: at the target, unless the scorecard wrote only the
    baseline itself (an override of an inherited metric): that line is the one to change."""
    doc = ctx.doc
    own = doc.path
    if doc.locate(target)[0] != own and doc.locate(baseline)[0] == own:
        return baseline
    return target


def _entries(metric: Metric) -> list[tuple[date | None, float]]:
    """(effective date, target) for each schedule entry; (None, target) for a plain target."""
    schedule = metric.schedule
    return [(None, float(metric.target))] if schedule is None else list(schedule)  # type: ignore[arg-type]


@rule("PS403", "W", "percent-above-one", "scorecard")
def percent_above_one(ctx: ScorecardContext) -> Iterator[Finding]:
    """Percent metric with a target or baseline above 1 (did you mean 30%?).

    Percent values are fractions: `30%` and `0.3` are the same; a plain `30` means 3000%.
    """
    for layer, i, metric in ctx.metrics(reads=("id", "unit", "target", "baseline", "stretch")):
        if metric.unit != "percent":
            continue
        values: list[tuple[str, float | None, tuple]] = [
            ("target" if effective is None else f"target from {effective.isoformat()}", target,
             (layer, i, "target") if effective is None else (layer, i, "target", effective))
            for effective, target in _entries(metric)]
        values += [("baseline", metric.baseline, (layer, i, "baseline")),
                   ("stretch", metric.stretch, (layer, i, "stretch"))]
        for name, value, loc in values:
            if value is not None and abs(value) > 1:
                yield Finding("PS403", f"{name} of percent metric '{metric.id}' is {value:g}, i.e. "
                                       f"{value * 100:g}%; did you mean {value:g}%?", loc)


@rule("PS404", "W", "deadline-passed", "scorecard")
def deadline_passed(ctx: ScorecardContext) -> Iterator[Finding]:
    """Deadline passed: `by` is before today (or `--as-of`).

    Once the day has passed, the report shows the result against the target. Record it in a decision note
    and set the next target (a new `by`, or a plain period target).

    Bad: `by: 2026-09-30` read on 2026-11-20. Good: `by: 2026-12-29`.
    """
    for layer, i, metric in ctx.metrics(reads=("id", "by")):
        if metric.by is not None and metric.by < ctx.as_of:
            yield Finding("PS404", f"the deadline of '{metric.id}' passed on {metric.by.isoformat()}; record the "
                                   "result in a decision note and set the next target", (layer, i, "by"))


@rule("PS405", "E", "stretch-not-beyond-target", "scorecard")
def stretch_not_beyond(ctx: ScorecardContext) -> Iterator[Finding]:
    """`stretch` not beyond the target in the metric's direction.

    A stretch is an aspirational level past the target: above it for `direction: up`, below it for `down`.

    Bad: `target: 500000, stretch: 450000`. Good: `target: 500000, stretch: 600000`.
    """
    for layer, i, metric in ctx.metrics(reads=("id", "stretch", "direction", "target")):
        if metric.stretch is None:
            continue
        highest = max(metric.targets) if metric.direction == "up" else min(metric.targets)
        beyond = metric.stretch > highest if metric.direction == "up" else metric.stretch < highest
        if not beyond:
            side = "above" if metric.direction == "up" else "below"
            yield Finding("PS405", f"stretch of '{metric.id}' ({metric.stretch:g}) is not {side} its target "
                                   f"({highest:g}); a stretch is a level beyond the target", (layer, i, "stretch"))


@rule("PS406", "E", "deadline-misuse", "scorecard")
def deadline_misuse(ctx: ScorecardContext) -> Iterator[Finding]:
    """`start` without `by`, `start` after `by`, or `by` with a target schedule.

    A deadline target (`by`) is one level to reach by one day, counted from `start`; a schedule is a
    target per period. The two do not mix.
    """
    for layer, i, metric in ctx.metrics(reads=("id", "start", "by", "target")):
        if metric.start is not None and metric.by is None:
            yield Finding("PS406", f"'{metric.id}' has a start but no by; start is the first day of a deadline "
                                   "target (add `by: YYYY-MM-DD`, or remove start)", (layer, i, "start"), key=True)
        elif metric.start is not None and metric.by is not None and metric.start > metric.by:
            yield Finding("PS406", f"start of '{metric.id}' ({metric.start.isoformat()}) is after its by "
                                   f"({metric.by.isoformat()})", (layer, i, "start"))
        if metric.by is not None and metric.schedule is not None:
            yield Finding("PS406", f"'{metric.id}' has both a deadline (by) and a target schedule; use one: a "
                                   "schedule for targets that change by period, by for one level by one day",
                          (layer, i, "by"), key=True)


@rule("PS407", "W", "band-past-baseline", "scorecard")
def band_past_baseline(ctx: ScorecardContext) -> Iterator[Finding]:
    """The at-risk band (tolerance × target) reaches past the baseline.

    Then no improvement at all would read as only "at risk": a 10% band on a 99.9% uptime target takes
    everything from 89.9% as at risk. The message says which `tolerance:` would fit (half the way from the
    baseline to the target).
    """
    default = ctx.settings.tolerance
    for layer, i, metric in ctx.metrics(reads=("id", "baseline", "tolerance", "direction", "target", "unit")):
        if metric.baseline is None:
            continue
        tolerance = metric.tolerance if metric.tolerance is not None else default
        for effective, target in _entries(metric):
            band = tolerance * abs(target)
            room = target - metric.baseline if metric.direction == "up" else metric.baseline - target
            if room <= 0 or band < room:
                continue  # a target that does not improve is PS402's
            fit = room / 2 / abs(target)
            which = "" if effective is None else f" (target from {effective.isoformat()})"
            shown = partial(format_value, unit=metric.unit)
            yield Finding("PS407", f"the at-risk band of '{metric.id}'{which}, {_percent(tolerance)} of "
                                   f"{shown(target)}, reaches past its baseline {shown(metric.baseline)}: with no "
                                   f"improvement at all it would read as only at risk; set "
                                   f"`tolerance: {_percent(fit)}` or less",
                          (layer, i, "tolerance") if metric.tolerance is not None else (layer, i, "target"))
            break


def _percent(share: float) -> str:
    """0.0005 → "0.05%": the tolerance to write, as a percentage with enough digits to be below `share`."""
    for digits in range(0, 6):
        text = f"{share * 100:.{digits}f}"
        if 0 < float(text) <= share * 100 + 1e-12:
            return text.rstrip("0").rstrip(".") + "%" if "." in text else text + "%"
    return f"{share * 100:.6g}%"
