"""build_portfolio: which scorecards, the numbers per metric, skipped invalid ones; with a fake store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnerscore.io.paths import discover
from partnerscore.io.settings import Settings, load_settings
from partnerscore.report.build import build_portfolio
from partnerscore.report.exit_codes import exit_code, fail_on_hit
from report_samples import CsvStore, partnership, portfolio

AS_OF = date(2026, 11, 15)


@pytest.fixture
def proj(report_copy: Path) -> Path:
    return report_copy


def build(paths=(), settings: Settings | None = None, store=None):
    settings = settings or load_settings()
    store = store or CsvStore()
    return build_portfolio(discover([Path(p) for p in paths], settings), settings, AS_OF, store=store), store


def by_id(p):
    return {m.id: m for m in p.metrics}


def test_northwind_numbers_follow_spec_arithmetic(proj):
    report, _ = build(["scorecards/northwind.yaml"])
    (nw,) = report.partnerships
    m = by_id(nw)
    # SPEC's worked example: Q4 = 2026-10-01..12-31 (92 days), 100000 + 80000 + 50000 = 230000 by day 46;
    # projected 230000 / (46/92) = 460000; band 10% × 500000 = 50000; 460000 ≥ 450000 → at-risk.
    pipe = m["influenced_pipeline"]
    assert (pipe.layer, pipe.period_start, pipe.period_end) == ("outcome", date(2026, 10, 1), date(2026, 12, 31))
    assert (pipe.actual, pipe.projected, pipe.status) == (230000, 460000, "at-risk")
    assert pipe.previous == 400000 and pipe.history == [350000, 400000, 230000]  # Q2, Q3, Q4
    # 30000 + 20000 = 50000 → projected 100000 < 150000 − 15000 → off-track.
    assert (m["partner_sourced_revenue"].projected, m["partner_sourced_revenue"].status) == (100000, "off-track")
    # November: 8 + 6 = 14 by day 15 of 30 → projected 28 < 40 − 4 → off-track.
    assert (m["referrals"].layer, m["referrals"].projected, m["referrals"].status) == ("driver", 28, "off-track")
    # Formula: (12 + 15) / (50 + 40) = 27/90 = 0.30 ≥ 0.30 → on-track; not paced.
    assert m["mql_to_sql"].actual == pytest.approx(0.30) and m["mql_to_sql"].status == "on-track"
    # direction down, mean of 4.0 and 4.4 = 4.2 > 3 + 0.3 → off-track.
    assert (m["deal_reg_time"].actual, m["deal_reg_time"].status) == (pytest.approx(4.2), "off-track")
    # Referral drivers are weekly: webinars' newest row 11-05 is 10 days old > 7 → stale.
    assert m["partner_webinars"].cadence == "weekly" and m["partner_webinars"].stale
    assert not m["referrals"].stale  # 11-09: 6 days
    # Health (monthly): no rows at all → no-data and stale; 10-31 only → no-data this month, 15 days: fresh.
    exec_meetings = m["exec_meetings"]
    assert (exec_meetings.layer, exec_meetings.status, exec_meetings.stale) == ("health", "no-data", True)
    assert (m["joint_plan_progress"].status, m["joint_plan_progress"].stale) == ("no-data", False)
    assert m["joint_plan_progress"].last_date == date(2026, 10, 31)
    # Worst outcome: off-track.
    assert nw.status == "off-track"
    assert [x.id for x in nw.metrics][:3] == ["influenced_pipeline", "partner_sourced_revenue", "referrals"]
    assert (nw.goal, nw.lead, nw.partner, nw.path) == (
        "Turn Northwind's consultant network into our largest referral channel.", "Dana Lee",
        "Northwind Consulting", "scorecards/northwind.yaml")
    assert m["referrals"].drives == ["influenced_pipeline"] and m["mql_to_sql"].formula == "sql / mql"


def test_settings_tolerance_is_the_default_band(proj):
    (proj / "partnerscore.toml").write_text("tolerance = 0.0\n")
    report, _ = build(["scorecards/northwind.yaml"])
    # No band: 460000 < 500000 → off-track rather than at-risk.
    assert by_id(report.partnerships[0])["influenced_pipeline"].status == "off-track"


def test_scorecard_fiscal_year_start_overrides_the_setting(proj):
    card = proj / "scorecards" / "northwind.yaml"
    card.write_text(card.read_text().replace("type: referral\n", "type: referral\nfiscal_year_start: 2\n"))
    report, _ = build(["scorecards/northwind.yaml"])
    pipe = by_id(report.partnerships[0])["influenced_pipeline"]
    # Quarters from February: Nov–Jan holds 2026-11-15. Rows in it: 50000 (11-09), by day 15 of 92.
    assert (pipe.period_start, pipe.period_end) == (date(2026, 11, 1), date(2027, 1, 31))
    assert pipe.actual == 50000


def test_whole_project_reports_every_scorecard_and_reads_each_csv_once(proj):
    report, store = build()
    assert sorted(p.id for p in report.partnerships) == ["acme", "northwind"]
    assert sorted(pid for _, pid in store.calls) == ["acme", "northwind"]
    assert report.skipped == [] and report.unmatched == []
    acme = next(p for p in report.partnerships if p.id == "acme")
    # Integration health is weekly; uptime mean over November rows 99.8%, 99.9% → 0.9985 ≥ 0.995.
    uptime = by_id(acme)["uptime"]
    assert uptime.cadence == "weekly" and uptime.actual == pytest.approx(0.9985) and uptime.status == "on-track"


def test_a_csv_or_review_named_alone_reports_its_scorecard(proj):
    report, _ = build(["data/acme.csv"])
    assert [p.id for p in report.partnerships] == ["acme"]
    report, _ = build(["reviews/northwind/2026-11-06.yaml"])
    assert [p.id for p in report.partnerships] == ["northwind"]


def test_a_csv_no_scorecard_uses_is_noted(proj):
    (proj / "data" / "stray.csv").write_text("date,metric,value\n")
    report, _ = build(["data/stray.csv"])
    assert report.partnerships == [] and report.unmatched == ["data/stray.csv"]


def test_invalid_scorecards_are_skipped_with_their_diagnostics_and_the_rest_reported(proj):
    (proj / "scorecards" / "broken.yaml").write_text("partnership: Broken\ntype: referral\n")
    card = proj / "scorecards" / "acme.yaml"
    card.write_text(card.read_text().replace("lead: Lee Chen\n", "lead: Lee Chen\nlead: Someone Else\n"))
    report, store = build()
    assert [p.id for p in report.partnerships] == ["northwind"]
    assert {d.path for d in report.skipped} == {"scorecards/acme.yaml", "scorecards/broken.yaml"}
    assert "PS105" in {d.rule for d in report.skipped if d.path == "scorecards/acme.yaml"}  # duplicate key
    assert "PS103" in {d.rule for d in report.skipped if d.path == "scorecards/broken.yaml"}  # missing fields
    assert [pid for _, pid in store.calls] == ["northwind"]  # nothing computed for skipped ones
    assert exit_code(report, None) == 1


def test_two_scorecards_with_one_id_report_the_first_and_skip_the_second(proj):
    copy = proj / "scorecards" / "zz-copy.yaml"
    copy.write_text("id: northwind\n" + (proj / "scorecards" / "northwind.yaml").read_text())
    report, _ = build()
    assert [p.path for p in report.partnerships if p.id == "northwind"] == ["scorecards/northwind.yaml"]
    (skip,) = report.skipped
    assert (skip.path, skip.line, skip.column, skip.rule) == ("scorecards/zz-copy.yaml", 1, 1, "PS211")


def test_missing_data_file_gives_no_data_without_reading(proj):
    (proj / "data" / "northwind.csv").unlink()
    report, store = build(["scorecards/northwind.yaml"])
    (nw,) = report.partnerships
    assert store.calls == [] and {m.status for m in nw.metrics} == {"no-data"} and nw.status == "no-data"


def test_fail_on_levels():
    def with_status(status):
        return portfolio(partnership(status="on-track"), partnership("b", status=status))

    # off-track > at-risk > on-track; no-data never trips --fail-on.
    assert fail_on_hit(with_status("off-track"), "off-track") and fail_on_hit(with_status("off-track"), "at-risk")
    assert not fail_on_hit(with_status("at-risk"), "off-track") and fail_on_hit(with_status("at-risk"), "at-risk")
    assert not fail_on_hit(with_status("no-data"), "at-risk")
    assert not fail_on_hit(with_status("off-track"), None)
    assert exit_code(with_status("at-risk"), "at-risk") == 1 and exit_code(with_status("at-risk"), None) == 0


def _imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text())
    names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    return names


def test_renderers_import_neither_pandas_nor_yaml_and_the_builder_no_rendering():
    src = Path(__file__).parent.parent.parent / "src" / "partnerscore"
    for name in ("report/build.py", "report/exit_codes.py", "render/report_table.py", "render/report_markdown.py",
                 "render/report_json.py", "render/report_csv.py", "render/format_values.py",
                 "render/report_common.py"):
        roots = {m.split(".")[0] for m in _imports(src / name)}
        assert not roots & {"pandas", "numpy", "yaml"}, name
    build_imports = _imports(src / "report" / "build.py")
    assert not any(m.startswith(("partnerscore.render", "rich")) for m in build_imports)
