"""Files `partnerscore` writes for a user to fill in: a starter scorecard (`init`) and the next decision
note (`review new`), prefilled from where the partnership stands.

Imports: `report` (to know where a partnership stands), `model`, `calc`, `io`, `core`.
"""
