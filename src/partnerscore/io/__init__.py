"""Files and the world outside: reading text safely, atomic writes, `git show`, settings, finding files.

Imports: `core` (and Pydantic for the settings model). Nothing here knows what a scorecard means.
"""
