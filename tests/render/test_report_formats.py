"""Every report format, rendered from hand-built PortfolioReports: content, structure and escaping."""

from __future__ import annotations

import csv
import io
import json

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from partnerscore.render.format_values import format_value, sparkline, status_label
from partnerscore.render.report_csv import COLUMNS, render_csv
from partnerscore.render.report_json import render_json
from partnerscore.render.report_markdown import render_markdown
from partnerscore.render.report_table import render_table, table_text
from report_samples import NASTY, metric, nasty_portfolio, partnership, portfolio

METRIC_KEYS = ["id", "layer", "name", "owner", "unit", "period", "period_start", "period_end", "actual",
               "projected", "expected", "target", "stretch", "stretch_met", "by", "baseline", "status", "stale",
               "last_date", "previous", "history"]
MD_HEADERS = ["Metric", "Owner", "Actual", "Expected", "Projected", "Target", "Baseline", "Last period", "Status",
              "Trend", "Data"]
PARTNERSHIP_KEYS = ["id", "partnership", "type", "program", "status", "metrics", "explanations", "decisions_needed",
                    "open_decisions", "last_review", "next_review_due"]


# --- values -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, expected", [
    (460000.0, "USD", "$460,000"),
    (1200.0, "EUR", "€1,200"),
    (1200.0, "GBP", "£1,200"),
    (1200.0, "JPY", "¥1,200"),
    (1200.0, "CHF", "1,200 CHF"),
    (12.5, "USD", "$12.50"),          # small amounts keep their cents
    (1234.56, "USD", "$1,235"),       # large ones round to whole units
    (-500.0, "USD", "-$500"),
    (0.3, "percent", "30.0%"),
    (0.275, "percent", "27.5%"),
    (4.2, "days", "4.2 days"),
    (1.0, "days", "1 day"),
    (3.5, "hours", "3.5 h"),
    (1.25, "ratio", "1.25"),
    (8.1, "score", "8.1"),
    (1234.0, "count", "1,234"),
    (4.27, "count", "4.3"),
    (-0.01, "count", "-0.01"),        # a value its unit's decimals would round to zero keeps its digits
    (-0.0, "count", "0"),             # never "-0"
    (1.3841666e-05, "ratio", "0.000014"),  # two significant digits, not 0.00
    (0.00001, "percent", "0.001%"),   # and no zeros after them
    (0.1 + 0.2 - 0.3, "score", "0.0"),  # float noise (5.6e-17) is the zero it stands for, never "0."
    (5e-16, "days", "0.0 days"),
    (12.5, "JPY", "¥12"),             # yen have no cents (ISO 4217: 0 decimals; half to even)
    (12.345, "BHD", "12.345 BHD"),    # dinars have thousandths
    (0.004, "USD", "$0.00"),          # money keeps its minor unit, as a bank would
    (None, "USD", "—"),
    (float("nan"), "count", "—"),
])
def test_format_value_by_unit(value, unit, expected):
    assert format_value(value, unit) == expected


def test_sparkline_scales_between_lowest_and_highest_and_marks_gaps():
    # low 1, high 3: 1 → bar 0 (▁), 3 → bar 7 (█), 2 → round(0.5 × 7) = round(3.5) = 4 (▅); None → ·
    assert sparkline([1, None, 3, 2]) == "▁·█▅"
    assert sparkline([5.0, 5.0]) == "▄▄"  # flat: mid-height, not zero
    assert sparkline([None, None]) == "··"
    assert sparkline([]) == ""


def test_status_labels_are_words():
    assert [status_label(s) for s in ("on-track", "at-risk", "off-track", "no-data")] == \
        ["on track", "at risk", "off track", "no data"]


# --- table --------------------------------------------------------------------------------------------

