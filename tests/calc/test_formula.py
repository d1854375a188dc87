"""The formula language: + - * / ( ), unary minus, numbers and series ids; every error with its column."""

from __future__ import annotations

import math

import pytest

from partnerscore.calc.formula import Formula, FormulaError, parse_formula
from work_bounds import work_done

VALUES = {"a": 2.0, "b": 3.0, "c": 4.0, "sql": 14.0, "mql": 100.0, "3m_rate": 0.5, "x_1": 10.0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sql / mql", 0.14),  # 14 / 100
        ("a + b * c", 14.0),  # 2 + (3 * 4): * binds tighter than +
        ("(a + b) * c", 20.0),  # (2 + 3) * 4
        ("a - b - c", -5.0),  # (2 - 3) - 4: left-associative, not 2 - (3 - 4) = 3
        ("c / a / a", 1.0),  # (4 / 2) / 2, not 4 / (2 / 2) = 4
        ("a * b / c", 1.5),  # (2 * 3) / 4
        ("-a", -2.0),
        ("-a * b", -6.0),
        ("a * -b", -6.0),
        ("a - -b", 5.0),  # 2 - (-3)
        ("--a", 2.0),
        ("-(a + b)", -5.0),
        ("100 * sql / mql", 14.0),
        ("0.5 * c", 2.0),
        ("3m_rate * 2", 1.0),  # an id that starts with a digit, not the number 3 followed by a name
        ("x_1+1", 11.0),
        ("  a\t+\nb  ", 5.0),  # whitespace (also from folded YAML) is ignored
        ("12", 12.0),  # a constant is a formula too
        ("((((a))))", 2.0),
    ],
)
def test_valid_formulas_evaluate_with_the_usual_precedence(text, expected):
    assert parse_formula(text).evaluate(VALUES) == pytest.approx(expected)


def test_digits_followed_by_a_letter_are_an_id_not_a_number():
    # The metric id pattern allows a leading digit, so `1e5` is a series id (lint flags it if unknown).
    assert parse_formula("1e5 + 2").series == frozenset({"1e5"})
    assert parse_formula("2 * 10").evaluate({}) == 20.0


def test_series_are_the_ids_used_not_the_numbers():
    assert parse_formula("(sql + 3m_rate) / mql * 100").series == frozenset({"sql", "3m_rate", "mql"})
    assert parse_formula("1 + 2").series == frozenset()


def test_formula_is_a_frozen_dataclass_that_keeps_its_text():
    formula = parse_formula("sql / mql")
    assert formula.text == "sql / mql"
    assert isinstance(formula, Formula)
    with pytest.raises(AttributeError):
        formula.text = "other"  # type: ignore[misc]


def test_parsing_is_cached():
    assert parse_formula("a / b") is parse_formula("a / b")


def test_a_formula_built_by_hand_still_evaluates():
    assert Formula(text="a * b", series=frozenset({"a", "b"})).evaluate(VALUES) == 6.0


@pytest.mark.parametrize(
    "values",
    [
        {"sql": 14.0},  # mql missing
        {"sql": 14.0, "mql": None},  # mql has no value
        {"sql": 14.0, "mql": 0.0},  # division by zero
        {"sql": float("nan"), "mql": 100.0},  # not a number in, nothing out
        {"sql": 1e308, "mql": 1e-308},  # overflows to infinity
    ],
)
def test_evaluate_gives_none_for_missing_inputs_zero_division_and_non_finite_results(values):
    assert parse_formula("sql / mql").evaluate(values) is None


def test_division_by_an_overflowed_value_is_none_not_zero():
    # 1e200 * 1e200 overflows to inf; 1 / inf would silently be 0.
    assert parse_formula("1 / (a * b)").evaluate({"a": 1e200, "b": 1e200}) is None


def test_zero_numerator_is_a_value():
    assert parse_formula("sql / mql").evaluate({"sql": 0.0, "mql": 5.0}) == 0.0


