"""Bounds on hostile or runaway input: each refused fast, with a diagnostic that says what and why.

The limits are read from the code (source.MAX_*, csvfile.MAX_*) so these tests follow them if they move.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from fuzz_strategies import AS_OF, example_project
from partnerscore.data import table as csvfile
from partnerscore.data.table import MAX_COLUMNS, MAX_CSV_BYTES, read_csv
from partnerscore.yamlsource import MAX_DEPTH, MAX_NODES, MAX_YAML_BYTES

# Runs the CLI and prints the peak RSS (KiB on Linux) of it or of its biggest child (the report's CSV
# reader) as the last line of stderr: a memory bound, where a time bound would depend on the machine.
# Its own peak is VmHWM, not ru_maxrss: Linux folds into ru_maxrss what the process held before exec,
# i.e. the RSS of the pytest process that started it, which grows over a whole run of the suite.
_MEASURED = """
import resource, sys
from partnerscore.cli import main
try:
    main(sys.argv[1:])
finally:
    try:
        with open("/proc/self/status") as status:
            own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), file=sys.stderr)
"""


def measured(root: Path, *args: str) -> tuple[int, str, str, int]:
    """Exit code, stdout, stderr and peak RSS in MiB of `partnerscore ARGS` run in `root`."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["NO_COLOR"] = "1"
    proc = subprocess.run([sys.executable, "-c", _MEASURED, *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120)
    *stderr, rss = proc.stderr.rstrip("\n").split("\n")
    return proc.returncode, proc.stdout, "\n".join(stderr), int(rss) // 1024


def lint_json(root: Path, *paths: str) -> tuple[int, list[dict]]:
    run = run_cli("lint", "--format", "json", "--as-of", AS_OF, *paths, cwd=root)
    assert "Traceback" not in run.stderr
    return run.code, json.loads(run.stdout)["diagnostics"]


def sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that costs no disk: the bound must be checked before anything is read."""
    with path.open("r+b" if path.exists() else "wb") as handle:
        handle.truncate(size)


# --- file size -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["scorecards/kestrel.yaml", "reviews/kestrel/2026-11-06.yaml"])
def test_oversized_yaml_is_ps100_naming_the_limit(tmp_path, path):
    root = example_project(tmp_path)
    sparse(root / path, MAX_YAML_BYTES + 1)
    code, found = lint_json(root, path)
    assert code == 1
    (only,) = [d for d in found if d["path"] == path]
    # 512 KiB + 1 byte would round to the 512.0 KiB of the limit, so both are given in bytes.
    assert only["rule"] == "PS100"
    assert f"file is {MAX_YAML_BYTES + 1:,} bytes, over the {MAX_YAML_BYTES:,}-byte limit" in only["message"]


def test_one_gib_csv_is_refused_by_lint_and_report_in_little_memory(tmp_path):
    root = example_project(tmp_path)
    sparse(root / "data" / "kestrel.csv", 1 << 30)
    assert MAX_CSV_BYTES < 1 << 30

    code, out, err, peak_mib = measured(root, "lint", "--format", "json", "--as-of", AS_OF)
    assert code == 1 and "Traceback" not in err
    (refused,) = [d for d in json.loads(out)["diagnostics"] if d["path"] == "data/kestrel.csv"]
    assert refused["rule"] == "PS100"
    assert "1.0 GiB, over the 200.0 MiB limit" in refused["message"]
    # Reading the file would take ~1 GiB of memory; refusing it takes what lint always takes (~40 MiB).
    assert peak_mib < 300, peak_mib

    code, out, err, peak_mib = measured(root, "report", "--format", "json", "--as-of", AS_OF)
    assert code == 1 and "Traceback" not in err  # data the report could not use: exit 1 (SPEC.md)
    assert "data/kestrel.csv:1:1: PS100 file is 1.0 GiB, over the 200.0 MiB limit" in err
    (problem,) = json.loads(out)["problems"]
    assert (problem["path"], problem["rule"]) == ("data/kestrel.csv", "PS100")
    kestrel = next(p for p in json.loads(out)["partnerships"] if p["id"] == "kestrel")
    assert {m["status"] for m in kestrel["metrics"]} == {"no-data"}
    assert peak_mib < 400, peak_mib  # ~100 MiB: pandas, and the other two partnerships' data


# --- YAML structure -----------------------------------------------------------------------------------

def test_alias_bomb_is_refused_before_expansion(tmp_path):
    # Nine levels of ten aliases each expand to 10**9 values; MAX_NODES is far below that.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err, peak_mib = measured(tmp_path, "lint", "--format", "json", "--as-of", AS_OF, "bomb.yaml")
    assert code == 1 and "Traceback" not in err
    # What lint always takes (~40 MiB): 10**9 values were never built.
    assert peak_mib < 150, peak_mib
    found = json.loads(out)["diagnostics"]
    assert [d["rule"] for d in found] == ["PS100"]
    assert f"more than {MAX_NODES:,} values" in found[0]["message"]
    assert "alias bomb" in found[0]["message"]


@pytest.mark.parametrize("text", [
    "a: " + "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10) + "\n",
    "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 10)) + "  " * (MAX_DEPTH + 10) + "v: 1\n",
])
def test_nesting_beyond_max_depth_is_ps100(tmp_path, text):
    (tmp_path / "deep.yaml").write_text(text, encoding="utf-8")
    code, found = lint_json(tmp_path, "deep.yaml")
    assert code == 1
    assert [(d["rule"], d["message"]) for d in found] == [
        ("PS100", f"nesting deeper than {MAX_DEPTH} levels; no scorecard or decision note needs that")]


def test_recursive_alias_is_ps100(tmp_path):
    (tmp_path / "loop.yaml").write_text("a: &a [1, *a]\n", encoding="utf-8")
    code, found = lint_json(tmp_path, "loop.yaml")
    assert code == 1 and found[0]["rule"] == "PS100" and "recursive alias" in found[0]["message"]


# --- line length ----------------------------------------------------------------------------------------

def test_a_very_long_yaml_line_gives_a_short_message(tmp_path):
    """A 400,000-character value (under the size bound) is read, and the message quoting it is cut short."""
    root = example_project(tmp_path)
    path = root / "scorecards" / "kestrel.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("type: integration", "type: " + "x" * 400_000, 1), encoding="utf-8")
    code, found = lint_json(root, "scorecards/kestrel.yaml")
    assert code == 1
    (bad,) = [d for d in found if d["rule"] == "PS104"]
    assert "'type'" in bad["message"] and len(bad["message"]) < 300


def test_a_csv_field_longer_than_the_csv_module_allows_is_ps602(tmp_path):
    import csv

    path = tmp_path / "x.csv"
    path.write_text("date,metric,value,note\n2026-11-02,m,1,\"" + "n" * 200_000 + "\"\n", encoding="utf-8")
    table = read_csv(path, "x.csv")
    assert table.broken
    (problem,) = table.problems
    assert problem.code == "PS602"
    assert f"a field is over {csv.field_size_limit()} characters" in problem.message
    assert problem.position.line == 2


# --- rows, series and columns per CSV --------------------------------------------------------------------

def test_too_many_columns_is_ps602(tmp_path):
    path = tmp_path / "wide.csv"
    header = ",".join(["date"] + [f"s{i}" for i in range(MAX_COLUMNS + 1)])
    path.write_text(header + "\n", encoding="utf-8")
    table = read_csv(path, "wide.csv")
    # date + 2,001 series = 2,002 columns.
    assert [p.message for p in table.problems] == [
        f"{MAX_COLUMNS + 2} columns; at most {MAX_COLUMNS} are read (use the long form)"]


def test_too_many_rows_is_ps602_at_the_row_that_crossed_the_bound(tmp_path, monkeypatch):
    # The real bound (5,000,000 values) makes a 100 MB file; the check is the same with a small one.
    monkeypatch.setattr(csvfile, "MAX_ROWS", 10)
    path = tmp_path / "rows.csv"
    path.write_text("date,metric,value\n" + "".join(f"2026-11-{d:02d},m,{d}\n" for d in range(1, 21)),
                    encoding="utf-8")
    table = read_csv(path, "rows.csv")
    assert table.broken and table.rows == []
    (problem,) = table.problems
    # Rows start on line 2; the 11th value is on line 12.
    assert (problem.code, problem.position.line) == ("PS602", 12)
    assert "more than 10 values; split the file" in problem.message


def test_too_many_series_is_ps602(tmp_path, monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_SERIES", 5)
    path = tmp_path / "series.csv"
    path.write_text("date,metric,value\n" + "".join(f"2026-11-02,s{i},1\n" for i in range(10)), encoding="utf-8")
    table = read_csv(path, "series.csv")
    (problem,) = table.problems
    # The 6th distinct series (s5) is on line 7.
    assert (problem.code, problem.position.line) == ("PS602", 7)
    assert "more than 5 distinct series" in problem.message


def test_lint_stops_listing_repeated_row_problems(tmp_path):
    """A runaway export with a bad cell on every row gives MAX_SHOWN findings and one summing-up line."""
    path = tmp_path / "bad.csv"
    path.write_text("date,metric,value\n" + "2026-11-02,m,x\n" * 500, encoding="utf-8")
    table = read_csv(path, "bad.csv")
    shown = [p for p in table.problems if p.code == "PS604"]
    # 50 shown, then "450 more" (500 - 50).
    assert len(shown) == csvfile.MAX_SHOWN + 1
    assert shown[-1].message.startswith("450 more problems of this kind")
