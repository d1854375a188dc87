"""Starter files for `partnerscore init`: a scorecard from the type's template, an empty data CSV, and the
JSON Schema that the scorecard's first line (`# yaml-language-server: $schema=scorecard.schema.json`)
points editors at, beside it in the scorecards folder, so the modeline works in a new repository.

Templates are package data (templates/<type>.yaml) holding a practitioner's first set of metrics for
each partnership type. Only three placeholders are filled in, `{id}`, `{schema}` (where the modeline's
schema is, from the project: the configured scorecards folder) and `{partnership}`, with plain
`str.replace` so that braces in the template (flow mappings) or in user text never act as format fields.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from partnerscore.core.vocabulary import PARTNERSHIP_TYPES
from partnerscore.model.scorecard import ID_PATTERN

TYPES = PARTNERSHIP_TYPES
CSV_HEADER = "date,metric,value\n"
# Beside the scorecards: the templates' modeline names it relative to the scorecard.
SCHEMA_NAME = "scorecard.schema.json"
_ID = re.compile(ID_PATTERN)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_ID_LENGTH = 100  # the model's limit on a partnership id


class StarterError(ValueError):
    """An id, type or name init cannot use; the command turns it into exit 2."""


@dataclass(frozen=True)
class StarterFiles:
    scorecard: Path
    scorecard_text: str
    data: Path
    data_text: str
    schema: Path
    schema_text: str


def check_id(partnership_id: str) -> str:
    if not _ID.match(partnership_id) or len(partnership_id) > MAX_ID_LENGTH:
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", partnership_id.lower()).strip("-_")[:MAX_ID_LENGTH]
        hint = f" such as '{suggestion}'" if suggestion and _ID.match(suggestion) else " such as 'northwind'"
        raise StarterError(
            f"'{partnership_id}' is not a valid partnership id; use lowercase letters, digits, '-' and '_', "
            f"starting with a letter or digit (at most {MAX_ID_LENGTH} characters){hint}"
        )
    return partnership_id


def check_type(partnership_type: str) -> str:
    if partnership_type not in TYPES:
        raise StarterError(f"unknown partnership type '{partnership_type}'; choose one of {', '.join(TYPES)}")
    return partnership_type


def default_name(partnership_id: str) -> str:
    """A display name from the id: 'northwind-referrals' → 'Northwind referrals'."""
    words = re.split(r"[-_]+", partnership_id)
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise StarterError("--name is empty; give the partnership's display name")
    from yaml.reader import Reader

    # Reader.NON_PRINTABLE: characters YAML refuses anywhere (U+FFFE, U+FFFF, lone surrogates).
    if _CONTROL.search(name) or Reader.NON_PRINTABLE.search(name):
        raise StarterError("--name must be one line of text without control characters")
    return name


def template_text(partnership_type: str) -> str:
    return (resources.files("partnerscore.starter") / "templates" / f"{check_type(partnership_type)}.yaml").read_text(
        encoding="utf-8"
    )


def _yaml_string(text: str) -> str:
    """`text` as YAML that reads back as this string: ids such as 0, 2026, 1_000, true or null are quoted,
    or a fresh scorecard would fail its own lint (PS104: the id is a number, not a string)."""
    import yaml

    return text if yaml.safe_load(text) == text else json.dumps(text)


def render_scorecard(partnership_type: str, partnership_id: str, name: str | None = None,
                     scorecards_setting: str = "scorecards") -> str:
    """The starter scorecard text for this type, id and display name; `scorecards_setting` is the
    scorecards folder as configured, where the schema its first line names is."""
    check_id(partnership_id)
    display = check_name(name) if name is not None else default_name(partnership_id)
    text = template_text(partnership_type)
    # The id first: it is restricted to [a-z0-9_-], so it cannot bring a placeholder with it. The name is
    # user text, substituted last so nothing in it is replaced again; as a JSON string it is a valid YAML
    # double-quoted scalar, so any quote, colon or hash in it stays part of the value.
    text = text.replace("id: {id}", f"id: {_yaml_string(partnership_id)}", 1)
    text = text.replace("{id}", partnership_id)
    text = text.replace("{schema}", schema_label(scorecards_setting), 1)
    return text.replace("{partnership}", json.dumps(display, ensure_ascii=False))


def schema_label(scorecards_setting: str) -> str:
    """The schema file the modeline names (beside the scorecard), as the project configures the scorecards
    folder (`scorecards/scorecard.schema.json`), ready to paste into a shell and kept on one line."""
    label = PurePosixPath(Path(scorecards_setting).as_posix(), SCHEMA_NAME).as_posix()
    return shlex.quote(_CONTROL.sub("?", label))


def plan(partnership_type: str, partnership_id: str, scorecards: Path, data: Path,
         name: str | None = None, data_setting: str = "data",
         scorecards_setting: str = "scorecards") -> StarterFiles:
    """The two files init writes, with their text; nothing is written here.

    `data_setting` and `scorecards_setting` are the folders as configured, for the comments that say where
    values go and where the schema the first line names is."""
    check_id(partnership_id)
    check_type(partnership_type)
    text = render_scorecard(partnership_type, partnership_id, name, scorecards_setting)
    csv_label = PurePosixPath(Path(data_setting).as_posix(), f"{partnership_id}.csv").as_posix()
    text = text.replace(f"(default data/{partnership_id}.csv)", f"(default {csv_label})", 1)

    return StarterFiles(
        scorecard=scorecards / f"{partnership_id}.yaml",
        scorecard_text=text,
        data=data / f"{partnership_id}.csv",
        data_text=CSV_HEADER,
        schema=scorecards / SCHEMA_NAME,
        schema_text=schema_text(),
    )


def schema_text() -> str:
    """The scorecard JSON Schema as `partnerscore schema` prints it."""
    from partnerscore.model.schemas import scorecard_json_schema

    return json.dumps(scorecard_json_schema(), indent=2, ensure_ascii=False) + "\n"