def test_table_shows_header_questions_and_layer_rows():
    text = table_text(portfolio())
    assert "Northwind referrals — at risk" in text
    assert "Partner: Northwind Consulting · Lead: Dana Lee · Type: referral\n" in text
    assert "As of: 2026-11-15 · Last review: 2026-11-06 · Next review due: 2026-12-06\n" in text
    assert "Goal: Turn Northwind's network" in text
    for question in ("On track?", "Which drivers explain it?", "What decision this week?"):
        assert question in text
    # One line per outcome under "On track?": status, actual, projected and target together.
    assert ("Influenced Pipeline: at risk — actual $230,000, projected $460,000, target $500,000 per quarter"
            in text)
    assert "Revenue: no data — target $40 per month (stale: no data yet)" in text
    assert "Referrals: off track — projected 28 vs target 40" in text
    assert "Move two webinars to EMEA (Dana Lee, due 2026-11-13, OVERDUE; from the 2026-11-06 review)" in text
    assert "Referrals are off track: decide how to recover. (Priya Shah, due 2026-11-20)" in text
    for title in ("Outcomes", "Drivers", "Health"):
        assert title in text
    assert "Operations" not in text  # an empty layer gets no table
    # history [350000, 400000, 230000] is drawn with the unfinished quarter at its pace (projected 460000):
    # low 350000 → ▁, high 460000 → █, 400000 → round(50000/110000 × 7) = 3 → ▄
    assert "▁▄█" in text
    assert "stale" in text
    assert "Portfolio" not in text  # one partnership: no summary


def test_table_portfolio_summary_only_with_several_partnerships():
    other = partnership("acme", partnership="Acme connector", status="on-track",
                        metrics=[metric("installs", status="on-track"), metric("x", status="on-track", stale=True)])
    text = table_text(portfolio(partnership(), other))
    assert text.index("Portfolio as of 2026-11-15") < text.index("Northwind referrals — at risk")
    summary = text[:text.index("Northwind referrals — at risk")]
    # Northwind: outcomes at-risk + no-data → on 0, at risk 1, off 0; one stale metric (revenue).
    rows = [line.split() for line in summary.splitlines() if line.strip().startswith(("Northwind", "Acme"))]
    assert rows[0][-4:] == ["0", "1", "0", "1"]
    # Acme: both outcomes on track, one stale.
    assert rows[1][-4:] == ["2", "0", "0", "1"]


def test_table_never_interprets_user_text_even_on_a_colour_terminal():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="truecolor", width=200, highlight=False)
    render_table(nasty_portfolio(), console)  # `[/bold]` would raise a MarkupError if parsed as markup
    out = buffer.getvalue()
    assert "[/bold]" in out and "[bold]lead[/bold]" in out
    # The user's ESC and BEL are shown as visible escapes, never sent raw; our own colours still are.
    assert "\\x1b[31mred" in out and "\\x1b]0;title\\x07partner" in out
    assert "\x1b[31mred" not in out and "\x1b]0;" not in out and "\x07" not in out
    assert "\x1b[" in out  # colour is on for this terminal
    assert "a | b\\nc" in out  # the newline is made visible; the row stays one line


def test_table_to_a_file_has_no_control_codes():
    assert "\x1b" not in table_text(nasty_portfolio())


# --- Markdown ----------------------------------------------------------------------------------------

def gfm() -> MarkdownIt:
    # GitHub's dialect as far as tables go (gfm-like would also need linkify-it, which is not installed).
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _tables(markdown: str) -> list[tuple[list[str], list[list[str]]]]:
    """(header cells, body rows of cells) of every GFM table, as markdown-it parses them."""
    tokens = gfm().parse(markdown)
    tables, row, header, body, section = [], None, [], [], None
    for tok in tokens:
        if tok.type == "table_open":
            header, body = [], []
        elif tok.type in ("thead_open", "tbody_open"):
            section = tok.type
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close":
            (header if section == "thead_open" else body).append(row)
            row = None
        elif tok.type == "table_close":
            tables.append((header[0], body))
    return tables


def test_markdown_has_one_table_per_layer_with_every_metric():
    md = render_markdown(portfolio())
    tables = _tables(md)
    assert [len(body) for _, body in tables] == [2, 2, 1]  # outcomes, drivers, health
    assert tables[0][0] == MD_HEADERS
    # A hand-built metric with no `elapsed` is not paced: no Expected. Its last period (400,000) rose
    # 400/350 - 1 = 14% from the one before; its status then is unknown here, so none is shown.
    assert tables[0][1][0][:9] == ["Influenced Pipeline", "Dana Lee", "$230,000", "", "$460,000", "$500,000/quarter",
                                   "$300,000", "$400,000 ▲14%", "🟡 at risk"]
    assert "## Northwind referrals — 🟡 at risk" in md
    assert "### On track?" in md and "### Which drivers explain it?" in md and "### What decision this week?" in md
    assert "- **Influenced Pipeline**: 🟡 at risk — actual $230,000, projected $460,000" in md
    assert "## Portfolio" not in md


