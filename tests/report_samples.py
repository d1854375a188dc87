"""Hand-built report objects and a tiny CSV reader, for the report tests (no pandas, no datastore)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from partnerscore.calc.status import Series
from partnerscore.model.scorecard import parse_number
from partnerscore.report.result import (
    DecisionNeeded,
    Explanation,
    MetricReport,
    OpenDecision,
    PartnershipReport,
    PortfolioReport,
)

AS_OF = date(2026, 11, 15)
NASTY = "a | b\nc \\| d [/bold] \x1b[31mred =cmd()"


def metric(id: str = "pipeline", layer: str = "outcome", **overrides) -> MetricReport:
    values = dict(
        id=id, layer=layer, name=id.replace("_", " ").title(), owner="Dana Lee", unit="count",
        period="month", period_start=date(2026, 11, 1), period_end=date(2026, 11, 30), actual=14.0,
        projected=28.0, target=40.0, baseline=25.0, status="off-track", stale=False,
        last_date=date(2026, 11, 9), previous=35.0, history=[30.0, 35.0, 14.0],
    )
    if "history" in overrides and "previous" not in overrides:  # `previous` is the period before the current one
        history = overrides["history"]
        values["previous"] = history[-2] if len(history) >= 2 else None
    values.update(overrides)
    return MetricReport(**values)


def partnership(id: str = "northwind", metrics: list[MetricReport] | None = None, **overrides) -> PartnershipReport:
    if metrics is None:
        metrics = [
            metric("influenced_pipeline", unit="USD", period="quarter", actual=230000.0, projected=460000.0,
                   target=500000.0, baseline=300000.0, status="at-risk", history=[350000.0, 400000.0, 230000.0]),
            metric("revenue", unit="USD", status="no-data", actual=None, projected=None, stale=True,
                   last_date=None, previous=None, history=[None]),
            metric("referrals", layer="driver", drives=["influenced_pipeline"]),
            metric("conversion", layer="driver", unit="percent", actual=0.3, projected=0.3, target=0.3,
                   baseline=0.22, status="on-track", formula="sql / mql", history=[0.25, 0.3]),
            metric("nps", layer="health", unit="score", actual=8.1, projected=8.1, target=8.0, baseline=7.0,
                   status="on-track", history=[None, 7.5, 8.1]),
        ]
    values = dict(
        id=id, partnership="Northwind referrals", type="referral", status="at-risk",
        goal="Turn Northwind's network into our largest referral channel.", lead="Dana Lee",
        partner="Northwind Consulting", path=f"scorecards/{id}.yaml", metrics=metrics,
        explanations=[Explanation("influenced_pipeline", "at-risk",
                                  [{"id": "referrals", "name": "Referrals", "status": "off-track", "actual": 14.0,
                                    "projected": 28.0, "target": 40.0, "shortfall": 0.3}],
                                  "Influenced pipeline is at risk; Referrals explain it.")],
        decisions_needed=[DecisionNeeded("off-track", "Referrals are off track: decide how to recover.",
                                         metric="referrals", owner="Priya Shah", due=date(2026, 11, 20))],
        open_decisions=[OpenDecision("Move two webinars to EMEA", "Dana Lee", date(2026, 11, 13), True,
                                     "2026-11-06")],
        last_review=date(2026, 11, 6), next_review_due=date(2026, 12, 6),
    )
    values.update(overrides)
    return PartnershipReport(**values)


def portfolio(*partnerships: PartnershipReport) -> PortfolioReport:
    return PortfolioReport(as_of=AS_OF, partnerships=list(partnerships) or [partnership()])


def nasty_portfolio() -> PortfolioReport:
    """Every piece of user text holds pipes, a newline, a backslash, Rich markup, ESC and a formula."""
    metrics = [
        metric("m1", name=NASTY, owner="=HYPERLINK(\"x\")|" + NASTY, partner_owner="@SUM(A1)"),
        metric("m2", layer="driver", name="+1 " + NASTY, owner="-2 owner"),
    ]
    p = partnership(metrics=metrics, partnership="P " + NASTY, goal=NASTY, lead="[bold]lead[/bold]",
                    partner="\x1b]0;title\x07partner")
    return PortfolioReport(as_of=AS_OF, partnerships=[p])


class CsvStore:
    """A stand-in for datastore.MetricStore: reads long or wide CSVs with the csv module, records calls."""

    def __init__(self):
        self.calls: list[tuple[Path, str]] = []

    def series_for(self, csv_path: Path, partnership_id: str) -> dict[str, Series]:
        self.calls.append((Path(csv_path), partnership_id))
        rows: dict[str, list[tuple[int, float]]] = {}
        with open(csv_path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            long_form = "metric" in (reader.fieldnames or [])
            for row in reader:
                if row.get("partnership") not in (None, "", partnership_id):
                    continue
                day = date.fromisoformat(row["date"]).toordinal()
                pairs = [(row["metric"], row["value"])] if long_form else \
                    [(k, v) for k, v in row.items() if k != "date"]
                for series_id, text in pairs:
                    if text not in (None, ""):
                        rows.setdefault(series_id, []).append((day, parse_number(text)))
        return {sid: Series([d for d, _ in sorted(v)], [x for _, x in sorted(v)]) for sid, v in rows.items()}
