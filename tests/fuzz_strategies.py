"""Hypothesis strategies and a harness for fuzzing every command with valid, near-valid and garbage files.

Inputs start from the repository's own examples (scorecards/, data/, reviews/) and from `partnerscore
init` templates, then are mutated the ways real files break: a field removed, a type changed, a key
duplicated, a byte flipped, a line truncated; or replaced by garbage. The CLI is called in-process
(`partnerscore.cli.main`, SystemExit caught, stdout/stderr redirected) because a subprocess per example
costs ~0.5 s; tests/test_fuzz_cli.py also keeps a few real subprocess runs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-20"
EXAMPLE_IDS = ("northwind", "kestrel", "alder-finch")
TYPES = ("referral", "strategic-alliance", "integration", "co-marketing")


# --- the harness -------------------------------------------------------------------------------------

@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


class _Terminal(io.StringIO):
    """A captured stream that says it is a terminal: click then stops stripping ANSI codes from what it
    echoes, so an escape sequence that would reach a real terminal reaches the test too."""

    def isatty(self) -> bool:
        return True


def run_in_process(argv: list[str], cwd: Path, *, terminal: bool = False, debug: bool = True) -> Run:
    """`partnerscore ARGV` in this process, as a user in `cwd` with NO_COLOR would see it.

    PARTNERSCORE_DEBUG=1 makes the error boundary print the full traceback instead of its one line, so
    a bug found here fails `check_run` with the traceback in its message (the boundary is tested
    elsewhere).
    """
    from partnerscore.cli import main

    stream = _Terminal if terminal else io.StringIO
    out, err = stream(), stream()
    saved_env = {k: os.environ.get(k) for k in ("NO_COLOR", "GITHUB_ACTIONS", "FORCE_COLOR", "COLUMNS",
                                                 "PARTNERSCORE_DEBUG")}
    os.environ.update({"NO_COLOR": "1", "COLUMNS": "200", "PARTNERSCORE_DEBUG": "1" if debug else "0"})
    os.environ.pop("GITHUB_ACTIONS", None)
    os.environ.pop("FORCE_COLOR", None)
    old_cwd = os.getcwd()
    os.chdir(cwd)
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(list(argv))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(old_cwd)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Run(code, out.getvalue(), err.getvalue())


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` except git's own folder."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(root).parts:
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def example_project(root: Path) -> Path:
    """The repository's examples (the partnerships, the referral programme's programs, their CSVs and
    decision notes) copied to `root`."""
    for name in ("scorecards", "programs", "data", "reviews"):
        shutil.copytree(REPO / name, root / name)
    return root


def git_commit_all(root: Path) -> None:
    """Make `root` a git repository whose HEAD holds its current files (the base `diff` compares with)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base", "--no-gpg-sign"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


# --- the commands, and what every run must satisfy -----------------------------------------------------

# Each entry: argv (the scorecard/CSV placeholders are filled per example) and the file it may write.
LINT_FORMATS = ("text", "json", "github", "sarif", "junit")
REPORT_FORMATS = ("table", "markdown", "json", "csv", "html")
DIFF_FORMATS = ("text", "markdown", "json", "github")


def commands(scorecard: str) -> list[tuple[str, ...]]:
    """Every command and format, as argv tuples, for a project whose changed scorecard is `scorecard`."""
    found: list[tuple[str, ...]] = [("lint", "--format", f, "--as-of", AS_OF) for f in LINT_FORMATS]
    found += [("report", "--format", f, "--as-of", AS_OF) for f in REPORT_FORMATS]
    found += [("report", "--format", "html", "--as-of", AS_OF, "--output", "out/report.html")]
    found += [("review", "new", scorecard, "--date", AS_OF)]
    return found


def check_run(argv: tuple[str, ...], run: Run) -> None:
    """The contract for any input: no traceback, no internal error, exit 0/1/2, machine output parses."""
    import json

    assert "Traceback" not in run.stderr, (argv, run.stderr)
    assert "internal error" not in run.stderr, (argv, run.stderr)
    assert run.code in (0, 1, 2), (argv, run.code, run.stderr[-2000:])
    fmt = argv[argv.index("--format") + 1] if "--format" in argv else None
    if fmt in ("json", "sarif") and "--output" not in argv and run.stdout:
        json.loads(run.stdout)
    if argv[0] == "lint" and fmt == "json":
        # lint json is always printed, even when nothing could be read.
        assert isinstance(json.loads(run.stdout)["diagnostics"], list)
    if fmt == "junit" and run.stdout:
        import xml.etree.ElementTree as ET

        ET.fromstring(run.stdout)


