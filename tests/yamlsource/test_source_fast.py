"""The fast YAML path (libyaml composes in C) must give exactly what the careful path gives, or decline.

"Careful" is parse_yaml with the fast path switched off (source._CLoader = None): libyaml's events,
composed in Python under the bounds. Every test compares data, positions and diagnostics of both.
"""

from __future__ import annotations

import pytest

from partnerscore.core.diagnostics import Position
from partnerscore.yamlsource import MAX_DEPTH, MAX_NODES, parse_yaml
from partnerscore.yamlsource import _fast as source_fast
from partnerscore.yamlsource import loader as source
from partnerscore.yamlsource._fast import parse_ordinary


def careful(text: str, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(source, "_CLoader", None)
        return parse_yaml(text, "f.yaml")


def same(a, b) -> bool:
    if a.document is None or b.document is None:
        return a.document is b.document and a.diagnostics == b.diagnostics
    da, db = a.document, b.document
    # repr: tells 1 from 1.0 and True, and keeps key order.
    return (repr(da.data) == repr(db.data) and da.value_marks == db.value_marks
            and da.key_marks == db.key_marks and a.diagnostics == b.diagnostics)


SCORECARD = """\
partnership: Northwind Referrals  # a comment
id: northwind
goal: "Grow partner-sourced revenue: 30% by Q4"
outcomes:
  - {id: revenue, name: Revenue, owner: Dana Ortiz, target: 150000, baseline: 1.5e4, unit: USD}
  - id: pipeline
    owner: Ünal Çelik
    target: 30%
    tolerance: 0.1
    drives: [a, b]
health:
  - id: nps
    when_off_track: |
      Call the partner.
      Then decide.
    active: true
    since: 2026-01-05
    note: ~
"""

ORDINARY = [
    SCORECARD,
    "",
    "# only a comment\n",
    "a: 1\nb:\n  c: 2\n  c: 3\n",                     # a duplicate key: PS105, first value kept
    "{1: a, true: b, 1.0: c, null: d, '': e}\n",     # keys of every scalar kind; 1, true and 1.0 collide
    "- 0x1F\n- 0o17\n- 1_000\n- .inf\n- -.nan\n- 1e3\n- +5\n- 'x'\n- \"y\\tz\"\n- !!str 5\n",
    "k: >\n  folded\n  text\n",
    "a: {b: {c: {d: [1, {e: f}, [], {}]}}}\n",
    "- - - - 1\n",
    "name: Café → Tea\nx: 1\n",
    "when: 2026-11-20 10:30:00\n",
    "a: 1\n...\n",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_documents_take_the_fast_path_with_the_careful_result(text, monkeypatch):
    fast = parse_ordinary(text, "f.yaml")
    assert fast is not None, "an ordinary document should not need the careful path"
    assert same(fast, careful(text, monkeypatch))
    assert same(parse_yaml(text, "f.yaml"), fast)


def test_fast_path_keeps_positions_and_duplicates():
    result = parse_ordinary(SCORECARD, "s.yaml")
    doc = result.document
    assert doc.key_position(("outcomes",)) == Position(4, 1)
    # "  - {id: revenue, name: Revenue, owner: Dana Ortiz, " is 52 characters before "target".
    assert doc.key_position(("outcomes", 0, "target")) == Position(5, 53)
    assert doc.position(("outcomes", 1, "owner")) == Position(7, 12)  # "    owner: " is 11 characters
    [dup] = parse_ordinary("a: 1\nb:\n  c: 2\n  c: 3\n", "d.yaml").diagnostics
    assert (dup.rule, dup.line, dup.column) == ("PS105", 4, 3) and "first defined on line 3" in dup.message


@pytest.mark.parametrize("text", [
    "base: &b {owner: Dana}\nm:\n  <<: *b\n  name: x\n",   # anchors and aliases: the careful path bounds them
    "name: R&D\n",                                        # any '&' at all, even in a value
    "m:\n  <<: {owner: Dana}\n  name: x\n",               # a merge key
    "? [a, b]\n: 1\n",                                    # a key that is not a scalar
    "a: !custom x\n",                                     # a tag no safe constructor knows
    "a: [1, 2\n",                                         # invalid YAML
    "a: 1\n---\nb: 2\n",                                  # two documents
    "a: *nope\n",                                         # an undefined alias
    "a: " + "[" * 2000 + "]" * 2000 + "\n",               # deeper than libyaml allows
])
def test_anything_unusual_is_left_to_the_careful_path(text, monkeypatch):
    assert parse_ordinary(text, "f.yaml") is None
    assert same(parse_yaml(text, "f.yaml"), careful(text, monkeypatch))


def test_a_text_far_bigger_than_a_scorecard_goes_straight_to_the_careful_path(monkeypatch):
    text = "a: [" + "1, " * 30_000 + "]\n"  # 90,006 characters, 30,003 values: valid, within the bounds
    assert len(text) > source_fast.ORDINARY_MAX_CHARS
    assert parse_ordinary(text, "f.yaml") is None
    assert parse_yaml(text, "f.yaml").document.data == {"a": [1] * 30_000}


def nested(levels: int) -> str:
    """A mapping nested `levels` deep, counting the top mapping as level 1 (as the careful composer does)."""
    return "".join("  " * i + f"k{i}:\n" for i in range(levels - 1)) + "  " * (levels - 1) + "v: 1\n"


def test_depth_bound_is_the_careful_one_to_the_level(monkeypatch):
    # nested(n) has mappings on levels 1..n and the scalar 1 on level n + 1.
    at_limit, over = nested(MAX_DEPTH - 1), nested(MAX_DEPTH)
    assert parse_ordinary(at_limit, "f.yaml") is not None
    assert careful(at_limit, monkeypatch).document is not None
    assert parse_ordinary(over, "f.yaml") is None
    [d] = parse_yaml(over, "f.yaml").diagnostics
    assert d.rule == "PS100" and "nesting" in d.message
    assert same(parse_yaml(over, "f.yaml"), careful(over, monkeypatch))


def test_node_count_bound_is_the_careful_one_to_the_value(monkeypatch):
    # "a: [1, 1, …]" has 1 (top mapping) + 1 (key a) + 1 (the list) + n values = n + 3 nodes.
    at_limit = "a: [" + "1, " * (MAX_NODES - 3) + "]\n"
    over = "a: [" + "1, " * (MAX_NODES - 2) + "]\n"
    monkeypatch.setattr(source_fast, "ORDINARY_MAX_CHARS", len(over))  # let the fast path see them
    assert parse_ordinary(at_limit, "f.yaml") is not None
    assert careful(at_limit, monkeypatch).document is not None
    assert parse_ordinary(over, "f.yaml") is None
    [d] = parse_yaml(over, "f.yaml").diagnostics
    assert d.rule == "PS100" and f"{MAX_NODES:,} values" in d.message


def test_random_snippets_agree_with_the_careful_path(monkeypatch):
    """Fragments of YAML syntax shuffled together: accepted or refused, both paths say the same."""
    import random

    rng = random.Random(20261120)
    pieces = list("ab:-[]{}, \n\"'#*!?|>~.01") + ["  ", "\n  ", "- ", ": ", "true", "null", "1.5", "é"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        assert same(parse_yaml(text, "f.yaml"), careful(text, monkeypatch)), repr(text)
