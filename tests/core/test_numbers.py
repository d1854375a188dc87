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


# Texts near the edges of the grammar: signs, spaces, percent, separators, exponents, and near misses.
_TEXTS = ["42", "+42", "-42", "4.", ".5", "-.5", "4.2", " 4.2 ", "30%", "30 %", " 30 % ", "30%%", "%", "",
          "500,000", "1,234.5", "-1,234,567.", "1,5", "50,0000", ",500", "500,", "1,000e3", "5e5", "5E+5", "1e-1",
          "1e1%", "e5", "5e", "5e+", "1.5.2", "0x10", "1_000", "1 000", "inf", "nan", "--5", "+-5", "5-", "٣",
          "1,000%", "12,345,678.90 %", "+.5e-3"]


@pytest.mark.parametrize("text", _TEXTS)
def test_the_json_schema_pattern_reads_exactly_the_texts_the_parser_reads(text):
    """The pattern editors get (`partnerscore schema`) and lint's parser are one grammar: every text one
    reads, the other reads (within the 40-character and 1e15 limits the pattern cannot say)."""
    import re

    from partnerscore.core.numbers import number_text_pattern

    try:
        parse_number(text)
        parsed = True
    except ValueError:
        parsed = False
    assert bool(re.search(number_text_pattern(), text)) == parsed


@pytest.mark.parametrize(("text", "reads"), [("5%", True), ("+5", True), ("-5", False), ("-0.1%", False)])
def test_the_unsigned_pattern_of_a_share_has_no_minus(text, reads):
    import re

    from partnerscore.core.numbers import number_text_pattern

    assert bool(re.search(number_text_pattern(signed=False), text)) == reads
