"""Real git repositories for the tests of `diff`: a command runner and an empty repository on a branch."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` (failing the test if it fails); its output."""
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def init_repo(root: Path, branch: str = "main") -> Path:
    """An empty repository at `root` on `branch`, with a committer and no signing."""
    git(root, "init", "-q", "-b", branch)
    for key, value in (("user.email", "test@example.com"), ("user.name", "Test"), ("commit.gpgsign", "false")):
        git(root, "config", key, value)
    return root
