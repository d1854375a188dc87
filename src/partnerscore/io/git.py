"""Reading files as they were at a git revision, without touching the working tree.

Only read-only plumbing is used (`rev-parse`, `merge-base`, `ls-tree`, `show`), each run as a list of
arguments without a shell. Nothing is checked out, no index or ref is written.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git is missing, this is not a repository, or a revision does not exist (exit 2)."""


_TIMEOUT = 60
# Where a branch is headed, most likely first: (name shown to the user, full ref, so that a tag or a
# file called `main` is never taken for the branch).
_DEFAULT_BASES = (("origin/main", "refs/remotes/origin/main"), ("origin/master", "refs/remotes/origin/master"),
                  ("main", "refs/heads/main"), ("master", "refs/heads/master"))


def _env() -> dict:
    env = dict(os.environ)
    # Never prompt, never take optional locks (which would write the index), messages in English.
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    return env


def _git(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, env=_env(), capture_output=True, timeout=_TIMEOUT)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH; diff needs git") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took more than {_TIMEOUT} seconds") from None
    if check and proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {detail[-1] if detail else 'exit ' + str(proc.returncode)}")
    return proc


@dataclass(frozen=True)
class Repo:
    root: Path

    @classmethod
    def find(cls, start: Path) -> Repo:
        proc = _git(["rev-parse", "--show-toplevel"], start, check=False)
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace")
            if "dubious ownership" in detail:
                # git refuses repositories owned by another user until they are marked safe.
                raise GitError(f"git refuses to read the repository at {start} (owned by another user); "
                               "mark it safe with `git config --global --add safe.directory <path>`")
            raise GitError(f"{start} is not inside a git repository; diff compares with a git revision, "
                           "so run it in your scorecards repository")
        return cls(Path(proc.stdout.decode("utf-8", "surrogateescape").strip()))

    def resolve(self, ref: str) -> str:
        """The commit id `ref` names; a GitError naming the ref when there is none."""
        if not ref or ref.startswith("-") or any(ch in ref for ch in "\0\n"):
            raise GitError(f"'{ref}' is not a valid git revision")
        proc = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], self.root, check=False)
        if proc.returncode != 0:
            raise GitError(f"unknown git revision '{ref}'; give a branch, tag or commit that exists here "
                           "(in CI, fetch history with `fetch-depth: 0`)")
        return proc.stdout.decode().strip()

    def has_ref(self, ref: str) -> bool:
        proc = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], self.root, check=False)
        return proc.returncode == 0

    def default_base(self) -> tuple[str, str]:
        """(commit, description): the merge base of HEAD with the first of origin/main, origin/master,
        main and master that exists (a fresh clone has origin/main; a repository that was never pushed
        has only a local main), else HEAD. When that merge base is HEAD itself (on main, or a branch with
        no commits of its own), it is called HEAD, which is what it is."""
        if not self.has_ref("HEAD"):
            raise GitError("this repository has no commits yet, so there is nothing to compare with")
        head = self.resolve("HEAD")
        for name, ref in _DEFAULT_BASES:
            if not self.has_ref(ref):
                continue
            proc = _git(["merge-base", "HEAD", ref], self.root, check=False)
            base = proc.stdout.decode().strip() if proc.returncode == 0 else ""
            if base:
                return (head, "HEAD") if base == head else (base, f"merge base with {name}")
        return head, "HEAD"

    def list_files(self, commit: str, paths: list[str]) -> list[str]:
        """Files (repository-relative, `/`-separated) under `paths` at `commit`."""
        proc = _git(["ls-tree", "-r", "--name-only", "-z", "--full-tree", commit, "--", *paths], self.root)
        names = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
        return [name for name in names if name]

    def read_file(self, commit: str, path: str, *, max_bytes: int) -> bytes:
        """The content of `path` at `commit`; a GitError when it is larger than `max_bytes`."""
        size = _git(["cat-file", "-s", f"{commit}:{path}"], self.root, check=False)
        if size.returncode == 0 and int(size.stdout.strip() or 0) > max_bytes:
            raise GitError(f"{path} is over the {max_bytes // 1024} KiB limit for a scorecard "
                           f"at {commit[:12]}")
        return _git(["show", "--no-textconv", f"{commit}:{path}"], self.root).stdout

    def relative(self, path: Path) -> str:
        """`path` relative to the repository root, `/`-separated; a GitError when it is outside."""
        try:
            rel = Path(os.path.realpath(path)).relative_to(self.root.resolve())  # a symlink loop: no RuntimeError
        except ValueError:
            raise GitError(f"{path} is outside the git repository at {self.root}") from None
        text = rel.as_posix()
        return "" if text == "." else text
