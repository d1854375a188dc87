"""core.text: did-you-mean suggestions and user text made safe to print."""

import pytest

from partnerscore.core.text import closest, one_line, printable


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
