"""Many small CSVs read together (`data._batch_reader`) give each file exactly what reading it alone gives
(`_pandas_reader.load_flat_checked`): the same series, days, values, order, and the same word on whether a
line was left out. Whatever files are read with it: random sets of ordinary and messy files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_readers_agree import csv_files

from partnerscore.data import _batch_reader, _pandas_reader
from partnerscore.data import store as store_module
from partnerscore.data._batch_reader import load_many_checked
from partnerscore.data._pandas_reader import load_flat_checked
from partnerscore.data.store import MetricStore

DATES = ["2026-11-02", "2026-11-09", " 2026-11-16", "2026-02-30", "", "11/23/2026", "2026-11-02"]
IDS = ["mql", "sql", " mql", "007", "", "Rate", "1e3"]
VALUES = ["1", "2.5", "30%", "", "abc", "nan", "-3", "0", "007", " 7 ", "1e400"]
NOTES = ["", "ok", "a note"]


@st.composite
def ordinary_csvs(draw) -> bytes:
    """A per-partnership long-form CSV, mostly plain (what the batch takes), with now and then a trouble
    that must send it, and only it, to be read alone: a line too long or too short, a blank line, a quote,
    CRLF, a BOM, a partnership column, no line break at the end, no rows."""
    columns = draw(st.permutations(["date", "metric", "value"] + (["note"] if draw(st.booleans()) else [])))
    pools = {"date": DATES, "metric": IDS, "value": VALUES, "note": NOTES}
    header = [draw(st.sampled_from([name, name.upper(), f" {name}"])) for name in columns]
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 8))):
        lines.append(",".join(draw(st.sampled_from(pools[name])) for name in columns))
    trouble = draw(st.integers(0, 12))
    if trouble == 0 and len(lines) > 1:
        lines[-1] += ",x"
    elif trouble == 1 and len(lines) > 1:
        lines[-1] = lines[-1].rsplit(",", 1)[0]
    elif trouble == 2:
        lines.insert(len(lines) // 2 + 1, "")
    elif trouble == 3:
        lines.append('2026-11-30,mql,"4"' + ",n" * ("note" in columns))
    elif trouble == 4:
        return ("\r\n".join(lines) + "\r\n").encode()
    elif trouble == 5:
        return b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode()
    elif trouble == 6:
        return ("\n".join(lines)).encode()  # no line break after the last line: still a line
    elif trouble == 7:  # one line too long and one too short: the right number of commas in all
        lines += [f"2026-11-03,mql,1,{',' * len(columns)}"[:-1], "2026-11-04"]
    text = "\n".join(lines) + "\n"
    if trouble == 8:
        text = "partnership," + text.replace("\n", "\nacme,", text.count("\n") - 1)
    return text.encode()


def answer(flat_and_suspect) -> tuple:
    (names, days, values), suspect = flat_and_suspect
    return names, np.asarray(days, dtype=np.int64).tolist(), np.asarray(values, dtype=np.float64).tolist(), suspect


def write_all(folder: Path, contents: list[bytes]) -> list[Path]:
    paths = []
    for i, content in enumerate(contents):
        path = folder / f"p{i}.csv"
        path.write_bytes(content)
        paths.append(path)
    return paths


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(st.one_of(ordinary_csvs(), ordinary_csvs(), csv_files()), min_size=1, max_size=8))
def test_each_file_read_together_is_what_it_is_read_alone(tmp_path_factory, contents):
    paths = write_all(tmp_path_factory.mktemp("batch"), contents)
    assert [answer(a) for a in load_many_checked(paths)] == [answer(load_flat_checked(p)) for p in paths]


def test_plain_files_are_read_in_one_parse_and_odd_ones_alone(tmp_path, monkeypatch):
    plain = [b"date,metric,value\n2026-11-02,mql,4\n2026-11-09,mql,5\n",
             b"Date,Metric,Value\n2026-11-02,007,30%\n2026-11-02,007,40%\n",  # "007" stays a text; the later row wins
             b"date,metric,value\n2026-11-02,sql,1\n2026-11-09,sql,x\n"]  # a bad value: left out, so suspect
    odd = [b"date,metric,value\n2026-11-02,mql,4,extra\n2026-11-09,mql\n",  # right commas, wrong lines
           b"date,metric,value\n\n2026-11-02,mql,4\n",  # a blank line
           b'date,metric,value\n2026-11-02,mql,"4"\n']  # a quote
    paths = write_all(tmp_path, plain + odd)
    alone: list[Path] = []
    real = _pandas_reader.load_flat_checked
    monkeypatch.setattr(_pandas_reader, "load_flat_checked", lambda path: alone.append(path) or real(path))
    got = [answer(a) for a in load_many_checked(paths)]
    assert sorted(alone) == paths[3:]  # the three plain ones went together (p3 after pandas refused its line)
    d1, d2 = date(2026, 11, 2).toordinal(), date(2026, 11, 9).toordinal()
    assert got[0] == ([(None, "mql", 2)], [d1, d2], [4.0, 5.0], False)
    assert got[1] == ([(None, "007", 1)], [d1], [0.4], True)  # two rows, one value: a line did not count
    assert got[2] == ([(None, "sql", 1)], [d1], [1.0], True)
    assert got[3] == ([], [], [], True)  # no line has the header's width
    assert got[4] == ([(None, "mql", 1)], [d1], [4.0], True)  # blank lines make the reader look twice
    assert got[5] == ([(None, "mql", 1)], [d1], [4.0], False)


def test_the_store_reads_files_said_ahead_together_once_they_are_worth_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERSCORE_JOBS", "1")
    paths = write_all(tmp_path, [f"date,metric,value\n2026-11-0{i},mql,{i}\n".encode() for i in range(1, 6)])
    together: list[list[Path]] = []
    real = _batch_reader.load_many_checked
    monkeypatch.setattr(_batch_reader, "load_many_checked", lambda ps: together.append(list(ps)) or real(ps))

    def values(store: MetricStore) -> list[list[float]]:
        return [[float(v) for v in store.series_for(p, "any")["mql"].values] for p in paths]

    monkeypatch.setattr(store_module, "TOGETHER_BYTES", 10 ** 9)  # not worth it: each file alone
    with MetricStore() as store:
        for path in paths:
            store.prefetch(path)
        alone = values(store)
    assert together == []
    monkeypatch.setattr(store_module, "TOGETHER_BYTES", sum(p.stat().st_size for p in paths))
    with MetricStore() as store:
        for path in paths:
            store.prefetch(path)
        assert values(store) == alone == [[1.0], [2.0], [3.0], [4.0], [5.0]]
    assert together == [[p.resolve() for p in paths]]  # all five in one read, on the first file asked for


@pytest.mark.parametrize("batch_bytes", [1, 1 << 30])
def test_the_child_reads_in_batches_or_all_at_once_and_answers_the_same(tmp_path, monkeypatch, batch_bytes):
    from partnerscore.data import _child

    paths = write_all(tmp_path, [f"date,metric,value\n2026-11-0{i},mql,{i}\n".encode() for i in range(1, 4)]
                      + [b"date,metric,value\n2026-11-02,sql,1,x\n"])
    monkeypatch.setenv("PARTNERSCORE_JOBS", "2")
    monkeypatch.setattr(store_module, "CHILD_BYTES", 0)
    # The child is a fresh Python: it takes its batch size from its own module, so the test sets it there.
    monkeypatch.setattr(_child, "_PROGRAM", _child._PROGRAM.replace(
        "from partnerscore.data._child import serve; serve()",
        f"from partnerscore.data import _child; _child.BATCH_BYTES = {batch_bytes}; _child.serve()"))
    monkeypatch.setattr(store_module, "_load_here", lambda path: pytest.fail(f"{path} read here, not by the child"))
    with MetricStore() as store:
        for path in paths:
            store.prefetch(path)
        got = [store.series_for(p, "any") for p in paths]
    assert [[float(v) for v in s["mql"].values] for s in got[:3]] == [[1.0], [2.0], [3.0]]
    assert got[3] == {}