def test_markdown_tables_survive_pipes_newlines_and_backslashes_in_user_text():
    md = render_markdown(nasty_portfolio())
    tables = _tables(md)
    assert len(tables) == 2
    for header, body in tables:
        assert len(body) == 1
        assert len(body[0]) == len(header) == len(MD_HEADERS)
    name_cell = tables[0][1][0][0]
    # Escapes survive as Markdown escapes that render back to the user's characters.
    rendered = gfm().renderInline(name_cell)
    assert "a | b<br>c \\| d [/bold]" in rendered
    assert "\\x1b[31mred =cmd()" in rendered
    assert "\x1b" not in md
    html = gfm().render(md)
    assert "<script" not in html and "<bold>" not in html


def test_markdown_portfolio_summary_with_several_partnerships():
    other = partnership("acme", partnership="Acme | connector", status="off-track")
    md = render_markdown(portfolio(partnership(), other))
    # After "Needs attention" and the status counts, the table of partnerships.
    header, body = _tables(md)[1]
    assert header == ["Partnership", "Type", "Status", "On track", "At risk", "Off track", "Stale metrics"]
    # markdown-it un-escapes `\|` inside a cell: the pipe is text, not a cell border.
    assert [row[0] for row in body] == ["Northwind referrals", "Acme | connector"]
    assert body[1][2] == "🔴 off track"


# --- JSON --------------------------------------------------------------------------------------------

def test_json_has_exactly_specs_keys_numbers_and_nulls():
    data = json.loads(render_json(portfolio()))
    assert list(data) == ["as_of", "partnerships", "problems", "portfolio"]
    assert data["problems"] == []  # a clean portfolio: nothing left out
    assert data["as_of"] == "2026-11-15"
    p = data["partnerships"][0]
    assert list(p) == PARTNERSHIP_KEYS
    assert [m["layer"] for m in p["metrics"]] == ["outcome", "outcome", "driver", "driver", "health"]
    for m in p["metrics"]:
        assert list(m) == METRIC_KEYS
    pipeline, revenue = p["metrics"][0], p["metrics"][1]
    assert pipeline["projected"] == 460000.0 and isinstance(pipeline["projected"], float)
    assert pipeline["history"] == [350000.0, 400000.0, 230000.0]
    assert pipeline["period_start"] == "2026-11-01" and pipeline["stale"] is False
    assert revenue["actual"] is None and revenue["last_date"] is None and revenue["history"] == [None]
    assert p["last_review"] == "2026-11-06"
    assert p["open_decisions"][0]["overdue"] is True


def test_json_turns_non_finite_numbers_into_null():
    p = partnership(metrics=[metric(actual=float("nan"), projected=float("inf"), history=[float("-inf"), 1.0])])
    text = render_json(portfolio(p))
    assert "NaN" not in text and "Infinity" not in text
    m = json.loads(text)["partnerships"][0]["metrics"][0]
    assert m["actual"] is None and m["projected"] is None and m["history"] == [None, 1.0]


def test_json_keeps_user_text_exact():
    m = json.loads(render_json(nasty_portfolio()))["partnerships"][0]["metrics"][0]
    assert m["name"] == NASTY


# --- CSV ---------------------------------------------------------------------------------------------

def test_csv_one_row_per_metric_with_numbers_as_numbers():
    rows = list(csv.reader(io.StringIO(render_csv(portfolio()))))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 1 + 5
    pipeline = dict(zip(COLUMNS, rows[1], strict=True))
    assert pipeline["partnership_id"] == "northwind" and pipeline["layer"] == "outcome"
    assert pipeline["actual"] == "230000" and pipeline["projected"] == "460000"  # 230000.0 written as 230000
    assert pipeline["period_start"] == "2026-11-01" and pipeline["stale"] == "false"
    revenue = dict(zip(COLUMNS, rows[2], strict=True))
    assert revenue["actual"] == "" and revenue["last_date"] == "" and revenue["stale"] == "true"
    conversion = dict(zip(COLUMNS, rows[4], strict=True))
    assert conversion["actual"] == "0.3" and conversion["baseline"] == "0.22"


