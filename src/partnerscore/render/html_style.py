"""The inline stylesheet of the HTML report: system fonts only, no url(), print rules for one page each.

Status colours are paired with a text label and an icon everywhere they appear (never colour alone),
and are dark enough for WCAG AA contrast on white.
"""

from partnerscore.render.html_fit import PRINT_CSS

CSS = """
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0b5cad;
  --on: #1a7f37; --on-bg: #dafbe1; --risk: #8a5a00; --risk-bg: #fff1c2; --off: #c4202b; --off-bg: #ffe3e1;
  --none: #59636e; --none-bg: #eef1f4;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; padding: 28px 36px 40px; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans",
    "DejaVu Sans", sans-serif;
  font-variant-numeric: tabular-nums;
}
h1, h2, h3 { line-height: 1.2; margin: 0; }
h1 { font-size: 24px; font-weight: 650; }
h2 { font-size: 21px; font-weight: 650; }
h3 { font-size: 13px; font-weight: 650; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
a { color: var(--accent); }
.muted, small { color: var(--muted); }
small { font-size: 12px; }
.report-head { display: flex; justify-content: space-between; align-items: baseline; gap: 16px;
  border-bottom: 3px solid var(--ink); padding-bottom: 10px; margin-bottom: 18px; }
.report-head p { margin: 0; color: var(--muted); }

/* Status badges: colour + icon + words. */
.badge { display: inline-flex; align-items: center; gap: 4px; white-space: nowrap; border-radius: 999px;
  padding: 1px 9px 1px 7px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; }
.badge .icon { font-size: 11px; line-height: 1; }
.s-on-track { color: var(--on); background: var(--on-bg); }
.s-at-risk { color: var(--risk); background: var(--risk-bg); }
.s-off-track { color: var(--off); background: var(--off-bg); }
.s-no-data { color: var(--none); background: var(--none-bg); }
.badge.big { font-size: 14px; padding: 3px 12px 3px 10px; }
.tag { display: inline-block; font-size: 11px; font-weight: 600; border-radius: 4px; padding: 0 5px;
  border: 1px solid currentColor; white-space: nowrap; }
.tag.stale, .tag.overdue { color: var(--off); background: var(--off-bg); }
.tag.stretch { color: var(--on); background: var(--on-bg); margin-top: 2px; }
/* A past status beside a figure: its colour, an icon and a word, on no background. */
.was { background: none; font-weight: 600; white-space: nowrap; }
.tag.kind { color: var(--muted); background: var(--soft); }
.tag.s-off-track, .tag.s-at-risk { font-weight: 600; }

/* Portfolio tiles. */
.portfolio { margin-bottom: 28px; }
.counts { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0 12px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 12px; }
.tile { display: block; text-decoration: none; color: var(--ink); border: 1px solid var(--line);
  border-left: 6px solid var(--none); border-radius: 8px; padding: 12px 14px; background: #fff; }
.tile.t-on-track { border-left-color: var(--on); }
.tile.t-at-risk { border-left-color: #d4a72c; }
.tile.t-off-track { border-left-color: var(--off); }
.tile strong { display: block; font-size: 16px; margin: 6px 0 2px; color: var(--accent); }
.tile p { margin: 6px 0 0; font-size: 12px; color: var(--muted); }

.skipped { border: 1px solid var(--off); background: var(--off-bg); border-radius: 8px; padding: 10px 14px;
  margin-bottom: 20px; }
.skipped h2 { font-size: 15px; color: var(--off); }
.skipped ul { margin: 6px 0 0; padding-left: 18px; }
.note { color: var(--muted); font-size: 12px; margin: -8px 0 16px; }
code { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }

/* One partnership. */
.partnership { margin-top: 32px; }
.partnership > header { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; }
.meta { margin: 4px 0 0; color: var(--muted); font-size: 13px; }
.meta b { color: var(--ink); font-weight: 600; }
.goal { margin: 10px 0 14px; padding: 8px 12px; border-left: 4px solid var(--accent); background: var(--soft);
  font-size: 15px; }
.left-out { margin: -6px 0 14px; padding: 6px 12px; border-left: 4px solid #d4a72c; color: var(--risk);
  background: var(--risk-bg); font-size: 13px; overflow-wrap: anywhere; }

.questions { display: grid; grid-template-columns: 1fr 1.5fr; gap: 12px; margin-bottom: 16px; }
.question.decisions-q { grid-column: 1 / -1; }
table.needed td { font-size: 13px; padding: 4px 6px; border-bottom: 1px solid var(--soft); vertical-align: top; }
table.needed tr:last-child td { border-bottom: 0; }
table.needed td.kind, table.needed td.who, table.needed td.due { width: 1%; white-space: nowrap; }
table.needed td.kind { padding-left: 0; }
.question { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; break-inside: avoid; }
.question h3 { margin-bottom: 6px; color: var(--ink); text-transform: none; letter-spacing: 0; font-size: 14px; }
.question h3 .n { display: inline-block; width: 20px; height: 20px; border-radius: 50%; background: var(--ink);
  color: #fff; text-align: center; font-size: 12px; line-height: 20px; margin-right: 6px; }
.question ul { list-style: none; margin: 0; padding: 0; }
.question li { padding: 5px 0; border-top: 1px solid var(--soft); font-size: 13px; }
.question li:first-child { border-top: 0; }
.question .figures { display: block; color: var(--muted); font-size: 12px; }
.question .none { color: var(--muted); font-size: 13px; margin: 0; }
.question ul.drivers { margin: 3px 0 0; display: flex; flex-wrap: wrap; gap: 2px 12px; }
.question ul.drivers li { border: 0; padding: 1px 0; font-size: 12px; }

/* Layer tables. */
.layer { margin-top: 14px; break-inside: avoid; }
.layer h3 { margin-bottom: 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: 11px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .03em;
  border-bottom: 1px solid var(--ink); white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.pace { font-weight: 600; }
table.metrics { table-layout: fixed; }
col.c-status { width: 104px; } col.c-num { width: 7.5%; } col.c-last { width: 12.5%; } col.c-trend { width: 136px; }
col.c-owner { width: 14%; }
/* A figure too long for the fixed columns (html_tables.FIXED_FIGURE_CHARS): the columns take their
   figures' widths, which never wrap, so they never draw over one another; the layer scrolls sideways on
   a screen too narrow even for that. */
table.metrics.wide { table-layout: auto; }
table.metrics.wide col.c-num, table.metrics.wide col.c-last { width: auto; }
.layer { overflow-x: auto; }
/* A figure's note (expected, deadline, change) on its own short line under it. */
td.num br { display: none; }
td.num small { display: block; line-height: 1.2; white-space: normal; }
td.who { white-space: nowrap; }
td.due { text-align: right; }
td.due time { white-space: nowrap; }
td.owner { font-size: 12px; }
tr { break-inside: avoid; }
.spark { display: block; overflow: visible; }
.spark-line { fill: none; stroke: #57606a; stroke-width: 1.6; stroke-linejoin: round; stroke-linecap: round; }
.spark-target { fill: none; stroke: var(--accent); stroke-width: 1; stroke-dasharray: 3 2; }
.spark-path { stroke: var(--accent); stroke-width: 1.2; stroke-opacity: .55; }
.spark-pace { stroke: #57606a; stroke-width: 1.4; stroke-dasharray: 2 2; }
.spark-dot, .spark-sofar { fill: #57606a; }
.spark-now { stroke: #fff; stroke-width: 1; }
.spark-now.s-on-track { fill: var(--on); } .spark-now.s-at-risk { fill: #b88700; }
.spark-now.s-off-track { fill: var(--off); } .spark-now.s-no-data { fill: var(--none); }
.spark-proj { fill: #fff; stroke-width: 1.8; }
.spark-proj.s-on-track { stroke: var(--on); } .spark-proj.s-at-risk { stroke: #b88700; }
.spark-proj.s-off-track { stroke: var(--off); } .spark-proj.s-no-data { stroke: var(--none); }
.spark-was { stroke: #fff; stroke-width: .8; }
.spark-was.s-on-track { fill: var(--on); } .spark-was.s-at-risk { fill: #b88700; }
.spark-was.s-off-track { fill: var(--off); } .spark-was.s-no-data { fill: var(--none); }
.spark-empty { font-size: 10px; fill: var(--muted); }
.legend { font-size: 11px; color: var(--muted); margin: 6px 0 0; }
.legend svg { vertical-align: middle; }

.lists { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-top: 16px; }
.lists.one { grid-template-columns: 1fr; }
.lists > section { break-inside: avoid; }
.lists h3 span, .layer h3 span { text-transform: none; letter-spacing: 0; font-weight: 400; }
.lists h3 { margin-bottom: 4px; }
.lists td { font-size: 13px; }
tr.overdue td { background: #fff8f7; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted);
  font-size: 12px; }

@media screen and (max-width: 900px) {
  body { padding: 16px; }
  .questions, .lists { grid-template-columns: 1fr; }
  .trend, .owner { display: none; }
  /* Too narrow for the fixed columns: "Expected" ran into "Projected". Columns take their content's
     width (headers never wrap, so never overlap) and the hidden ones none; a layer scrolls sideways
     rather than squeezing its figures on a phone. */
  table.metrics { table-layout: auto; }
  col.c-trend, col.c-owner { width: 0; }
  .layer { overflow-x: auto; }
}

@page { size: A4; margin: 12mm; }
@media print {
  body { padding: 0; font-size: 9.5px; line-height: 1.3; }
  h1 { font-size: 17px; } h2 { font-size: 15px; }
  h3, .question h3 { font-size: 10px; }
  small, .tag, .badge, th, .meta, .question li, .question .figures, td.owner, .lists td, .legend,
  table.needed td { font-size: 8.5px; }
  table.needed td { padding: 1px 4px; }
  .badge.big { font-size: 10px; }
  .goal { font-size: 10.5px; margin: 6px 0 8px; padding: 4px 8px; }
  .report-head { margin-bottom: 10px; }
  .partnership { margin-top: 0; }
  .partnership.new-page { break-before: page; }
  .questions { gap: 8px; margin-bottom: 8px; }
  .question { padding: 6px 8px; }
  .question li { padding: 2px 0; }
  .layer { margin-top: 8px; }
  th, td { padding: 1.5px 5px; }
  .spark { width: 76px; height: 19px; }
  col.c-status { width: 74px; } col.c-trend { width: 84px; } col.c-num { width: 7.5%; } col.c-last { width: 12%; }
  col.c-owner { width: 13%; }
  .legend svg { width: 199px; height: 9px; }
  .badge { padding: 0 6px 0 4px; gap: 3px; }
  .question ul.drivers li { font-size: 8.5px; padding: 0; }
  td.name br { display: none; }
  td.num small { line-height: 1.1; }
  /* A page does not scroll: a table of very long figures gives them smaller type, and its trend. */
  .layer { overflow-x: visible; }
  table.metrics.wide td, table.metrics.wide td small { font-size: 7px; }
  table.metrics.wide .trend { display: none; }
  table.metrics.wide col.c-trend, table.metrics.wide col.c-owner { width: 0; }
  td.name small { margin-left: 4px; }
  .lists { margin-top: 8px; gap: 10px; }
  .tile { padding: 8px 10px; }
  footer { margin-top: 10px; font-size: 8px; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
""" + PRINT_CSS + """
}
"""