def allowed_new_files(argv: tuple[str, ...]) -> set[str]:
    """The files a command was asked to write (relative to the project root)."""
    if "--output" in argv:
        return {argv[argv.index("--output") + 1]}
    return set()


def check_writes(argv: tuple[str, ...], before: dict[str, str], after: dict[str, str]) -> None:
    """No input file changed or vanished; new files only where the command was asked to write."""
    changed = {p for p in before if after.get(p) != before[p]}
    assert not changed, (argv, "modified or deleted", changed)
    new = set(after) - set(before)
    if argv[:2] == ("review", "new"):
        # review new writes reviews/<id>/<date>.yaml and nothing else.
        assert all(p.startswith("reviews/") and p.endswith(f"/{AS_OF}.yaml") for p in new), (argv, new)
        assert len(new) <= 1, (argv, new)
    else:
        assert new <= allowed_new_files(argv), (argv, new)


# --- strategies ---------------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "", " ", "~", "null", "yes", "NaN", ".nan", "-.inf", "1e999", "-0", "30%", "300%", "%", "1,200", "0x1F",
    "[/bold]", "[red]x[/red]", "\x1b[31m", "\x07", "a\rb", "a\nb", "|", "<script>alert(1)</script>",
    '"onmouseover=alert(1)', "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "\tx", "::error::x", "%0A",
    "ü" * 300, "\u202e", "\ufeff", "2026-02-30", "2026-13-01", "0001-01-01", "9999-12-31", "{", "}", "&a",
    "*a", "!!python/object:os.system", "- x", "? x",
]


def scalar_values() -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=40),
        st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.dates(),
    )


def yaml_values() -> st.SearchStrategy:
    return st.recursive(scalar_values(), lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=8)


def _locations(data, loc=()):
    yield loc
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _locations(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _locations(value, loc + (i,))


def _parent(data, loc):
    for step in loc[:-1]:
        data = data[step]
    return data


@st.composite
def mutated_yaml_tree(draw, text: str) -> str:
    """The document with one structural change: a value removed, retyped, or a key renamed or added."""
    data = yaml.safe_load(text)
    locations = [loc for loc in _locations(data) if loc]
    loc = draw(st.sampled_from(locations))
    parent, last = _parent(data, loc), loc[-1]
    op = draw(st.sampled_from(["remove", "retype", "rename", "add"]))
    if op == "remove":
        del parent[last]
    elif op == "retype":
        parent[last] = draw(yaml_values())
    elif op == "rename" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(last)
    elif isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=12))] = draw(yaml_values())
    else:
        parent.append(draw(yaml_values()))
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=draw(st.booleans()), width=10_000)


@st.composite
def mutated_bytes(draw, data: bytes) -> bytes:
    """The file damaged at the byte or line level, the ways editors, exports and merges damage files."""
    op = draw(st.sampled_from(["flip", "truncate", "dup_line", "drop_line", "swap_lines", "insert",
                               "crlf", "cr", "bom", "tab", "latin1", "utf16"]))
    lines = data.splitlines(keepends=True) or [b""]
    if op == "flip":
        i = draw(st.integers(0, max(len(data) - 1, 0)))
        return data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]
    if op == "truncate":
        return data[:draw(st.integers(0, len(data)))]
    if op in ("dup_line", "drop_line", "tab"):
        i = draw(st.integers(0, len(lines) - 1))
        if op == "dup_line":  # in YAML: a duplicated key; in a CSV: a duplicated row
            lines.insert(i, lines[i])
        elif op == "drop_line":
            del lines[i]
        else:
            lines[i] = b"\t" + lines[i]
        return b"".join(lines)
    if op == "swap_lines":
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return b"".join(lines)
    if op == "insert":
        i = draw(st.integers(0, len(data)))
        return data[:i] + draw(st.sampled_from(HOSTILE_TEXT)).encode("utf-8") + data[i:]
    if op == "crlf":
        return data.replace(b"\n", b"\r\n")
    if op == "cr":
        return data.replace(b"\n", b"\r")
    if op == "bom":
        return b"\xef\xbb\xbf" + data
    text = data.decode("utf-8", errors="replace")
    if op == "latin1":
        return text.encode("latin-1", errors="replace")
    return text.encode("utf-16")


