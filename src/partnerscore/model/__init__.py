"""Scorecards and decision notes as Pydantic v2 models, and loading a file into a model plus its diagnostics.

`scorecard_file.load_scorecard` / `review_file.load_review(s)` never raise for bad input: a file gives a
model, or diagnostics positioned at the key or value that is wrong (from `yamlsource`'s positions).
Imports: `yamlsource`, `io`, `core`.
"""
