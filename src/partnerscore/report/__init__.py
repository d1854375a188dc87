"""Where each partnership stands: the one `PortfolioReport` that every report format is a view of.

`build.build_portfolio` loads the scorecards, asks the data store for their series, runs the status
arithmetic and the decision loop. Never prints, never imports a renderer.
Imports: `model`, `data`, `calc`, `io`, `core`.
"""