@st.composite
def mutated_csv(draw, text: str) -> str:
    """The CSV with one table-level change: a cell, a column or a row changed."""
    rows = list(csv.reader(io.StringIO(text)))
    op = draw(st.sampled_from(["cell", "drop_column", "add_column", "dup_row", "drop_header", "rename_column",
                               "wide"]))
    if op == "cell" and len(rows) > 1:
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, max(len(rows[r]) - 1, 0)))
        if rows[r]:
            rows[r][c] = draw(st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30)))
    elif op == "drop_column" and rows and rows[0]:
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows = [row[:c] + row[c + 1:] for row in rows]
    elif op == "add_column":
        rows = [row + [draw(st.sampled_from(HOSTILE_TEXT)) if i else "extra"] for i, row in enumerate(rows)]
    elif op == "dup_row" and len(rows) > 1:
        r = draw(st.integers(1, len(rows) - 1))
        rows.insert(r, list(rows[r]))
    elif op == "drop_header":
        rows = rows[1:]
    elif op == "rename_column" and rows and rows[0]:
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows[0][c] = draw(st.one_of(st.sampled_from(HOSTILE_TEXT + ["date", "metric", "value", "note"]),
                                    st.text(max_size=10)))
    elif op == "wide" and rows and rows[0][:3] == ["date", "metric", "value"]:
        wide: dict[str, dict[str, str]] = {}
        for row in rows[1:200]:
            if len(row) >= 3:
                wide.setdefault(row[0], {})[row[1]] = row[2]
        series = sorted({s for cells in wide.values() for s in cells})
        rows = [["date", *series]] + [[day, *(cells.get(s, "") for s in series)] for day, cells in wide.items()]
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    return out.getvalue()


def example_file(kind: str) -> st.SearchStrategy[tuple[str, bytes]]:
    """(path relative to the project, original bytes) of one of the repository's example files."""
    if kind == "scorecard":
        paths = sorted((REPO / "scorecards").glob("*.yaml"))
    elif kind == "program":
        paths = sorted((REPO / "programs").glob("*.yaml"))
    elif kind == "csv":
        paths = sorted((REPO / "data").glob("*.csv"))
    else:
        paths = sorted((REPO / "reviews").glob("*/*.yaml"))
    return st.sampled_from([(p.relative_to(REPO).as_posix(), p.read_bytes()) for p in paths])


@st.composite
def variant(draw, kind: str) -> tuple[str, bytes]:
    """A file of `kind` (scorecard, program, csv or note): valid, mutated in structure or in bytes, or
    garbage."""
    path, data = draw(example_file(kind))
    how = draw(st.sampled_from(["valid", "tree", "bytes", "tree+bytes", "garbage"]))
    if how == "garbage":
        return path, draw(st.one_of(st.binary(max_size=600), st.text(max_size=300).map(str.encode)))
    text = data.decode("utf-8")
    if how in ("tree", "tree+bytes"):
        text = draw(mutated_csv(text) if kind == "csv" else mutated_yaml_tree(text))
    data = text.encode("utf-8")
    if how in ("bytes", "tree+bytes"):
        data = draw(mutated_bytes(data))
    return path, data


@st.composite
def starter_scorecard(draw) -> tuple[str, bytes]:
    """An `init` template rendered with a random id and display name, maybe mutated afterwards."""
    from partnerscore.starter.scorecard import StarterError, render_scorecard

    pid = draw(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True))
    name = draw(st.one_of(st.none(), st.text(min_size=1, max_size=40), st.sampled_from(HOSTILE_TEXT)))
    try:
        text = render_scorecard(draw(st.sampled_from(TYPES)), pid, name)
    except StarterError:  # a name init itself refuses (empty, control characters)
        text = render_scorecard("referral", pid, None)
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data = draw(mutated_bytes(data))
    return f"scorecards/{pid}.yaml", data
