"""report --format json writes with orjson: the text must be json.dumps(indent=2, ensure_ascii=False)'s,
byte for byte."""

from __future__ import annotations

import json
import math
import random
import struct
from datetime import date
from enum import Enum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerscore.render import report_json
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


def test_values_orjson_refuses_fall_back_to_the_standard_library():
    # A str enum, a tuple and a non-string key: json.dumps' own rules decide how they look.
    value = {"status": Status.ON, "pair": (1, 2.5), "by_number": {1: "x"}, "bad": float("nan")}
    expected = {"status": Status.ON, "pair": (1, 2.5), "by_number": {1: "x"}, "bad": None}
    assert dumps(value) == standard(expected)
    deep: list = [0]
    for _ in range(300):  # orjson stops at 255 levels
        deep = [deep]
    for value in ({"big": 2 ** 64}, {"lone": "\ud800"}, {"deep": deep}):
        assert dumps(value) == standard(value)


def test_a_date_is_refused_as_json_dumps_refuses_it():
    with pytest.raises(TypeError):
        dumps({"day": date(2026, 11, 20)})


@pytest.mark.parametrize("number", [1e-05, 1.5e-05, 9.99e-05, 1e-06, -2.5e-07, 1e-09, 1e-10, 1e-04, 1e+16,
                                    -1.2345678901234568e+20, 1e+300, 5e-324, 0.1, -0.0, 12345678901234567])
def test_every_number_is_written_as_pythons_repr(number):
    value = {"actual": number, "history": [number, 1.0, number], "nested": [{"x": [number]}]}
    assert dumps(value) == standard(value)
    assert dumps(number) == standard(number)


def test_every_float_orjson_writes_otherwise_than_repr_is_noticed():
    import orjson

    rng = random.Random(20261120)
    floats = [struct.unpack("d", rng.getrandbits(64).to_bytes(8, "little"))[0] for _ in range(100_000)]
    floats += [rng.uniform(-1, 1) * 10.0 ** rng.randrange(-12, 22) for _ in range(100_000)]
    different = [orjson.dumps(x) for x in floats if math.isfinite(x) and orjson.dumps(x) != repr(x).encode()]
    assert len(different) > 1000  # the check below is not vacuous
    assert all(any(hint in text for hint in report_json._NOT_REPR_HINTS) for text in different)


@pytest.mark.parametrize("number", [1e-05, 1e-06, 1e+16, 0.5])
def test_an_orjson_before_3_12_is_noticed_too(monkeypatch, number):
    monkeypatch.setattr(report_json, "_NOT_REPR_HINTS", (b"0.0000", b"e"))  # what such an orjson gets
    value = {"n": [number]}
    assert dumps(value) == standard(value)


def test_text_that_looks_like_a_number_changes_nothing():
    value = {'say \": 1e5': 'a \": 0.00001', "lines": ["1e-06", "\n  1e5"], "n": 0.5}
    assert dumps(value) == standard(value)


def test_a_document_is_the_record_and_a_newline():
    text = render_json(PortfolioReport(as_of=date(2026, 11, 20), partnerships=[]))
    empty = {"counts": {"on-track": 0, "at-risk": 0, "off-track": 0, "no-data": 0}, "groups": [], "attention": []}
    assert text == standard({"as_of": "2026-11-20", "partnerships": [], "problems": [], "portfolio": empty}) + "\n"


@pytest.mark.parametrize("count", [0, 1, 2])
def test_a_built_report_is_written_as_json_dumps_writes_it(report_copy, count):
    from partnerscore.io.paths import discover
    from partnerscore.io.settings import load_settings
    from partnerscore.report.build import build_portfolio

    settings = load_settings()
    portfolio = build_portfolio(discover([], settings), settings, date(2026, 11, 15))
    portfolio.partnerships = portfolio.partnerships[:count]
    assert render_json(portfolio) == standard(portfolio.as_record()) + "\n"
