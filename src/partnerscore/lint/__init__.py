"""The lint engine: load every file, run each rule in its scope, apply severities and ignores. Never prints.

`engine.run_lint` returns a `LintResult`; `rules/` holds one module per family of rules, each rule a
generator registered with its code, severity and scope, its docstring its documentation.
Imports: `model`, `data` (the table reader), `calc`, `yamlsource`, `io`, `core`; never pandas.
"""
