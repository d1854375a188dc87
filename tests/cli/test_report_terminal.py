"""`report` on a real 80-column terminal: the command runs in a pseudo-terminal of that size, as a user's
shell would run it, and what it draws is read back."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pty = pytest.importorskip("pty")  # POSIX only
AS_OF = "2026-11-20"
QUESTIONS = ("On track?", "Which drivers explain it?", "What decision this week?", "Running experiments")


def run_in_terminal(args: list[str], columns: int, cwd=REPO) -> str:
    """What `partnerscore ARGS` prints on a terminal `columns` wide (colour off, so the text is plain)."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 60, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    env.update({"NO_COLOR": "1", "COLUMNS": str(columns), "PYTHONIOENCODING": "utf-8"})
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnerscore", *args],
        cwd=cwd,
        env=env,
        stdout=slave,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr.decode()
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "\x1b[" not in text  # NO_COLOR: no styling to strip
    return text


@pytest.fixture(scope="module")
def report80() -> str:
    if not (REPO / "scorecards").is_dir():
        pytest.skip("no example scorecards in the repository")
    return run_in_terminal(["report", "--as-of", AS_OF], 80)


def test_every_line_fits_and_nothing_is_cut(report80: str):
    from rich.cells import cell_len

    lines = report80.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    # Rich marks a cut cell with "…" (it was "Partnersh…", "co-market…"); none is left.
    assert "…" not in report80


def test_the_portfolio_table_keeps_its_headers_and_whole_names(report80: str):
    from json import loads

    from conftest import run_cli

    # From the table's title (after "Needs attention" and the status counts) to the rule before the
    # first partnership.
    block = report80.split("Portfolio as of", 1)[1].split("\n─")[0]
    header = next(line for line in block.splitlines() if "Status" in line)
    assert header.split() == ["Partnership", "Status", "On", "track", "At", "risk", "Off", "track", "Stale"]
    names = [
        p["partnership"]
        for p in loads(run_cli("report", "--as-of", AS_OF, "--format", "json", cwd=REPO).stdout)["partnerships"]
    ]
    words = re.findall(r"\S+", block)
    for name in names:  # wrapped at spaces, but every word whole
        assert all(word in words for word in name.split()), (name, block)


def test_bullets_wrap_under_their_own_text(report80: str):
    # The three questions run from "On track?" to the first blank line. Every line there is a question,
    # an item ("  - …", "    - …" for a driver under its outcome), or a wrapped line of the item above,
    # indented under its first word (it used to restart at the left margin).
    sections = re.findall(r"^On track\?[ ]*\n(?:.+\n)+", report80, re.MULTILINE)
    scorecards = len(list((Path(__file__).resolve().parents[2] / "scorecards").glob("*.yaml")))
    assert len(sections) == scorecards == 7  # one per example partnership
    wrapped = 0
    for section in sections:
        indent = None
        for line in section.splitlines():
            if line.rstrip() in QUESTIONS:
                indent = None
                continue
            item = re.match(r"^( +)- \S", line)
            if item:
                indent = len(item.group(1)) + 2
                continue
            assert indent is not None and re.match(rf"^ {{{indent}}}\S", line), line
            wrapped += 1
    assert wrapped >= 10, "the examples' answers are long: many items wrap at 80 columns"


@pytest.fixture(scope="module", params=[60, 40])
def narrow(request) -> tuple[int, str]:
    if not (REPO / "scorecards").is_dir():
        pytest.skip("no example scorecards in the repository")
    return request.param, run_in_terminal(["report", "--as-of", AS_OF], request.param)


def test_narrow_terminals_fit_every_table_and_cut_nothing(narrow):
    # At 60 columns the portfolio table was 64 wide (the terminal cropped it to "Sta" and lost the stale
    # counts), "Status counts" said "Partne…" and "Needs attention" "Partner-sou…".
    from rich.cells import cell_len

    columns, text = narrow
    assert max(cell_len(line) for line in text.splitlines()) <= columns
    assert "…" not in text


def test_narrow_terminals_keep_every_name_word_and_figure_whole(narrow):
    from json import loads

    from conftest import run_cli

    columns, text = narrow
    report = loads(run_cli("report", "--as-of", AS_OF, "--format", "json", cwd=REPO).stdout)["partnerships"]
    words = set(re.findall(r"\S+", text))
    for p in report:
        # A name wraps at spaces, or after a hyphen ("co-" / "marketing"), never mid-word ("co-marketin").
        for word in p["partnership"].split():
            assert word in words or all(part in words for part in re.findall(r"[^-]+-?", word)), (word, columns)
    overview = text.split("\n─")[0]
    # The portfolio's last column is there (at 40 columns each count is a line under the status: "0 stale").
    assert re.search(r"\bStale\b" if columns >= 60 else r"\b\d stale\b", overview.split("Portfolio as of", 1)[1])
    # The status counts are all there: 7 partnerships, then by status (each figure whole on its line).
    counts = overview.split("Status counts", 1)[1].split("Portfolio as of", 1)[0]
    assert "partnerships" in counts and re.search(r"\b7\b", counts)
    # Every amount target is whole: "$120,000/quarter" on a line, or "$120,000" with "/quarter" under it,
    # never "$120,000/qu" / "arter".
    assert set(re.findall(r"\$[\d,]+/([a-z]*)", text)) <= {"month", "quarter"}
    assert re.search(r"\$120,000\b[^\n]*\n[^\n]*/quarter\b", text) or "$120,000/quarter" in text
