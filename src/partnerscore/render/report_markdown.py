"""`report --format markdown`: GitHub-flavoured Markdown for PR comments and $GITHUB_STEP_SUMMARY.

User text goes through `markdown_cell` in tables and `markdown_text` elsewhere, so a `|`, a backslash
or a newline in a metric name never breaks a table, and `*`, `[`, `<` never become formatting or HTML.
"""

from __future__ import annotations

from collections.abc import Container

from partnerscore.render.escape import markdown_cell, markdown_code, markdown_text
from partnerscore.render.format_values import (
    MISSING,
    expected_cell,
    format_value,
    last_period,
    metric_trend,
    sparkline,
    status_label,
    stretch_met,
    target_cell,
)
from partnerscore.render.report_common import Line, data_flag, header_facts, layers, question_blocks, summarize
from partnerscore.render.report_overview import (
    COUNT_COLUMNS,
    NOTHING_NEEDS_ATTENTION,
    SKIPPED_ADVICE,
    attention_title,
    counts_title,
    filter_sentence,
    pages,
    rest_sentence,
    shows_overview,
    skipped_title,
)
from partnerscore.render.report_overview import count_rows as overview_count_rows
from partnerscore.report.overview import PortfolioOverview
from partnerscore.report.result import MetricReport, PartnershipReport, PortfolioReport

STATUS_EMOJI = {"on-track": "🟢", "at-risk": "🟡", "off-track": "🔴", "no-data": "⚪"}


def status_md(status: str) -> str:
    return f"{STATUS_EMOJI.get(status, '')} {status_label(status)}".strip()


def table(headers: list[str], rows: list[list[str]], right: Container[int] = frozenset()) -> list[str]:
    """A GFM table; cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def portfolio_summary(portfolio: PortfolioReport) -> list[str]:
    rows = []
    for p in portfolio.partnerships:
        s = summarize(p)
        rows.append([markdown_cell(p.partnership), markdown_cell(p.type), status_md(p.status),
                     str(s.on_track), str(s.at_risk), str(s.off_track), str(s.stale)])
    return ["## Portfolio", ""] + table(
        ["Partnership", "Type", "Status", "On track", "At risk", "Off track", "Stale metrics"], rows,
        right={3, 4, 5, 6}) + [""]


def line_md(line: Line) -> str:
    text = "  " * line.indent + "- "
    if line.subject:
        subject = markdown_text(line.subject)
        text += (f"**{subject}**" if not line.indent else subject) + (": " if line.status else " — ")
    if line.status:
        text += status_md(line.status) + " — "
    return text + markdown_text(line.text)


HEADERS = ["Metric", "Owner", "Actual", "Expected", "Projected", "Target", "Baseline", "Last period", "Status",
           "Trend", "Data"]
RIGHT = frozenset({2, 3, 4, 5, 6, 7})


def status_cell(m: MetricReport) -> str:
    """The status; a met stretch is said beside it, with a star and the word."""
    return status_md(m.status) + (" · ★ stretch met" if stretch_met(m) else "")


def last_period_cell(m: MetricReport) -> str:
    """`$99,000 ▲20%, at risk`: the last period's value, its change, and its status then, in words."""
    last = last_period(m)
    if last is None:
        return MISSING
    return last.text + (f", {status_label(last.status)}" if last.status else "")


def target_md(m: MetricReport) -> str:
    target = target_cell(m)
    return target + (f", stretch {format_value(m.stretch, m.unit)}" if m.stretch is not None else "")


def metric_row(m: MetricReport) -> list[str]:
    owner = m.owner + (f" / {m.partner_owner}" if m.partner_owner else "")
    return [markdown_cell(m.name), markdown_cell(owner), format_value(m.actual, m.unit), expected_cell(m),
            format_value(m.projected, m.unit), target_md(m), format_value(m.baseline, m.unit),
            last_period_cell(m), status_cell(m), sparkline(metric_trend(m)), _data_md(m)]


