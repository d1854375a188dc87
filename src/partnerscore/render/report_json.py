"""`report --format json`: exactly SPEC.md's shape, from `PortfolioReport.as_record()`.

The text is `json.dumps(record, indent=2, ensure_ascii=False)` and a newline, byte for byte (golden files,
and every script that diffs two reports, depend on it), written by orjson: asked to indent, the standard
library falls back to its pure-Python encoder, which was a large part of a big report's time.

orjson writes what the record holds as json.dumps does (keys in order, two spaces a level, `": "`, text
as UTF-8 with the same escapes), except the text of a few floats: 0.00001 and 1e-6 where Python's repr,
which json.dumps uses, writes 1e-05 and 1e-06 (and, before orjson 3.12, 1e16 where repr writes 1e+16). So
the text is searched for what only such a number holds ("0.0000" or "e-"; before orjson 3.12, any "e"),
and when it is there (rare in a report; a string holding it costs a needless second pass, no more) the
record is written again with each float as its repr (`orjson.Fragment`). Whatever orjson
refuses (a key that is not a string, an int beyond 64 bits, a lone surrogate, 255 levels of nesting, a
dataclass or a date) is left to json.dumps itself, so the output never depends on which of them wrote it.

JSON has no NaN or infinity. The report's numbers are finite by construction (status.py turns a
non-finite aggregate into None, the model refuses non-finite targets); a float that is not finite all
the same is written as null (missing), as SPEC.md says: orjson does that by itself.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME

# What every float that orjson writes otherwise than repr holds in its text (tests/render/
# test_report_json_encoder.py checks it on random floats of every magnitude). Substring searches: a regular expression
# for number tokens took longer than orjson itself on a big report.
_NOT_REPR_HINTS = (b"0.0000", b"e-") if orjson.dumps(1e16) == b"1e+16" else (b"0.0000", b"e")


def _finite(value: Any) -> Any:
    """A copy for json.dumps: a float that is not finite becomes None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _floats_as_repr(value: Any) -> Any:
    """A copy for orjson in which every finite float is its repr, written as it is."""
    if isinstance(value, float):
        return orjson.Fragment(float.__repr__(value)) if math.isfinite(value) else value
    if isinstance(value, dict):
        return {k: _floats_as_repr(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_floats_as_repr(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, non-finite floats as null."""
    try:
        text = orjson.dumps(value, option=_OPTIONS)
        if any(hint in text for hint in _NOT_REPR_HINTS):
            text = orjson.dumps(_floats_as_repr(value), option=_OPTIONS)
    except orjson.JSONEncodeError:  # what orjson does not write: json.dumps' own rules (or its TypeError)
        return json.dumps(_finite(value), indent=2, ensure_ascii=False, allow_nan=False)
    return text.decode()


def render_json(portfolio) -> str:
    """The document: {"as_of", "partnerships": [...]}, and a newline."""
    return dumps(portfolio.as_record()) + "\n"
