"""Running the lint engine in-process on scorecard texts, for the data-driven rule tests."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

from partnerscore.core.diagnostics import Diagnostic
from partnerscore.io.paths import discover
from partnerscore.io.settings import Settings
from partnerscore.lint.engine import run_lint

AS_OF = date(2026, 1, 15)


def file_bytes(spec) -> bytes:
    """A case file is text, or a mapping with `text` + `encoding`, or `base64` for raw bytes."""
    if isinstance(spec, str):
        return spec.encode("utf-8")
    if "base64" in spec:
        return base64.b64decode(spec["base64"])
    return spec["text"].encode(spec.get("encoding", "utf-8"))


def lint_files(root: Path, files: dict[str, object]) -> list[Diagnostic]:
    """Write `files` (names relative to scorecards/) into a fresh project under `root` and lint it."""
    folder = root / "scorecards"
    folder.mkdir(parents=True)
    for name, spec in files.items():
        (folder / name).write_bytes(file_bytes(spec))
    settings = Settings(root=root)
    return run_lint(discover([folder], settings), settings, AS_OF).diagnostics
