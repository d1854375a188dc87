"""A program as a Pydantic model: a scorecard without the partner, shared by many scorecards (`extends:`).

A program file is checked for its own fields only (SPEC.md, "Programs"): every field is optional but
`program` (its display name), and a metric needs only its `id`, because the tiers and scorecards that
extend the program may add the rest (an owner, a target). The caps, owners and the other rules apply to
each scorecard that extends it, on the merged result. The model is validated on the program merged with
the programs it extends itself, so an override in a tier is judged against the base's metric.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, StrictInt

from partnerscore.model.scorecard import (
    CadenceOverrides,
    DriverMetric,
    Metric,
    PartnershipId,
    PartnershipType,
    Scorecard,
    Target,
    Text,
    _Strict,
)

# Longest chain of programs a scorecard may extend (base, tier, sub-tier, …): deep enough for any real
# programme, shallow enough that a chain is read at a glance and a mistake cannot recurse for long.
MAX_CHAIN = 8

# Scorecard fields a program may not have: they name one partnership.
PARTNER_FIELDS = {
    "partnership": "a program has no partnership name; `partnership:` belongs in each scorecard that extends it",
    "partner": "a program has no partner; `partner:` belongs in each scorecard that extends it",
    "data": "a program has no data file; each scorecard that extends it reads its own (`data:` or data/<id>.csv)",
}


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _absent_or_set(model: type[_Strict], name: str) -> Any:
    """A field a program may leave out (the scorecard or a tier gives it) but not set to null: the merged
    scorecard needs a value there, and a null would replace the one a program below it gives. So
    `goal:` with nothing after it is an invalid value in the program's own file, where it is written, and
    in the editor, rather than only once a scorecard extends it. The type has no None; the default None
    is never validated and only means "absent"."""
    return Field(None, description=model.model_fields[name].description, json_schema_extra=_no_default)


# A program's metric is a scorecard's metric with its required fields made optional: the same fields,
# types and checks, which is what a subclass keeps (mypy objects to narrowing a field's type the other way
# round, but Pydantic supports it, and nothing reads these models' fields: they only validate).
class ProgramMetric(Metric):
    """A metric of a program: only the id is required; tiers and scorecards may add the rest."""

    name: Text = _absent_or_set(Metric, "name")
    owner: Text = _absent_or_set(Metric, "owner")
    target: Target = _absent_or_set(Metric, "target")


class ProgramDriverMetric(DriverMetric):
    name: Text = _absent_or_set(Metric, "name")
    owner: Text = _absent_or_set(Metric, "owner")
    target: Target = _absent_or_set(Metric, "target")


class Program(_Strict):
    """A program: the shape many scorecards share (`extends: <id>`), with tier-specific targets."""

    program: Text = Field(description="Display name of the program (e.g. Referral partners, gold tier).")
    id: PartnershipId = Field(description="Defaults to the file name without .yaml; what `extends:` names.")
    extends: PartnershipId | None = Field(None, description="The program this one builds on (a tier on a base).")
    goal: Text = _absent_or_set(Scorecard, "goal")
    type: PartnershipType = _absent_or_set(Scorecard, "type")
    lead: Text = _absent_or_set(Scorecard, "lead")
    fiscal_year_start: StrictInt | None = Field(None, ge=1, le=12,
                                          description=Scorecard.model_fields["fiscal_year_start"].description)
    cadence: CadenceOverrides = Field(default_factory=CadenceOverrides,
                                      description=Scorecard.model_fields["cadence"].description)
    outcomes: list[ProgramMetric] = Field(default_factory=list, description="Outcomes every scorecard shares.")
    drivers: list[ProgramDriverMetric] = Field(default_factory=list, description="Drivers every scorecard shares.")
    health: list[ProgramMetric] = Field(default_factory=list, description="Health metrics every scorecard shares.")
    operations: list[ProgramMetric] = Field(default_factory=list,
                                            description="Operations metrics every scorecard shares.")
