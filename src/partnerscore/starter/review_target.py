"""What `review new` was given when it was not a scorecard: a data CSV, a query file, a program, a decision
note, or a YAML file outside the scorecards folder that has none of a scorecard's fields. That is a usage
error (exit 2, one line saying what the file is and what to pass instead), not a wall of PS1xx findings
about a file that was never meant to be a scorecard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from partnerscore.io.paths import QUERY_SUFFIX, REVIEW_NAME, YAML_SUFFIXES, display_path, real_path
from partnerscore.io.settings import Settings

# Top-level keys only a scorecard has (a program has neither `partnership` nor `partner`).
_SCORECARD_KEYS = ("partnership", "partner", "extends")
_NOTE_KEYS = ("decisions", "experiments", "changed", "risks", "attendees")


def _under(path: Path, folder: Path) -> bool:
    try:
        real_path(path).relative_to(real_path(folder))
        return True
    except ValueError:
        return False


def _instead(settings: Settings, guess: str | None) -> str:
    """What to pass: the scorecard of the partnership the file belongs to when there is one."""
    folder = settings.folder("scorecards")
    if guess:
        for suffix in YAML_SUFFIXES:
            candidate = folder / f"{guess}{suffix}"
            if candidate.is_file():
                return f"pass its scorecard instead: partnerscore review new {display_path(candidate)}"
    return f"pass a scorecard instead, e.g. {display_path(folder)}/<id>.yaml"


def by_path(path: Path, settings: Settings) -> str | None:
    """The one-line complaint about a file that is not a scorecard by its name or folder, else None."""
    suffix = path.suffix.lower()
    shown = display_path(path)
    if suffix == ".csv":
        return f"{shown} is a data CSV (metric values), not a scorecard; {_instead(settings, path.stem)}"
    if suffix == QUERY_SUFFIX:
        return f"{shown} is a query file, not a scorecard; {_instead(settings, path.stem)}"
    if suffix not in YAML_SUFFIXES:
        return f"{shown} is not a scorecard (a scorecard is a .yaml file); {_instead(settings, None)}"
    if REVIEW_NAME.match(path.name) or _under(path, settings.folder("reviews")):
        return (f"{shown} is a decision note, not a scorecard; "
                f"{_instead(settings, path.parent.name)}")
    if _under(path, settings.folder("programs")):
        return (f"{shown} is a program, not a scorecard (a review is about one partnership); "
                "pass a scorecard that extends it")
    return None


def by_content(path: Path, settings: Settings, data: Any) -> str | None:
    """A YAML file outside the scorecards folder that has none of a scorecard's fields (`data` is its
    parsed top level, None when it could not be parsed: then it may be a broken scorecard, and lint's
    findings say more than a guess)."""
    if data is None or _under(path, settings.folder("scorecards")):
        return None
    shown = display_path(path)
    if isinstance(data, dict):
        if "program" in data and "partnership" not in data:  # a program may `extends:` another
            return (f"{shown} is a program (it has `program:`), not a scorecard; "
                    "pass a scorecard that extends it")
        if any(key in data for key in _SCORECARD_KEYS):
            return None
        if any(key in data for key in _NOTE_KEYS):
            return f"{shown} is a decision note, not a scorecard; {_instead(settings, path.parent.name)}"
    return (f"{shown} is not a scorecard (it is outside {display_path(settings.folder('scorecards'))}/ and has "
            f"no `partnership:`); {_instead(settings, None)}")
