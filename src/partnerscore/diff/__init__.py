"""What a change to scorecards does: both sides read like lint reads them, then a pure comparison.

Imports: `model`, `yamlsource`, `io` (git), `core`.
"""
