"""`report --format csv`: one row per metric, for spreadsheets and BI tools.

Text cells go through `csv_cell`, so a name such as `=HYPERLINK(…)` is shown, never run, by a spreadsheet;
numbers stay numbers and a missing value is an empty cell.
"""

from __future__ import annotations

import csv
import io

from partnerscore.render.escape import csv_cell
from partnerscore.report.result import PortfolioReport

COLUMNS = ("partnership_id", "partnership", "layer", "metric_id", "name", "owner", "unit", "period",
           "period_start", "period_end", "actual", "projected", "expected", "target", "stretch", "stretch_met",
           "by", "baseline", "status", "stale", "last_date", "previous")


def metric_rows(portfolio: PortfolioReport):
    for p in portfolio.partnerships:
        for m in p.metrics:
            yield (p.id, p.partnership, m.layer, m.id, m.name, m.owner, m.unit, m.period,
                   m.period_start.isoformat(), m.period_end.isoformat(), m.actual, m.projected, m.expected,
                   m.target, m.stretch, _flag(m.stretch_met), m.by.isoformat() if m.by else None,
                   m.baseline, m.status, _flag(m.stale),
                   m.last_date.isoformat() if m.last_date else None, m.previous)


def _flag(value: bool | None) -> str | None:
    return None if value is None else "true" if value else "false"


def _tidy(value):
    # 230000.0 → 230000: the same number, as a spreadsheet user would type it.
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def render_csv(portfolio: PortfolioReport) -> str:
    buffer = io.StringIO()
    # "\n" rather than csv's default "\r\n": diffs and golden files stay clean; every spreadsheet reads both.
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in metric_rows(portfolio):
        writer.writerow([csv_cell(_tidy(value)) for value in row])
    return buffer.getvalue()
