"""A small project for the pull's tests: settings, scorecards and any other files, in a folder."""

from __future__ import annotations

from pathlib import Path


def make_project(root: Path, files: dict[str, str] | None = None, *, scorecards: tuple[str, ...] = ("acme",),
                 settings: str = "") -> Path:
    """`root` with a pyproject.toml (`settings` appended to its [tool.partnerscore] table), a scorecard per
    id (pull reads only `id` and `data`), and `files` (path relative to root -> text)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(f"[tool.partnerscore]\n{settings}", encoding="utf-8")
    (root / "scorecards").mkdir(exist_ok=True)
    for pid in scorecards:
        (root / "scorecards" / f"{pid}.yaml").write_text(f"partnership: {pid.title()} referrals\n", encoding="utf-8")
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root
