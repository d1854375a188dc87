"""Metric values for report: each CSV read once with pandas, split into one Series per partnership and id.

Only report imports this module (lint must not import pandas). Bad rows are skipped here, never fatal:
lint reports them (PS602–PS605). Everything is vectorised: one read_csv (as categoricals), one parse
of each distinct date and value text, one sort, and slicing at group boundaries; no Python loop runs
over rows, only over distinct texts and series.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd

from partnerscore.csvcells import parse_day, parse_value
from partnerscore.csvfile import MAX_CSV_BYTES, RESERVED
from partnerscore.flatseries import unflatten
from partnerscore.metricstore import _ALL, MetricStore  # noqa: F401 - the store lives there, pandas-free
from partnerscore.status import Series


def _small_pages() -> None:
    """Ask numpy not to request transparent huge pages for its big arrays.

    numpy madvise()s every large array for huge pages, and where THP is "madvise" (as on the project's
    standard machine) the kernel then backs each first touch with a fresh, zeroed 2 MiB page. The
    series split makes a dozen short-lived arrays of millions of rows; with huge pages it spent
    0.2–0.3 s of kernel time on ~4,700 page faults (no compaction stalls: fresh huge pages are just
    slow, and erratic, to get on a virtual machine), against ~0.04 s for the ~30,000 ordinary page
    faults it makes without. The arrays live for milliseconds, too short for huge pages to pay back.
    Only this process is affected, and only once report has imported the data layer.
    """
    try:
        from numpy._core.multiarray import _set_madvise_hugepage  # numpy 2
    except ImportError:  # pragma: no cover - numpy 1.x, or a numpy without the switch
        try:
            from numpy.core.multiarray import _set_madvise_hugepage
        except ImportError:
            return
    _set_madvise_hugepage(False)


_small_pages()


# Every series of a file, one after the other: the (partnership, series id, length) of each, then all
# their days (int64 ordinals) and all their values (float64), each series ascending by day.
Flat = tuple[list[tuple[Optional[str], str, int]], np.ndarray, np.ndarray]
_NONE: Flat = ([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def load_series(path: Path) -> dict[Optional[str], dict[str, Series]]:
    """{partnership or None: {series id: Series}}; {} for a missing, unreadable or malformed file."""
    return unflatten(*load_flat(path))


def load_flat(path: Path) -> Flat:
    """`load_series` before it is cut into Series (what partnerscore.csv_child sends)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_CSV_BYTES:
            return _NONE
        frame = _read(path)
    except (OSError, UnicodeError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return _NONE
    if frame is None or frame.empty:
        return _NONE
    return _split_flat(frame)


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
    once as lint does (partnerscore.csvcells.parse_value: `30%` is 0.30; NaN and infinities are refused).
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


def _split_flat(frame: pd.DataFrame) -> Flat:
    """One series per (partnership, metric): valid rows sorted by day, the first row of a day winning.

    Work per row is a few passes over small integer codes: every lookup (day, value, name, validity) is
    done once per distinct text, in tables the codes index. Rows sort by one integer key, partnership, then
    metric, then day rank; a row that is not valid gets a key past every valid one and is cut off."""
    date_codes, day_of = _day_table(frame["date"])
    value_codes, value_of = _value_table(frame["value"])
    metric_codes, metric_of, metrics = _text_codes(frame["metric"])
    if "partnership" in frame.columns:
        partner_codes, partner_of, partners = _text_codes(frame["partnership"])
    else:
        partner_codes, partner_of, partners = np.zeros(len(frame), dtype=np.int8), np.zeros(2, np.intp), [_ALL]
    days = np.unique(day_of[day_of >= 0])  # the distinct valid days, ascending
    n_days, n_metrics, n_partners = len(days), len(metrics), len(partners)
    invalid = n_partners * n_metrics * n_days  # every valid key is below this
    if n_days == 0:
        return _NONE
    if invalid >= 2 ** 61:  # pragma: no cover - needs millions of distinct partnerships, metrics and days
        return _split_rows_flat(frame)
    # int32 keys when they fit (they do unless there are ~200 million (partnership, metric, day)s): half
    # the memory to write and sort; the split's time is mostly first touches of fresh pages.
    kind = np.int32 if invalid < 2 ** 29 else np.int64
    named_metric = np.array([bool(name) for name in metrics], dtype=bool)[metric_of]
    named_partner = np.array([name is _ALL or bool(name) for name in partners], dtype=bool)[partner_of]
    # Per code, its part of the key; the three parts of a row add up to its key (below `invalid` only
    # when all three are valid: an invalid part is `invalid` itself, and no sum reaches 2 ** 31 or 2 ** 63).
    partner_part = np.where(named_partner, partner_of.astype(np.int64) * (n_metrics * n_days), invalid).astype(kind)
    metric_part = np.where(named_metric, metric_of.astype(np.int64) * n_days, invalid).astype(kind)
    day_part = np.where(day_of >= 0, np.searchsorted(days, day_of), invalid).astype(kind)
    key = partner_part[partner_codes]
    key += metric_part[metric_codes]
    key += day_part[date_codes]
    no_value = np.isnan(value_of)
    np.putmask(key, no_value if value_codes is None else no_value[value_codes], invalid)  # value_of per row, or per code
    # Stable, so equal keys keep file order. numpy's stable sort (timsort) runs on the ascending runs a
    # CSV written partnership by partnership and day by day already has: 5x faster than a quicksort.
    order = np.argsort(key, kind="stable")
    key = key[order]
    n_valid = int(np.searchsorted(key, invalid))
    if n_valid == 0:
        return _NONE
    order, key = order[:n_valid], key[:n_valid]
    values = value_of[order if value_codes is None else value_codes[order]]
    # Same series, same day: the first row in the file wins (lint reports the others as PS605).
    first = np.r_[True, key[1:] != key[:-1]]
    if not first.all():
        key, values = key[first], values[first]
    series_key, day_rank = np.divmod(key, n_days)
    return _flat(series_key, days[day_rank], values, partners, metrics)


def _flat(series_key: np.ndarray, days: np.ndarray, values: np.ndarray, partners: list,
          metrics: list[str]) -> Flat:
    """Rows sorted by series key (partnership index × len(metrics) + metric index) and day, named."""
    starts = np.flatnonzero(np.r_[True, series_key[1:] != series_key[:-1]])
    lengths = np.diff(np.r_[starts, len(days)])
    n_metrics = len(metrics)
    names = [(partners[key // n_metrics], metrics[key % n_metrics], length)
             for key, length in zip(series_key[starts].tolist(), lengths.tolist())]
    return names, days, values


def _split_rows(frame: pd.DataFrame) -> dict[Optional[str], dict[str, Series]]:  # pragma: no cover
    return unflatten(*_split_rows_flat(frame))


def _split_rows_flat(frame: pd.DataFrame) -> Flat:  # pragma: no cover
    """_split_flat for files whose keys would overflow int64: the same result, row arrays and a lexsort."""
    date_codes, day_of = _day_table(frame["date"])
    value_codes, value_of = _value_table(frame["value"])
    metric_codes, metric_of, metrics = _text_codes(frame["metric"])
    if "partnership" in frame.columns:
        partner_codes, partner_of, partners = _text_codes(frame["partnership"])
    else:
        partner_codes, partner_of, partners = np.zeros(len(frame), dtype=np.int8), np.zeros(2, np.intp), [_ALL]
    d, v = day_of[date_codes], value_of if value_codes is None else value_of[value_codes]
    m, p = metric_of[metric_codes].astype(np.int64), partner_of[partner_codes].astype(np.int64)
    named_metric = np.array([bool(name) for name in metrics], dtype=bool)
    named_partner = np.array([name is _ALL or bool(name) for name in partners], dtype=bool)
    rows = np.flatnonzero((d >= 0) & ~np.isnan(v) & named_metric[m] & named_partner[p])
    if len(rows) == 0:
        return _NONE
    rows = rows[np.lexsort((rows, d[rows], m[rows], p[rows]))]
    series_key, d, v = p[rows] * len(metrics) + m[rows], d[rows], v[rows]
    first = np.r_[True, (series_key[1:] != series_key[:-1]) | (d[1:] != d[:-1])]
    return _flat(series_key[first], d[first], v[first], partners, metrics)
