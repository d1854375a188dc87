"""A partnership that extends a program says so on its page, in every human format (the JSON has `program`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("fmt, words", [
    ("table", "Type: referral · Program: referral-silver"),
    ("markdown", "**Type:** referral · **Program:** referral-silver"),
    ("html", "Referral · Program <b>referral-silver</b> · Lead"),
])
def test_a_program_scorecard_names_its_program(fmt, words):
    run = run_cli("report", "--as-of", "2026-11-20", "--format", fmt, "scorecards/tidewater.yaml", cwd=REPO)
    assert run.code == 0, run.stderr
    assert words in run.stdout


def test_a_scorecard_without_a_program_names_none():
    run = run_cli("report", "--as-of", "2026-11-20", "scorecards/northwind.yaml", cwd=REPO)
    assert run.code == 0 and "Program:" not in run.stdout
