"""A calendar day as every YAML file writes it: `YYYY-MM-DD` (SPEC.md), the one grammar of a scorecard's
`by`, `start` and schedule keys and of a decision note's `date`, `due` and `ends`, in lint and in the JSON
Schemas alike."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# JSON Schema's `format: date` is the same YYYY-MM-DD; the pattern says it to editors that skip formats.
DAY_JSON_SCHEMA = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def parse_day(value: Any) -> dt.date:
    """A calendar day written `YYYY-MM-DD` (unquoted or quoted). Nothing looser.

    A time of day is refused rather than dropped (`due: 2026-11-27T17:00:00`): a day is all these fields
    hold, and a time or zone would be silently cut off. Pydantic would also take an integer as a Unix
    timestamp (`due: 20261127` → 1970); that is never meant.
    """
    if isinstance(value, dt.datetime):  # YAML reads `2026-11-27 17:00:00` as a datetime
        raise ValueError(f"write the day alone, YYYY-MM-DD ({value.date().isoformat()}), without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DAY.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise ValueError(f"{value.strip()!r} is not a calendar day; use YYYY-MM-DD, e.g. 2026-11-27")
    raise ValueError("expected a date written YYYY-MM-DD, e.g. 2026-11-27")


Day = Annotated[dt.date, BeforeValidator(parse_day), WithJsonSchema(DAY_JSON_SCHEMA)]
