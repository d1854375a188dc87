"""report --format json writes with its own encoder: the text must be json.dumps(indent=2)'s, byte for byte."""

from __future__ import annotations

import gc
import json
from datetime import date
from enum import Enum

from hypothesis import given, settings
from hypothesis import strategies as st

from partnerscore.render.report_json import dumps, render_json
from partnerscore.report.result import PortfolioReport


def standard(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_same_text_as_json_dumps_for_any_json_value(value):
    assert dumps(value) == standard(value)


def test_escapes_and_unicode_are_written_as_json_dumps_writes_them():
    value = {"name": 'Café "quoted" \\ back\nline\ttab\x1b[31m\u2028', "emoji": "🙂", "": [], "e": {}}
    assert dumps(value) == standard(value)
    assert "Café" in dumps(value)  # ensure_ascii=False: readable text, as before


def test_a_number_that_is_not_finite_is_written_as_null_at_any_depth():
    value = {"actual": float("nan"), "history": [1.0, float("inf"), None], "m": [{"p": float("-inf")}]}
    expected = {"actual": None, "history": [1.0, None, None], "m": [{"p": None}]}
    assert dumps(value) == standard(expected)
    json.loads(dumps(value))  # strict JSON: no NaN or Infinity tokens


class Status(str, Enum):
    ON = "on-track"


def test_values_outside_the_fast_cases_fall_back_to_the_standard_library():
    # A str enum, a tuple and a non-string key: json.dumps' own rules decide how they look.
    value = {"status": Status.ON, "pair": (1, 2.5), "by_number": {1: "x"}, "bad": float("nan")}
    expected = {"status": Status.ON, "pair": (1, 2.5), "by_number": {1: "x"}, "bad": None}
    assert dumps(value) == standard(expected)


def test_rendering_turns_the_collector_back_on():
    assert gc.isenabled()
    text = render_json(PortfolioReport(as_of=date(2026, 11, 20), partnerships=[]))
    assert json.loads(text) == {"as_of": "2026-11-20", "partnerships": []}
    assert gc.isenabled()

