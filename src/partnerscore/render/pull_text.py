"""`pull`'s output: a line per partnership on stdout, each problem on stderr naming its query file.

stdout (the summary a scheduled job's pull request quotes)::

    northwind  data/northwind.csv  1 series (influenced_pipeline): 1 added, 0 changed, 0 removed; written
    kestrel    data/kestrel.csv    3 series (…): unchanged

stderr: `queries/<id>.sql: …` for every problem and warning, one line each (`row N: …` for a bad row).
Plain ANSI colour on a terminal, none to a pipe or with NO_COLOR; user text is made printable first.
"""

from __future__ import annotations

from partnerscore.core.words import plural
from partnerscore.pull.result import Mode, PartnershipPull, PullResult, State
from partnerscore.render.console import paint
from partnerscore.render.escape import one_line

SERIES_SHOWN = 4
_DONE = {Mode.WRITE: "written", Mode.DRY_RUN: "would be written (dry run)", Mode.CHECK: "would change"}
_STYLE = {State.CHANGED: "green", State.BAD_ROWS: "bold red", State.UNFIT: "bold red", State.FAILED: "bold red",
          State.NO_ROWS: "yellow"}


def _series(pull: PartnershipPull) -> str:
    names = [one_line(name) for name in pull.series]
    more = len(names) - SERIES_SHOWN
    shown = ", ".join(names[:SERIES_SHOWN]) + (f", +{more} more" if more > 0 else "")
    return f"{len(names)} series ({shown})"


def _outcome(pull: PartnershipPull, mode: Mode) -> str:
    if pull.state is State.FAILED:
        return "failed; nothing written"
    if pull.state is State.BAD_ROWS:
        return "bad rows; nothing written"
    if pull.state is State.UNFIT:
        return "the data file cannot take the rows; nothing written"
    if pull.state is State.NO_ROWS:
        return "no rows; nothing changed"
    counts = f"{pull.added} added, {pull.changed} changed, {pull.removed} removed"
    done = _DONE[mode] if pull.state is State.CHANGED else "unchanged"
    return f"{_series(pull)}: {counts}; {done}"


def summary_lines(result: PullResult, colour: bool = False) -> list[str]:
    width_id = max((len(one_line(p.partnership)) for p in result.partnerships), default=0)
    width_data = max((len(one_line(p.data or "-")) for p in result.partnerships), default=0)
    lines = []
    for pull in result.partnerships:
        where = f"{one_line(pull.partnership).ljust(width_id)}  {one_line(pull.data or '-').ljust(width_data)}"
        outcome = paint(_outcome(pull, result.mode), _STYLE.get(pull.state, ""), colour)
        lines.append(f"{paint(where, 'bold', colour)}  {outcome}")
    lines.append(paint(totals(result), "bold", colour))
    return lines


def totals(result: PullResult) -> str:
    changed, unchanged = result.files(State.CHANGED), result.files(State.UNCHANGED)
    failed = result.count(State.FAILED) + result.count(State.BAD_ROWS) + result.count(State.UNFIT)
    verb = {Mode.WRITE: "written", Mode.DRY_RUN: "would be written", Mode.CHECK: "would change"}[result.mode]
    parts = [f"{plural(changed, 'file')} {verb}", f"{unchanged} unchanged"]
    if result.count(State.NO_ROWS):
        parts.append(f"{result.count(State.NO_ROWS)} with no rows")
    if failed:
        parts.append(f"{failed} failed")
    tail = "; nothing written" if result.mode is not Mode.WRITE else ""
    return f"Pulled {plural(len(result.partnerships), 'partnership')}: {', '.join(parts)}{tail}."


def problem_lines(result: PullResult) -> list[str]:
    """What goes to stderr: every problem and warning, prefixed with its query file."""
    lines = []
    for pull in result.partnerships:
        lines += [f"{one_line(pull.query)}: {one_line(problem)}" for problem in pull.problems]
        lines += [f"{one_line(pull.query)}: warning: {one_line(warning)}" for warning in pull.warnings]
    return lines
