"""Formatters: every output format is a view of one result object."""
