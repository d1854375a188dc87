"""The positioned YAML loader: positions, duplicates, hostile documents, encodings."""

from __future__ import annotations

import pytest

from partnerscore.core.diagnostics import Position
from partnerscore.io.textfile import TextFileError, decode
from partnerscore.yamlsource import loader as source
from partnerscore.yamlsource import parse_yaml
from work_bounds import MEMORY_LIMITS, run_with_memory_limit, work_done

TEXT = """\
partnership: Acme
outcomes:
  - id: revenue
    target: 30%
  - {id: pipeline, target: 5}
"""


def test_every_key_and_value_keeps_its_1_based_position():
    result = parse_yaml(TEXT, "acme.yaml")
    doc = result.document
    assert result.diagnostics == []
    assert doc.key_position(("outcomes",)) == Position(2, 1)
    assert doc.position(("outcomes", 0)) == Position(3, 5)          # the mapping after "- "
    assert doc.position(("outcomes", 0, "target")) == Position(4, 13)  # "    target: " is 12 characters
    assert doc.key_position(("outcomes", 0, "target")) == Position(4, 5)
    # "  - {" + "id: pipeline, " + "target: " = 5 + 14 + 8 = 27 characters before the value.
    assert doc.position(("outcomes", 1, "target")) == Position(5, 28)
    # A location that does not exist falls back to its nearest parent.
    assert doc.position(("outcomes", 1, "owner")) == Position(5, 5)


def test_columns_count_characters_not_bytes():
    doc = parse_yaml("name: Café → Tea\nx: 1\ngoal: é: no\n", "a.yaml")
    assert doc.diagnostics[0].line == 3
    doc = parse_yaml("owner: Ünal\nname: x\n", "a.yaml").document
    assert doc.position(("name",)) == Position(2, 7)


def test_duplicate_keys_are_ps105_at_the_second_and_the_first_value_is_kept():
    result = parse_yaml("a: 1\nb:\n  c: 2\n  c: 3\n", "d.yaml")
    [d] = result.diagnostics
    assert (d.rule, d.line, d.column) == ("PS105", 4, 3)
    assert "first defined on line 3" in d.message
    assert result.document.data == {"a": 1, "b": {"c": 2}}


def test_merge_keys_work_and_do_not_count_as_duplicates():
    result = parse_yaml("base: &b {owner: Dana}\nm:\n  <<: *b\n  name: x\n", "m.yaml")
    assert result.diagnostics == []
    assert result.document.data["m"] == {"name": "x", "owner": "Dana"}


@pytest.mark.parametrize("text, message", [
    ("a: [1, 2\nb: 3\n", "invalid YAML"),
    ("a: 1\n---\nb: 2\n", "single document"),
    ("a: *nope\n", "undefined alias"),
    ("a: &x [1, *x]\n", "recursive alias"),
    ("? [a, b]\n: 1\n", "plain value"),
])
def test_bad_yaml_is_one_ps100_never_an_exception(text, message):
    result = parse_yaml(text, "bad.yaml")
    assert result.document is None
    [d] = result.diagnostics
    assert d.rule == "PS100" and message in d.message


@pytest.mark.parametrize("text, hint", [
    ("goal: Grow: fast\n", "a value that contains ': ' must be quoted"),
    ("name: @Acme\n", "a value that starts with ` @ or % must be quoted"),
    ("name: `Acme`\n", "a value that starts with ` @ or % must be quoted"),
    ("what: *Urgent* fix\n", "a value that starts with * must be quoted"),
    ("decisions:\n  - what: Do it\n    owner: A\n  due: 2026-01-01\n", "check this line's indentation"),
    ("a:\n    b: 1\n  c: 2\n", "check this line's indentation"),
])
def test_common_hand_editing_mistakes_say_how_to_fix_them(text, hint):
    # The parser's own words ("mapping values are not allowed in this context") do not tell a newcomer
    # that the goal they just typed needs quotes.
    [d] = parse_yaml(text, "bad.yaml").diagnostics
    assert d.rule == "PS100" and hint in d.message, d.message


@pytest.mark.parametrize("text, line, column, message", [
    # A tag the safe constructor cannot apply to a key used to escape as an internal error (exit 2).
    ("a: 1\n!!int x: 1\n", 2, 1, "cannot read key 'x': invalid literal for int()"),
    ("a: 1\n!!float abc: 1\n", 2, 1, "cannot read key 'abc'"),
    ("a: 1\n!foo k: 1\n", 2, 1, "cannot read key 'k': could not determine a constructor for the tag '!foo'"),
    ("a: !foo x\n", 1, 4, "cannot read value 'x': could not determine a constructor for the tag '!foo'"),
    ("a: !!int abc\n", 1, 4, "cannot read value 'abc'"),
])
def test_a_tag_that_cannot_be_applied_is_ps100_on_one_line(text, line, column, message):
    result = parse_yaml(text, "tagged.yaml")
    assert result.document is None
    [d] = result.diagnostics
    assert (d.rule, d.line, d.column) == ("PS100", line, column)
    assert message in d.message
    # PyYAML's str() of the error appends its own mark ('in "<unicode string>", line 1'); not ours.
    assert "\n" not in d.message and "<unicode string>" not in d.message