def test_csv_keeps_the_digits_of_tiny_values_and_each_currencys_minor_unit():
    # A ratio of 0.0000138 rounded to the ratio's 4 decimals would be 0: it keeps two significant digits.
    # Yen have no cents (ISO 4217), dinars have thousandths; dollars keep cents even when that gives 0.
    metrics = [metric("rate", unit="ratio", actual=1.3841666e-05, projected=1.3841666e-05, target=0.000012,
                      baseline=0.000005),
               metric("sales", unit="JPY", actual=55434.78, projected=-97617.42, target=60000.0, baseline=12.5),
               metric("fees", unit="BHD", actual=12.3456, projected=12.3456, target=20.0, baseline=10.0),
               metric("tips", unit="USD", actual=0.004, projected=0.004, target=1.0, baseline=0.5)]
    rows = [dict(zip(COLUMNS, row, strict=True))
            for row in list(csv.reader(io.StringIO(render_csv(portfolio(partnership(metrics=metrics))))))[1:]]
    rate, sales, fees, tips = rows
    assert (rate["actual"], rate["target"], rate["baseline"]) == ("1.4e-05", "1.2e-05", "5e-06")
    assert float(rate["actual"]) == 0.000014  # as a number, not text: Python's csv writes its repr
    assert (sales["actual"], sales["projected"], sales["baseline"]) == ("55435", "-97617", "12")
    assert fees["actual"] == "12.346"
    assert tips["actual"] == "0"


def test_csv_neutralises_formula_injection_but_not_negative_numbers():
    p = nasty_portfolio().partnerships[0]
    p.metrics[1].actual = -5.0
    rows = list(csv.reader(io.StringIO(render_csv(portfolio(p)))))
    first, second = dict(zip(COLUMNS, rows[1], strict=True)), dict(zip(COLUMNS, rows[2], strict=True))
    assert first["owner"].startswith("'=HYPERLINK")
    assert second["name"].startswith("'+1 ") and second["owner"] == "'-2 owner"
    assert second["actual"] == "-5"  # a number, not text: no quote mark
    # Text in the middle of a cell is kept as written (csv quotes the newline and pipes); only the ESC of
    # the colour code becomes a visible escape.
    assert first["name"] == NASTY.replace("\x1b", "\\x1b")


def test_an_overdue_decision_already_flagged_is_not_listed_twice():
    from datetime import date

    from partnerscore.report.result import DecisionNeeded

    p = partnership()
    p.decisions_needed = [DecisionNeeded("overdue-decision", "'Move two webinars to EMEA' was due 2026-11-13",
                                         owner="Dana Lee", due=date(2026, 11, 13))]
    text = table_text(portfolio(p))
    assert text.count("Move two webinars to EMEA") == 1
    p.decisions_needed = []  # not flagged: the open decision itself is listed
    assert "Open decision — Move two webinars to EMEA" in table_text(portfolio(p))


# --- what a partnerships lead reads -----------------------------------------------------------------

def _layer_row(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(name))


@pytest.mark.parametrize("overrides, cell, words", [
    (dict(unit="USD", period="quarter", target=500000.0), "$500,000/quarter", "target $500,000 per quarter"),
    (dict(unit="days", target=2.0, actual=1.8, projected=1.8), "2 days", "target 2 days (monthly average)"),
    (dict(unit="percent", target=0.98, actual=0.84, projected=0.84), "98.0%", "target 98.0% (monthly average)"),
    (dict(aggregation="last", period="quarter", target=1000.0), "1,000", "(latest value in the quarter)"),
    (dict(unit="percent", formula="sql / mql", target=0.3, actual=0.22, projected=0.22), "30.0%",
     "target 30.0% (over the month)"),
])
def test_only_a_summed_target_reads_per_period(overrides, cell, words):
    # "2 days/month" or "98.0%/month" reads as a quantity per month; only a summed flow is one.
    m = metric("kpi", **overrides)
    text = table_text(portfolio(partnership(metrics=[m], explanations=[], decisions_needed=[], open_decisions=[])))
    row = _layer_row(text, "Kpi")
    assert cell in row and (cell.endswith("/quarter") or "/month" not in row and "/quarter" not in row)
    assert words in text
    markdown = render_markdown(portfolio(partnership(metrics=[m], explanations=[], decisions_needed=[],
                                                     open_decisions=[])))
    assert f"| {cell} |" in markdown


