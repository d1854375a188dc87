"""The metric-values CSV: one positioned table reader for lint, series for the report.

- `table.read_csv`: every row with its line, every problem a finding (standard library only: lint
  must not import pandas);
- `store.MetricStore`: the report's only entry point: each CSV read once, with pandas, into sorted series
  per partnership and series id; a big run's files are read by a helper process (`_child`, private to the
  store; `PARTNERSCORE_JOBS=1` reads everything in this process).
Both readers share `cells` (dates and values), so they agree on what a row means.
Imports: `io`, `core`, and `calc`'s `Series` type.
"""
