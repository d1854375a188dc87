"""`partnerscore pull`: metric values from where they live (a CRM export, a warehouse) into the data CSVs.

- `io.query_files`: a query file and the source its first line names (shared with lint's PS801, PS802);
- `sources`: which source a query runs on, its URL kept secret (`Source.mask`);
- `statements`: one reading statement per file, checked before anything runs;
- `connections` with `duck` (the embedded DuckDB and DuckDB files, locked down) and `postgres`
  (SQLAlchemy URLs through psycopg 3, read-only): running a query with a timeout;
- `rows`: the returned rows checked like CSV rows; `merge`, `merge_wide`: written into the data file;
- `engine`: the run, one partnership after another; `result`: what the renderer shows.
DuckDB, SQLAlchemy and psycopg are the optional `pull` extra, imported only here, only when it runs.
"""
