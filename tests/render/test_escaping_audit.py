"""Output escaping audit: hostile text in every user-controlled field, through every output format.

One project holds it all: a valid scorecard (so report, diff and review new show the text), a broken one
(so lint messages quote it), a decision note and CSV notes, under file names with `,` and `:` in them.
Each format gets ONE test asserting what that format must guarantee (see each test's docstring).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from fuzz_strategies import AS_OF, example_project, git_commit_all, run_in_process

CORE = ('[/bold][red]x[/red] \x1b[31mESC\x07BEL a\rCR |pipe| line\n::error file=x.yaml::injected '
        'back\\slash *star* _u_ <b>b</b> <script>alert(1)</script> "onmouseover=alert(1) %0A ]]> '
        '</failure> \x01end')
PREFIXES = ['=HYPERLINK("http://evil")', "+1", "-1", "@SUM(A1)", "\t", "\r"]
SCORECARD = "scorecards/kes,trel:1.yaml"  # `,` and `:` matter in GitHub's file= property
BROKEN = "scorecards/bro,ken:2.yaml"
NOTE = "reviews/kestrel/2026-11-06.yaml"


def hostile(i: int) -> str:
    """The payload behind a spreadsheet-formula prefix, a different one per field."""
    return PREFIXES[i % len(PREFIXES)] + " " + CORE


def _write_yaml(path: Path, data) -> None:
    # safe_dump writes ESC, BEL, CR as double-quoted escapes ("\e", "\a", "\r"): the file itself is clean.
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")


def build(root: Path) -> Path:
    """The examples, with kestrel's scorecard, CSV and note made hostile; a git base for `diff`."""
    example_project(root)
    git_commit_all(root)
    card = yaml.safe_load((root / "scorecards/kestrel.yaml").read_text(encoding="utf-8"))
    (root / "scorecards/kestrel.yaml").unlink()
    n = 0
    for key in ("partnership", "goal", "lead", "partner"):
        card[key], n = hostile(n), n + 1
    for layer in ("outcomes", "drivers", "health", "operations"):
        for metric in card.get(layer, []):
            for key in ("name", "owner", "partner_owner", "when_off_track"):
                metric[key], n = hostile(n), n + 1
    card["data"] = "../data/kestrel.csv"
    _write_yaml(root / SCORECARD, card)
    broken = dict(card, type=hostile(1), **{hostile(2): "unknown field"})
    broken["id"] = "broken"
    _write_yaml(root / BROKEN, broken)

    note = yaml.safe_load((root / NOTE).read_text(encoding="utf-8"))
    note["changed"] = [hostile(3), hostile(4)]
    note["risks"] = [hostile(5)]
    for i, decision in enumerate(note.get("decisions", [])):
        decision.update(what=hostile(i), owner=hostile(i + 1), status="open", due="2026-11-01")
    for i, experiment in enumerate(note.get("experiments", [])):
        experiment.update(hypothesis=hostile(i + 2), expected_impact=hostile(i + 3))
    _write_yaml(root / NOTE, note)

    rows = list(csv.reader(io.StringIO((root / "data/kestrel.csv").read_text(encoding="utf-8"))))
    for i, row in enumerate(rows[1:6], start=1):
        row[3] = hostile(i)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (root / "data/kestrel.csv").write_text(out.getvalue(), encoding="utf-8")
    return root


COMMANDS = {
    "lint-text": ["lint", "--format", "text", "--as-of", AS_OF],
    "lint-json": ["lint", "--format", "json", "--as-of", AS_OF],
    "lint-github": ["lint", "--format", "github", "--as-of", AS_OF],
    "lint-sarif": ["lint", "--format", "sarif", "--as-of", AS_OF],
    "lint-junit": ["lint", "--format", "junit", "--as-of", AS_OF],
    "report-table": ["report", "--format", "table", "--as-of", AS_OF],
    "report-markdown": ["report", "--format", "markdown", "--as-of", AS_OF],
    "report-json": ["report", "--format", "json", "--as-of", AS_OF],
    "report-csv": ["report", "--format", "csv", "--as-of", AS_OF],
    "report-html": ["report", "--format", "html", "--as-of", AS_OF],
    "diff-text": ["diff", "--base", "HEAD", "--format", "text"],
    "diff-markdown": ["diff", "--base", "HEAD", "--format", "markdown"],
    "diff-json": ["diff", "--base", "HEAD", "--format", "json"],
    "diff-github": ["diff", "--base", "HEAD", "--format", "github"],
    "review-new": ["review", "new", SCORECARD, "--date", AS_OF],
}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """Every command run once on the hostile project, on a stream that claims to be a terminal."""
    root = build(tmp_path_factory.mktemp("hostile"))
    runs = {name: run_in_process(argv, root, terminal=True) for name, argv in COMMANDS.items()}
    runs["root"] = root
    return runs


