"""Metric values in CSV files (rules PS6xx). Filled in with the data issue."""
