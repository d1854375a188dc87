"""A pulled series that no metric reads, although one is spelt almost the same, is a typo in the query: lint
calls such rows an error (PS606) and the report leaves them out, so pull checks them as it checks a CSV's rows
(SPEC.md) and refuses them: `row N: …` at the series' first row, exit 1, the file untouched. A series near no
metric's id (typed by hand for later) is written as it is."""

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


def test_a_series_spelt_almost_like_one_a_metric_reads_is_a_bad_row(tmp_path):
    # 'mqls' is one letter off 'mql', which the formula reads; 'pipelin' is one off the outcome's id;
    # 'webinars' is near nothing: a series typed by hand for later, not a typo. Rows come back in the
    # order of the VALUES list: mql is row 1, mqls row 2, pipelin row 3.
    proj = make_project(tmp_path / "proj", {"scorecards/acme.yaml": SCORECARD,
                                            "queries/acme.sql": _query("mql", "mqls", "pipelin", "webinars")})
    run = run_cli("pull", cwd=proj)
    assert run.code == 1
    assert run.stderr == (
        "partnerscore: queries/acme.sql: row 2: series 'mqls' is used by no metric or formula of "
        "scorecards/acme.yaml; did you mean 'mql'? Lint and the report would call its rows an error (PS606): "
        "fix the id in the query\n"
        "partnerscore: queries/acme.sql: row 3: series 'pipelin' is used by no metric or formula of "
        "scorecards/acme.yaml; did you mean 'pipeline'? Lint and the report would call its rows an error "
        "(PS606): fix the id in the query\n")
    assert not (proj / "data" / "acme.csv").exists()  # nothing written
    # Fixed, the same query writes, 'webinars' included, with no word about it.
    (proj / "queries" / "acme.sql").write_text(_query("mql", "pipeline", "webinars"), encoding="utf-8")
    fixed = run_cli("pull", cwd=proj)
    assert fixed.code == 0 and fixed.stderr == "", fixed.stderr
    assert "webinars" in (proj / "data" / "acme.csv").read_text()


def test_check_fails_on_a_misspelt_series_too(tmp_path):
    # --check is what a scheduled job runs: a typo must fail it, not pass as "unchanged".
    proj = make_project(tmp_path / "proj", {"scorecards/acme.yaml": SCORECARD, "queries/acme.sql": _query("mqls"),
                                            "data/acme.csv": "date,metric,value\n"})
    run = run_cli("pull", "--check", cwd=proj)
    assert run.code == 1 and "row 1: series 'mqls'" in run.stderr
    assert (proj / "data" / "acme.csv").read_text() == "date,metric,value\n"


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
    assert run.code == 1
    assert run.stderr == (
        "partnerscore: queries/brightpath.sql: row 2: series 'referals' is used by no metric or formula of "
        "scorecards/brightpath.yaml; did you mean 'referrals'? Lint and the report would call its rows an error "
        "(PS606): fix the id in the query\n")


def test_a_misspelt_series_is_said_beside_the_other_bad_rows(tmp_path):
    # Every bad row at once, as lint reports a CSV: a value past the bound does not hide the typo.
    query = ("SELECT * FROM (VALUES (DATE '2026-11-02', 'pipelin', 5), (DATE '2026-11-09', 'pipeline', 7), "
             "(DATE '2026-11-02', 'pipeline', 10000000000000000)) AS t(date, metric, value)\n")
    proj = make_project(tmp_path / "proj", {"scorecards/acme.yaml": SCORECARD, "queries/acme.sql": query})
    run = run_cli("pull", cwd=proj)
    assert run.code == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("partnerscore: queries/acme.sql: row 3: value '10000000000000000' is too large")
    assert lines[1].startswith("partnerscore: queries/acme.sql: row 1: series 'pipelin' is used by no metric")