# Raw bytes a terminal would obey; the tool itself adds no colour under NO_COLOR, so any is injected.
RAW_CONTROLS = ("\x1b[31m", "\x07", "\x01", "\r")


def terminal_safe(text: str) -> None:
    for raw in RAW_CONTROLS:
        assert raw not in text, (raw, text[max(0, text.find(raw) - 80):text.find(raw) + 80])


@pytest.fixture(autouse=True)
def _stderr_is_always_safe(out):
    yield
    for name in COMMANDS:
        terminal_safe(out[name].stderr)
        assert "Traceback" not in out[name].stderr and "internal error" not in out[name].stderr


def _markdown_tables(text: str) -> list[list[int]]:
    """Cells per row of every table in `text` (header row first), and any HTML that came through."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables, cells = [], None
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            tables[-1].append(cells)
    return tables


def _html_passed_through(text: str) -> list[str]:
    """Raw HTML markdown-it would pass to the page, other than the <br> that stands for a newline."""
    found = []
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        children = token.children or [token]
        found += [t.content for t in children if t.type in ("html_inline", "html_block")
                  and t.content.strip().lower() not in ("<br>", "<br/>", "<br />")]
    return found


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


LINE_START = re.compile(r"^(?:scorecards|reviews|data)/[^ ]*:\d+:\d+: PS\d{3} ")


def test_lint_text(out):
    """Terminal: no raw controls, Rich markup literal, one line per finding (a newline cannot fake one)."""
    run = out["lint-text"]
    terminal_safe(run.stdout)
    assert "[red]x[/red]" in run.stdout
    body = [line for line in run.stdout.splitlines() if line and not line.startswith("Checked ")]
    assert body and all(LINE_START.match(line) for line in body), body
    assert run.stdout.count("PS102 unknown field") == 1


def test_lint_json(out):
    """JSON parses and carries the hostile field name verbatim (controls as JSON escapes)."""
    run = out["lint-json"]
    record = json.loads(run.stdout)
    (unknown,) = [d for d in record["diagnostics"] if d["rule"] == "PS102"]
    assert hostile(2) in unknown["message"]
    assert unknown["path"] == BROKEN
    assert "\x1b" not in run.stdout and "\\u001b" in run.stdout


def test_lint_github(out):
    """One workflow command per finding: every line starts with `::`, no line injected by a newline,
    and `,` `:` in the file name are escaped in the file= property."""
    run, record = out["lint-github"], json.loads(out["lint-json"].stdout)
    lines = run.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(record["diagnostics"])
    assert all(line.startswith(("::error ", "::warning ")) for line in commands), commands
    # Besides the commands, only the tool's own one-line summary.
    assert [line for line in lines if not line.startswith("::")] == ["partnerscore: 31 files, 2 errors, 3 warnings"]
    assert "file=scorecards/bro%2Cken%3A2.yaml" in run.stdout
    terminal_safe(run.stdout)


def test_lint_sarif(out):
    """SARIF parses and carries the message verbatim."""
    sarif = json.loads(out["lint-sarif"].stdout)
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert any(hostile(2) in m for m in messages)
    assert len(messages) == len(json.loads(out["lint-json"].stdout)["diagnostics"])


def test_lint_junit(out):
    """JUnit parses with xml.etree (`]]>`, `</failure>` and control characters cannot break it)."""
    root = ET.fromstring(out["lint-junit"].stdout)
    text = ET.tostring(root, encoding="unicode")
    assert "[red]x[/red]" in text and "</failure> " not in text.replace("&lt;/failure&gt;", "")
    failures = root.findall(".//failure") + root.findall(".//error")
    errors = json.loads(out["lint-json"].stdout)["summary"]["errors"]
    assert len(failures) >= errors  # every error is a failure (warnings may be too)


def test_report_table(out):
    """Terminal: no raw controls; Rich markup printed literally, never interpreted."""
    run = out["report-table"]
    assert run.code == 1  # the broken scorecard is skipped
    terminal_safe(run.stdout)
    assert "[/bold][red]x[/red]" in run.stdout
    assert "<script>alert(1)</script>" in run.stdout  # a terminal shows HTML as text


def test_report_markdown(out):
    """Every table keeps its cell count; no HTML other than <br> reaches the rendered page."""
    text = out["report-markdown"].stdout
    tables = _markdown_tables(text)
    assert tables
    for rows in tables:
        assert len(set(rows)) == 1, rows
    assert _html_passed_through(text) == []
    terminal_safe(text)
    assert "<script>" not in MarkdownIt("commonmark").enable("table").render(text)


def test_report_json(out):
    """JSON parses and carries names, owners and partner text verbatim."""
    record = json.loads(out["report-json"].stdout)
    kestrel = next(p for p in record["partnerships"] if p["id"] == "kestrel")
    # The model strips surrounding whitespace, so the tab- and CR-prefixed values lose the prefix.
    assert kestrel["partnership"] == hostile(0).strip()
    assert {m["owner"] for m in kestrel["metrics"]} <= {hostile(i).strip() for i in range(len(PREFIXES))}
    assert "\x07" not in out["report-json"].stdout


def test_report_csv(out):
    """Cells starting with = + - @ tab CR are neutralised (a '-' only starts a number); no raw controls."""
    rows = list(csv.reader(io.StringIO(out["report-csv"].stdout)))
    assert len({len(row) for row in rows}) == 1
    kestrel = [row for row in rows if row[0] == "kestrel"]
    assert kestrel
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            if cell.startswith("-"):
                float(cell)
    assert kestrel[0][1].startswith("'=HYPERLINK(")


def test_report_csv_has_no_raw_control_characters(out):
    terminal_safe(out["report-csv"].stdout)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = 0
        self.handlers = []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def test_report_html(out, tmp_path):
    """No element or event handler injected: as many <script> tags as a report of harmless text."""
    plain = run_in_process(COMMANDS["report-html"], example_project(tmp_path))
    expected, got = _Elements(), _Elements()
    expected.feed(plain.stdout)
    got.feed(out["report-html"].stdout)
    assert got.scripts == expected.scripts
    assert got.handlers == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out["report-html"].stdout
    terminal_safe(out["report-html"].stdout)  # HTML printed without --output goes to a terminal




def test_diff_text(out):
    """Terminal: no raw controls, markup literal; each change stays on its own line."""
    run = out["diff-text"]
    assert run.code == 0
    terminal_safe(run.stdout)
    assert "[/bold][red]x[/red]" in run.stdout
    assert not any(line.startswith("::") for line in run.stdout.splitlines())


def test_diff_markdown(out):
    """Every table keeps its cell count; no HTML other than <br> gets through."""
    text = out["diff-markdown"].stdout
    tables = _markdown_tables(text)
    assert tables  # else the loop below checks nothing
    for rows in tables:
        assert len(set(rows)) == 1, rows
    assert _html_passed_through(text) == []
    terminal_safe(text)


def test_diff_json(out):
    """JSON parses and carries the new partnership name verbatim."""
    record = json.loads(out["diff-json"].stdout)
    assert any(hostile(0).strip() in text for text in _strings(record))


def test_diff_github(out):
    """One workflow command per change; besides them only the tool's one-line summary."""
    lines = out["diff-github"].stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(json.loads(out["diff-json"].stdout))
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in commands), commands
    others = [line for line in lines if not line.startswith("::")]
    assert len(others) == 1 and others[0].startswith("Compared with HEAD:"), others
    assert "file=scorecards/kes%2Ctrel%3A1.yaml" in out["diff-github"].stdout
    terminal_safe(out["diff-github"].stdout)


def test_review_new_yaml_round_trips(out):
    """The note review new writes is safe YAML that reads back to the very text it carried over."""
    run = out["review-new"]
    assert run.code == 0, run.stderr
    path = out["root"] / "reviews" / "kestrel" / f"{AS_OF}.yaml"
    text = path.read_text(encoding="utf-8")
    note = yaml.safe_load(text)
    carried = {(d["what"], d["owner"]) for d in note.get("decisions", [])}
    written = yaml.safe_load((out["root"] / NOTE).read_text(encoding="utf-8"))
    # The one change allowed: a CR inside the text comes back as a newline (line ends are normalised).
    assert {(d["what"].strip().replace("\r", "\n"), d["owner"].strip().replace("\r", "\n"))
            for d in written["decisions"]} <= carried
    assert not any(c in text for c in ("\x1b", "\x07", "\x01"))
    lint = run_in_process(["lint", "--format", "json", "--as-of", AS_OF, str(path)], out["root"])
    assert [d["rule"] for d in json.loads(lint.stdout)["diagnostics"] if d["rule"] in ("PS100", "PS105")] == []
