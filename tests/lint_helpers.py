"""Running the lint engine in-process on scorecard texts, for the data-driven rule tests."""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

from partnerscore.io.paths import discover
from partnerscore.io.settings import Settings
from partnerscore.lint.engine import run_lint
from partnerscore.lint.result import LintResult

AS_OF = date(2026, 1, 15)


def file_bytes(spec) -> bytes:
    """A case file is text, or a mapping with `text` + `encoding`, or `base64` for raw bytes."""
    if isinstance(spec, str):
        return spec.encode("utf-8")
    if "base64" in spec:
        return base64.b64decode(spec["base64"])
    return spec["text"].encode(spec.get("encoding", "utf-8"))


def project_file(name: str) -> str:
    """Where a case file goes, relative to the project root: a bare name is a scorecard in scorecards/;
    a name with a folder (`data/acme.csv`, `reviews/acme/2026-11-06.yaml`) is taken as it is."""
    return name if "/" in name else f"scorecards/{name}"


def lint_files(root: Path, files: dict[str, object], as_of: date = AS_OF,
               settings: dict | None = None) -> LintResult:
    """Write `files` (see `project_file`) into a fresh project under `root` and lint it as a whole, as
    `partnerscore lint --as-of AS_OF` run in `root` does; `settings` are its [tool.partnerscore] table."""
    for name, spec in files.items():
        path = root / project_file(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file_bytes(spec))
    (root / "scorecards").mkdir(exist_ok=True)
    project = Settings(root=root, **(settings or {}))
    return run_lint(discover([], project), project, as_of)


def relative_path(root: Path, shown: str) -> str:
    """A diagnostic's path relative to the project root (it is shown relative to the current folder)."""
    return (Path.cwd() / shown).resolve().relative_to(root.resolve()).as_posix()