def _parsed(text: str):
    """parse_yaml(text) and the work it did (calls made, peak memory): bounds that do not depend on the machine."""
    with work_done() as work:
        result = parse_yaml(text, "hostile.yaml")
    return result, work


def test_alias_bomb_is_refused_before_expansion():
    # Each level is ten aliases of the one before: 10**8 values if expanded.
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True))
    result, work = _parsed(text)
    [d] = result.diagnostics
    # Sizes: a=11, b=111, c=1111, d=11111, e=111111 > 50,000 → refused at e on line 5, column 4 (&e).
    assert (d.rule, d.line, d.column) == ("PS100", 5, 4) and "alias bomb" in d.message
    # ~1,200 calls and ~30 KiB: work on the size of the text (366 characters), none on the 10**8 values.
    assert work.calls < 5_000 and work.peak_bytes < 256 << 10, work


@pytest.mark.parametrize("text", ["a: " + "[" * 20000 + "]" * 20000, "{" * 20000,
                                  "".join("  " * i + f"k{i}:\n" for i in range(300))])
def test_absurd_nesting_is_refused_after_a_bounded_amount_of_work(text):
    result, work = _parsed(text)
    [d] = result.diagnostics
    assert d.rule == "PS100" and "nesting" in d.message
    # Refused at level 65: at most ~1,100 calls and ~200 KiB (without the bound, the 300 indented levels
    # alone take ~24,000 calls and ~1.4 MiB).
    assert work.calls < 5_000 and work.peak_bytes < 512 << 10, work


def test_pure_python_parser_has_the_same_bounds(monkeypatch):
    monkeypatch.setattr(source, "_Loader", source._PyLoader)
    result, work = _parsed("a: " + "[" * 20000 + "]" * 20000)
    [d] = result.diagnostics
    assert (d.rule, d.line, d.column) == ("PS100", 1, 68)  # the 65th bracket: 3 + 64 characters in
    # ~2,200 calls: its scanner stops at the 65th bracket; scanning all 20,000 takes hundreds of times more.
    assert work.calls < 10_000, work
    assert parse_yaml(TEXT, "acme.yaml").document.position(("outcomes", 1, "target")) == Position(5, 28)


@pytest.mark.skipif(not MEMORY_LIMITS, reason="needs Linux's /proc and RLIMIT_AS")
def test_too_many_values_are_refused_in_bounded_memory():
    # 1.2 million values, 24 times the bound: building them all would take ~700 MiB. The loader stops at
    # value 50,001 and needs ~20 MiB; 48 MiB more than the interpreter and the text is the bound.
    setup = ("from partnerscore.yamlsource import parse_yaml\n"
             "text = 'a: [' + '1, ' * 1_200_000 + ']\\n'\n")
    run = run_with_memory_limit(setup, "[d] = parse_yaml(text, 'values.yaml').diagnostics\n"
                                       "print(d.rule, d.line, d.column, d.message)\n", limit_mib=48)
    assert run.returncode == 0, run.stderr[-2000:]
    # Refused at node 50,001 (the mapping, its key and the list come first): the 49,998th value, at
    # column 5 + 3 * 49,997 ("a: [" then "1, " per value). Nothing after it was composed.
    assert run.stdout.startswith("PS100 1 149996 more than 50,000 values"), run.stdout
    # The bound bites: the same child cannot take 96 MiB more.
    control = run_with_memory_limit(setup, "x = bytearray(96 * 2**20)\n", limit_mib=48)
    assert control.returncode != 0 and "MemoryError" in control.stderr


def test_control_character_is_reported_at_its_character_position():
    [d] = parse_yaml("goal: café\x07\n", "c.yaml").diagnostics
    assert (d.rule, d.line, d.column) == ("PS100", 1, 11) and "U+0007" in d.message


@pytest.mark.parametrize("data, message, line, column", [
    (b"goal: caf\xe9\n", "not valid UTF-8", 1, 10),
    ("goal: x\n".encode("utf-16"), "UTF-16", 1, 1),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", 1, 1),
    (bytes((i * 97 + 3) % 256 for i in range(2000)).replace(b"\x00", b"\x01"), "binary", 1, 1),
])
def test_encodings_other_than_utf8_are_named(data, message, line, column):
    with pytest.raises(TextFileError) as info:
        decode(data)
    assert message in info.value.message
    assert (info.value.line, info.value.column) == (line, column)


def test_utf8_bom_is_accepted():
    assert decode(b"\xef\xbb\xbfgoal: x\n") == "goal: x\n"


def test_a_date_that_is_no_day_stays_text_as_a_key_too():
    # A schedule's `2026-02-30: 500` (or an explicit !!timestamp) is kept as text, as a value already was,
    # so the model reports PS104 at that key instead of one PS100 that hides every other finding of the file.
    result = parse_yaml("a: 1\n!!timestamp 2026-13-45: 1\n2026-02-30: 2\n", "dates.yaml")
    assert result.diagnostics == []
    assert result.document is not None
    assert result.document.data == {"a": 1, "2026-13-45": 1, "2026-02-30": 2}
    position = result.document.key_position(("2026-02-30",))
    assert (position.line, position.column) == (3, 1)
