"""The scorecard model: numbers and percentages, defaults, and the exported schema."""

from __future__ import annotations

import math

import pytest

from partnerscore.model.schemas import scorecard_json_schema
from partnerscore.model.scorecard import Metric, Scorecard, parse_number


@pytest.mark.parametrize("raw, expected", [
    (42, 42.0), ("4.2", 4.2), ("30%", 0.30), (" 12.5 % ", 0.125), ("1,250,000", 1_250_000.0), ("-3", -3.0),
])
def test_numbers_and_percentages(raw, expected):
    assert math.isclose(parse_number(raw), expected)


@pytest.mark.parametrize("raw", [True, float("inf"), float("nan"), "30 percent", "1e999", [1], "", "%"])
def test_not_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        parse_number(raw)


def test_metric_defaults_follow_the_spec():
    count = Metric(id="calls", name="Calls", owner="Sam", target=10)
    rate = Metric(id="rate", name="Rate", owner="Sam", target="30%", unit="percent")
    money = Metric(id="rev", name="Revenue", owner="Sam", target=1, unit="EUR")
    assert (count.unit, count.direction, count.period, count.effective_aggregation) == ("count", "up", "month", "sum")
    assert (rate.target, rate.effective_aggregation) == (0.30, "mean")
    assert money.effective_aggregation == "sum" and money.is_currency


def test_cadence_comes_from_the_type_table_unless_overridden():
    metric = {"name": "M", "owner": "O", "target": 1}
    card = Scorecard(partnership="P", id="p", goal="G.", type="integration", lead="L", partner="X",
                     cadence={"drivers": "quarterly"},
                     outcomes=[{"id": "o1", **metric}], drivers=[{"id": "d1", **metric}],
                     health=[{"id": "h1", **metric, "cadence": "monthly"}])
    assert card.cadence_for("outcomes") == "monthly"
    assert card.cadence_for("drivers") == "quarterly"          # the scorecard's override
    assert card.cadence_for("health") == "weekly"               # integration: health weekly
    assert card.cadence_for("health", card.health[0]) == "monthly"  # the metric's own override


def test_schema_leaves_id_optional_and_declares_layer_counts():
    schema = scorecard_json_schema()
    # Without `extends:` (the `else` branch) every field is required and the counts apply.
    plain = schema["else"]
    assert "id" not in plain["required"]
    required = {"partnership", "goal", "type", "lead", "partner", "outcomes", "drivers", "health"}
    assert required <= set(plain["required"])
    outcomes = plain["properties"]["outcomes"]
    assert (outcomes["minItems"], outcomes["maxItems"]) == (2, 4)
    assert schema["additionalProperties"] is False
    # With `extends:` the program supplies the rest: only the partner's own fields are required.
    assert schema["if"] == {"required": ["extends"]}
    assert schema["then"]["required"] == ["partnership", "partner"]


@pytest.mark.parametrize("month, accepted", [(4, True), (True, False), ("2", False), (2.0, False), (13, False)])
def test_fiscal_year_start_is_a_whole_month_number_as_written(month, accepted):
    # YAML `true` or "2" is no month: lax validation would read them as 1 and 2 and shift every quarter.
    from pydantic import ValidationError

    from partnerscore.model.program import Program

    metric = {"name": "M", "owner": "O", "target": 1}
    fields = {"partnership": "P", "id": "p", "goal": "G.", "type": "integration", "lead": "L", "partner": "X",
              "outcomes": [{"id": "o1", **metric}], "drivers": [{"id": "d1", **metric}],
              "health": [{"id": "h1", **metric}], "fiscal_year_start": month}
    for model, given in ((Scorecard, fields), (Program, {"id": "tier", "program": "Tier", "fiscal_year_start": month})):
        if accepted:
            assert model.model_validate(given).fiscal_year_start == month
        else:
            with pytest.raises(ValidationError):
                model.model_validate(given)


@pytest.mark.parametrize("value, words", [(None, "expected a number, got no value"),
                                          ([1, 2], "expected a number, got a list"),
                                          ({"a": 1}, "expected a number, got a mapping")])
def test_a_number_that_is_not_one_is_said_in_a_users_words(value, words):
    with pytest.raises(ValueError) as caught:
        parse_number(value)
    assert str(caught.value) == words  # not Python's type names (NoneType, dict)


def test_a_yaml_boolean_or_null_is_shown_as_yaml_writes_it():
    from partnerscore.model.validate import short_input

    assert [short_input(v) for v in (True, False, None, "x", 12)] == ["true", "false", "null", "'x'", "12"]
