"""Baselines and targets: every metric is compared with where it started and where it must get to."""

from __future__ import annotations

from collections.abc import Iterator

from partnerscore.core.vocabulary import LAYER_SINGULAR
from partnerscore.lint.rules import Finding, rule
from partnerscore.lint.rules.context import ScorecardContext


@rule("PS401", "W", "missing-baseline", "scorecard")
def missing_baseline(ctx: ScorecardContext) -> Iterator[Finding]:
    """Metric without baseline.

    Without current performance a target is a guess. Measure where you are before setting where to go.
    """
    for layer, i, metric in ctx.card.layer_items():
        if metric.baseline is None:
            yield Finding("PS401", f"{LAYER_SINGULAR[layer]} metric '{metric.id}' has no baseline",
                          (layer, i))


@rule("PS402", "W", "target-not-improving", "scorecard")
def target_not_improving(ctx: ScorecardContext) -> Iterator[Finding]:
    """Target does not improve on baseline (given the direction).

    With `direction: up` the target should be above the baseline; with `direction: down`, below it.
    """
    for layer, i, metric in ctx.card.layer_items():
        if metric.baseline is None:
            continue
        worse = metric.target <= metric.baseline if metric.direction == "up" else metric.target >= metric.baseline
        if worse:
            relation = "not above" if metric.direction == "up" else "not below"
            yield Finding("PS402", f"target of '{metric.id}' ({metric.target:g}) is {relation} its baseline "
                                   f"({metric.baseline:g}) although direction is {metric.direction}",
                          (layer, i, "target"))


@rule("PS403", "W", "percent-above-one", "scorecard")
def percent_above_one(ctx: ScorecardContext) -> Iterator[Finding]:
    """Percent metric with a target or baseline above 1 (did you mean 30%?).

    Percent values are fractions: `30%` and `0.3` are the same; a plain `30` means 3000%.
    """
    for layer, i, metric in ctx.card.layer_items():
        if metric.unit != "percent":
            continue
        for name in ("target", "baseline"):
            value = getattr(metric, name)
            if value is not None and abs(value) > 1:
                yield Finding("PS403", f"{name} of percent metric '{metric.id}' is {value:g}, i.e. "
                                       f"{value * 100:g}%; did you mean {value:g}%?", (layer, i, name))
