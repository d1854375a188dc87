"""Every metric has an owner; outcomes are validated; ideally an owner on each side."""

from __future__ import annotations

import re
from collections.abc import Iterator

from partnerscore.core.vocabulary import LAYER_SINGULAR
from partnerscore.lint.rules import Finding, rule
from partnerscore.lint.rules.context import ScorecardContext


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
    for _, i, metric in ctx.metrics("outcomes", reads=("id", "validated_by")):
        if metric.validated_by is None:
            yield Finding("PS302", f"outcome '{metric.id}' has no validated_by (who checks the figures, "
                                   "e.g. Finance or RevOps)", ("outcomes", i))


@rule("PS303", "W", "partner-owner", "scorecard")
def partner_owner(ctx: ScorecardContext) -> Iterator[Finding]:
    """Metric without `partner_owner`.

    Asymmetric measurement, where only one side tracks a metric, erodes trust. Name the owner on the
    partner's side too.
    """
    for layer, i, metric in ctx.metrics(reads=("id", "partner_owner")):
        if metric.partner_owner is None:
            yield Finding("PS303", f"{LAYER_SINGULAR[layer]} metric '{metric.id}' has no partner_owner "
                                   "(the owner on the partner's side)", (layer, i))


# A name a template or a hurried author leaves for a human to fill in: "TBD", "TBD: sales ops", "TODO",
# "?", "N/A". Matched at the start only, so a real name that merely contains such letters is not flagged;
# and as a whole word in any script: "Nação Digital" and "Naïve Café" are names, not "NA". Words that also
# begin real names ("Na Li", "Todo Bien S.A.", "Unknown Worlds") are placeholders only alone, or before a
# note such as "TODO: find one" or "unknown (ask sales)".
_PLACEHOLDER = re.compile(r"^\s*(?:(?:tbd|tba|tbc|fixme|xxx|n/a|\?+)(?![^\W_])"
                          r"|(?:na|todo|unknown|nobody)\s*(?:$|[:(\-–—,;.!?/]))", re.IGNORECASE)
_PEOPLE_FIELDS = ("owner", "partner_owner", "validated_by")


def is_placeholder(name: str) -> bool:
    return bool(_PLACEHOLDER.match(name))


@rule("PS304", "W", "placeholder-owner", "scorecard")
def placeholder_owner(ctx: ScorecardContext) -> Iterator[Finding]:
    """Owner, lead, partner or partnership still a placeholder (`TBD`, `TODO`, `?`, `N/A`, …).

    A placeholder passes for an owner but nobody answers for the number. `partnerscore init` writes
    `TBD: <role>` owners on purpose; this warning stays until a person is named. Checks the partnership's
    name, the lead, the partner and, for every metric, `owner`, `partner_owner` and `validated_by`.

    Bad::

        owner: "TBD: sales ops"

    Good::

        owner: Priya Shah
    """
    for field, who in (("partnership", "the partnership"), ("lead", "the partnership lead"),
                       ("partner", "the partner organisation")):
        name = ctx.field(field)
        if name is not None and is_placeholder(name):
            yield Finding("PS304", f"{field} '{name}' is a placeholder; name {who}", (field,))
    for layer, i, metric in ctx.metrics(reads=("id",)):
        for field in _PEOPLE_FIELDS:
            name = getattr(metric, field, None)  # absent: a field with an error of its own, not checked here
            if name is not None and is_placeholder(name):
                yield Finding("PS304", f"{LAYER_SINGULAR[layer]} metric '{metric.id}' has a placeholder "
                                       f"{field} '{name}'; name the person who answers for it",
                              (layer, i, field))
