"""The scorecard as Pydantic models: every field, default and allowed value that SPEC.md pins."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictInt,
    StringConstraints,
    Tag,
    WithJsonSchema,
)

from partnerscore.core.numbers import (  # noqa: F401 - parse_number is part of this module's API too
    MAX_MAGNITUDE,
    MAX_MAGNITUDE_TEXT,
    number_text_pattern,
    parse_number,
)
from partnerscore.core.vocabulary import (  # noqa: F401 - the model's allowed values, re-exported
    CURRENCY,
    DEFAULT_CADENCE,
    LAYER_SINGULAR,
    LAYERS,
    NAMED_UNITS,
    Aggregation,
    Cadence,
    Category,
    Direction,
    Layer,
    PartnershipType,
    Period,
    effective_aggregation,
    is_currency,
)
from partnerscore.model.days import DAY_JSON_SCHEMA, Day

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
METRIC_ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _check_unit(value: str) -> str:
    if value in NAMED_UNITS or CURRENCY.match(value):
        return value
    hint = f" (did you mean {value.upper()}?)" if CURRENCY.match(value.upper()) else ""
    raise ValueError(
        f"unit must be one of {', '.join(NAMED_UNITS)} or a 3-letter currency code such as USD{hint}"
    )


def _number_schema(*, negative: bool, description: str) -> dict:
    """What `parse_number` reads, for editors: a number within ±MAX_MAGNITUDE, or a text in its grammar."""
    number: dict[str, Any] = {"type": "number", "minimum": 0 if not negative else -int(MAX_MAGNITUDE),
                              "maximum": int(MAX_MAGNITUDE),
                              # YAML's .nan passes every bound (each comparison with NaN is false), and so
                              # does this pair no real number meets: refusing it refuses NaN only.
                              "not": {"minimum": 2 * int(MAX_MAGNITUDE), "maximum": -2 * int(MAX_MAGNITUDE)}}
    text = {"type": "string", "pattern": number_text_pattern(signed=negative)}
    return {"anyOf": [number, text], "description": description}


Number = Annotated[
    float,
    BeforeValidator(parse_number),
    WithJsonSchema(_number_schema(negative=True, description=(
        "A number, or a percentage such as \"30%\" (= 0.30); text such as \"500,000\" or \"5e5\" is read too. "
        f"At most {MAX_MAGNITUDE_TEXT} in size; .inf and .nan are no numbers."))),
]
def _not_negative(value: float) -> float:
    if value < 0:
        raise ValueError("must not be negative")
    return value


# A share such as a tolerance: 0.10 or "10%", never negative.
Share = Annotated[
    float,
    BeforeValidator(parse_number),
    AfterValidator(_not_negative),
    WithJsonSchema(_number_schema(negative=False, description=(
        "A share, as a number (0.10) or a percentage (\"10%\"); not negative."))),
]
# Stripped before its length is checked, so "  " is empty: the pattern says "not only spaces" to editors.
Text = Annotated[str, BeforeValidator(_strip), StringConstraints(min_length=1),
                 WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S"})]


def _target_kind(value: Any) -> str:
    return "schedule" if isinstance(value, dict) else "number"


# A target is a number, or a schedule of effective dates (SPEC.md step 8): {2026-07-01: 400000, …}.
Schedule = Annotated[dict[Day, Number], Field(min_length=1),
                     WithJsonSchema({"type": "object", "minProperties": 1,
                                     "propertyNames": {k: v for k, v in DAY_JSON_SCHEMA.items() if k != "type"},
                                     "additionalProperties": _number_schema(negative=True, description=(
                                         "The target from this day on."))})]
Target = Annotated[
    Annotated[Number, Tag("number")] | Annotated[Schedule, Tag("schedule")],
    Discriminator(_target_kind),
]
PartnershipId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=100)]
MetricId = Annotated[str, StringConstraints(pattern=METRIC_ID_PATTERN, max_length=100)]
Unit = Annotated[str, AfterValidator(_check_unit),
                 WithJsonSchema({"type": "string", "pattern": r"^(count|percent|ratio|score|days|hours|[A-Z]{3})$"})]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Metric(_Strict):
    """One metric of a scorecard layer."""

    id: MetricId = Field(description="Unique in the scorecard; the series id in the CSV.")
    name: Text = Field(description="What the metric is, as people say it (MQL → SQL conversion).")
    owner: Text = Field(description="The person accountable for this metric.")
    partner_owner: Text | None = Field(None, description="The owner on the partner's side.")
    validated_by: Text | None = Field(None, description="Who validates the figures (finance, RevOps).")
    category: Category | None = Field(None, description="Which kind of value it measures; a balanced scorecard "
                                                          "draws on at least three categories.")
    unit: Unit = Field("count", description="count, percent, ratio, score, days, hours, or a 3-letter currency "
                                            "code (USD); a percent is written 30% or 0.30.")
    direction: Direction = Field("up", description="up: higher is better; down: lower is better.")
    aggregation: Aggregation | None = Field(None, description="How a period's rows combine; default sum for "
                                                              "counts and money, mean otherwise.")
    period: Period = Field("month", description="The calendar period the target is for (weeks are ISO weeks; "
                                                "quarters and years start at fiscal_year_start).")
    target: Target = Field(description="The level to reach each period, or a schedule of effective dates "
                                       "(YYYY-MM-DD: target) when it ramps or changes.")
    by: Day | None = Field(None, description="A deadline: reach the target by this day (YYYY-MM-DD).")
    start: Day | None = Field(None, description="With `by`: the day the push starts; default: the first day "
                                                 "of the period that contains `by`.")
    stretch: Number | None = Field(None, description="An aspirational level beyond the target; "
                                                     "it never changes the status.")
    baseline: Number | None = Field(None, description="Where the metric stood when the target was set.")
    tolerance: Share | None = Field(None, description="How far below the target (above, for direction down) is "
                                                      "still at risk rather than off track, as a share of the "
                                                      "target; default: the tolerance setting, 10%.")
    formula: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = Field(
        None, description="Computed from other series: + - * / ( ), numbers and series ids (sql / mql).")
    cadence: Cadence | None = Field(None, description="How often it is reviewed, overriding its layer's cadence.")
    when_off_track: Text | None = Field(None, description="The decision to consider when it is off track.")
    description: str | None = Field(None, description="What exactly is counted, for whoever reads the scorecard.")
    source: str | None = Field(None, description="Where the numbers come from.")

    @property
    def effective_aggregation(self) -> str:
        return effective_aggregation(self.unit, self.aggregation)

    @property
    def is_currency(self) -> bool:
        return is_currency(self.unit)

    @property
    def schedule(self) -> list[tuple[date, float]] | None:
        """The target schedule's entries, earliest first; None when the target is one number."""
        return sorted(self.target.items()) if isinstance(self.target, dict) else None

    @property
    def targets(self) -> list[float]:
        """Every target the metric has: the number, or each schedule entry's."""
        if isinstance(self.target, dict):
            return [value for _, value in sorted(self.target.items())]
        return [self.target]


