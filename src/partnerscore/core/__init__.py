"""The vocabulary every other package shares: problems, errors, the method's words, numbers and text.

`Diagnostic` (a positioned problem with a rule code) and `Finding` (what a rule yields), `UserError`, the
domain vocabulary (`vocabulary`: layers, statuses, cadences, units, aggregations), the number grammar
(`numbers`: 42, 4.2, 30%), values as people read them (`values`), safe one-line text (`text`).
Imports: the standard library only.
"""
