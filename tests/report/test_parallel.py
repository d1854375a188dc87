"""Building a big report on two cores: partnerscore.report._parallel, and the builder and JSON renderer using it.

The second process may make a report faster, never different: every test compares with the serial result.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path

import pytest

from partnerscore.report import _parallel as parallel
from partnerscore.io.settings import load_settings
from partnerscore.io.paths import discover
from partnerscore.render import report_json
from partnerscore.render.report_json import dumps, prerender, render_json
from partnerscore.report import build
from partnerscore.report.exit_codes import exit_code
from partnerscore.report.result import PortfolioReport

AS_OF = date(2026, 11, 15)

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="needs Linux and two cores")


def test_the_second_half_is_mapped_in_another_process_and_comes_back_in_order():
    here = os.getpid()
    results = parallel.map_halves(lambda n: (n * n, os.getpid()), list(range(11)))
    assert [square for square, _ in results] == [n * n for n in range(11)]
    cut = round(11 * parallel._SHARE_HERE)  # 6: this process' share
    assert {pid for _, pid in results[:cut]} == {here}
    (other,) = {pid for _, pid in results[cut:]}
    assert other != here


def test_pack_shapes_only_what_the_copy_sends_back():
    results = parallel.map_halves(lambda n: [n], list(range(4)), pack=lambda r: r + ["packed"])
    assert results == [[0], [1], [2, "packed"], [3, "packed"]]


def test_a_copy_that_fails_leaves_its_half_to_this_process():
    here = os.getpid()

    def fails_elsewhere(n):
        if os.getpid() != here:
            raise RuntimeError("only in the copy")
        return n + 1

    assert parallel.map_halves(fails_elsewhere, list(range(6))) == [1, 2, 3, 4, 5, 6]


def test_a_copy_that_dies_leaves_its_half_to_this_process():
    here = os.getpid()

    def dies_elsewhere(n):
        if os.getpid() != here:
            os._exit(9)
        return -n

    assert parallel.map_halves(dies_elsewhere, list(range(5))) == [0, -1, -2, -3, -4]


def test_an_error_of_the_function_is_raised_here_as_without_the_copy():
    def bad_four(n):
        if n == 4:
            raise ValueError("four")
        return n

    with pytest.raises(ValueError, match="four"):
        parallel.map_halves(bad_four, list(range(6)))  # 4 is in the copy's half: raised here all the same


def test_no_copy_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()  # a lock that thread holds would stay locked in a copy
        results = parallel.map_halves(lambda n: os.getpid(), [1, 2, 3])
        assert results == [os.getpid()] * 3
    finally:
        stop.set()
        thread.join()


def _portfolio(prerender_json: bool, parallel_at: int, monkeypatch) -> PortfolioReport:
    monkeypatch.setattr(build, "PARALLEL_METRICS", parallel_at)
    settings = load_settings()
    return build.build_portfolio(discover([], settings), settings, AS_OF,
                                 prerender=prerender if prerender_json else None)


def test_a_report_built_in_two_processes_is_the_serial_one(report_copy, monkeypatch):
    forks = []
    real = parallel.os.fork
    monkeypatch.setattr(parallel.os, "fork", lambda: forks.append(1) or real())
    serial = _portfolio(False, 10 ** 9, monkeypatch)
    assert forks == []
    both = _portfolio(False, 0, monkeypatch)  # every portfolio counts as big
    assert forks == [1]
    assert len(serial.partnerships) >= 2  # so that each process builds some
    assert both == serial  # every metric, explanation and decision, not only the text
    assert render_json(both) == render_json(serial)


def test_rendered_in_two_processes_the_json_is_the_serial_one(report_copy, monkeypatch):
    serial = _portfolio(False, 10 ** 9, monkeypatch)
    both = _portfolio(True, 0, monkeypatch)
    assert render_json(both) == render_json(serial) == dumps(serial.as_record()) + "\n"
    # What the command still reads of the reports the copy sent back as text: the same as serially.
    assert [(p.id, p.status, p.path, p.data_path, p.unreadable_notes) for p in both.partnerships] == \
        [(p.id, p.status, p.path, p.data_path, p.unreadable_notes) for p in serial.partnerships]
    assert (both.skipped, both.unreadable_data, both.unmatched) == \
        (serial.skipped, serial.unreadable_data, serial.unmatched)
    for fail_on in (None, "at-risk", "off-track"):
        assert exit_code(both, fail_on) == exit_code(serial, fail_on)
    # The copy's reports came back as their text only; this process' own are whole.
    assert both.partnerships[-1].metrics == [] and both.partnerships[0].metrics


def test_render_json_uses_the_text_prerendered_where_the_report_was_built(report_copy, monkeypatch):
    portfolio = _portfolio(True, 10 ** 9, monkeypatch)
    first = portfolio.partnerships[0]
    first.rendered["json"] = '{"stand-in": true}'
    assert json.loads(render_json(portfolio))["partnerships"][0] == {"stand-in": True}


def test_a_record_the_fast_encoder_leaves_alone_is_written_by_json_dumps(report_copy, monkeypatch):
    portfolio = _portfolio(False, 10 ** 9, monkeypatch)
    portfolio.partnerships[0].metrics[0].history = [(1.5, 2)]  # a tuple: json.dumps' own rules
    prerender(portfolio.partnerships[0])
    assert "json" not in portfolio.partnerships[0].rendered
    text = render_json(portfolio)
    assert text == json.dumps(portfolio.as_record(), indent=2, ensure_ascii=False) + "\n"
    assert json.loads(text)["partnerships"][0]["metrics"][0]["history"] == [[1.5, 2]]


@pytest.mark.parametrize("count", [0, 1, 2])
def test_the_document_around_the_partnerships_is_json_dumps_own(report_copy, monkeypatch, count):
    portfolio = _portfolio(False, 10 ** 9, monkeypatch)
    portfolio.partnerships = portfolio.partnerships[:count]
    assert render_json(portfolio) == dumps(portfolio.as_record()) + "\n"
    assert report_json._PARTNERSHIP_INDENT == "    "


def test_the_command_on_a_big_portfolio_prints_exactly_the_serial_report(tmp_path, monkeypatch):
    """End to end: the warm CSV child, its memory file, the fork and the texts sent back, against the
    report built and rendered serially in this process from the same files."""
    import subprocess
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "benchmarks"))
    from generate_portfolio import generate

    generate(tmp_path, 240, 1, date(2026, 11, 16))  # 240 × 9 = 2,160 metrics: over PARALLEL_METRICS
    env = {**{k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}, "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-m", "partnerscore", "report", "--format", "json", "--as-of",
                          "2026-11-20", "--fail-on", "off-track"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    monkeypatch.chdir(tmp_path)
    threshold = build.PARALLEL_METRICS
    monkeypatch.setattr(build, "PARALLEL_METRICS", 10 ** 9)
    settings = load_settings()
    serial = build.build_portfolio(discover([], settings), settings, date(2026, 11, 20))
    assert sum(len(p.metrics) for p in serial.partnerships) >= threshold
    assert run.stdout == dumps(serial.as_record()) + "\n"
    assert run.returncode == exit_code(serial, "off-track") and run.stderr == ""


def test_no_copy_while_a_library_runs_a_thread_of_its_own(monkeypatch):
    monkeypatch.setattr(parallel, "_threads", lambda: 2)  # e.g. a BLAS pool: invisible to `threading`
    assert not parallel.can_fork()


def test_the_numpy_split_leaves_the_report_process_single_threaded():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    code = ("import partnerscore.data._series_split, numpy\n"
            "from partnerscore import parallel\n"
            "print(parallel._threads(), parallel.can_fork())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.split() == ["1", "True"], out.stderr


def test_a_data_file_pandas_cannot_read_is_named_when_its_report_came_back_as_text(report_copy, monkeypatch):
    # northwind is the second of the two partnerships: the copy's share, sent back without its metrics.
    (report_copy / "data" / "northwind.csv").write_bytes(b"date,metric,value\n2026-11-02,mql,\xff\xfe4\n")
    serial = _portfolio(True, 10 ** 9, monkeypatch)
    both = _portfolio(True, 0, monkeypatch)
    assert both.partnerships[-1].id == "northwind" and both.partnerships[-1].metrics == []
    assert any("northwind.csv" in note and "UTF-8" in note for note in serial.unreadable_data)
    assert both.unreadable_data == serial.unreadable_data