def test_integer_inputs_are_accepted():
    assert parse_formula("a / b").evaluate({"a": 1, "b": 4}) == 0.25


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("", 1, "empty formula"),
        ("   ", 1, "empty formula"),
        ("sql / mql)", 10, "unexpected ')' at column 10"),
        ("(sql + mql))", 12, "unexpected ')' at column 12"),
        ("sql / ()", 8, "unexpected ')' at column 8"),
        ("(sql / mql", 1, "missing ')'"),
        ("a * ((b + c)", 5, "missing ')'"),  # the unclosed '(' is the outer one at column 5
        ("sql $ mql", 5, "unknown character '$'"),
        ("sql +", 6, "formula ends after '+'"),
        ("sql mql", 5, "unexpected 'mql' at column 5"),
        ("2 3", 3, "unexpected '3' at column 3"),
        ("a ** b", 3, "'**' (power) is not supported"),
        ("a * * b", 5, "unexpected '*' at column 5"),
        ("+a", 1, "unexpected '+' at column 1"),  # no unary plus
        ("Sql / mql", 1, "series ids are lowercase"),
        ("_x", 1, "unknown character '_'"),
        ("sql.count", 4, "unknown character '.'"),
        (".5 * a", 1, "leading digit"),
        ("1.", 1, "malformed number '1.'"),
        ("1.2.3", 1, "malformed number '1.2.3'"),
        ("2.5x", 1, "malformed number '2.5x'"),
        ("30% * a", 3, "write a percentage as a decimal"),
        ("max(a, b)", 4, "formulas have no functions"),
        ("a, b", 2, "unknown character ','"),
        ("a ^ 2", 3, "unknown character '^'"),
        ("1.5e3", 1, "malformed number '1.5e3'"),  # no exponents
        ("a $ (", 3, "unknown character '$'"),  # errors come in reading order
        ("a == b", 3, "unknown character '='"),
    ],
)
def test_every_error_has_a_message_and_a_one_based_column(text, column, message):
    with pytest.raises(FormulaError) as caught:
        parse_formula(text)
    assert message in caught.value.message
    assert caught.value.column == column
    assert str(caught.value) == caught.value.message


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("__import__('os')", 1),  # '_' cannot start an id
        ("os.system('x')", 3),  # '.' is not an operator
        ("lambda: 1", 7),  # ':'
        ("a[0]", 2),
        ("'a' + 'b'", 1),
        ("a if b else c", 3),  # 'if' is just another id: two ids in a row
        ("a; b", 2),
        ("a @ b", 3),
    ],
)
def test_python_is_not_a_formula(text, column):
    with pytest.raises(FormulaError) as caught:
        parse_formula(text)
    assert caught.value.column == column


def test_deep_nesting_is_refused_before_the_stack_is_at_risk():
    ok = "(" * 50 + "a" + ")" * 50
    assert parse_formula(ok).evaluate({"a": 1.0}) == 1.0
    with pytest.raises(FormulaError) as caught:
        parse_formula("(" * 51 + "a" + ")" * 51)
    assert caught.value.column == 51  # the 51st '('
    assert "nested deeper than 50" in caught.value.message


def test_ten_thousand_nested_parentheses_fail_fast_with_a_formula_error():
    with work_done() as work, pytest.raises(FormulaError) as caught:
        parse_formula("(" * 10_000 + "a" + ")" * 10_000)
    assert "too long" in caught.value.message
    # Refused on its length before any parsing: a handful of calls (the 50-level formula above takes ~900).
    assert work.calls < 100, work


def test_long_operator_chains_and_minus_runs_do_not_recurse():
    # ~1000 characters of a+a+... or ---...a would exhaust a naive recursive evaluator.
    chain = "+".join(["a"] * 500)  # 999 characters
    assert parse_formula(chain).evaluate({"a": 1.0}) == 500.0
    assert parse_formula("-" * 999 + "a").evaluate({"a": 1.0}) == -1.0  # 999 minus signs: odd, negative


def test_formula_over_1000_characters_is_refused():
    with pytest.raises(FormulaError):
        parse_formula("a+" * 500 + "a")  # 1001 characters
    assert math.isclose(parse_formula("a+" * 499 + "a").evaluate({"a": 1.0}), 500.0)


def test_a_formula_that_does_not_parse_says_its_column_once():
    # QA: "missing ')' to close the '(' at column 7 (at character 7)" said the position twice.
    from partnerscore.calc.formula_check import formula_problems

    [[message]] = formula_problems([("d1", "sql / (mql")], {"d1"}, {"sql", "mql"}, "data/acme.csv")
    assert message == "formula of 'd1' does not parse: missing ')' to close the '(' at column 7"
