"""Numbers as scorecards and CSVs write them. No pydantic: the report's CSV reader (a child process,
partnerscore.data._child) imports this without the model."""

from __future__ import annotations

import math
import re
from typing import Any

# The largest magnitude partnerscore takes, in a scorecard or a CSV alike: 10^15 (a quadrillion), beyond any
# figure a partnership tracks and still exact for whole numbers in a float (up to 2^53, about 9.007e15).
# So the arithmetic (a period's sum, a projection over its elapsed share, a deadline's glide path) stays
# finite with ample room, a 1e308 row is a bad value at its line instead of an overflow in the report,
# and every number prints in full in a table column. A formula can still multiply past float's range;
# calc.status names that on the metric.
MAX_MAGNITUDE = 1e15
MAX_MAGNITUDE_TEXT = "1e15"

# The grammar of a number written as text, in parts, so that lint's parser and the JSON Schema editors
# read (`number_text_pattern`) come from this one definition and cannot drift apart.
_SIGN = r"[+-]?"
_PLAIN = r"(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"  # 42, 4.2, .5, 5e5, 1E-1
_GROUPED = r"\d{1,3}(,\d{3})+(\.\d*)?"  # thousands separated by commas: 500,000 or 1,234.5 (no exponent)
_THOUSANDS = re.compile(rf"^{_SIGN}{_GROUPED}$")
_NUMBER = re.compile(rf"^\s*{_SIGN}{_PLAIN}\s*$")


def number_text_pattern(*, signed: bool = True) -> str:
    """The regular expression (valid in Python and in JSON Schema's ECMA-262 dialect) of every text
    `parse_number` reads, spaces around it and a `%` included; `signed=False` allows `+` but not `-`. It
    cannot say the 40-character and magnitude limits, which the parser checks on the value."""
    sign = _SIGN if signed else r"\+?"
    return rf"^\s*{sign}({_GROUPED}|{_PLAIN})(\s*%)?\s*$"


def parse_number(value: Any) -> float:
    """A number as scorecards and CSVs write it: 42, 4.2, "30%" (= 0.30). Rejects inf, nan, booleans and
    numbers beyond ±MAX_MAGNITUDE."""
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an int of 310+ digits: as far beyond a float as 1e400
            raise ValueError("expected a finite number, not one this large") from None
    elif isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        if percent:
            text = text[:-1].strip()
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if len(text) > 40 or not _NUMBER.match(text):
            if len(text) > 40 and _NUMBER.match(text):
                raise ValueError(f"expected a number of at most 40 characters, got one of {len(text):,}")
            shown = value if len(value) <= 60 else value[:57] + "..."
            raise ValueError(f"expected a number or a percentage such as 30%, got {shown!r}")
        number = float(text) / 100 if percent else float(text)
    elif value is None:  # `target:` with nothing after it; in `{…}`, `400,000` ends an entry at the comma
        raise ValueError("expected a number, got no value")
    else:
        kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else type(value).__name__
        raise ValueError(f"expected a number, got {kind}")
    if not math.isfinite(number):
        raise ValueError("expected a finite number, not infinity or NaN")
    if abs(number) > MAX_MAGNITUDE:
        # As written (1000000000000001, "1e19%"): the parsed float may round to the bound itself.
        shown = value.strip() if isinstance(value, str) else str(value)
        raise ValueError(f"expected a number of at most {MAX_MAGNITUDE_TEXT} in size (a quadrillion), "
                         f"got {shown[:40]}")
    return number
