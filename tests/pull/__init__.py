"""Tests of `partnerscore pull` (a package, so that its conftest.py is `pull.conftest`, not a second `conftest`)."""
