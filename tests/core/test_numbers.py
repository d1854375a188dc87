"""core.numbers: the one number grammar of scorecards and CSVs, and its bound."""

import pytest

from partnerscore.core.numbers import MAX_MAGNITUDE, parse_number


@pytest.mark.parametrize(("value", "expected"), [
    (42, 42.0), ("4.2", 4.2), ("30%", 0.30), ("1,250,000", 1250000.0), (" -5 ", -5.0),
    (10**15, 1e15), ("-1e15", -1e15), ("1e17%", 1e15),  # the bound itself is a number
])
def test_numbers_as_written(value, expected):
    assert parse_number(value) == pytest.approx(expected)


@pytest.mark.parametrize(("value", "shown"), [
    (10**15 + 1, "got 1000000000000001"),  # as written: the float would print 1e+15, which looks in bounds
    ("1e19%", "got 1e19%"),                # not the 1e+17 it divides to
    ("-2e16", "got -2e16"),
])
def test_beyond_the_bound_the_message_shows_what_was_written(value, shown):
    with pytest.raises(ValueError) as caught:
        parse_number(value)
    assert str(caught.value) == f"expected a number of at most 1e15 in size (a quadrillion), {shown}"
    assert MAX_MAGNITUDE == 1e15
