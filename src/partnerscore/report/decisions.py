"""The decision loop in the report: explanations, decisions needed, open decisions, review dates.

INTERFACE (being implemented by the decision-loop work): until then it leaves the report as it is.
"""

from __future__ import annotations

from datetime import date

from partnerscore.config import Settings
from partnerscore.model import Scorecard
from partnerscore.report.result import PartnershipReport


def apply_decision_loop(report: PartnershipReport, card: Scorecard, settings: Settings, as_of: date) -> None:
    """Fill `explanations`, `decisions_needed`, `open_decisions`, `last_review`, `next_review_due`."""
    return None
