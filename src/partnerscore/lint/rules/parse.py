"""Problems found while reading a file. The loader emits them; these entries document them."""

from partnerscore.lint.rules import rule


@rule("PS100", "E", "unreadable-file", "parse", emitted=False)
def unreadable_file():
    """File unreadable, not UTF-8, or not valid YAML.

    The position is the parser's. Also raised for files over the size limit, alias bombs and nesting
    deeper than 64 levels, which partnerscore refuses rather than expands.

    Bad::

        goal: Grow revenue
        	type: referral        # a tab: YAML indents with spaces only
    """  # noqa: E101 - the example shows the tab a user typed


@rule("PS101", "E", "not-a-mapping", "parse", emitted=False)
def not_a_mapping():
    """Top level is not a mapping.

    A scorecard or decision note is a mapping of fields. An empty file, a list or a bare value is not.

    Bad::

        - outcomes
        - drivers
    """


@rule("PS102", "E", "unknown-field", "parse", emitted=False)
def unknown_field():
    """Unknown field (with a did-you-mean hint).

    Misspelt fields would otherwise be silently ignored. In a scorecard that extends a program, a
    `metrics:` entry naming no metric of the program is one too (with a did-you-mean hint), and so is a
    `metrics:` key in a scorecard without `extends:`; a program may not have `partnership`, `partner` or
    `data` (each scorecard that extends it names its own).

    Bad::

        owner: Priya Shah
        tagret: 30%          # did you mean 'target'?

        extends: referral-gold
        metrics:
          sourced_revenu: {target: 300000}   # did you mean 'sourced_revenue'?
    """


@rule("PS103", "E", "missing-field", "parse", emitted=False)
def missing_field():
    """Missing required field.

    Reported at the start of the mapping that lacks it. Scorecards need `partnership`, `goal`, `type`,
    `lead`, `partner` and the layers; every metric needs `id`, `name` and `target`. A scorecard that
    extends a program needs them in the merged result: a field neither gives is reported at the
    scorecard's `extends:` line (or, for a metric, at its `metrics:` entry). A program needs only
    `program`.
    """


@rule("PS104", "E", "invalid-value", "parse", emitted=False)
def invalid_value():
    """Invalid value (wrong type, unknown enum value, bad id, bad number/percent).

    Also `extends:` naming no program (with a did-you-mean hint), naming a scorecard, or closing a
    cycle of programs, a chain of programs deeper than 8, and `metrics:` changes that are not a mapping.

    Bad::

        direction: sideways   # up or down
        target: .inf          # a finite number (at most 1e15 in size) or a percentage such as 30%
        id: MQL to SQL        # lowercase letters, digits and underscores
        extends: referal-gold # did you mean 'referral-gold'?
    """


@rule("PS105", "E", "duplicate-key", "parse", emitted=False)
def duplicate_key():
    """Duplicate key in a mapping.

    YAML parsers silently keep one of the two values; partnerscore reports the second occurrence.

    Bad::

        target: 30%
        target: 35%
    """
