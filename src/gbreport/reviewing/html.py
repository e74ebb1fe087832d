"""Annotated HTML pages of a review: an index of every file, and one page per report.

Each report page is the report as :func:`gbreport.render` lays it out (the official
template; not a second layout), with the review added on top: the value cells that
findings name get the class ``sev-error`` / ``sev-warning`` / ``sev-info`` (the most
severe finding that names the cell), an ``id`` (``cell-<cell id>``) to link to, and the
findings' messages in their ``title``; cells the parser could not read get the class
``unread``.  A list of the findings above the report links to the cells and gives the
source location of each.  The renderer already marks each value cell with
``data-cell="<cell id>"``; the annotation hooks onto that attribute.

The index lists every file (unusable ones included) with its status and counts, sortable
by clicking a column and filterable by status and text (a little inline JavaScript; the
filter can be preset with ``index.html#status=fails``).  The pages load nothing from the
network: a Content-Security-Policy allows only inline styles and the index's inline script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import escape
from pathlib import Path
from typing import Final

from ..checks import Finding
from ..checks.catalogue import SEVERITIES
from ..rendering import render
from ._compat import severity_rank
from ._result import STATUSES, ReviewResult
from .outputs import report_row

__all__ = ["IndexRow", "annotate", "index_page", "index_row", "page_name", "report_page"]

_VALUE_CELL: Final = re.compile(r'<td\b([^>]*?)\sdata-cell="([^"]+)"([^>]*)>')
_ATTRIBUTE: Final = re.compile(r'([a-zA-Z][\w-]*)="([^"]*)"')
_CSP_PAGE: Final = "default-src 'none'; style-src 'unsafe-inline'"
_CSP_INDEX: Final = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

_REVIEW_CSS: Final = """
.review { font: 14px/1.5 sans-serif; border: 1px solid #999; padding: 0.5em 1em; margin: 0 0 2em; }
.review h2 { font-size: 1.1em; margin: 0.3em 0; }
.review .status { font-weight: bold; padding: 0 0.4em; }
.review ol { padding-left: 1.5em; }
.review li { margin: 0.4em 0; }
.review .where { color: #555; font-size: 0.9em; }
.status-conforms { background: #d8f0d8; } .status-fails { background: #f6c4c4; }
.status-needs_review { background: #fff0b3; } .status-unusable { background: #ddd; }
td.sev-error { background: #f6c4c4; outline: 2px solid #c00; }
td.sev-warning { background: #fff0b3; outline: 2px solid #d90; }
td.sev-info { background: #e3f0ff; }
td.unread { outline: 2px dashed #666;
  background: repeating-linear-gradient(45deg, #fff, #fff 4px, #ddd 4px, #ddd 8px); }
li.sev-error { border-left: 4px solid #c00; padding-left: 0.5em; }
li.sev-warning { border-left: 4px solid #d90; padding-left: 0.5em; }
li.sev-info { border-left: 4px solid #69c; padding-left: 0.5em; }
td:target { box-shadow: 0 0 0 3px #06c; }
"""


def page_name(result: ReviewResult) -> str:
    """The file name of a report's page: its input position and a safe form of its file name."""
    stem = re.sub(r"[^\w.-]+", "_", Path(result.path).name, flags=re.ASCII).strip("._") or "file"
    return f"{result.index + 1:06d}-{stem[:60]}.html"


def _cell_marks(result: ReviewResult) -> tuple[dict[str, str], dict[str, list[Finding]]]:
    """Per cell id: its CSS class, and the findings that name it."""
    named: dict[str, list[Finding]] = {}
    for f in result.findings:
        for cell in f.cells:
            named.setdefault(cell, []).append(f)
    classes = {cell: f"sev-{min(fs, key=lambda f: severity_rank(f.severity)).severity}" for cell, fs in named.items()}
    for cell in result.unread:
        classes[cell] = f"{classes[cell]} unread" if cell in classes else "unread"
    return classes, named


def annotate(html: str, result: ReviewResult) -> str:
    """The rendered report ``html`` with the review's classes, ids and titles on its value cells."""
    classes, named = _cell_marks(result)
    unread = set(result.unread)

    def mark(m: re.Match[str]) -> str:
        cell = m.group(2)
        attrs = dict(_ATTRIBUTE.findall(m.group(1) + " " + m.group(3)))  # the renderer's own, already escaped
        css = " ".join(c for c in (attrs.pop("class", ""), classes.get(cell, "")) if c)
        attrs.pop("id", None)
        attrs.pop("title", None)
        kept = "".join(f' {name}="{value}"' for name, value in attrs.items())
        title = [f"{f.severity} {f.code}: {f.message_zh} / {f.message_en}" for f in named.get(cell, ())]
        if cell in unread:
            title.append("not read from the source / 未能从原文读取")
        where = result.locations.get(cell)
        if where:
            title.append(f"source: {where}")
        tip = f' title="{escape(chr(10).join(title))}"' if title else ""
        return f'<td class="{css}"{kept} id="cell-{escape(cell)}" data-cell="{escape(cell)}"{tip}>'

    return _VALUE_CELL.sub(mark, html)


def _finding_item(f: Finding, cells_on_page: set[str]) -> str:
    links = ", ".join(
        f'<a href="#cell-{escape(c)}">{escape(c)}</a>' if c in cells_on_page else escape(c) for c in f.cells
    )
    where = f'<div class="where">{escape(f.location)}</div>' if f.location else ""
    numbers = ""
    if f.expected is not None or f.actual is not None:
        numbers = f" (expected {escape(str(f.expected))}, actual {escape(str(f.actual))})"
    return (
        f'<li class="sev-{escape(f.severity)}"><b>{escape(f.severity)}</b> <code>{escape(f.code)}</code>'
        f"{' — ' + links if links else ''}{numbers}"
        f"<div>{escape(f.message_zh)}</div><div>{escape(f.message_en)}</div>{where}</li>"
    )


def _panel(result: ReviewResult, cells_on_page: set[str], index_href: str) -> str:
    counts = result.counts
    tally = ", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITIES)
    who = " ".join(escape(str(x)) for x in (result.agency, result.year, result.format_version) if x)
    parts = [
        '<section class="review" id="review">',
        f'<p><a href="{escape(index_href)}">← all reports</a></p>',
        f"<h2>{escape(result.path)}</h2>",
        f'<p><span class="status status-{escape(result.status)}">{escape(result.status)}</span> {who} — {tally}</p>',
    ]
    if result.reason:
        parts.append(f"<p>{escape(result.reason)}</p>")
    if result.pairing:
        parts.append(f"<p>cross-year: {escape(result.pairing_note)}</p>")
    if result.unread:
        parts.append(f"<p>cells not read from the source: {len(result.unread)} (hatched)</p>")
    if result.findings:
        parts.append("<ol>")
        parts.extend(_finding_item(f, cells_on_page) for f in result.findings)
        parts.append("</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def report_page(result: ReviewResult, *, index_href: str = "../index.html", locale: str = "zh_CN") -> str:
    """The annotated page of one file (for an unusable file: a page with the reason)."""
    report = result.report
    if report is None:
        return _shell(escape(result.path), _panel(result, set(), index_href), _CSP_PAGE)
    html = annotate(render(report, to="html", locale=locale), result)
    cells_on_page = set(re.findall(r'data-cell="([^"]+)"', html))
    csp = f'<meta http-equiv="Content-Security-Policy" content="{_CSP_PAGE}">'
    html = html.replace("<head>", f"<head>\n{csp}", 1)
    html = html.replace("</head>", f"<style>{_REVIEW_CSS}</style>\n</head>", 1)
    return html.replace("<body>", "<body>\n" + _panel(result, cells_on_page, index_href), 1)


def _shell(title: str, body: str, csp: str, script: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f"<title>{title}</title>\n<style>{_REVIEW_CSS}{_INDEX_CSS}</style>\n</head>\n<body>\n{body}\n"
        f"{'<script>' + script + '</script>' if script else ''}\n</body>\n</html>\n"
    )


IndexRow = Mapping[str, object]
"""A row of the index: :func:`gbreport.reviewing.outputs.report_row` plus ``page`` (the page's file name)."""

_INDEX_CSS: Final = """
body { font: 14px/1.4 sans-serif; margin: 1em; }
table.index { border-collapse: collapse; }
table.index th, table.index td { border: 1px solid #bbb; padding: 2px 6px; }
table.index th { background: #eee; cursor: pointer; user-select: none; position: sticky; top: 0; }
table.index td.num { text-align: right; }
.controls { margin: 0.5em 0; }
"""

_INDEX_JS: Final = """
(function () {
  var table = document.getElementById("reports"), body = table.tBodies[0];
  var status = document.getElementById("status"), text = document.getElementById("q");
  function apply() {
    var s = status.value, t = text.value.toLowerCase(), shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = (!s || row.getAttribute("data-status") === s) && (!t || row.textContent.toLowerCase().indexOf(t) >= 0);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById("shown").textContent = String(shown);
  }
  var order = {};
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener("click", function () {
      var numeric = th.getAttribute("data-num") === "1", dir = order[col] = -(order[col] || -1);
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent, y = b.cells[col].textContent;
        if (numeric) { return dir * ((parseFloat(x) || 0) - (parseFloat(y) || 0)); }
        return dir * x.localeCompare(y, "zh-CN");
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  var hash = location.hash.replace(/^#/, "").split("&");
  hash.forEach(function (pair) {
    var kv = pair.split("="), value = decodeURIComponent(kv[1] || "");
    if (kv[0] === "status") { status.value = value; }
    if (kv[0] === "q") { text.value = value; }
  });
  status.addEventListener("change", apply);
  text.addEventListener("input", apply);
  apply();
})();
"""

_INDEX_COLUMNS: Final = ("file", "status", "agency", "year", "format_version", *SEVERITIES, "unread_cells", "reason")


def index_row(result: ReviewResult, page: str) -> dict[str, object]:
    """The index's row of one file: the summary row and the name of its page."""
    row = report_row(result)
    row["page"] = page
    return row


def index_page(rows: Iterable[IndexRow], *, pages: str = "reports") -> str:
    """The index of a review: one row per file, linking to its page under ``pages/``."""
    numeric = {"year", *SEVERITIES, "unread_cells"}
    head = "".join(f'<th data-num="{1 if c in numeric else 0}">{escape(c)}</th>' for c in _INDEX_COLUMNS)
    body: list[str] = []
    totals: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for row in rows:
        status = str(row["status"])
        totals[status] = totals.get(status, 0) + 1
        cells = []
        for c in _INDEX_COLUMNS:
            value = row.get(c)
            text = "" if value is None else escape(str(value))
            if c == "file":
                text = f'<a href="{escape(pages)}/{escape(str(row["page"]))}">{text}</a>'
            cells.append(f'<td class="num">{text}</td>' if c in numeric else f"<td>{text}</td>")
        body.append(f'<tr data-status="{escape(status)}">{"".join(cells)}</tr>')
    options = "".join(f'<option value="{s}">{s} ({totals[s]})</option>' for s in STATUSES)
    summary = ", ".join(f"{totals[s]} {s}" for s in STATUSES)
    content = (
        f"<h1>gbreport review</h1>\n<p>{len(body)} file(s): {summary}</p>\n"
        '<div class="controls"><label>status <select id="status"><option value="">all</option>'
        f'{options}</select></label> <label>search <input id="q" type="search"></label> '
        'showing <span id="shown"></span></div>\n'
        f'<table class="index" id="reports"><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(body)
        + "\n</tbody></table>"
    )
    return _shell("gbreport review", content, _CSP_INDEX, _INDEX_JS)
