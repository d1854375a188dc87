"""`report --format json`: exactly SPEC.md's shape, from `PortfolioReport.as_record()`.

The text is exactly `json.dumps(record, indent=2, ensure_ascii=False)`, but written by a small encoder
of our own: with an indent, the standard library falls back to its pure-Python encoder, which was a
quarter of a 1,000-partnership report. Ours knows the record holds only dicts with string keys, lists,
strings, numbers, booleans and None; it encodes strings with the standard library's C function, and
anything else makes it hand the whole record back to `json.dumps`, so the output never depends on
which of the two wrote it.

JSON has no NaN or infinity. The report's numbers are finite by construction (status.py turns a
non-finite aggregate into None, the model refuses non-finite targets), and the encoder keeps a cheap
guard all the same: a float that is not finite is written as null (missing), as SPEC.md says.
"""

from __future__ import annotations

import json
import math
from math import isfinite
from json.encoder import encode_basestring  # the C implementation where available
from typing import Any

from partnerscore.report.collector import collector_paused

_INDENT = "  "
_SCALARS = {True: "true", False: "false", None: "null"}


class _Unusual(Exception):
    """A value the fast encoder does not handle; json.dumps writes the record instead."""


def _finite(value):
    """JSON has no NaN or infinity: a value that is not a finite number is reported as missing (null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


# Each key as it is written, `"key": `: a report repeats the same few keys a hundred thousand times.
_KEY_TEXTS: dict[str, str] = {}


def _key_text(key) -> str:
    if type(key) is not str:
        raise _Unusual
    text = encode_basestring(key) + ": "
    if len(_KEY_TEXTS) < 1000:  # the record's own keys; other dicts (tests, a long process) add no more
        _KEY_TEXTS[key] = text
    return text


def _encode(value: Any, indent: str) -> str:
    """`value` as json.dumps(indent=2) writes it at nesting `indent`.

    Scalars inside a dict or list are encoded inline (no call each): a report is mostly flat records."""
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + _INDENT
        parts = []
        for key, item in value.items():
            key_text = _KEY_TEXTS.get(key)
            if key_text is None:
                key_text = _key_text(key)
            kind = type(item)
            if kind is str:
                text = encode_basestring(item)
            elif kind is float:
                text = float.__repr__(item) if isfinite(item) else "null"
            elif item is None or kind is bool:
                text = _SCALARS[item]
            elif kind is int:
                text = int.__repr__(item)
            else:
                text = _encode(item, inner)
            parts.append(key_text + text)
        return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"
    if kind is list:
        if not value:
            return "[]"
        inner = indent + _INDENT
        try:  # a list of floats only (a history), in one call; anything else raises TypeError
            text = (",\n" + inner).join(map(float.__repr__, value))
        except TypeError:
            pass
        else:
            if "n" not in text:  # no "inf" or "nan": JSON has neither (the slow path writes null)
                return "[\n" + inner + text + "\n" + indent + "]"
        parts = []
        for item in value:
            kind = type(item)
            if kind is float:
                text = float.__repr__(item) if isfinite(item) else "null"
            elif kind is str:
                text = encode_basestring(item)
            elif item is None or kind is bool:
                text = _SCALARS[item]
            elif kind is int:
                text = int.__repr__(item)
            else:
                text = _encode(item, inner)
            parts.append(text)
        return "[\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "]"
    if kind is str:
        return encode_basestring(value)
    if kind is float:
        return float.__repr__(value) if isfinite(value) else "null"
    if value is None or kind is bool:
        return _SCALARS[value]
    if kind is int:
        return int.__repr__(value)
    raise _Unusual  # subclasses (enums), tuples, anything else: the standard library's rules


def dumps(record: Any) -> str:
    """`record` as indented JSON, non-finite numbers as null."""
    try:
        return _encode(record, "")
    except (_Unusual, RecursionError):
        return json.dumps(_finite(record), indent=2, ensure_ascii=False, allow_nan=False)


# A partnership's record sits in the list under the document's "partnerships" key: two levels deep.
_PARTNERSHIP_INDENT = _INDENT * 2


def prerender(report) -> None:
    """Render one partnership's record now, as it will stand in the document (see render_json).

    The builder calls this where it builds each partnership, so that a big portfolio's rendering is
    shared by the two processes that build it (partnerscore.report._parallel). A record the fast encoder does not
    handle is left to render_json, which then writes the whole document with json.dumps."""
    try:
        report.rendered["json"] = _encode(report.as_record(), _PARTNERSHIP_INDENT)
    except (_Unusual, RecursionError):
        report.rendered.pop("json", None)


def render_json(portfolio) -> str:
    """The document, exactly `dumps(portfolio.as_record())`: {"as_of", "partnerships": [...]}, each
    partnership's text the one `prerender` made, or made now."""
    with collector_paused():  # the record is a tree of a million small objects: see partnerscore.report.collector
        texts = []
        for report in portfolio.partnerships:
            if "json" not in report.rendered:
                prerender(report)
            text = report.rendered.get("json")
            if text is None:  # something the fast encoder leaves to the standard library
                return dumps(portfolio.as_record()) + "\n"
            texts.append(text)
        head = "{\n" + _INDENT + '"as_of": ' + encode_basestring(portfolio.as_of.isoformat()) + ",\n" + _INDENT
        if not texts:
            return head + '"partnerships": []\n}\n'
        # One join: 10 MB of text is copied once, not once per `+`.
        texts[0] = head + '"partnerships": [\n' + _PARTNERSHIP_INDENT + texts[0]
        texts[-1] += "\n" + _INDENT + "]\n}\n"
        return (",\n" + _PARTNERSHIP_INDENT).join(texts)
