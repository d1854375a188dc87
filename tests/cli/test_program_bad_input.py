"""Bad input around programs, through the real command line: each a positioned diagnostic, never a
traceback; report leaves out only the scorecards that cannot be merged, says so, and reports the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from program_helpers import BASE, GOLD, PARTNER_OWNERS, scorecard, write_project

CHAIN = {f"programs/p{i}.yaml": f"program: P{i}\nextends: p{i - 1}\n" for i in range(2, 11)}
CHAIN["programs/p1.yaml"] = BASE.replace("program: Referral base", "program: P1")

CASES = {
    # name: (files, expected diagnostics as (rule, path, line, column, message part))
    "chain deeper than 8": (
        {**CHAIN, "scorecards/acme.yaml": scorecard("p10")},
        [("PS104", "programs/p9.yaml", 2, 10, "the chain of programs is deeper than 8")]),
    "program extends a scorecard": (
        {"programs/base.yaml": BASE, "programs/tier.yaml": "program: Tier\nextends: acme\n",
         "scorecards/acme.yaml": scorecard("base"), "scorecards/beta.yaml": scorecard("tier", "Beta")},
        [("PS104", "programs/tier.yaml", 2, 10, "'acme' is a scorecard, not a program")]),
    "program with partner and data": (
        {"programs/base.yaml": BASE + "partner: Acme Inc\ndata: ../data/acme.csv\n",
         "scorecards/acme.yaml": scorecard("base")},
        [("PS102", "programs/base.yaml", 17, 1, "a program has no partner"),
         ("PS102", "programs/base.yaml", 18, 1, "a program has no data file")]),
    "overrides that are not a mapping": (
        {"programs/base.yaml": BASE, "scorecards/acme.yaml": scorecard("base", "Acme", "metrics: [revenue]"),
         "scorecards/beta.yaml": scorecard("base", "Beta", "metrics:", "  revenue: 650000")},
        [("PS104", "scorecards/acme.yaml", 4, 10, "`metrics:` maps metric ids of program 'base'"),
         ("PS104", "scorecards/beta.yaml", 5, 12, "the change to metric 'revenue' must be a mapping")]),
    "metrics without extends": (
        {"scorecards/acme.yaml": BASE.replace("program: Referral base", "partnership: Acme\npartner: Acme Inc")
         + "metrics:\n  revenue: {target: 1}\n"},
        [("PS102", "scorecards/acme.yaml", 18, 1, "`metrics:` changes the metrics of a program, but this file "
                                                  "has no `extends:`")]),
    "unknown program": (
        {"programs/base.yaml": BASE, "scorecards/acme.yaml": scorecard("bsae")},
        [("PS104", "scorecards/acme.yaml", 1, 10, "unknown program 'bsae' (no programs/bsae.yaml); did you "
                                                  "mean 'base'?")]),
    "cycle": (
        {"programs/a.yaml": "program: A\nextends: b\n", "programs/b.yaml": "program: B\nextends: a\n",
         "scorecards/acme.yaml": scorecard("a")},
        [("PS104", "programs/a.yaml", 2, 10, "cycle (a → b → a)"),
         ("PS104", "programs/b.yaml", 2, 10, "cycle (a → b → a)")]),
    "extends is not an id": (
        {"programs/base.yaml": BASE, "scorecards/acme.yaml": scorecard("[base, gold]")},
        [("PS104", "scorecards/acme.yaml", 1, 10, "`extends:` names one program by its id")]),
    "layer that is not a list": (
        {"programs/base.yaml": BASE, "scorecards/acme.yaml": scorecard("base", "Acme", "drivers: webinars")},
        [("PS104", "scorecards/acme.yaml", 4, 10, "'drivers' lists the metrics this file adds")]),
    "two programs with one id": (
        {"programs/base.yaml": BASE.replace("program: Referral base", "program: Base\nid: shared"),
         "programs/copy.yaml": "program: Copy\nid: shared\n", "scorecards/acme.yaml": scorecard("shared")},
        [("PS104", "programs/copy.yaml", 2, 1, "program id 'shared' is also used by programs/base.yaml"),
         ("PS104", "programs/base.yaml", 2, 1, "program id 'shared' is also used by programs/copy.yaml")]),
    "override of the id": (
        {"programs/base.yaml": BASE, "scorecards/acme.yaml": scorecard("base", "Acme", "metrics:",
                                                                        "  revenue: {id: income}")},
        [("PS102", "scorecards/acme.yaml", 5, 13, "the id of outcome metric 'revenue' cannot be changed")]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_a_positioned_diagnostic(tmp_path: Path, name: str):
    files, expected = CASES[name]
    write_project(tmp_path, files)
    run = run_cli("lint", "--as-of", "2026-11-20", "--format", "json", cwd=tmp_path)
    assert run.code == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and run.stderr == ""
    errors = json.loads(run.stdout)["diagnostics"]
    for rule, path, line, column, part in expected:
        hits = [d for d in errors if (d["rule"], d["path"], d["line"], d["column"]) == (rule, path, line, column)]
        assert hits, (rule, path, line, column, [d for d in errors if d["severity"] == "error"])
        assert part in hits[0]["message"]
    # Each once: a program's problem is not repeated per scorecard.
    keys = [(d["path"], d["line"], d["column"], d["rule"]) for d in errors if d["path"].startswith("programs/")]
    assert len(keys) == len(set(keys))


def test_report_skips_only_the_scorecards_that_cannot_be_merged_and_says_so(tmp_path: Path):
    write_project(tmp_path, {
        "programs/base.yaml": BASE, "programs/gold.yaml": GOLD,
        "programs/broken.yaml": "program: Broken\nextends: nowhere\n",
        "scorecards/good.yaml": scorecard("gold", "Good", f"metrics: {PARTNER_OWNERS}"),
        "scorecards/orphan.yaml": scorecard("broken", "Orphan"),
        "scorecards/typo.yaml": scorecard("glod", "Typo"),
        "data/good.csv": "date,metric,value\n2026-11-02,revenue,120000\n",
    })
    run = run_cli("report", "--as-of", "2026-11-20", "--format", "json", cwd=tmp_path)
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    payload = json.loads(run.stdout)
    assert [(p["id"], p["program"]) for p in payload["partnerships"]] == [("good", "gold")]
    # The two left out, each at its `extends:` value, with the reason.
    assert "scorecards/orphan.yaml:1:1: PS104 cannot be merged with program 'broken', which has errors: " \
           "programs/broken.yaml:2:10: unknown program 'nowhere'" in run.stderr
    assert "scorecards/typo.yaml:1:10: PS104 unknown program 'glod' (no programs/glod.yaml); did you mean " \
           "'gold'?" in run.stderr
    assert "skipped 2 invalid scorecards (scorecards/orphan.yaml, scorecards/typo.yaml)" in run.stderr


def test_review_new_on_a_scorecard_whose_program_is_broken_says_why(tmp_path: Path):
    write_project(tmp_path, {"programs/broken.yaml": "program: Broken\nextends: nowhere\n",
                             "scorecards/orphan.yaml": scorecard("broken", "Orphan")})
    run = run_cli("review", "new", "scorecards/orphan.yaml", "--date", "2026-11-20", cwd=tmp_path)
    assert run.code == 1
    assert "Traceback" not in run.stderr
    assert "scorecards/orphan.yaml:1:1: PS104 cannot be merged with program 'broken'" in run.stderr
    assert not (tmp_path / "reviews" / "orphan").exists()


def test_report_json_names_the_program_of_each_partnership(tmp_path: Path):
    write_project(tmp_path, {
        "programs/base.yaml": BASE, "programs/gold.yaml": GOLD,
        "scorecards/acme.yaml": scorecard("gold", "Acme", f"metrics: {PARTNER_OWNERS}"),
        "scorecards/beta.yaml": scorecard("base", "Beta", f"metrics: {PARTNER_OWNERS}"),
    })
    run = run_cli("report", "--as-of", "2026-11-20", "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    records = json.loads(run.stdout)["partnerships"]
    assert {p["id"]: p["program"] for p in records} == {"acme": "gold", "beta": "base"}
    # The merged scorecard is what is reported: gold's target, gold's driver.
    acme = next(p for p in records if p["id"] == "acme")
    metrics = {m["id"]: m for m in acme["metrics"]}
    assert metrics["revenue"]["target"] == 800000 and "joint_calls" in metrics


def test_report_output_never_overwrites_a_program_even_with_force(tmp_path: Path):
    write_project(tmp_path, {"programs/base.yaml": BASE, "programs/gold.yaml": GOLD,
                             "scorecards/acme.yaml": scorecard("gold", "Acme", f"metrics: {PARTNER_OWNERS}")})
    for target in ("programs/gold.yaml", "programs/base.yaml"):
        before = (tmp_path / target).read_bytes()
        run = run_cli("report", "--as-of", "2026-11-20", "-f", "json", "-o", target, "--force", cwd=tmp_path)
        assert run.code == 2
        assert (f"{target} is an input of this report (a scorecard, program, CSV, decision note, query or the "
                "settings)") in run.stderr
        assert (tmp_path / target).read_bytes() == before


# Two program files with one id: `extends:` that id is ambiguous. Merging onto whichever file sorts first
# (here the copy) judged the scorecard against a target nobody chose, and blamed it for what that file lacks.

COPY = "id: gold\nprogram: Copy\nextends: base\nmetrics: {revenue: {target: 1000}}\n"


def test_report_leaves_out_a_scorecard_whose_program_id_two_files_claim(tmp_path: Path):
    write_project(tmp_path, {
        "programs/base.yaml": BASE, "programs/gold.yaml": GOLD, "programs/a-copy.yaml": COPY,
        "scorecards/acme.yaml": scorecard("gold", "Acme", f"metrics: {PARTNER_OWNERS}"),
        "scorecards/beta.yaml": scorecard("base", "Beta", f"metrics: {PARTNER_OWNERS}"),
    })
    run = run_cli("report", "--as-of", "2026-11-20", "--format", "json", cwd=tmp_path)
    assert run.code == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    # acme is merged with neither file: not with the copy's target of 1000, not with gold's 800000.
    assert [p["id"] for p in json.loads(run.stdout)["partnerships"]] == ["beta"]
    assert ("scorecards/acme.yaml:1:1: PS104 cannot be merged: `extends: gold` is ambiguous, as 2 program files "
            "claim that id (programs/a-copy.yaml, programs/gold.yaml); give all but one of them another id"
            ) in run.stderr
    assert "skipped 1 invalid scorecard (scorecards/acme.yaml)" in run.stderr


def test_lint_tells_every_file_that_claims_a_program_id_and_blames_no_scorecard(tmp_path: Path):
    write_project(tmp_path, {
        "programs/base.yaml": BASE, "programs/gold.yaml": GOLD, "programs/a-copy.yaml": COPY,
        "programs/b-copy.yaml": "program: Copy again\nid: gold\nextends: base\n",
        # joint_calls is gold's own driver: merged onto a copy, this override named no metric (PS102 here).
        "scorecards/acme.yaml": scorecard("gold", "Acme", "metrics:", "  joint_calls: {partner_owner: Ann}"),
    })
    run = run_cli("lint", "--as-of", "2026-11-20", "--format", "json", cwd=tmp_path)
    assert run.code == 1, run.stdout + run.stderr
    errors = [d for d in json.loads(run.stdout)["diagnostics"] if d["severity"] == "error"]
    found = sorted((d["path"], d["line"], d["column"], d["rule"]) for d in errors)
    # Each claim at its `id:` key (gold.yaml has none: at its first line); the scorecard has nothing of its own.
    assert found == [("programs/a-copy.yaml", 1, 1, "PS104"), ("programs/b-copy.yaml", 2, 1, "PS104"),
                     ("programs/gold.yaml", 1, 1, "PS104")]
    messages = {d["path"]: d["message"] for d in errors}
    assert messages["programs/gold.yaml"].startswith(
        "program id 'gold' is also used by programs/a-copy.yaml, programs/b-copy.yaml; `extends: gold` would be "
        "ambiguous")
    assert messages["programs/a-copy.yaml"].startswith(
        "program id 'gold' is also used by programs/b-copy.yaml, programs/gold.yaml;")
    # Said once per program line, with the scorecards it keeps out.
    assert all(m.endswith("(affects 1 scorecard: acme)") for m in messages.values())
