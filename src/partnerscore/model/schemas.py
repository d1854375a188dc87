"""The JSON Schemas of a scorecard and of a program, for editors (`partnerscore schema [--program]`).

Generated from the Pydantic models, then given what a model cannot say: a scorecard that `extends:` a
program needs far less (the program supplies the rest), and `metrics:` changes a program's metrics.
"""

from __future__ import annotations

import copy

from partnerscore.core.vocabulary import LAYERS
from partnerscore.model.program import Program
from partnerscore.model.scorecard import METRIC_ID_PATTERN, Scorecard

_METRICS_DESCRIPTION = ("Changes to metrics of the program this file extends, by metric id: any metric field "
                        "but id (e.g. `sourced_revenue: {target: 300000, partner_owner: Jo Park}`). Each "
                        "field given replaces the program's; lists such as `drives` are replaced, not extended.")


def _override_schema(driver: dict) -> dict:
    """A metric override: a driver metric's fields, none required, no `id`."""
    override = copy.deepcopy(driver)
    override["properties"].pop("id", None)
    override.pop("required", None)
    override["title"] = "MetricOverride"
    override["description"] = "Fields that replace those of a metric of the program (any field but id)."
    return override


def _with_overrides(schema: dict, driver: str) -> dict:
    defs = schema.setdefault("$defs", {})
    defs["MetricOverride"] = _override_schema(defs[driver])
    schema["properties"]["metrics"] = {
        "type": "object",
        "description": _METRICS_DESCRIPTION,
        "propertyNames": {"pattern": METRIC_ID_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/MetricOverride"},
    }
    return schema


def _extends_names_a_program(schema: dict) -> None:
    """`extends:` with nothing after it is lint's PS104 (it names one program), so the schema takes the
    id alone where the model's optional field also allows null (an absent `extends:`)."""
    prop = schema["properties"]["extends"]
    (named,) = [branch for branch in prop.pop("anyOf") if branch.get("type") != "null"]
    prop.pop("default", None)
    prop.update(named)


def scorecard_json_schema() -> dict:
    """The scorecard's JSON Schema. With `extends:` the program supplies the fields and metrics, so only
    `partnership` and `partner` stay required, the layers hold just the metrics added (no counts), and
    `metrics:` may change the program's metrics; without it, every required field and the counts apply."""
    schema = Scorecard.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    schema["title"] = "partnerscore scorecard"
    # `id` may be left out: it defaults to the file name.
    required = [name for name in schema.pop("required", []) if name != "id"]
    counts: dict[str, dict] = {}
    for layer in LAYERS:
        prop = schema["properties"][layer]
        counts[layer] = {key: prop.pop(key) for key in ("minItems", "maxItems") if key in prop}
    _with_overrides(schema, "DriverMetric")
    _extends_names_a_program(schema)
    schema["if"] = {"required": ["extends"]}
    schema["then"] = {"required": ["partnership", "partner"]}
    schema["else"] = {"required": required,
                      "properties": {**{layer: c for layer, c in counts.items() if c}, "metrics": False}}
    return schema


def program_json_schema() -> dict:
    """The program's JSON Schema (`partnerscore schema --program`)."""
    schema = Program.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    schema["title"] = "partnerscore program"
    schema["required"] = [name for name in schema.get("required", []) if name != "id"]
    _with_overrides(schema, "ProgramDriverMetric")
    _extends_names_a_program(schema)
    # `metrics:` changes the metrics of the program this one extends: without `extends:` it is PS102.
    schema["if"] = {"required": ["extends"]}
    schema["else"] = {"properties": {"metrics": False}}
    return schema
