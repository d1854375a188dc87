"""Every metric has an owner; outcomes are validated; ideally an owner on each side."""

from __future__ import annotations

from typing import Iterator

from partnerscore.model import LAYER_SINGULAR
from partnerscore.rules import Finding, rule
from partnerscore.rules.context import ScorecardContext


def is_owner_error(error: dict) -> bool:
    """A missing or empty metric owner is PS301, not PS103/PS104 (SPEC.md)."""
    loc = tuple(error["loc"])
    return (
        len(loc) == 3
        and loc[-1] == "owner"
        and isinstance(loc[1], int)
        and error["type"] in ("missing", "string_too_short", "too_short", "string_type", "none_required")
    )


@rule("PS301", "E", "metric-owner", "parse", emitted=False)
def metric_owner():
    """Metric without owner, or an empty one.

    Ownership is what turns reporting into a managed system: someone must explain every number.

    Bad::

        - id: mql_to_sql
          name: MQL → SQL conversion
          owner: ""
    """


@rule("PS302", "W", "outcome-validation", "scorecard")
def outcome_validation(ctx: ScorecardContext) -> Iterator[Finding]:
    """Outcome without `validated_by`.

    The partnership lead owns the story, but finance or RevOps should validate outcome figures so both
    sides trust them.

    Good::

        validated_by: RevOps
    """
    for i, metric in enumerate(ctx.card.outcomes):
        if metric.validated_by is None:
            yield Finding("PS302", f"outcome '{metric.id}' has no validated_by (who checks the figures, "
                                   "e.g. Finance or RevOps)", ("outcomes", i))


@rule("PS303", "W", "partner-owner", "scorecard")
def partner_owner(ctx: ScorecardContext) -> Iterator[Finding]:
    """Metric without `partner_owner`.

    Asymmetric measurement, where only one side tracks a metric, erodes trust. Name the owner on the
    partner's side too.
    """
    for layer, i, metric in ctx.card.layer_items():
        if metric.partner_owner is None:
            yield Finding("PS303", f"{LAYER_SINGULAR[layer]} metric '{metric.id}' has no partner_owner "
                                   "(the owner on the partner's side)", (layer, i))
