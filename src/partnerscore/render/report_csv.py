"""`report --format csv`: one row per metric, for spreadsheets and BI tools.

Text cells go through `csv_cell`, so a name such as `=HYPERLINK(…)` is shown, never run, by a spreadsheet;
numbers stay numbers and a missing value is an empty cell. Numbers are rounded to what their unit needs
(money to its minor unit: cents, none for JPY; a percent, as its fraction, to 4 decimals: 29.31% is 0.2931;
a ratio to 4; counts, scores, days and hours to 2; a value those would round to zero to its first two
significant digits), so a spreadsheet shows 0.2667, not 0.26666666666666666. The JSON report keeps every
digit.
"""

from __future__ import annotations

import csv
import io

from partnerscore.core.values import enough_decimals
from partnerscore.core.vocabulary import currency_decimals, is_currency
from partnerscore.render.escape import csv_cell
from partnerscore.render.format_values import last_period
from partnerscore.report.result import MetricReport, PortfolioReport

COLUMNS = ("partnership_id", "partnership", "layer", "metric_id", "name", "owner", "partner_owner", "unit",
           "period", "period_start", "period_end", "actual", "projected", "expected", "target", "stretch",
           "stretch_met", "by", "baseline", "status", "stale", "last_date", "previous", "previous_target",
           "previous_status")


def decimals(unit: str) -> int:
    """How many decimals a value in this unit needs."""
    if unit in ("percent", "ratio"):
        return 4
    if is_currency(unit):
        return currency_decimals(unit)  # cents, or the currency's own minor unit (none for JPY)
    return 2  # counts, scores, days, hours


def _previous_target(m: MetricReport) -> float | None:
    """The target in force in the last complete period (schedules change it), when it had a value."""
    targets = list(m.history_targets)
    return targets[-2] if m.previous is not None and len(targets) >= 2 else None


def _rounded(value: float | None, unit: str) -> float | None:
    if value is None:
        return None
    # A value the unit's decimals would round to zero keeps its first significant digits (0.0000138 is
    # 0.000014); money keeps its minor unit, as a bank would.
    places = decimals(unit)
    return round(value, places if is_currency(unit) else enough_decimals(value, places))


def metric_rows(portfolio: PortfolioReport):
    for p in portfolio.partnerships:
        for m in p.metrics:
            actual, projected, expected, target, stretch, baseline, previous, previous_target = (
                _rounded(v, m.unit) for v in (m.actual, m.projected, m.expected, m.target, m.stretch, m.baseline,
                                              m.previous, _previous_target(m)))
            last = last_period(m)
            yield (p.id, p.partnership, m.layer, m.id, m.name, m.owner, m.partner_owner, m.unit, m.period,
                   m.period_start.isoformat(), m.period_end.isoformat(), actual, projected, expected, target,
                   stretch, _flag(m.stretch_met), m.by.isoformat() if m.by else None, baseline, m.status,
                   _flag(m.stale), m.last_date.isoformat() if m.last_date else None, previous, previous_target,
                   last.status if last is not None else None)


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
