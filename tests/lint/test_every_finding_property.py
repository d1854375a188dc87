"""A property of "every finding at once": deleting one metric's or one decision's invalid field never
removes a finding from another part of the project.

Fixing a part may reveal findings (rules that needed it now run) but never hides one elsewhere: a rule
over several metrics that reported something while a metric was invalid must have been right. Every
metric and decision is written on one line (a YAML flow mapping), so a finding's line says which part it
is in and deleting a field moves no other line. Which fields are invalid is asked of the models
themselves; the findings are lint's.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from every_finding_helpers import CSV, DRIVERS, HEAD, HEALTH, OUTCOMES, scorecard
from lint_helpers import lint_files, relative_path
from partnerscore.model.review import Decision, Experiment
from partnerscore.model.scorecard import DriverMetric, Metric

AS_OF = dt.date(2026, 11, 20)
LAYERS = {"outcomes": [yaml.safe_load(m) for m in OUTCOMES], "drivers": [yaml.safe_load(m) for m in DRIVERS],
          "health": [yaml.safe_load(m) for m in HEALTH]}

# Values each field may be set to: valid ones that rules flag (a percent written 30, a duplicate id, an
# unknown series, a vanity name, …) and invalid ones (wrong type, unknown word, empty, bad date).
METRIC_VALUES: dict[str, list] = {
    "id": ["revenue", "nps", "mql", "sqls", "Bad Id", "", 5, None],
    "name": ["Press releases", "Followers", "", None, 5],
    "owner": ["TBD", "", None, 5, "Jo"],
    "partner_owner": ["TBD", "", None, "Jo"],
    "validated_by": ["", "RevOps", None],
    "category": ["financial", "customer", "impact", "finance", "", None, 5],
    "unit": ["percent", "USD", "usd", "kg", "days", 5],
    "direction": ["up", "down", "sideways", None],
    "aggregation": ["sum", "mean", "last", "median"],
    "period": ["week", "quarter", "fortnight"],
    "target": [30, "30%", 0.3, "lots", None, -5, {dt.date(2026, 7, 1): 5, dt.date(2026, 10, 1): 9}, {}],
    "baseline": [1000, "22%", "x", None],
    "by": [dt.date(2026, 10, 1), dt.date(2026, 12, 29), "next week"],
    "start": [dt.date(2026, 12, 30), dt.date(2026, 10, 1), "x"],
    "stretch": [0, 10 ** 9, "x"],
    "tolerance": [-1, "10%", 0.9, "x"],
    "formula": ["sql / mql", "sqls / mql", "sql / (mql", "revenue * 2", "pipeline / nps", "", 5],
    "cadence": ["weekly", "hourly"],
    "drives": [["revenue"], ["revenu"], ["Bad Id"], "revenue", [], ["pipeline", "nps"]],
    "when_off_track": ["", "Call the partner"],
    "tagret": [5],  # unknown fields
    "drivs": [["revenue"]],
}
DECISION_VALUES: dict[str, list] = {
    "what": ["Move webinars", "Hire an SE", "", None],
    "owner": ["Dana", "", None],
    "due": [dt.date(2026, 11, 10), dt.date(2026, 12, 10), "next week", None],
    "status": ["open", "done", "dropped", "finished"],
    "ownr": ["Dana"],
}
EXPERIMENT_VALUES: dict[str, list] = {
    "hypothesis": ["H", "", None],
    "expected_impact": ["I", "", None],
    "metric": ["mql_to_sql", "mql", "nsp", "", 5],
}


def one_line(value: dict) -> str:
    return yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=10 ** 6).strip()


def invalid_fields(model: type[BaseModel], value: dict) -> set[str]:
    """The fields of `value` that `model` rejects (unknown ones included), as the model says."""
    try:
        model.model_validate(value)
    except ValidationError as exc:
        return {str(err["loc"][0]) for err in exc.errors() if err["loc"] and str(err["loc"][0]) in value}
    return set()


@st.composite
def mutation(draw, values: dict[str, list]) -> tuple[str, object]:
    """(field, value): a value to set, or (field, DELETE) to remove the field."""
    field = draw(st.sampled_from(sorted(values)))
    return field, draw(st.sampled_from([*values[field], DELETE]))


DELETE = object()


def apply(entry: dict, changes: list[tuple[str, object]]) -> dict:
    entry = dict(entry)
    for field, value in changes:
        if value is DELETE:
            entry.pop(field, None)
        else:
            entry[field] = value
    return entry


def findings(root: Path, files: dict) -> set[tuple[str, int, int, str]]:
    result = lint_files(root, files, AS_OF)
    return {(relative_path(root, d.path), d.line, d.column, d.rule) for d in result.diagnostics}


def compare(files: dict, fixed: dict, changed: tuple[str, int]) -> None:
    """Every finding of `files` outside line `changed[1]` of file `changed[0]` is also a finding of `fixed`."""
    with tempfile.TemporaryDirectory() as before_dir, tempfile.TemporaryDirectory() as after_dir:
        before = findings(Path(before_dir), files)
        after = findings(Path(after_dir), fixed)
    elsewhere = {f for f in before if (f[0], f[1]) != changed}
    assert elsewhere <= after, sorted(elsewhere - after)


def scorecard_text(layers: dict[str, list[dict]]) -> tuple[str, dict[tuple[str, int], int]]:
    """The scorecard, and the line of each metric."""
    lines = HEAD.splitlines()
    where = {}
    for layer, metrics in layers.items():
        lines.append(f"{layer}:")
        for i, metric in enumerate(metrics):
            lines.append(f"  - {one_line(metric)}")
            where[(layer, i)] = len(lines)
    return "\n".join(lines) + "\n", where


def model_of(layer: str) -> type[BaseModel]:
    return DriverMetric if layer == "drivers" else Metric


PLACES = [(layer, i) for layer, metrics in LAYERS.items() for i in range(len(metrics))]
NOTE = ("decisions:\n  - {what: Keep course, owner: Dana Lee, due: 2026-12-04}\n"
        "experiments:\n  - {hypothesis: H, expected_impact: I, metric: sqls}\n")


@given(st.lists(st.tuples(st.sampled_from(PLACES), st.lists(mutation(METRIC_VALUES), min_size=1, max_size=3)),
                min_size=1, max_size=6),
       st.data())
def test_deleting_a_metrics_invalid_field_never_removes_a_finding_elsewhere(changes, data):
    layers = {layer: [dict(m) for m in metrics] for layer, metrics in LAYERS.items()}
    for (layer, i), fields in changes:
        layers[layer][i] = apply(layers[layer][i], fields)
    broken = [(layer, i, field) for layer, i in PLACES
              for field in sorted(invalid_fields(model_of(layer), layers[layer][i]))]
    assume(broken)
    layer, i, field = data.draw(st.sampled_from(broken))
    text, where = scorecard_text(layers)
    layers[layer][i] = apply(layers[layer][i], [(field, DELETE)])
    fixed_text, _ = scorecard_text(layers)
    files = {"data/acme.csv": CSV, "reviews/acme/2026-11-19.yaml": NOTE}
    compare({**files, "acme.yaml": text}, {**files, "acme.yaml": fixed_text},
            ("scorecards/acme.yaml", where[(layer, i)]))


BASE_DECISIONS = [{"what": "Move webinars", "owner": "Dana", "due": dt.date(2026, 11, 10)},
                  {"what": "Hire an SE", "owner": "Dana", "due": dt.date(2026, 11, 12)},
                  {"what": "Keep course", "owner": "Dana", "due": dt.date(2026, 12, 4)}]
BASE_EXPERIMENTS = [{"hypothesis": "H1", "expected_impact": "I1", "metric": "mql_to_sql"},
                    {"hypothesis": "H2", "expected_impact": "I2", "metric": "mql"}]
NOTE_DAYS = ("2026-11-06", "2026-11-19")
# A part of a note: (day, "decisions" or "experiments", index); its line is 2 + index for a decision, and
# after the decisions and the `experiments:` key for an experiment.
NOTE_PARTS = [(day, kind, k) for day in NOTE_DAYS
              for kind, base in (("decisions", BASE_DECISIONS), ("experiments", BASE_EXPERIMENTS))
              for k in range(len(base))]
NOTE_MODELS: dict[str, type[BaseModel]] = {"decisions": Decision, "experiments": Experiment}


def note_line(kind: str, k: int) -> int:
    return 2 + k if kind == "decisions" else 3 + len(BASE_DECISIONS) + k


def note_text(parts: dict[str, list[dict]]) -> str:
    lines = [f"{kind}:\n" + "".join(f"  - {one_line(entry)}\n" for entry in parts[kind])
             for kind in ("decisions", "experiments")]
    return "".join(lines)


@given(st.lists(st.one_of(
    st.tuples(st.sampled_from(NOTE_DAYS), st.just("decisions"), st.integers(0, len(BASE_DECISIONS) - 1),
              st.lists(mutation(DECISION_VALUES), min_size=1, max_size=3)),
    st.tuples(st.sampled_from(NOTE_DAYS), st.just("experiments"), st.integers(0, len(BASE_EXPERIMENTS) - 1),
              st.lists(mutation(EXPERIMENT_VALUES), min_size=1, max_size=2))), min_size=1, max_size=8),
       st.data())
def test_deleting_a_decisions_invalid_field_never_removes_a_finding_elsewhere(changes, data):
    notes = {day: {"decisions": [dict(d) for d in BASE_DECISIONS],
                   "experiments": [dict(e) for e in BASE_EXPERIMENTS]} for day in NOTE_DAYS}
    for day, kind, k, fields in changes:
        notes[day][kind][k] = apply(notes[day][kind][k], fields)
    broken = [(day, kind, k, field) for day, kind, k in NOTE_PARTS
              for field in sorted(invalid_fields(NOTE_MODELS[kind], notes[day][kind][k]))]
    assume(broken)
    day, kind, k, field = data.draw(st.sampled_from(broken))

    def files() -> dict:
        return {"acme.yaml": scorecard(), "data/acme.csv": CSV,
                **{f"reviews/acme/{d}.yaml": note_text(notes[d]) for d in NOTE_DAYS}}

    before = files()
    notes[day][kind][k] = apply(notes[day][kind][k], [(field, DELETE)])
    compare(before, files(), (f"reviews/acme/{day}.yaml", note_line(kind, k)))
