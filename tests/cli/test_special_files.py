"""A FIFO, a device or a symlink loop where a scorecard or data file is expected: every command names it
(`path:1:1: PS100 …`, the unreadable file's exit code) instead of hanging in open(), crashing in
Path.resolve() or passing the file over without a word (SPEC.md: the report never hides a problem).

A hang would show as run_cli's subprocess timeout, so these tests fail without the fix either way."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_cli
from review_helpers import make_project

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symlinks as on POSIX")

DATA = "data/northwind.csv"
CARD = "scorecards/northwind.yaml"


def _replace(root: Path, rel: str, kind: str) -> None:
    path = root / rel
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path.name)  # northwind.csv -> northwind.csv
    elif kind == "zero":
        path.symlink_to("/dev/zero")


WHY = {"fifo": "is not a regular file (a FIFO)", "loop": "is a symlink loop",
       "zero": "is not a regular file (a character device)"}


@pytest.mark.parametrize("kind", ["fifo", "loop", "zero"])
def test_a_data_file_that_is_no_regular_file_is_a_ps100_in_lint_and_report(tmp_path: Path, kind: str):
    root = make_project(tmp_path)
    _replace(root, DATA, kind)
    line = f"{DATA}:1:1: PS100 {WHY[kind]}"
    for args in (("lint",), ("lint", DATA)):
        run = run_cli(*args, "--as-of", "2026-11-15", cwd=root)
        assert run.code == 1, run.stdout + run.stderr
        assert line in run.stdout, run.stdout
        assert "internal error" not in run.stderr
    run = run_cli("report", "--format", "json", "--as-of", "2026-11-15", cwd=root)
    assert run.code == 1, run.stderr
    assert line in run.stderr
    assert f"northwind: {DATA} could not be used (PS100 {WHY[kind]})" in run.stderr
    problems = json.loads(run.stdout)["problems"]
    assert [(p["path"], p["rule"]) for p in problems] == [(DATA, "PS100")], problems


@pytest.mark.parametrize("kind", ["fifo", "loop", "zero"])
def test_a_scorecard_that_is_no_regular_file_is_named_not_passed_over(tmp_path: Path, kind: str):
    root = make_project(tmp_path)
    _replace(root, CARD, kind)
    line = f"{CARD}:1:1: PS100 {WHY[kind]}"
    # Named by the path the user gave (the link's, never /dev/zero), whether found or named.
    for args in (("lint",), ("lint", CARD)):
        run = run_cli(*args, "--as-of", "2026-11-15", cwd=root)
        assert run.code == 1, run.stdout + run.stderr
        assert line in run.stdout, run.stdout
        assert "/dev/zero" not in run.stdout
    run = run_cli("report", "--format", "json", "--as-of", "2026-11-15", cwd=root)
    assert run.code == 1, run.stderr
    assert line in run.stderr
    assert f"skipped 1 invalid scorecard ({CARD})" in run.stderr


def test_review_new_on_a_scorecard_that_is_a_symlink_loop_says_so(tmp_path: Path):
    root = make_project(tmp_path)
    _replace(root, CARD, "loop")
    run = run_cli("review", "new", CARD, "--date", "2026-11-15", cwd=root)
    assert run.code == 2
    assert run.stderr.strip() == f"partnerscore: error: {CARD}: a symlink loop"


@pytest.mark.parametrize("kind", ["fifo", "loop"])
def test_pull_refuses_a_data_file_that_is_no_regular_file_before_its_query_reads_it(tmp_path: Path, kind: str):
    pytest.importorskip("duckdb")
    root = make_project(tmp_path)
    # The query reads the data file itself, as QA's did: DuckDB would wait on the FIFO for ever.
    query = f"SELECT DATE '2026-11-02' AS date, 'referrals' AS metric, 1.0 AS value FROM read_csv('{DATA}') LIMIT 1\n"
    (root / "queries").mkdir()
    (root / "queries" / "northwind.sql").write_text(query, encoding="utf-8")
    _replace(root, DATA, kind)
    run = run_cli("pull", "northwind", "--dry-run", cwd=root)
    assert run.code == 2, run.stdout + run.stderr
    assert f"the data file {DATA} {WHY[kind]}; nothing written" in run.stderr
    assert "internal error" not in run.stderr


def test_review_new_names_data_it_cannot_use_and_says_so_in_the_note(tmp_path: Path):
    root = make_project(tmp_path)
    csv = root / DATA
    csv.write_text(csv.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    report = run_cli("report", "--as-of", "2026-11-15", cwd=root)
    run = run_cli("review", "new", CARD, "--date", "2026-11-15", cwd=root)
    # The same words as the report's, and its exit code (SPEC.md: unusable data is exit 1).
    assert report.code == 1
    said = [line for line in report.stderr.splitlines() if DATA in line]
    assert said and [line for line in run.stderr.splitlines() if DATA in line] == said
    assert run.code == 1
    text = (root / "reviews" / "northwind" / "2026-11-15.yaml").read_text(encoding="utf-8")
    assert f"# The figures below are missing because {DATA} could not be used" in text
    assert "to add it" not in text  # nobody is told to add data that is there
    assert f"Webinar leads has no data: {DATA} could not be used" in text
    assert "Wrote reviews/northwind/2026-11-15.yaml" in run.stdout


def test_review_new_on_clean_data_says_nothing_of_it(tmp_path: Path):
    root = make_project(tmp_path)
    run = run_cli("review", "new", CARD, "--date", "2026-11-15", cwd=root)
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    assert "could not be used" not in (root / "reviews" / "northwind" / "2026-11-15.yaml").read_text(encoding="utf-8")
