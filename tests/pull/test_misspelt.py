"""A pulled series that no metric reads, although one is spelt almost the same, is said at once: the file is
still written (the query asked for it), but the report would leave those values out and call it an error
(PS606), so the pull warns with lint's words instead of staying silent."""

from __future__ import annotations

import shutil

from conftest import REPO, run_cli
from pull.projects import make_project

SCORECARD = """\
id: acme
partnership: Acme referrals
outcomes:
  - {id: pipeline, name: Pipeline, target: 10}
drivers:
  - {id: mql_to_sql, name: MQL to SQL, formula: sql / mql, target: 30%}
"""


def _query(*metrics: str) -> str:
    rows = ", ".join(f"(DATE '2026-11-02', '{metric}', 1)" for metric in metrics)
    return f"SELECT * FROM (VALUES {rows}) AS t(date, metric, value)\n"


def test_a_series_spelt_almost_like_one_a_metric_reads_is_a_warning(tmp_path):
    # 'mqls' is one letter off 'mql', which the formula reads; 'pipelin' is one off the outcome's id;
    # 'webinars' is near nothing: a series typed by hand for later, not a typo.
    proj = make_project(tmp_path / "proj", {"scorecards/acme.yaml": SCORECARD,
                                            "queries/acme.sql": _query("mql", "mqls", "pipelin", "webinars")})
    run = run_cli("pull", cwd=proj)
    assert run.code == 0, run.stderr  # a warning: the file is written all the same
    assert run.stderr == (
        "partnerscore: queries/acme.sql: warning: series 'mqls' is used by no metric or formula of "
        "scorecards/acme.yaml; did you mean 'mql'? Its values are left out until the id is fixed (lint: PS606)\n"
        "partnerscore: queries/acme.sql: warning: series 'pipelin' is used by no metric or formula of "
        "scorecards/acme.yaml; did you mean 'pipeline'? Its values are left out until the id is fixed "
        "(lint: PS606)\n")
    assert "mqls" in (proj / "data" / "acme.csv").read_text()


def test_series_the_scorecard_reads_give_no_warning(tmp_path):
    proj = make_project(tmp_path / "proj", {"scorecards/acme.yaml": SCORECARD,
                                            "queries/acme.sql": _query("mql", "sql", "pipeline")})
    run = run_cli("pull", cwd=proj)
    assert run.code == 0 and run.stderr == "", run.stderr


def test_the_metrics_of_the_program_a_scorecard_extends_count(tmp_path):
    # Brightpath extends referral-gold; 'referrals' is a driver of the programme, not of the scorecard's
    # own YAML: 'referals' is its typo, and 'referrals' itself is no warning.
    root = tmp_path / "repo"
    for name in ("scorecards", "programs", "data", "reviews"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    (root / "queries").mkdir()
    (root / "queries" / "brightpath.sql").write_text(_query("referrals", "referals"), encoding="utf-8")
    run = run_cli("pull", "--dry-run", "brightpath", cwd=root)
    assert run.code == 0, run.stderr
    assert run.stderr == (
        "partnerscore: queries/brightpath.sql: warning: series 'referals' is used by no metric or formula of "
        "scorecards/brightpath.yaml; did you mean 'referrals'? Its values are left out until the id is fixed "
        "(lint: PS606)\n")