class DriverMetric(Metric):
    drives: list[MetricId] = Field(default_factory=list, description="The outcome ids this driver feeds.")


class CadenceOverrides(_Strict):
    """The review cadence per layer, where it differs from the partnership type's."""

    outcomes: Cadence | None = Field(None, description="How often outcomes are reviewed.")
    drivers: Cadence | None = Field(None, description="How often drivers are reviewed.")
    health: Cadence | None = Field(None, description="How often health indicators are reviewed.")
    operations: Cadence | None = Field(None, description="How often operations metrics are reviewed.")


def _count_schema(low: int | None, high: int) -> dict:
    schema: dict[str, Any] = {"maxItems": high}
    if low:
        schema["minItems"] = low
    return schema


class Scorecard(_Strict):
    """A partnership scorecard: one goal, four layers of metrics, owners and cadence."""

    partnership: Text = Field(description="Display name of the partnership.")
    id: PartnershipId = Field(description="Defaults to the file name without .yaml.")
    extends: PartnershipId | None = Field(None, description="The program this scorecard builds on "
                                                            "(programs/<id>.yaml): its fields and metrics, "
                                                            "with this file's fields, `metrics:` changes and "
                                                            "layer entries on top.")
    goal: Text = Field(description="One sentence: why this partnership exists.")
    type: PartnershipType = Field(description="The kind of partnership; it sets the default review cadence.")
    lead: Text = Field(description="The partnership lead.")
    partner: Text = Field(description="The partner organisation.")
    data: Text | None = Field(None, description="CSV of metric values, relative to this file.")
    # Strict: YAML `true` or "2" is not a month (lax pydantic would read them as 1 and 2).
    fiscal_year_start: StrictInt | None = Field(None, ge=1, le=12, description="The month (1-12) quarters and years "
                                                                         "start in; overrides the setting.")
    cadence: CadenceOverrides = Field(default_factory=CadenceOverrides,
                                      description="Review cadence per layer, where it differs from the type's.")
    # Counts are checked by lint rules (PS201-PS204), not here, so a scorecard with five outcomes still
    # gets a report; the schema carries them so editors warn as you type.
    outcomes: list[Metric] = Field(description="2-4 results the partnership exists for (the why).",
                                   json_schema_extra=_count_schema(2, 4))
    drivers: list[DriverMetric] = Field(description="4-8 controllable activities that move the outcomes (the how).",
                                        json_schema_extra=_count_schema(4, 8))
    health: list[Metric] = Field(description="3-6 early-warning signals of alignment between the partners.",
                                 json_schema_extra=_count_schema(3, 6))
    operations: list[Metric] = Field(default_factory=list, description="Up to 6 signs that both sides can execute.",
                                     json_schema_extra=_count_schema(None, 6))

    def layer_items(self) -> list[tuple[str, int, Metric]]:
        """Every metric with its layer key and index, in scorecard order."""
        return [(layer, i, m) for layer in LAYERS for i, m in enumerate(getattr(self, layer))]

    def metrics(self) -> dict[str, Metric]:
        return {m.id: m for _, _, m in self.layer_items()}

    def cadence_for(self, layer: str, metric: Metric | None = None) -> str:
        if metric is not None and metric.cadence:
            return metric.cadence
        return getattr(self.cadence, layer) or DEFAULT_CADENCE[self.type][layer]
