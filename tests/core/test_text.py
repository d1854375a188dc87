"""core.text: did-you-mean suggestions and user text made safe to print."""

import pytest

from partnerscore.core.text import closest, one_line, printable, typo_of


@pytest.mark.parametrize(("name", "candidates", "expected"), [
    ("pipline", ["pipeline", "win_rate"], "pipeline"),
    ("MQL", ["mql", "sql_count"], "mql"),  # letter case alone is close, though difflib scores it 0
    ("revenue", ["pipeline", "win_rate"], None),  # nothing near enough
    ("pipeline", [], None),  # nothing to compare with
    ("pipeline", set(), None),
])
def test_closest(name, candidates, expected):
    assert closest(name, candidates) == expected


def test_closest_prefers_the_first_in_order_among_spellings_differing_only_in_case():
    assert closest("mql", ["MQL", "Mql"]) == "MQL"


def test_printable_and_one_line_escape_control_characters():
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert one_line("a\nb\tc\x07") == "a\\nb c\\x07"


@pytest.mark.parametrize(("name", "expected"), [
    ("AA", "aa"),                  # letter case
    ("north-wind", "northwind"),   # a separator
    ("northwnd", "northwind"),     # a letter dropped
    ("northwinds", "northwind"),   # a letter added
    ("nortwhind", "northwind"),    # two letters swapped
    ("nurthwind", "northwind"),    # a letter changed
    ("southwind", None),           # two letters changed: another partner
    ("acme2", None),               # one letter more than a 4-letter id: too short to call
    ("acme-ltd", None),
    ("gamma", None),
])
def test_typo_of_is_strict(name, expected):
    assert typo_of(name, {"aa", "northwind", "acme", "beta"}) == expected


def test_typo_of_names_no_one_when_two_ids_are_as_close():
    assert typo_of("bravo", {"brava", "bravos"}) is None
