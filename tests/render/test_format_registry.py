"""Every format a command offers has exactly one renderer, found by name (no if-chains in commands)."""

from __future__ import annotations

from partnerscore.cli.report_cmd import ReportFormat
from partnerscore.render.report_formats import REPORT_RENDERERS, report_renderer
from report_samples import portfolio


def test_every_report_format_has_a_renderer_and_nothing_else_does():
    assert set(REPORT_RENDERERS) == {f.value for f in ReportFormat}


def test_each_renderer_turns_the_one_result_into_its_own_format():
    texts = {name: report_renderer(name)(portfolio()) for name in REPORT_RENDERERS}
    assert texts["json"].lstrip().startswith("{") and texts["html"].lstrip().lower().startswith("<!doctype html")
    assert texts["csv"].startswith("partnership_id,") and texts["markdown"].lstrip().startswith("#")
    assert "Northwind referrals" in texts["table"] and "\x1b[" not in texts["table"]  # plain text, no colour