def test_decisions_do_not_repeat_the_owner_or_date_their_sentence_already_names():
    from datetime import date

    from partnerscore.report.result import DecisionNeeded

    p = partnership(open_decisions=[], decisions_needed=[
        DecisionNeeded("overdue-decision", "'Fix the mapping' was due 2026-11-13 (2 days ago): Ravi Menon to "
                       "close it, or set a new date", owner="Ravi Menon", due=date(2026, 11, 13)),
        DecisionNeeded("stale-data", "Latency has no data since 2026-11-01 (updated weekly): Ravi Menon to "
                       "update it", metric="latency", owner="Ravi Menon"),
        DecisionNeeded("off-track", "Referrals are off track: decide how to recover.", owner="Priya Shah"),
    ])
    text = table_text(portfolio(p))
    assert "close it, or set a new date\n" in text and "(Ravi Menon, due 2026-11-13)" not in text
    assert "Ravi Menon to update it\n" in text and "update it (Ravi Menon)" not in text
    assert "decide how to recover. (Priya Shah)" in text  # an owner the sentence does not name is added


def test_explanations_name_each_driver_once_and_no_data_says_so_once():
    from partnerscore.report.explain import explain

    metrics = [
        metric("pipeline", status="off-track", projected=28.0, target=40.0),
        metric("webinars", layer="driver", status="off-track", projected=1.0, target=2.0, drives=["pipeline"]),
        metric("referrals", layer="driver", status="no-data", actual=None, projected=None, target=16.0,
               drives=["pipeline"]),
    ]
    p = partnership(metrics=metrics, decisions_needed=[], open_decisions=[])
    p.explanations = explain(metrics)
    text = table_text(portfolio(p))
    assert text.count("Webinars: off track") == 1 and "Webinars off track (" not in text
    assert "Pipeline is off track (28 vs 40 target); its drivers, furthest behind first:" in text
    assert "Referrals: no data — target 16" in text
    assert "no data (no data)" not in p.explanations[0].note  # the JSON's note
    assert "Referrals (no data)" in p.explanations[0].note


def test_on_a_terminal_text_wraps_at_words_and_tables_fit_its_width(monkeypatch):
    import sys

    from partnerscore.render.console import stdout_console

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    p = partnership(goal="Turn the partner's finance-transformation audience into two million dollars of "
                         "influenced pipeline a year through joint webinars and consultant referrals.")
    render_table(portfolio(p), stdout_console())
    lines = terminal.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 100
    text = terminal.getvalue()
    for word in ("finance-transformation", "influenced", "webinars", "referrals."):
        assert word in text  # wrapped between words, never inside one



