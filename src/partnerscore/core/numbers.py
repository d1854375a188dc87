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

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


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
