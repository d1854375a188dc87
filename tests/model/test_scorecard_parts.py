"""A scorecard's valid parts (model/scorecard_parts.py): what of a metric with errors the rules may read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from partnerscore.model.scorecard import DriverMetric, Metric, Scorecard
from partnerscore.model.scorecard_parts import scorecard_parts


def _metric(mid: str, **fields) -> dict:
    return {"id": mid, "name": mid.title(), "owner": "Dana", "target": 10, "baseline": 5, **fields}


def _parts(drivers: list[dict]):
    data = {
        "partnership": "Acme",
        "id": "acme",
        "goal": "Grow.",
        "type": "referral",
        "lead": "Dana",
        "partner": "Acme Inc",
        "outcomes": [_metric("revenue")],
        "drivers": drivers,
        "health": [],
    }
    with pytest.raises(ValidationError) as caught:
        Scorecard.model_validate(data)
    return scorecard_parts(data, caught.value.errors())


def test_a_metric_with_an_error_elsewhere_is_readable_for_the_fields_a_rule_reads():
    no_owner = _metric("referrals")
    del no_owner["owner"]
    bad_baseline = _metric("calls", baseline="ten")
    parts = _parts([_metric("mql"), no_owner, bad_baseline, "not a mapping"])
    # The valid driver, and a driver with an error where both fields asked for can be read.
    assert [(layer, i) for layer, i, _ in parts.readable(("id", "baseline"), ["drivers"])] == [
        ("drivers", 0),
        ("drivers", 1),
    ]
    assert [(layer, i) for layer, i, _ in parts.readable(("id", "target"), ["drivers"])] == [
        ("drivers", 0),
        ("drivers", 1),
        ("drivers", 2),
    ]
    # No `reads` asked: every metric that is a mapping, never the entry that is not one.
    assert len(parts.readable((), ["drivers"])) == 3
    [(_, _, view)] = [item for item in parts.readable(("id", "baseline"), ["drivers"]) if item[1] == 1]
    assert isinstance(view, DriverMetric)
    assert (view.id, view.baseline, view.target, view.partner_owner) == ("referrals", 5, 10, None)


def test_a_field_that_cannot_be_read_is_absent_from_the_view_never_a_default():
    # `baseline: ten` would read as "no baseline" (the default None) and give a false PS401.
    parts = _parts([_metric("calls", baseline="ten", bogus=1)])
    [(_, _, view)] = parts.readable(("id",), ["drivers"])
    with pytest.raises(AttributeError):
        _ = view.baseline
    assert getattr(view, "baseline", "unread") == "unread"
    assert isinstance(view, Metric) and view.unit == "count"  # an absent optional field has its default
