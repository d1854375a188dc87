"""Many small CSVs read as one text: one pandas parse for a thousand per-partnership files.

The default layout is one CSV per partnership (`data/<id>.csv`, what a pull writes). Read one at a time,
each file costs its own parse, split and sort (about 1.4 ms for 2,400 rows): 1,000 files take three times
what pandas takes for the same rows in one file. Here the bodies of the ordinary files that share a header
are joined into one text, read by pandas' C parser once, and the rows are cut into series with the file as
the partnership (`_series_split.split`), then handed back file by file.

The result is `load_flat_checked`'s for every file, and the batch never decides anything about a file: only
a file whose every line after the header is a plain row of the header's width joins it. Its rows are then
exactly its lines, in order, read by the same rules (`_codes`) and split by the same code (a file's series
are the same series, in the same order, whatever other files are read with it). Any other file (a quote, a
line break other than \\n, a blank or short or long line, not ASCII, a wide or shared file, a big one, one
lint stops at) is read on its own by `load_flat_checked`, which handles all of that.
tests/data/test_batch_reader.py holds the two ways equal on random sets of messy files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from partnerscore.data import _pandas_reader as single
from partnerscore.data import _series_split as series_split
from partnerscore.data._codes import _day_codes, _names, _value_codes
from partnerscore.data.flat import ALL_ROWS
from partnerscore.data.records import Stop
from partnerscore.data.table import MAX_SERIES
from partnerscore.io.textfile import TextFileError, read_bytes

Flat = series_split.Flat
Checked = tuple[Flat, bool]  # load_flat_checked's answer: the series, and whether a line may have been left out

# The columns whose cells become codes; any other (a note) is not read at all.
_READ = ("date", "metric", "value")


def load_many_checked(paths: Sequence[Path]) -> list[Checked]:
    """`load_flat_checked` of each path, in order: the ordinary files that share a header read together."""
    answers: list[Checked | None] = [None] * len(paths)
    groups: dict[tuple[str, ...], list[tuple[int, bytes, int]]] = {}
    for i, path in enumerate(paths):
        found = _ordinary_body(path)
        if found is None:
            answers[i] = single.load_flat_checked(path)
        else:
            columns, body, lines = found
            groups.setdefault(columns, []).append((i, body, lines))
    for columns, members in groups.items():
        together = _read_together(columns, [body for _, body, _ in members], [lines for _, _, lines in members])
        for (i, _, _), answer in zip(members, together, strict=True):
            answers[i] = answer if answer is not None else single.load_flat_checked(paths[i])
    return [answer for answer in answers if answer is not None]


def _ordinary_body(path: Path) -> tuple[tuple[str, ...], bytes, int] | None:
    """A small long-form file without a partnership column, plain ASCII with \\n line breaks, no quote and
    at least one line after the header: its header's names (as lint reads them), the lines after it,
    ending in \\n, and how many. None for any other file (read on its own)."""
    try:
        data = read_bytes(path, max_bytes=single._PANDAS_FROM - 1)
    except TextFileError:
        return None
    if not data.isascii() or b"\x00" in data or b'"' in data or b"\r" in data or not single._fields_fit(data):
        return None
    try:
        header = single._header(path, data)
    except Stop:
        return None
    if header.form != "long" or "partnership" in header.columns:
        return None
    body = data[header.end:]
    if not body.endswith(b"\n"):
        body += b"\n"  # a last line without a line break is a line
    lines = body.count(b"\n")
    # lint's bound on series: at most one name a line, and "" (no name); far above any real file.
    if lines == 0 or lines + 2 > MAX_SERIES:
        return None
    # As many commas as `lines` rows of the header's width have: with pandas' refusal of a line with more
    # fields (`_read_together`), every line has exactly that many (one with fewer would need one with more).
    if body.count(b",") != (len(header.columns) - 1) * lines:
        return None
    return tuple(header.columns), body, lines


def _read_together(columns: tuple[str, ...], bodies: list[bytes], line_counts: list[int]) -> list[Checked | None]:
    """Each body's answer; None for a body with a line that is not a plain row of the header's width."""
    width = len(columns)
    lines = np.array(line_counts, dtype=np.int64)
    # The header's names come first, as a row: categories holding a text are kept as texts (pandas makes
    # numbers of categories that all read as numbers: "007" would become 7).
    text = b"".join([",".join(columns).encode("ascii"), b"\n", *bodies])
    answers: list[Checked | None] = [None] * len(bodies)
    import pandas as pd  # the caller reads many files: pandas' one parse costs less than splitting each

    kept = np.arange(len(bodies))
    try:
        frame = _parse(pd, text, width)
    except pd.errors.ParserError:  # a line with more fields than the header: find the files that have one
        kept = np.flatnonzero(_regular(text, width, lines))
        if len(kept) == 0:
            return answers
        frame = _parse(pd, b"".join([",".join(columns).encode("ascii"), b"\n", *(bodies[i] for i in kept)]), width)
    counts = lines[kept]
    if len(frame) != int(counts.sum()):  # a blank line, which pandas skips: the files are read on their own
        return answers
    wanted = [columns.index(name) for name in _READ]
    date_codes, day_of = _day_codes(frame[wanted[0]])
    metric_codes, metric_of, metrics = _names(frame[wanted[1]])
    value_codes, value_of = _value_codes(frame[wanted[2]])
    # The file is the partnership: its rows then sort and split apart from every other file's. Names that
    # cannot be partnership ids, and "" last (code -1: none here).
    files = len(kept)
    codes = series_split.RowCodes(
        partner_codes=np.repeat(np.arange(files, dtype=np.intp), counts),
        partner_of=np.arange(files + 1, dtype=np.intp), partners=[f"#{k}" for k in range(files)] + [""],
        metric_codes=metric_codes, metric_of=metric_of, metrics=metrics,
        date_codes=date_codes, day_of=day_of, value_codes=value_codes, value_of=value_of)
    names, days, values = series_split.split(codes)
    by_file: dict[str | None, list[tuple[str | None, str, int]]] = {}
    for partner, series_id, length in names:
        by_file.setdefault(partner, []).append((ALL_ROWS, series_id, length))
    start = 0
    for k, i in enumerate(kept.tolist()):
        own = by_file.get(f"#{k}", [])
        end = start + sum(length for _, _, length in own)
        flat: Flat = (own, days[start:end], values[start:end]) if own else series_split.NONE
        # As load_flat_checked: every line became a row here, so a line was left out when a row gave no value.
        answers[i] = (flat, end - start != int(counts[k]))
        start = end
    return answers


def _parse(pd, text: bytes, width: int):
    """Every line of `text` as a row of categoricals, the first (the header's names) left out; ParserError
    for a line with more than `width` fields (one with fewer comes padded with empty cells)."""
    return pd.read_csv(io.BytesIO(text), header=None, dtype=dict.fromkeys(range(width), "category"),
                       na_filter=False, engine="c", low_memory=False, encoding="utf-8",
                       on_bad_lines="error").iloc[1:]


def _regular(text: bytes, width: int, lines: np.ndarray) -> np.ndarray:
    """Per body (`lines` of each, one after the other in `text` after its first line, the header), whether
    each of its lines has `width` fields."""
    fields = single._fields_per_line(text)[1:]
    wrong = (fields != width).astype(np.int64)
    ends = np.cumsum(lines)
    wrong_before = np.concatenate(([0], np.cumsum(wrong)))
    return (wrong_before[ends] - wrong_before[ends - lines]) == 0