def _data_md(m: MetricReport) -> str:
    flag = data_flag(m)
    return f"⚠️ {flag}" if flag else ""


def partnership_md(p: PartnershipReport, portfolio: PortfolioReport) -> list[str]:
    lines = [f"## {markdown_text(p.partnership)} — {status_md(p.status)}", ""]
    for facts in header_facts(p, portfolio):
        lines += [" · ".join(f"**{label}:** {markdown_text(value)}" for label, value in facts), ""]
    lines += [f"> {markdown_text(p.goal)}", ""]
    if p.left_out is not None:  # SPEC.md: data the report could not use is counted under its partnership
        command = p.left_out.lint_command
        shows = f" ({markdown_code(command)} shows each)" if command else ""
        lines += [f"⚠️ {markdown_text(p.left_out.summary())}{shows}", ""]
    notes = p.notes_left_out()
    if notes is not None:  # their decisions, overdue ones too, are missing from the lists below
        lines += [f"⚠️ {markdown_text(notes)} ({markdown_code(p.notes_lint_command)} shows each)", ""]
    for question, items in question_blocks(p):
        lines += [f"### {question}", ""] + [line_md(item) for item in items] + [""]
    for title, metrics in layers(p):
        lines += [f"### {title}", ""]
        lines += table(HEADERS, [metric_row(m) for m in metrics], right=RIGHT)
        lines.append("")
    return lines


def render_markdown(portfolio: PortfolioReport) -> str:
    lines = [f"# Partnership report, {portfolio.as_of.isoformat()}", ""]
    lines += skipped_md(portfolio)
    overview = portfolio.overview()
    lines += overview_md(portfolio, overview)
    for p in pages(portfolio, overview):
        lines += partnership_md(p, portfolio)
    if not portfolio.partnerships:
        lines += ["No partnership matches." if portfolio.filtered_from else "No partnership to report.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def skipped_md(portfolio: PortfolioReport) -> list[str]:
    title = skipped_title(portfolio)
    if title is None:
        return []
    # The advice holds a command in backticks and no user text: written as it is.
    lines = [f"> **{title}.** {SKIPPED_ADVICE}", ">"]
    lines += [f"> - {markdown_code(f'{d.path}:{d.line}:{d.column}')} {markdown_text(d.rule)} "
              f"{markdown_text(d.message)}" for d in portfolio.skipped]
    return lines + [""]


# --- The portfolio overview: what a filter kept, "Needs attention", the counts per group -------------

def overview_md(portfolio: PortfolioReport, overview: PortfolioOverview) -> list[str]:
    """What comes before the pages (see render/report_overview.py for what is said and when)."""
    said = filter_sentence(portfolio)
    lines = [f"_{markdown_text(said)}_", ""] if said else []
    if not shows_overview(portfolio):
        return lines
    lines += attention_md(overview) + counts_md(overview)
    rest = rest_sentence(portfolio, overview)
    # The sentence holds commands in backticks, and no user text: written as it is.
    return lines + (portfolio_summary(portfolio) if rest is None else [f"> {rest}", ""])


def attention_md(overview: PortfolioOverview) -> list[str]:
    lines = [f"## {attention_title(overview)}", ""]
    if not overview.attention:
        return lines + [NOTHING_NEEDS_ATTENTION, ""]
    for rank, item in enumerate(overview.shown, 1):
        lines.append(f"{rank}. **{markdown_text(item.partnership)}** ({markdown_text(item.id)}) — "
                     f"{status_md(item.status)} — {markdown_text(item.reason)}")
    return lines + [""]


def counts_md(overview: PortfolioOverview) -> list[str]:
    rows = [[f"**{markdown_cell(r.label)}**" if r.is_total else markdown_cell(r.label),
             *(str(n) for n in (r.total, *r.counts))] for r in overview_count_rows(overview)]
    header = [(overview.group_by or "").capitalize(), *COUNT_COLUMNS]
    return [f"## {counts_title(overview)}", ""] + table(header, rows, right={1, 2, 3, 4, 5}) + [""]