@pytest.mark.parametrize("width, headers, dropped", [
    (80, ["Metric", "Actual", "Projected", "Target", "Status", "Data"],
     ["Owner", "Expected", "Baseline", "Last period", "Trend"]),
    (100, ["Metric", "Actual", "Expected", "Projected", "Target", "Status", "Data"],
     ["Owner", "Baseline", "Last period", "Trend"]),
    (110, ["Metric", "Actual", "Expected", "Projected", "Target", "Last", "period", "Status", "Data"],
     ["Owner", "Baseline", "Trend"]),
    (120, ["Metric", "Actual", "Expected", "Projected", "Target", "Last", "period", "Status", "Trend", "Data"],
     ["Owner", "Baseline"]),
    (135, ["Metric", "Owner", "Actual", "Expected", "Projected", "Target", "Last", "period", "Status", "Trend",
           "Data"], ["Baseline"]),
    (160, ["Metric", "Owner", "Actual", "Expected", "Projected", "Target", "Baseline", "Last", "period", "Status",
           "Trend", "Data"], []),
])
def test_a_narrow_terminal_drops_columns_rather_than_cutting_figures(width, headers, dropped):
    # Squeezed into 80 columns, nine columns came out as "Proje…", "Basel…", "$500,0…": a table that
    # cannot be read. Narrow terminals drop what a review can do without, so every figure stays whole.
    from rich.console import Console

    buffer = io.StringIO()
    m = metric("influenced_pipeline", unit="USD", period="quarter", actual=265000.0, projected=478039.0,
               target=500000.0, baseline=320000.0, status="at-risk", partner_owner="Tom Berg", elapsed=51 / 92,
               expected=277173.9, previous=471500.0, previous_status="at-risk",
               history=[370500.0, 471500.0, 265000.0])
    render_table(portfolio(partnership(metrics=[m], explanations=[], decisions_needed=[], open_decisions=[])),
                 Console(file=buffer, width=width, color_system=None, highlight=False))
    text = buffer.getvalue()
    header = next(line for line in text.splitlines() if line.strip().startswith("Metric"))
    assert header.split() == headers and not any(name in header for name in dropped)
    assert "…" not in text and max(len(line) for line in text.splitlines()) <= width
    for figure in ("$265,000", "$478,039", "$500,000/quarter", "at risk"):
        assert figure in text
    table = text[text.index("Outcomes"):]  # the layer table, not the "On track?" lines above it
    assert ("$277,174" in table) == (width >= 90)  # Expected, the last column to go
    assert ("$471,500 ▲27% !" in table) == (width >= 110)  # 471,500 / 370,500 - 1 = 27%, at risk then
    assert ("Dana Lee / Tom Berg" in text) == (width >= 140)


# --- running experiments: a short list under the partnership in table and Markdown; none in JSON ------

EXPERIMENTS = [
    {"hypothesis": "Shorter invite copy lifts registrations", "expected_impact": "+2 leads per webinar",
     "metric": "referrals", "owner": "Priya Shah", "ends": "2027-01-15", "review": "2026-11-06"},
    # a raw series a formula reads has no name: its id is shown; no owner, no end date
    {"hypothesis": "A demo | lifts *SQL*\n[bold]now[/bold] \x1b[31m", "expected_impact": "x", "metric": "sql",
     "owner": None, "ends": None, "review": "2026-11-06"},
]


def test_running_experiments_are_listed_under_the_partnership_in_table_and_markdown():
    p = partnership(experiments=[dict(e) for e in EXPERIMENTS])
    text = table_text(portfolio(p))
    decisions_at, experiments_at = text.index("What decision this week?"), text.index("Running experiments")
    assert decisions_at < experiments_at < text.index("Outcomes")  # after the decisions, before the tables
    # The metric by its name (Referrals, from report_samples' `metric("referrals")`), the owner, the end.
    assert "  - Shorter invite copy lifts registrations (for Referrals; Priya Shah, ends 2027-01-15)" in text
    # User text stays text on one line: no markup parsed, the ESC made visible, the newline too.
    assert "  - A demo | lifts *SQL*\\n[bold]now[/bold] \\x1b[31m (for sql)" in text and "\x1b" not in text

    md = render_markdown(portfolio(p))
    assert md.index("### What decision this week?") < md.index("### Running experiments") < md.index("### Outcomes")
    assert "- Shorter invite copy lifts registrations (for Referrals; Priya Shah, ends 2027-01-15)" in md
    (item,) = [line for line in md.splitlines() if line.startswith("- A demo")]
    # Escaped as every other list item: `|`, `*`, `[` stay characters, the newline a space, the ESC visible.
    assert item == "- A demo \\| lifts \\*SQL\\* \\[bold\\]now\\[/bold\\] \\\\x1b\\[31m (for sql)"
    html = gfm().render(md)
    assert "<em>" not in html and "A demo | lifts *SQL* [bold]now[/bold] \\x1b[31m (for sql)" in html

    # JSON has no place for them (SPEC.md's shape) and gets no new key.
    data = json.loads(render_json(portfolio(p)))
    assert list(data["partnerships"][0]) == PARTNERSHIP_KEYS


def test_no_running_experiments_no_heading():
    p = partnership(experiments=[])
    assert "Running experiments" not in table_text(portfolio(p))
    assert "Running experiments" not in render_markdown(portfolio(p))
