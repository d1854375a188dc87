"""A project kept in a subfolder of a larger repository, run from the repository's root (as pre-commit and
most CI jobs do): the settings are those of the project the named paths lie in, and findings are the
same as from inside the project, their paths shown from the current folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from git_helpers import git, init_repo

AS_OF = "2026-12-06"


@pytest.fixture
def mono(tmp_path: Path) -> Path:
    """`mono/`, a git repository with no settings file, holding the example project in `mono/partners/`."""
    root = tmp_path / "mono"
    project = root / "partners"
    project.mkdir(parents=True)
    for name in ("scorecards", "programs", "data", "reviews"):
        shutil.copytree(REPO / name, project / name)
    (project / "pyproject.toml").write_text('[tool.partnerscore]\nscorecards = "scorecards"\n', encoding="utf-8")
    (root / "README.md").write_text("a repository with more than partnerships in it\n", encoding="utf-8")
    return root


def _findings(*args: str, cwd: Path, prefix: str = "") -> list[tuple[str, int, int, str]]:
    run = run_cli("lint", *args, "--format", "json", "--as-of", AS_OF, cwd=cwd)
    assert run.code in (0, 1), run.stderr
    return [(prefix + d["path"], d["line"], d["column"], d["rule"]) for d in json.loads(run.stdout)["diagnostics"]]


def test_linting_the_subfolder_from_the_root_finds_what_linting_inside_it_finds(mono: Path):
    inside = _findings(cwd=mono / "partners", prefix="partners/")
    from_root = _findings("partners", cwd=mono)
    # Not a vacuous comparison: the example project has findings (open decisions past their due date).
    assert inside and any(rule == "PS704" for *_, rule in inside)
    assert from_root == inside
    # What the defaults against mono/ gave: program files linted as scorecards, every `extends:` unknown,
    # no data files and no decision notes.
    assert not {rule for *_, rule in from_root} & {"PS102", "PS104", "PS601", "PS706"}


def test_the_files_pre_commit_names_from_the_root_are_found(mono: Path):
    inside = _findings("scorecards/northwind.yaml", "data/northwind.csv", cwd=mono / "partners", prefix="partners/")
    from_root = _findings("partners/scorecards/northwind.yaml", "partners/data/northwind.csv", cwd=mono)
    assert from_root == inside
    assert "PS601" not in {rule for *_, rule in from_root}  # "data file data/northwind.csv does not exist"


def test_messages_name_the_project_folders_from_the_current_folder(mono: Path):
    (mono / "partners" / "reviews" / "kestrel").rename(mono / "partners" / "kestrel-notes")
    run = run_cli("lint", "partners/scorecards/kestrel.yaml", "--as-of", AS_OF, cwd=mono)
    assert run.code == 0, run.stdout + run.stderr
    # The reviews folder is the project's, shown as the user would type it from here.
    assert "partners/scorecards/kestrel.yaml:12:1: PS706 no decision notes in partners/reviews/kestrel/" in run.stdout


def test_github_annotations_and_sarif_name_files_from_the_repository_root(mono: Path):
    github = run_cli("lint", "partners", "--format", "github", "--as-of", AS_OF, cwd=mono)
    files = {line.split("file=", 1)[1].split(",", 1)[0] for line in github.stdout.splitlines() if "file=" in line}
    assert files and all(f.startswith("partners/reviews/") for f in files), files

    sarif = run_cli("lint", "partners", "--format", "sarif", "--as-of", AS_OF, cwd=mono)
    inside = run_cli("lint", "--format", "sarif", "--as-of", AS_OF, cwd=mono / "partners")

    def uris(text: str) -> list[str]:
        return [
            loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(text)["runs"][0]["results"]
            for loc in result["locations"]
        ]

    assert uris(sarif.stdout) == ["partners/" + uri for uri in uris(inside.stdout)]
    assert uris(sarif.stdout)


def test_report_from_the_root_is_the_report_from_inside(mono: Path):
    from_root = run_cli("report", "partners", "--format", "json", "--as-of", AS_OF, cwd=mono)
    inside = run_cli("report", "--format", "json", "--as-of", AS_OF, cwd=mono / "partners")
    assert from_root.code == inside.code
    assert json.loads(from_root.stdout)["portfolio"] == json.loads(inside.stdout)["portfolio"]
    assert from_root.stdout.replace("partners/", "") == inside.stdout


def test_review_new_from_the_root_writes_into_the_projects_reviews_folder(mono: Path):
    run = run_cli("review", "new", "partners/scorecards/northwind.yaml", "--date", "2026-12-20", cwd=mono)
    assert run.code == 0, run.stderr
    assert "partners/reviews/northwind/2026-12-20.yaml" in run.stdout
    assert (mono / "partners" / "reviews" / "northwind" / "2026-12-20.yaml").is_file()
    assert not (mono / "reviews").exists()


def test_diff_from_the_root_reads_the_projects_settings_on_both_sides(mono: Path):
    init_repo(mono)
    git(mono, "add", "-A")
    git(mono, "commit", "-qm", "base")
    # Only the project's own setting changes: the diff must read partners/pyproject.toml at HEAD and now.
    (mono / "partners" / "pyproject.toml").write_text("[tool.partnerscore]\ntolerance = 0.2\n", encoding="utf-8")
    from_root = run_cli("diff", "partners", "--base", "HEAD", "--format", "json", cwd=mono)
    inside = run_cli("diff", "--base", "HEAD", "--format", "json", cwd=mono / "partners")
    assert from_root.code == inside.code == 0, from_root.stderr + inside.stderr
    assert from_root.stdout.replace("partners/", "") == inside.stdout
    assert '"lowered-bar"' in from_root.stdout  # the wider setting lowers each bar without its own tolerance


def test_a_subfolder_projects_own_folder_names_are_used(tmp_path: Path):
    sub = tmp_path / "repo" / "sub"
    sub.mkdir(parents=True)
    (sub / "partnerscore.toml").write_text('scorecards = "cards"\n', encoding="utf-8")
    assert run_cli("init", "acme", "--type", "referral", cwd=sub).code == 0
    assert (sub / "cards" / "acme.yaml").is_file()
    assert run_cli("review", "new", "cards/acme.yaml", "--date", "2026-11-02", cwd=sub).code == 0
    named = ["data/acme.csv", "reviews/acme/2026-11-02.yaml"]
    inside = _findings(*named, cwd=sub, prefix="sub/")
    from_root = _findings(*(f"sub/{p}" for p in named), cwd=tmp_path / "repo")
    assert from_root == inside
    # A CSV and a note alone are checked against their scorecard, found in cards/ (not scorecards/).
    run = run_cli("lint", *(f"sub/{p}" for p in named), "--as-of", AS_OF, cwd=tmp_path / "repo")
    assert "scorecards/" not in run.stdout and "no scorecard" not in run.stdout, run.stdout


def test_paths_in_two_projects_are_refused_naming_both(mono: Path):
    other = mono / "other"
    (other / "scorecards").mkdir(parents=True)
    shutil.copy(mono / "partners" / "scorecards" / "kestrel.yaml", other / "scorecards")
    (other / "partnerscore.toml").write_text("", encoding="utf-8")
    for command in (["lint"], ["report"]):
        run = run_cli(*command, "partners/scorecards", "other/scorecards/kestrel.yaml", cwd=mono)
        assert run.code == 2
        assert (
            "the paths given lie in two projects (partners/, other/); run partnerscore once per project, "
            "e.g. from each folder"
        ) in run.stderr
        assert "Traceback" not in run.stderr and run.stdout == ""


def test_a_path_outside_any_project_beside_one_inside_is_refused(mono: Path):
    (mono / "stray.yaml").write_text("partnership: Stray\n", encoding="utf-8")
    run = run_cli("lint", "partners/scorecards/northwind.yaml", "stray.yaml", cwd=mono)
    assert run.code == 2
    assert (
        "lie in partners/ and outside any project (stray.yaml has no partnerscore.toml or pyproject.toml above it)"
    ) in run.stderr


def test_settings_in_the_current_folder_still_win(mono: Path):
    # mono/ now has its own settings: the SPEC's rule finds them, and the project below is not looked for.
    (mono / "partnerscore.toml").write_text('programs = "partners/programs"\n', encoding="utf-8")
    from_root = _findings("partners/scorecards/brightpath.yaml", cwd=mono)
    rules = {rule for *_, rule in from_root}
    # Programs resolve against mono/ as the file says (found); data and reviews against mono/ too (missing).
    assert "PS104" not in rules and {"PS601", "PS706"} <= rules, from_root
