"""Fuzzing every command with valid, near-valid and garbage scorecards, CSVs and decision notes.

For any input: no traceback and no "internal error", exit 0/1/2, json/sarif output that parses, junit
that parses, and no file written or changed except the output the command was asked for. Profiles:
tests/conftest.py ("default" ~50 examples per test; "long" with --hypothesis-profile=long).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from fuzz_strategies import (
    AS_OF,
    DIFF_FORMATS,
    check_run,
    check_writes,
    commands,
    example_project,
    git_commit_all,
    run_in_process,
    snapshot,
    starter_scorecard,
    variant,
)


def _scorecard_for(path: str) -> str:
    """The scorecard `review new` is run on: the changed file itself, or the one its CSV/note is for (for a
    program, a scorecard that extends it, through a tier for the base)."""
    if path.startswith("scorecards/"):
        return path
    if path.startswith("programs/"):
        return "scorecards/tidewater.yaml" if "silver" in path else "scorecards/harbor-ledger.yaml"
    stem = Path(path).stem if path.startswith("data/") else Path(path).parent.name
    return f"scorecards/{stem}.yaml"


def _run_all(path: str, data: bytes, picks: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = example_project(Path(folder))
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
        every = commands(_scorecard_for(path))
        # lint json always (it must parse whatever the input), plus a sample of the others.
        chosen = [every[1]] + [every[i % len(every)] for i in picks]
        for argv in chosen:
            before = snapshot(root)
            run = run_in_process(list(argv), root)
            check_run(argv, run)
            check_writes(argv, before, snapshot(root))


picks = st.lists(st.integers(0, 100), min_size=1, max_size=3)


@given(variant("scorecard"), picks)
def test_fuzz_scorecards(file, chosen):
    _run_all(*file, chosen)


@given(variant("program"), picks)
def test_fuzz_programs(file, chosen):
    """A broken base or tier reaches every scorecard extending it: still no traceback anywhere."""
    _run_all(*file, chosen)


@given(variant("csv"), picks)
def test_fuzz_csvs(file, chosen):
    _run_all(*file, chosen)


@given(variant("note"), picks)
def test_fuzz_decision_notes(file, chosen):
    _run_all(*file, chosen)


@given(starter_scorecard(), picks)
def test_fuzz_init_templates(file, chosen):
    _run_all(*file, chosen)


@given(st.one_of(variant("scorecard"), variant("program")), st.sampled_from(DIFF_FORMATS), st.booleans())
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_fuzz_diff(file, fmt, broken_base):
    """diff between the examples and a mutated scorecard or program, with the broken one on either side."""
    path, data = file
    with tempfile.TemporaryDirectory() as folder:
        root = example_project(Path(folder))
        original = (root / path).read_bytes()
        if broken_base:
            (root / path).write_bytes(data)
        git_commit_all(root)
        (root / path).write_bytes(original if broken_base else data)
        argv = ("diff", "--base", "HEAD", "--format", fmt)
        before = snapshot(root)
        run = run_in_process(list(argv), root)
        check_run(argv, run)
        check_writes(argv, before, snapshot(root))


# --- a few real subprocess runs: the installed entry point, its streams and exit codes ---------------

HOSTILE_FILES = [
    ("scorecards/northwind.yaml", b"\xff\xfe" + "partnership: x\n".encode("utf-16-le")),
    ("scorecards/northwind.yaml", b"a: &a [*a]\n"),
    ("scorecards/northwind.yaml", b"partnership: [" * 5000),
    ("data/northwind.csv", b"date,metric,value\n\"unclosed,2026-01-01,1\n" + b"x" * 200_000),
    ("reviews/northwind/2026-11-13.yaml", b"decisions: {what: 1}\n\x00\x01"),
]


@pytest.mark.parametrize("path,data", HOSTILE_FILES, ids=["utf16", "recursive-alias", "deep", "open-quote",
                                                           "nul-note"])
def test_hostile_files_through_the_real_entry_point(tmp_path, path, data):
    root = example_project(tmp_path)
    (root / path).write_bytes(data)
    for argv in (("lint", "--format", "json", "--as-of", AS_OF), ("report", "--format", "json", "--as-of", AS_OF)):
        before = snapshot(root)
        run = run_cli(*argv, cwd=root)
        check_run(argv, run)
        check_writes(argv, before, snapshot(root))
        if argv[0] == "lint":
            assert run.code == 1  # each of these files is broken: lint never passes it


@given(st.one_of(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,30}", fullmatch=True), st.text(max_size=40)),
       st.one_of(st.sampled_from(["referral", "integration", "co-marketing", "strategic-alliance"]),
                 st.text(max_size=20)),
       st.one_of(st.none(), st.text(max_size=60)))
# Ids YAML reads as something else than a string: init used to write `id: 0`, which failed its own lint.
@example("0", "referral", None)
@example("true", "integration", None)
@example("1_000", "co-marketing", None)
@example("2026-01-01", "strategic-alliance", "\u2028")
@example("abc", "referral", "x\ufffey")  # a name YAML cannot hold: refused, not written
def test_fuzz_init_arguments(pid, kind, name):
    """init with any id, type and name: a clear refusal or exactly the files it promises (the scorecard,
    its CSV, and the schema its first line names when the project has none)."""
    argv = ["init", pid, "--type", kind] + ([] if name is None else ["--name", name])
    if pid.startswith("-") or (name or "").startswith("-") or kind.startswith("-"):
        return  # an option, not a value: click's own usage error
    with tempfile.TemporaryDirectory() as folder:
        root = example_project(Path(folder))
        before = snapshot(root)
        run = run_in_process(argv, root)
        check_run(tuple(argv), run)
        after = snapshot(root)
        assert all(after.get(p) == h for p, h in before.items() if p not in (f"scorecards/{pid}.yaml",
                                                                             f"data/{pid}.csv"))
        new = set(after) - set(before)
        promised = {f"scorecards/{pid}.yaml", f"data/{pid}.csv"}
        if "scorecards/scorecard.schema.json" not in before:
            promised.add("scorecards/scorecard.schema.json")
        assert new <= promised, new
        if run.code == 0:
            assert new == promised
            lint = run_in_process(["lint", "--format", "json", f"scorecards/{pid}.yaml"], root)
            check_run(("lint", "--format", "json"), lint)
            # A fresh starter scorecard is valid YAML with the partnership name it was given.
            rules = {d["rule"] for d in __import__("json").loads(lint.stdout)["diagnostics"]}
            assert not rules & {"PS100", "PS101", "PS102", "PS103", "PS104", "PS105"}, (name, rules)
