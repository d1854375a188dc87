"""`partnerscore init ID --program PROGRAM`: a short scorecard that extends a program.

The program gives the goal, type, cadence, metrics and targets; the scorecard names what is this
partnership's own: its display name, the partner, and the people on the partner's side. Whatever the
program leaves open is written as a `TBD` to replace (lint's PS304 warns until it is), never as a
missing field (an error): a fresh scorecard lints without errors.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from partnerscore.core.vocabulary import LAYERS
from partnerscore.model.program_file import ProgramCatalog, ResolvedProgram
from partnerscore.starter.scorecard import (
    CSV_HEADER,
    SCHEMA_NAME,
    StarterError,
    StarterFiles,
    check_id,
    check_name,
    check_type,
    default_name,
    schema_text,
)

_HEADER = """\
# yaml-language-server: $schema=scorecard.schema.json
# A partnership in the program {program} ({path}). The program gives the goal, type, cadence,
# metrics and targets; this file names the partner and its people. Every "TBD" is for you to decide.
#
# How to finish it:
#   1. Name the partner and, under `metrics:`, the owner on the partner's side of each metric.
#   2. Change any field of a program's metric under `metrics:` (a target this partner agreed, a
#      baseline measured for it): `sourced_revenue: {{target: 300000, baseline: 180000}}`.
#   3. Add metrics of this partnership only under a layer (`drivers:` with `- id: …` entries).
#   4. Run `partnerscore lint`: it warns (PS304, PS303, ...) about whatever is still undecided.
# Metric values go in the data CSV (default {data}/{id}.csv).
"""


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def usable_program(programs: ProgramCatalog, program_id: str) -> ResolvedProgram:
    """The program to extend; a StarterError (exit 2) when there is none or it has errors."""
    program = programs.get(program_id)
    if program is None:
        raise StarterError(programs.unknown_message(program_id))
    if not program.usable:
        first = min(program.chain_errors, key=lambda d: d.sort_key())
        raise StarterError(f"program '{program_id}' has errors, so a scorecard cannot extend it yet: "
                           f"{first.path}:{first.line}:{first.column}: {first.rule} {first.message} "
                           f"(`partnerscore lint {program.display}` shows every problem)")
    return program


def _to_fill(metric: dict) -> dict[str, str]:
    """The fields of one of the program's metrics that this partnership has to give."""
    fields = {}
    if not metric.get("name"):
        fields["name"] = _quoted("TBD: what the metric is")
    if not metric.get("owner"):
        fields["owner"] = _quoted("TBD: owner")
    if metric.get("partner_owner") is None:
        fields["partner_owner"] = _quoted("TBD: owner at the partner")
    if metric.get("target") is None:
        fields["target"] = "0  # TBD: the program sets no target for this partnership"
    return fields


def render_extending(program: ResolvedProgram, partnership_id: str, name: str | None = None,
                     partnership_type: str | None = None, data_setting: str = "data") -> str:
    """The scorecard text: `extends:` the program, with what the program leaves to each partnership."""
    assert program.merged is not None
    data: dict[str, Any] = program.merged.data
    display = check_name(name) if name is not None else default_name(partnership_id)
    lines = [_HEADER.format(program=_quoted(str(data.get("program", program.id))), path=program.display,
                            data=data_setting, id=partnership_id)]
    lines.append(f"extends: {program.id}")
    lines.append(f"partnership: {_quoted(display)}")
    lines.append(f"partner: {_quoted('TBD: partner organisation')}")
    if not data.get("lead"):
        lines.append(f"lead: {_quoted('TBD: partnership lead')}")
    if not data.get("goal"):
        lines.append(f"goal: {_quoted('TBD: say in one sentence why this partnership exists.')}")
    if not data.get("type"):
        if partnership_type is None:
            raise StarterError(f"program '{program.id}' has no type; pass --type TYPE for this partnership")
        lines.append(f"type: {check_type(partnership_type)}")
    elif partnership_type is not None and partnership_type != data["type"]:
        raise StarterError(f"program '{program.id}' sets type {data['type']}; leave out --type (or change "
                           "the type under the program)")
    overrides = []
    for layer in LAYERS:
        for metric in data.get(layer) or []:
            fields = _to_fill(metric)
            if not fields:
                continue
            if "target" in fields:  # a comment ends the line: block style for this metric
                overrides.append(f"  {metric['id']}:")
                overrides += [f"    {key}: {value}" for key, value in fields.items()]
            else:
                overrides.append(f"  {metric['id']}: {{{', '.join(f'{k}: {v}' for k, v in fields.items())}}}")
    if overrides:
        lines += ["# This partnership's side of the program's metrics (any other field may be changed too):",
                  "metrics:", *overrides]
    return "\n".join(lines) + "\n"


def plan_extending(programs: ProgramCatalog, program_id: str, partnership_id: str, scorecards: Path,
                   data: Path, name: str | None = None, partnership_type: str | None = None,
                   data_setting: str = "data") -> StarterFiles:
    """The two files `init ID --program PROGRAM` writes, with their text; nothing is written here."""
    check_id(partnership_id)
    program = usable_program(programs, program_id)
    text = render_extending(program, partnership_id, name, partnership_type,
                            PurePosixPath(Path(data_setting).as_posix()).as_posix())
    return StarterFiles(scorecard=scorecards / f"{partnership_id}.yaml", scorecard_text=text,
                        data=data / f"{partnership_id}.csv", data_text=CSV_HEADER,
                        schema=scorecards / SCHEMA_NAME, schema_text=schema_text())
