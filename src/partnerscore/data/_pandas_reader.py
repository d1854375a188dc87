"""Metric values for report: each CSV read once with pandas, split into one Series per partnership and id.

Only report imports this module (lint must not import pandas). Bad rows are skipped here, never fatal:
lint reports them (PS602–PS605). Everything is vectorised: one read_csv (as categoricals) and one parse
of each distinct date and value text make the rows' codes (`row_codes`); `partnerscore.data._series_split`
sorts and cuts them with numpy alone. No Python loop runs over rows, only over distinct texts and series.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd

from partnerscore.data.cells import parse_day, parse_value
from partnerscore.data.table import MAX_CSV_BYTES, RESERVED
from partnerscore.data import _series_split as series_split
from partnerscore.data.flat import unflatten
from partnerscore.data.flat import ALL_ROWS
from partnerscore.calc.status import Series


Flat = series_split.Flat
_NONE = series_split.NONE


def load_series(path: Path) -> dict[Optional[str], dict[str, Series]]:
    """{partnership or None: {series id: Series}}; {} for a missing, unreadable or malformed file."""
    return unflatten(*load_flat(path))


def load_flat(path: Path) -> Flat:
    """`load_series` before it is cut into Series (what partnerscore.data._child sends for a small file)."""
    codes = load_codes(path)
    return _NONE if codes is None else series_split.split(codes)


def load_codes(path: Path) -> Optional[series_split.RowCodes]:
    """The CSV's rows as codes (what partnerscore.data._child sends for a big file); None for a missing,
    unreadable or malformed file, or one without rows."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_CSV_BYTES:
            return None
        frame = _read(path)
    except (OSError, UnicodeError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return None
    if frame is None or frame.empty:
        return None
    return row_codes(frame)


def _frame(path: Path, dtype) -> pd.DataFrame:
    """The whole CSV with normalised column names; rows with too many fields are skipped (lint: PS602).

    low_memory=False: one pass instead of chunks whose categoricals are merged after (twice as slow)."""
    frame = pd.read_csv(path, dtype=dtype, na_filter=False, encoding="utf-8-sig", on_bad_lines="skip",
                        skip_blank_lines=True, engine="c", low_memory=False)
    names = {c: c.strip().lower() if c.strip().lower() in RESERVED else c.strip() for c in frame.columns}
    return frame.rename(columns=names).drop(columns=["note"], errors="ignore")


# Rows looked at before reading a whole file with its values as numbers (see _numbers_frame).
_SAMPLE_ROWS = 1000


def _numbers_frame(path: Path) -> Optional[pd.DataFrame]:
    """The CSV with its `value` column parsed as numbers by read_csv, when every value is a plain number.

    Hashing millions of value texts into categories was a sixth of the read; parsing them as floats is
    cheaper and gives the very same numbers: for plain numbers the categorical path converts its
    categories with pd.to_numeric, which runs the same C parser (precise_xstrtod) read_csv does
    (tests/test_datastore_split.py compares both on random texts). A single value that is not a plain
    number ("30%", "", "n/a") makes read_csv raise ValueError, and the file is read as categories
    instead; a look at the first rows first spares the usual such file (percentages) a second read.
    None when this path does not apply.
    """
    try:
        head = pd.read_csv(path, dtype=str, nrows=_SAMPLE_ROWS, na_filter=False, encoding="utf-8-sig",
                           on_bad_lines="skip", skip_blank_lines=True, engine="c")
    except (OSError, UnicodeError, ValueError, pd.errors.EmptyDataError):  # the full read decides
        return None
    named = [c for c in head.columns if c.strip().lower() == "value"]
    if head.empty or len(named) != 1 or head[named[0]].isna().any():
        return None
    if pd.to_numeric(head[named[0]], errors="coerce").isna().any():
        return None  # a value that is not a plain number (or is "nan", which read_csv will not parse)
    try:
        frame = _frame(path, defaultdict(lambda: "category", {named[0]: "float64"}))
    except ValueError:
        return None
    others = [c for c in frame.columns if c != "value"]
    if frame["value"].dtype != np.float64 or not all(isinstance(frame[c].dtype, pd.CategoricalDtype)
                                                      for c in others):
        return None  # not the frame asked for (say, a header that changed after the first rows)
    return frame


def _read(path: Path) -> Optional[pd.DataFrame]:
    """The CSV as long-form columns partnership?, date, metric, value.

    Columns are read as categoricals: the C parser then hashes each cell without making a Python
    string per row, and everything after works on integer codes and the few distinct texts. The
    value column is read as numbers when they all are (_numbers_frame).
    """
    frame = _numbers_frame(path)
    if frame is None:
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


def _text_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per-row codes (-1 for a missing cell), and per code the index of its stripped text in the sorted
    distinct texts (the last entry stands for code -1, so `table[codes]` needs no special case)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, uniques = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, uniques = pd.factorize(column, sort=False)
    stripped = [str(u).strip() for u in uniques] + [""]  # the last one stands for a missing cell (-1)
    remap, merged = pd.factorize(pd.Index(stripped), sort=True)
    return codes, remap, list(merged)


def _day_table(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per-row codes, and per code its day ordinal (-1 for a bad date). Each distinct date text is parsed
    once, by lint's own parser, so both agree on every date (pandas' datetime range would also drop
    years before 1677)."""
    codes, remap, texts = _text_codes(column)
    return codes, np.array([_day_or_none(text) for text in texts], dtype=np.int64)[remap]


def _day_or_none(text: str) -> int:
    try:
        return parse_day(text)
    except ValueError:
        return -1


def _value_table(column: pd.Series) -> tuple[Optional[np.ndarray], np.ndarray]:
    """Per-row codes, and per code its float (NaN for an empty or bad value), parsing each distinct text
    once as lint does (partnerscore.data.cells.parse_value: `30%` is 0.30; NaN and infinities are refused).
    A column read_csv parsed as floats has no codes: (None, the float of each row)."""
    if column.dtype.kind == "f":
        numbers = column.to_numpy(dtype=float, copy=True)
        numbers[~np.isfinite(numbers)] = np.nan
        return None, numbers
    categories = column.cat.categories if isinstance(column.dtype, pd.CategoricalDtype) else None
    if categories is not None and categories.dtype.kind in "iufb":
        # Every cell was a plain number (or true/false, which is none): read_csv parsed them already.
        numbers = np.full(len(categories), np.nan) if categories.dtype.kind == "b" else categories.to_numpy(float)
        numbers = np.append(numbers, np.nan)  # for a missing cell (code -1)
        codes = column.cat.codes.to_numpy()
    else:
        codes, remap, texts = _text_codes(column)
        numbers = np.array(pd.to_numeric(pd.Series(texts, dtype=object), errors="coerce"), dtype=float)
        for i in np.flatnonzero(np.isnan(numbers)):  # "30%", "1,200", …: lint's own parser
            numbers[i] = _lenient(texts[i])
        numbers = numbers[remap]
    numbers[~np.isfinite(numbers)] = np.nan
    return codes, numbers


def _lenient(text: str) -> float:
    try:
        value = parse_value(text)
    except ValueError:
        return np.nan
    return np.nan if value is None else value


def _split(frame: pd.DataFrame) -> dict[Optional[str], dict[str, Series]]:
    return unflatten(*_split_flat(frame))


def row_codes(frame: pd.DataFrame) -> series_split.RowCodes:
    """The frame's rows as codes and the tables they index (see series_split.RowCodes): every text is
    stripped and parsed once per distinct text, by lint's own parsers."""
    date_codes, day_of = _day_table(frame["date"])
    value_codes, value_of = _value_table(frame["value"])
    metric_codes, metric_of, metrics = _text_codes(frame["metric"])
    if "partnership" in frame.columns:
        partner_codes, partner_of, partners = _text_codes(frame["partnership"])
    else:
        partner_codes, partner_of, partners = np.zeros(len(frame), dtype=np.int8), np.zeros(2, np.intp), [ALL_ROWS]
    return series_split.RowCodes(partner_codes, partner_of, partners, metric_codes, metric_of, metrics,
                                date_codes, day_of, value_codes, value_of)


def _split_flat(frame: pd.DataFrame) -> Flat:
    return series_split.split(row_codes(frame))


def _split_rows(frame: pd.DataFrame) -> dict[Optional[str], dict[str, Series]]:
    return unflatten(*series_split.split_rows(row_codes(frame)))
