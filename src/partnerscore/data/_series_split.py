"""Cutting a CSV's rows into one series per (partnership, metric), with numpy alone (no pandas).

`partnerscore.data._pandas_reader` reads a CSV into `RowCodes` (`data._codes`): every row as small integer codes
(partnership, metric, date; the value as a float or a code) and, per code, what it stands for
(stripped name, day ordinal, number). `split` then sorts and cuts the rows into series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from partnerscore.data.flat import ALL_ROWS

# Every series of a file, one after the other: the (partnership, series id, length) of each, then all
# their days (int64 ordinals) and all their values (float64), each series ascending by day.
Flat = tuple[list[tuple[str | None, str, int]], np.ndarray, np.ndarray]
NONE: Flat = ([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


@dataclass
class RowCodes:
    """A CSV's rows as codes, and the tables the codes index.

    Each `*_codes` has one entry per row; code -1 is a missing cell, and each `*_of` table has one entry
    more than there are codes, the last one, for -1 (so that `table[codes]` needs no special case).
    `partner_of` / `metric_of` map a code to the index of its stripped name in `partners` / `metrics`
    (sorted; "" for no name); `day_of` maps a date code to its day ordinal, -1 for a bad date. The value
    column is either floats per row (`value_codes` None, `value_of` per row) or codes with a float per
    code; NaN for no usable value. A file without a partnership column has `partners == [None]`."""

    partner_codes: np.ndarray
    partner_of: np.ndarray
    partners: list
    metric_codes: np.ndarray
    metric_of: np.ndarray
    metrics: list
    date_codes: np.ndarray
    day_of: np.ndarray
    value_codes: np.ndarray | None
    value_of: np.ndarray

    def __len__(self) -> int:
        return len(self.date_codes)


def split(codes: RowCodes) -> Flat:
    """One series per (partnership, metric): valid rows sorted by day, the last row of a day winning.

    Work per row is a few passes over small integer codes: every lookup (day, value, name, validity) is
    done once per distinct text, in tables the codes index. Rows sort by one integer key, partnership,
    then metric, then day rank; a row that is not valid gets a key past every valid one and is cut off."""
    c = codes
    partners, metrics = c.partners, c.metrics
    days = np.unique(c.day_of[c.day_of >= 0])  # the distinct valid days, ascending
    n_days, n_metrics, n_partners = len(days), len(metrics), len(partners)
    invalid = n_partners * n_metrics * n_days  # every valid key is below this
    if n_days == 0 or len(c) == 0:
        return NONE
    if invalid >= 2 ** 61:  # pragma: no cover - needs millions of distinct partnerships, metrics and days
        return split_rows(c)
    # int32 keys when they fit (they do unless there are ~200 million (partnership, metric, day)s): half
    # the memory to write and sort; the split's time is mostly first touches of fresh pages.
    kind = np.int32 if invalid < 2 ** 29 else np.int64
    named_metric = np.array([bool(name) for name in metrics], dtype=bool)[c.metric_of]
    named_partner = np.array([name is ALL_ROWS or bool(name) for name in partners], dtype=bool)[c.partner_of]
    # Per code, its part of the key; the three parts of a row add up to its key (below `invalid` only
    # when all three are valid: an invalid part is `invalid` itself, and no sum reaches 2 ** 31 or 2 ** 63).
    partner_part = np.where(named_partner, c.partner_of.astype(np.int64) * (n_metrics * n_days), invalid).astype(kind)
    metric_part = np.where(named_metric, c.metric_of.astype(np.int64) * n_days, invalid).astype(kind)
    day_part = np.where(c.day_of >= 0, np.searchsorted(days, c.day_of), invalid).astype(kind)
    key = partner_part[c.partner_codes]
    key += metric_part[c.metric_codes]
    key += day_part[c.date_codes]
    no_value = np.isnan(c.value_of)
    np.putmask(key, no_value if c.value_codes is None else no_value[c.value_codes], invalid)
    # Stable, so equal keys keep file order. numpy's stable sort (timsort) runs on the ascending runs a
    # CSV written partnership by partnership and day by day already has: 5x faster than a quicksort.
    order = np.argsort(key, kind="stable")
    key = key[order]
    n_valid = int(np.searchsorted(key, invalid))
    if n_valid == 0:
        return NONE
    order, key = order[:n_valid], key[:n_valid]
    values = c.value_of[order if c.value_codes is None else c.value_codes[order]]
    # Same series, same day: the later row in the file wins (SPEC.md; lint reports the pair as PS605).
    last = np.r_[key[1:] != key[:-1], True]
    if not last.all():
        key, values = key[last], values[last]
    series_key, day_rank = np.divmod(key, n_days)
    return _flat(series_key, days[day_rank], values, partners, metrics)


def _flat(series_key: np.ndarray, days: np.ndarray, values: np.ndarray, partners: list,
          metrics: list[str]) -> Flat:
    """Rows sorted by series key (partnership index × len(metrics) + metric index) and day, named."""
    starts = np.flatnonzero(np.r_[True, series_key[1:] != series_key[:-1]])
    lengths = np.diff(np.r_[starts, len(days)])
    n_metrics = len(metrics)
    names = [(partners[key // n_metrics], metrics[key % n_metrics], length)
             for key, length in zip(series_key[starts].tolist(), lengths.tolist(), strict=True)]
    return names, days, values


def split_rows(c: RowCodes) -> Flat:
    """`split` for files whose keys would overflow int64: the same result, row arrays and a lexsort."""
    d, v = c.day_of[c.date_codes], c.value_of if c.value_codes is None else c.value_of[c.value_codes]
    m, p = c.metric_of[c.metric_codes].astype(np.int64), c.partner_of[c.partner_codes].astype(np.int64)
    named_metric = np.array([bool(name) for name in c.metrics], dtype=bool)
    named_partner = np.array([name is ALL_ROWS or bool(name) for name in c.partners], dtype=bool)
    rows = np.flatnonzero((d >= 0) & ~np.isnan(v) & named_metric[m] & named_partner[p])
    if len(rows) == 0:
        return NONE
    rows = rows[np.lexsort((rows, d[rows], m[rows], p[rows]))]
    series_key, d, v = p[rows] * len(c.metrics) + m[rows], d[rows], v[rows]
    last = np.r_[(series_key[1:] != series_key[:-1]) | (d[1:] != d[:-1]), True]
    return _flat(series_key[last], d[last], v[last], c.partners, c.metrics)
