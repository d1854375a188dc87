"""A balanced scorecard: several categories, no vanity metrics, one goal, and drivers tied to outcomes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from partnerscore.core.vocabulary import LAYERS
from partnerscore.lint.rules import Finding, rule
from partnerscore.lint.rules.context import ScorecardContext

VANITY_PATTERNS = (
    r"press[\s_-]*releases?", r"event[\s_-]*appearances?", r"impressions?", r"followers?", r"likes?",
    r"page[\s_-]*views?", r"social[\s_-]*mentions?", r"announcements?", r"logo[\s_-]*placements?",
    r"booth[\s_-]*visit(or)?s?", r"media[\s_-]*mentions?", r"retweets?", r"hashtags?",
)
_VANITY = re.compile(r"(?<![a-z])(" + "|".join(VANITY_PATTERNS) + r")(?![a-z])", re.IGNORECASE)

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|vs|inc|ltd|co|corp|dr|mr|ms|mrs|st|approx|no)\.$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=\S)")


# Letters each followed by a full stop (U.S., U.K., e.g., a.m.): an abbreviation, whatever the letters.
_LETTER_STOPS = re.compile(r"(?:\b[^\W\d_]\.){2,}$")


def sentence_count(text: str) -> int:
    """Sentences in `text`: a full stop, ! or ? (or several, as an ellipsis) followed by a space ends one,
    unless it ends an abbreviation or the next word starts in lower case (`Grow pipeline... then revenue.`)."""
    text = text.strip()
    count = 1
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start() + 1]
        if text[match.end()].islower() or _ABBREVIATIONS.search(before) or _LETTER_STOPS.search(before):
            continue
        count += 1
    return count


@rule("PS501", "W", "unbalanced-categories", "scorecard")
def unbalanced_categories(ctx: ScorecardContext) -> Iterator[Finding]:
    """Metrics span fewer than 3 categories.

    A balanced set draws on at least three of: financial, performance, operational, productivity,
    customer, innovation, expansion, relationship, impact. Set `category:` on each metric.
    """
    if not ctx.knows("category"):  # an invalid metric's category may be the third
        return
    categories = {category for _, _, category in ctx.values("category") if category}
    if len(categories) < 3:
        found = ", ".join(sorted(categories)) or "none set"
        yield Finding("PS501", f"metrics span {len(categories)} categories ({found}); use at least 3 so one "
                               "dimension is not optimised at the expense of the others", ())


@rule("PS502", "W", "vanity-metric", "scorecard")
def vanity_metric(ctx: ScorecardContext) -> Iterator[Finding]:
    """Vanity metric (press releases, event appearances, impressions, followers, …).

    They feel productive but rarely correlate with partnership value. Measure what they should lead to
    (pipeline, activations, retention) instead. Reported at the field with the word: the name, else the id.
    """
    # Each field that can be read, of valid metrics and of metrics with errors elsewhere alike; the name
    # first (what people read), then the id. The finding points at and quotes the field with the word.
    names = {(layer, i): text for layer, i, text in ctx.values("name")}
    ids = {(layer, i): text for layer, i, text in ctx.values("id")}
    for key in sorted(names.keys() | ids.keys(), key=lambda key: (LAYERS.index(key[0]), key[1])):
        for field, text, said in (("name", names.get(key), "'{}'"), ("id", ids.get(key), "metric id '{}'")):
            match = _VANITY.search(text.replace("_", " ")) if text else None
            if match:
                yield Finding("PS502", f"{said.format(text)} looks like a vanity metric ({match.group(0).lower()}); "
                                       "measure what it should lead to instead", (*key, field))
                break


@rule("PS503", "W", "goal-one-sentence", "scorecard")
def goal_one_sentence(ctx: ScorecardContext) -> Iterator[Finding]:
    """Goal is more than one sentence.

    If the goal does not fit in one sentence, the partnership is not yet scoped. Abbreviations (`U.S.`,
    `e.g.`, `Inc.`) and a stop followed by a lowercase word (`Grow pipeline... then revenue.`) end none.
    """
    goal = ctx.field("goal")
    count = sentence_count(goal) if goal is not None else 1
    if count > 1:
        yield Finding("PS503", f"goal has {count} sentences; say why the partnership exists in one",
                      ("goal",))


@rule("PS504", "W", "driver-without-outcome", "scorecard")
def driver_without_outcome(ctx: ScorecardContext) -> Iterator[Finding]:
    """Driver that drives no outcome.

    Name the outcomes each driver feeds in `drives:` so the report can explain a miss.
    """
    for i, driver in ctx.drivers(reads=("id", "drives")):
        if not driver.drives:
            yield Finding("PS504", f"driver '{driver.id}' drives no outcome; list the outcome ids it feeds "
                                   "in drives:", ("drivers", i))


@rule("PS505", "W", "outcome-without-driver", "scorecard")
def outcome_without_driver(ctx: ScorecardContext) -> Iterator[Finding]:
    """Outcome that no driver drives.

    An outcome with no driver cannot be diagnosed when it falls behind.
    """
    if not ctx.knows("drives", ["drivers"]):  # an invalid driver may drive it
        return
    driven = {outcome for _, _, drives in ctx.values("drives", ["drivers"]) for outcome in drives}
    for _, i, outcome in ctx.metrics("outcomes", reads=("id",)):
        if outcome.id not in driven:
            yield Finding("PS505", f"no driver drives outcome '{outcome.id}'; add it to a driver's drives:",
                          ("outcomes", i))


@rule("PS506", "E", "drives-unknown-outcome", "scorecard")
def drives_unknown_outcome(ctx: ScorecardContext) -> Iterator[Finding]:
    """`drives` names something that is not an outcome.

    Bad::

        drives: [pipeline]   # no outcome has id 'pipeline'
    """
    import difflib

    if not ctx.knows("id", ["outcomes"]):  # an outcome whose id cannot be read may be the one named
        return
    outcomes = [outcome_id for _, _, outcome_id in ctx.values("id", ["outcomes"])]
    for i, driver in ctx.drivers(reads=("id", "drives")):
        for j, target in enumerate(driver.drives):
            if target in outcomes:
                continue
            close = difflib.get_close_matches(target, outcomes, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; outcomes are: {', '.join(outcomes)}"
            yield Finding("PS506", f"driver '{driver.id}' drives '{target}', which is not an outcome{hint}",
                          ("drivers", i, "drives", j))
