"""Metric values for report: each CSV read once with pandas, split into one Series per partnership and id.

Only report imports this module (lint must not import pandas). Bad rows are skipped here, never fatal:
lint reports them (PS602–PS605). Everything is vectorised: one read_csv (as categoricals), one parse
of each distinct date and value text, one sort, and slicing at group boundaries; no Python loop runs
over rows, only over distinct texts and series.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd

from partnerscore.csvcells import parse_day, parse_value
from partnerscore.csvfile import MAX_CSV_BYTES, RESERVED
from partnerscore.status import Series

_ALL = None  # key of the rows of a CSV without a `partnership` column: they belong to its scorecard


class MetricStore:
    """Series by CSV and partnership; each CSV is read on first use and kept for the run."""

    def __init__(self) -> None:
        self._files: dict[Path, dict[Optional[str], dict[str, Series]]] = {}

    def series_for(self, csv_path: Path, partnership_id: str) -> dict[str, Series]:
        """Every series of one partnership in the CSV (its rows, or all rows of an unshared CSV)."""
        key = csv_path.resolve()
        if key not in self._files:
            self._files[key] = load_series(key)
        by_partnership = self._files[key]
        found = by_partnership.get(partnership_id)
        if found is None:
            found = by_partnership.get(_ALL, {})
        return dict(found)


def load_series(path: Path) -> dict[Optional[str], dict[str, Series]]:
    """{partnership or None: {series id: Series}}; {} for a missing, unreadable or malformed file."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_CSV_BYTES:
            return {}
        frame = _read(path)
    except (OSError, UnicodeError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return {}
    if frame is None or frame.empty:
        return {}
    return _split(frame)


def _frame(path: Path, dtype) -> pd.DataFrame:
    """The whole CSV with normalised column names; rows with too many fields are skipped (lint: PS602).

    low_memory=False: one pass instead of chunks whose categoricals are merged after (twice as slow)."""
    frame = pd.read_csv(path, dtype=dtype, na_filter=False, encoding="utf-8-sig", on_bad_lines="skip",
                        skip_blank_lines=True, engine="c", low_memory=False)
    names = {c: c.strip().lower() if c.strip().lower() in RESERVED else c.strip() for c in frame.columns}
    return frame.rename(columns=names).drop(columns=["note"], errors="ignore")


def _read(path: Path) -> Optional[pd.DataFrame]:
    """The CSV as long-form columns partnership?, date, metric, value.

    Columns are read as categoricals: the C parser then hashes each cell without making a Python
    string per row, and everything after works on integer codes and the few distinct texts.
    """
    frame = _frame(path, "category")
    if "date" not in frame.columns or frame.columns.duplicated().any():
        return None
    ids = [c for c in ("partnership", "date", "metric") if c in frame.columns]
    if not all(pd.api.types.is_string_dtype(frame[c].cat.categories.dtype) for c in ids):
        # read_csv turns an all-numeric (or true/false) column into numbers: "007" would become 7.
        frame = _frame(path, str)
    keys = ["partnership", "date"] if "partnership" in frame.columns else ["date"]
    if "metric" in frame.columns or "value" in frame.columns:
        if not {"metric", "value"} <= set(frame.columns):
            return None
        return frame[keys + ["metric", "value"]]
    series = [c for c in frame.columns if c not in RESERVED]
    wide = frame.astype(str).melt(id_vars=keys, value_vars=series, var_name="metric", value_name="value")
    return wide[wide["value"].str.strip().str.len() > 0]  # an empty wide cell is no value


def _codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes of a text column after stripping, and the distinct stripped texts (sorted)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, uniques = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, uniques = pd.factorize(column, sort=False)
    stripped = [str(u).strip() for u in uniques] + [""]  # the last one stands for a missing cell (-1)
    remap, merged = pd.factorize(pd.Index(stripped), sort=True)
    codes = np.where(codes < 0, len(stripped) - 1, codes)
    return remap[codes], list(merged)


def _days(column: pd.Series) -> np.ndarray:
    """Day ordinals (-1 for a bad date). Each distinct date text is parsed once, by lint's own parser,
    so both agree on every date (pandas' datetime range would also drop years before 1677)."""
    codes, texts = _codes(column)
    return np.array([_day_or_none(text) for text in texts], dtype=np.int64)[codes]


def _day_or_none(text: str) -> int:
    try:
        return parse_day(text)
    except ValueError:
        return -1


def _values(column: pd.Series) -> np.ndarray:
    """Floats, NaN for an empty or bad value, parsing each distinct text once as lint does
    (partnerscore.csvcells.parse_value: `30%` is 0.30; NaN and infinities are refused)."""
    categories = column.cat.categories if isinstance(column.dtype, pd.CategoricalDtype) else None
    if categories is not None and categories.dtype.kind in "iufb":
        # Every cell was a plain number (or true/false, which is none): read_csv parsed them already.
        numbers = np.full(len(categories), np.nan) if categories.dtype.kind == "b" else categories.to_numpy(float)
        numbers = np.append(numbers, np.nan)  # for a missing cell (code -1)
        codes = column.cat.codes.to_numpy()
        codes = np.where(codes < 0, len(numbers) - 1, codes)
    else:
        codes, texts = _codes(column)
        numbers = np.array(pd.to_numeric(pd.Series(texts, dtype=object), errors="coerce"), dtype=float)
        for i in np.flatnonzero(np.isnan(numbers)):  # "30%", "1,200", …: lint's own parser
            numbers[i] = _lenient(texts[i])
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers[codes]


def _lenient(text: str) -> float:
    try:
        value = parse_value(text)
    except ValueError:
        return np.nan
    return np.nan if value is None else value


def _order(p: np.ndarray, m: np.ndarray, d: np.ndarray, n_metrics: int) -> tuple[np.ndarray, np.ndarray]:
    """Row order by (partnership, metric, day, file order), and each sorted row's series-and-day key."""
    span = int(d.max() - d.min()) + 1
    day_key = (p * n_metrics + m) * span + (d - d.min())
    n = len(d)
    if (int(day_key.max()) + 1) * n < 2 ** 62:
        # One unique int64 key: a plain quicksort is then deterministic and much faster than lexsort.
        order = np.argsort(day_key * n + np.arange(n))
    else:  # pragma: no cover - needs an absurd number of series or days
        order = np.argsort(day_key, kind="stable")
    return order, day_key[order] // span


def _split(frame: pd.DataFrame) -> dict[Optional[str], dict[str, Series]]:
    days = _days(frame["date"])
    values = _values(frame["value"])
    metric_codes, metrics = _codes(frame["metric"])
    if "partnership" in frame.columns:
        partner_codes, partners = _codes(frame["partnership"])
    else:
        partner_codes, partners = np.zeros(len(frame), dtype=np.intp), [_ALL]
    named_metric = np.array([bool(name) for name in metrics], dtype=bool)
    named_partner = np.array([name is _ALL or bool(name) for name in partners], dtype=bool)
    valid = (days >= 0) & ~np.isnan(values) & named_metric[metric_codes] & named_partner[partner_codes]
    if valid.all():  # the usual case: no copy needed
        p, m, d, v = partner_codes, metric_codes, days, values
    else:
        rows = np.flatnonzero(valid)
        if len(rows) == 0:
            return {}
        p, m, d, v = partner_codes[rows], metric_codes[rows], days[rows], values[rows]
    order, series_key = _order(p, m, d, len(metrics))
    d, v = d[order], v[order]
    # Same series, same day: the first row in the file wins (lint reports the others as PS605).
    first = np.r_[True, (series_key[1:] != series_key[:-1]) | (d[1:] != d[:-1])]
    if not first.all():
        d, v, series_key = d[first], v[first], series_key[first]
    starts = np.flatnonzero(np.r_[True, series_key[1:] != series_key[:-1]])
    ends = np.r_[starts[1:], len(d)]
    # Each Series holds views into two sorted arrays: no per-row Python objects (status.py takes arrays).
    result: dict[Optional[str], dict[str, Series]] = {}
    for start, end, key in zip(starts.tolist(), ends.tolist(), series_key[starts].tolist()):
        partner, metric = partners[key // len(metrics)], metrics[key % len(metrics)]
        result.setdefault(partner, {})[metric] = Series(days=d[start:end], values=v[start:end])
    return result
