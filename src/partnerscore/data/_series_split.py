"""Cutting a CSV's rows into one series per (partnership, metric), with numpy alone (no pandas).

`partnerscore.data._pandas_reader` reads a CSV with pandas into `RowCodes`: every row as small integer codes
(partnership, metric, date; the value as a float or a code) and, per code, what it stands for
(stripped name, day ordinal, number). `split` then sorts and cuts the rows, all of them or only those
of some partnerships. The report's CSV child sends a big file's RowCodes as they are, so that the
split runs in the report's processes, each for the partnerships it builds (partnerscore.report._parallel),
half the rows each, instead of all of them in the child while the report waits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Collection, Optional

# numpy's BLAS (OpenBLAS) starts a thread per core as numpy loads. The split never uses it, and in the
# report process a second thread would make the fork that builds half the report unsafe (a fork copies
# one thread; partnerscore.report._parallel then refuses it). A BLAS the user configured is left as it is.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402 - after the BLAS setting, which numpy reads as it loads

from partnerscore.data.flat import ALL_ROWS, FlatFile


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
    value_codes: Optional[np.ndarray]
    value_of: np.ndarray

    def __len__(self) -> int:
        return len(self.date_codes)

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays by field name (for sending them to another process), without the name lists."""
        return {name: value for name, value in vars(self).items() if isinstance(value, np.ndarray)}

    def rows(self, wanted: Collection[Optional[str]]) -> "RowCodes":
        """Only the rows of the partnerships named in `wanted` (a file without a partnership column
        belongs to whoever reads it: all its rows)."""
        if self.partners == [ALL_ROWS]:
            return self
        keep = np.array([name in wanted for name in self.partners], dtype=bool)[self.partner_of]  # per code
        kept = keep[self.partner_codes]
        start = int(kept.argmax())
        end = len(kept) - int(kept[::-1].argmax())
        if kept[start] and kept[start:end].all():
            # One run of rows, as in a file written partnership by partnership: views, no copies.
            rows = slice(start, end)
        else:
            rows = np.flatnonzero(kept)
        return RowCodes(self.partner_codes[rows], self.partner_of, self.partners,
                        self.metric_codes[rows], self.metric_of, self.metrics,
                        self.date_codes[rows], self.day_of,
                        None if self.value_codes is None else self.value_codes[rows],
                        self.value_of[rows] if self.value_codes is None else self.value_of)


def split(codes: RowCodes, wanted: Optional[Collection[Optional[str]]] = None) -> Flat:
    """One series per (partnership, metric): valid rows sorted by day, the first row of a day winning;
    only the partnerships in `wanted`, when given (the same series as from all rows, no others).

    Work per row is a few passes over small integer codes: every lookup (day, value, name, validity) is
    done once per distinct text, in tables the codes index. Rows sort by one integer key, partnership,
    then metric, then day rank; a row that is not valid gets a key past every valid one and is cut off."""
    if wanted is not None:
        codes = codes.rows(wanted)
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
    first = np.r_[True, (series_key[1:] != series_key[:-1]) | (d[1:] != d[:-1])]
    return _flat(series_key[first], d[first], v[first], c.partners, c.metrics)


class CodesFile:
    """A big CSV's rows as codes, split into series on first use: the rows of the partnerships this process
    will report (`expect`), or all of them. Answers as a FlatFile does."""

    def __init__(self, codes: RowCodes) -> None:
        self._codes = codes
        self._wanted: Optional[set] = None
        self._file: Optional[FlatFile] = None

    def expect(self, partners: Collection[str]) -> None:
        """Only these partnerships will be asked for (before the first `get`; later it changes nothing)."""
        if self._file is None:
            self._wanted = set(partners)

    def _split(self, partner: Optional[str]) -> FlatFile:
        if self._file is not None and self._wanted is not None and partner is not ALL_ROWS \
                and partner not in self._wanted:
            self._file, self._wanted = None, None  # asked for one it did not expect: split all of them
        if self._file is None:
            self._file = FlatFile(*split(self._codes, self._wanted))
        return self._file

    def get(self, partner: Optional[str]):
        return self._split(partner).get(partner)

    def partnerships(self) -> list[Optional[str]]:
        if self._wanted is not None:
            self._file, self._wanted = None, None
        return self._split(ALL_ROWS).partnerships()

    def __bool__(self) -> bool:
        return len(self._codes) > 0
