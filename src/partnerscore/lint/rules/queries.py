"""Query files (`queries/<id>.sql`): where `partnerscore pull` gets a partnership's numbers.

Scope ``query``: one query file with the partnership ids of the project and the configured sources
(``QueryContext``). Whether a query only reads is checked by `pull` itself, with the source's parser,
before it runs; lint checks what it can without a database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from partnerscore.core.diagnostics import Position
from partnerscore.io.query_files import QueryFile
from partnerscore.io.settings import Settings
from partnerscore.lint.rules import Finding, rule
from partnerscore.lint.rules.reviews import did_you_mean


@dataclass
class QueryContext:
    query: QueryFile
    partnerships: set[str]  # the ids of the project's scorecards
    settings: Settings


@rule("PS801", "E", "query-without-scorecard", "query")
def query_without_scorecard(ctx: QueryContext) -> Iterator[Finding]:
    """Query file whose id matches no scorecard.

    `queries/<id>.sql` feeds the partnership whose scorecard has that id (its `id:`, or its file name);
    `pull` writes the rows into that scorecard's data file. A query named after no scorecard would pull
    numbers nobody reports on, so it is an error, at the top of the query file.

    Bad::

        queries/northwnd.sql      # the scorecard is scorecards/northwind.yaml: did you mean 'northwind'?
    """
    pid = ctx.query.partnership
    if pid in ctx.partnerships:
        return
    hint = did_you_mean(pid, ctx.partnerships) or "; name a query file after its scorecard's id (<id>.sql)"
    yield Finding("PS801", f"query file is for partnership '{pid}', but no scorecard in "
                           f"{ctx.settings.scorecards}/ has that id{hint}",
                  position=Position(1, 1), path=ctx.query.display)


@rule("PS802", "E", "unknown-query-source", "query")
def unknown_query_source(ctx: QueryContext) -> Iterator[Finding]:
    """Query file names a source that the settings do not define.

    The first line `-- source: NAME` picks a source from `[tool.partnerscore.sources]` in pyproject.toml
    (or `[sources]` in partnerscore.toml); without that line the query runs on the embedded DuckDB. A name
    the settings lack would stop `pull` (exit 2), so lint says so first, at the name.

    Bad::

        -- source: warehose       # [tool.partnerscore.sources] defines warehouse
        SELECT week AS date, 'influenced_pipeline' AS metric, pipeline AS value FROM partner_pipeline
    """
    query = ctx.query
    if not query.named_source or query.source in ctx.settings.sources:
        return
    known = set(ctx.settings.sources)
    defined = (f"the settings define {', '.join(sorted(known))}" if known
               else "the settings define no sources ([tool.partnerscore.sources])")
    if not query.source:
        message = f"the `-- source:` line names no source; name one ({defined}) or remove the line"
    else:
        message = f"source '{query.source}' is not defined; {defined}{did_you_mean(query.source, known)}"
    yield Finding("PS802", message, position=query.source_position, path=query.display)
