"""`report --format json`: exactly SPEC.md's shape, from `PortfolioReport.as_record()`."""

from __future__ import annotations

import json
import math


def _finite(value):
    """JSON has no NaN or infinity: a value that is not a finite number is reported as missing (null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def render_json(portfolio) -> str:
    return json.dumps(_finite(portfolio.as_record()), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
