"""A :class:`Diff` as text, JSON, CSV, or an HTML page in the official layout with the changes marked."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from html import escape

from .._vector import Value
from ..errors import UnknownLocaleError
from ..formats import Label, get_format
from ..rendering._layout import layout
from ._diff import CellChange, Diff

LOCALES = ("zh_CN", "en")

_UI: dict[str, tuple[str, str]] = {
    "title": ("政府信息公开工作年度报告 年度对比", "Annual report: year over year"),
    "totals": ("表格合计", "Table totals"),
    "cells": ("变化的单元格", "Changed cells"),
    "texts": ("正文", "Texts"),
    "header": ("报告信息", "Header"),
    "item": ("项目", "Item"),
    "before": ("前", "Before"),
    "after": ("后", "After"),
    "change": ("变化", "Change"),
    "relative": ("变化率", "Relative"),
    "similarity": ("相似度", "Similarity"),
    "unchanged": ("未变", "unchanged"),
    "no_change": ("没有变化", "no change"),
    "blank": ("空白", "blank"),
    "legend": (
        "单元格显示后一年的数值；有变化的单元格标色，并在下方小字注明前一年的数值。",
        "Cells show the later value; changed cells are marked and show the earlier value below.",
    ),
}


def _check_locale(locale: str) -> int:
    if locale not in LOCALES:
        raise UnknownLocaleError(f"unknown locale {locale!r}; expected one of {', '.join(LOCALES)}")
    return LOCALES.index(locale)


def _ui(key: str, lang: int) -> str:
    return _UI[key][lang]


def _label(label: Label, lang: int) -> str:
    return label.zh if lang == 0 else label.en


def _num(value: Value, blank: str = "") -> str:
    return blank if value is None else str(value)


def _signed(value: Value) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:+.1%}"


def _who(d: Diff, which: str) -> str:
    report = d.before if which == "before" else d.after
    parts = [report.header.agency or "?", str(report.header.year or "?")]
    return " ".join(parts)


def to_json(d: Diff) -> str:
    """The diff as JSON (money as decimal strings, relative change as a number)."""
    return json.dumps(d.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_csv(d: Diff) -> str:
    """Every cell side by side: ``cell, label_zh, label_en, before, after, change, relative, changed, total,
    before_mark, after_mark`` (the not-applicable marks printed in blank cells)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "cell",
            "label_zh",
            "label_en",
            "before",
            "after",
            "change",
            "relative",
            "changed",
            "total",
            "before_mark",
            "after_mark",
        ]
    )
    totals = {c.cell for c in d.totals}
    for c in d.cells:
        row = c.to_dict()
        writer.writerow(
            [
                c.cell,
                c.label.zh,
                c.label.en,
                _num(c.before),
                _num(c.after),
                _num(c.change),
                "" if row["relative"] is None else row["relative"],
                int(c.changed),
                int(c.cell in totals),
                c.before_mark or "",
                c.after_mark or "",
            ]
        )
    return out.getvalue()


def _before(c: CellChange, blank: str) -> str:
    return c.before_mark if c.before is None and c.before_mark else _num(c.before, blank)


def _after(c: CellChange, blank: str) -> str:
    return c.after_mark if c.after is None and c.after_mark else _num(c.after, blank)


def _cell_line(c: CellChange, lang: int) -> str:
    blank = _ui("blank", lang)
    amount = " ".join(x for x in (_signed(c.change), _percent(c.relative)) if x)
    return f"  {c.cell}  {_label(c.label, lang)}: {_before(c, blank)} → {_after(c, blank)}" + (
        f"  ({amount})" if amount else ""
    )


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_text(d: Diff, locale: str = "zh_CN") -> str:
    """A plain-text summary: header changes, the table totals, every changed cell, the texts."""
    lang = _check_locale(locale)
    lines = [f"{_ui('title', lang)}: {_who(d, 'before')} → {_who(d, 'after')} ({d.format_version})"]
    lines += [f"  {note}" for note in d.conversion]
    if d.header:
        lines += ["", _ui("header", lang)]
        lines += [f"  {h.field}: {h.before or '—'} → {h.after or '—'}" for h in d.header]
    lines += ["", _ui("totals", lang)]
    lines += [_cell_line(c, lang) for c in d.totals]
    changed = d.changed_cells
    lines += ["", f"{_ui('cells', lang)} ({len(changed)})"]
    lines += [_cell_line(c, lang) for c in changed] or [f"  {_ui('no_change', lang)}"]
    lines += ["", _ui("texts", lang)]
    for t in d.texts:
        if not t.before and not t.after:
            continue
        state = f"{_ui('similarity', lang)} {t.similarity:.0%}" if t.changed else _ui("unchanged", lang)
        lines.append(f"  {_label(t.title, lang)}: {state}")
        for p in t.paragraphs:
            lines += [f"    - {_short(x)}" for x in p.before]
            lines += [f"    + {_short(x)}" for x in p.after]
    return "\n".join(lines) + "\n"


_CSS = """
body { font-family: "Noto Serif CJK SC", "SimSun", serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #888; padding: 2px 6px; vertical-align: middle; }
th { background: #eef3fa; font-weight: normal; }
td.v { text-align: right; min-width: 3em; }
td.changed { background: #fff2cc; }
td.up { background: #e2f0d9; }
td.down { background: #fbe5d6; }
td .was { display: block; font-size: 75%; color: #666; text-decoration: line-through; }
del { background: #fbe5d6; text-decoration: line-through; display: block; }
ins { background: #e2f0d9; text-decoration: none; display: block; }
.note { color: #555; font-size: 90%; }
"""


def _value_td(c: CellChange | None, lang: int, rowspan: int, colspan: int) -> str:
    span = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    if c is None:
        return f'<td class="v"{span}></td>'
    if not c.changed:
        return f'<td class="v"{span}>{escape(_after(c, ""))}</td>'
    direction = ""
    if c.change is not None:
        direction = " up" if c.change > 0 else " down"
    blank = _ui("blank", lang)
    title = f"{c.cell}: {_before(c, blank)} → {_after(c, blank)}"
    return (
        f'<td class="v changed{direction}"{span} title="{escape(title)}">{escape(_after(c, blank))}'
        f'<span class="was">{escape(_before(c, blank))}</span></td>'
    )


def _table_html(d: Diff, table: str, lang: int) -> str:
    by_id = {c.cell: c for c in d.cells}
    grid = layout(d.format_version, table)
    rows = []
    for line in grid.rows:
        tds = []
        for lc in line:
            if lc.role == "value":
                tds.append(_value_td(by_id.get(lc.cell_id or ""), lang, lc.rowspan, lc.colspan))
                continue
            span = (f' rowspan="{lc.rowspan}"' if lc.rowspan > 1 else "") + (
                f' colspan="{lc.colspan}"' if lc.colspan > 1 else ""
            )
            text = _label(lc.label, lang) if lc.label is not None else ""
            tds.append(f"<th{span}>{escape(text)}</th>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "<table>\n" + "\n".join(rows) + "\n</table>"


def to_html(d: Diff, locale: str = "zh_CN") -> str:
    """A standalone HTML page: the tables in the official layout with every changed cell marked
    (the later value, the earlier one struck through below), the totals side by side, and the texts
    with deleted and inserted paragraphs.  Every text from the reports is escaped."""
    lang = _check_locale(locale)
    title = f"{_ui('title', lang)}: {_who(d, 'before')} → {_who(d, 'after')}"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == 0 else "en"}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="note">{escape(d.format_version)}. {escape(_ui("legend", lang))}</p>',
    ]
    parts += [f'<p class="note">{escape(note)}</p>' for note in d.conversion]
    if d.header:
        parts.append(f"<h2>{escape(_ui('header', lang))}</h2><table>")
        for h in d.header:
            parts.append(
                f"<tr><th>{escape(h.field)}</th><td>{escape(h.before or '—')}</td>"
                f"<td>{escape(h.after or '—')}</td></tr>"
            )
        parts.append("</table>")
    head = "".join(f"<th>{escape(_ui(k, lang))}</th>" for k in ("item", "before", "after", "change", "relative"))
    parts.append(f"<h2>{escape(_ui('totals', lang))}</h2><table><tr>{head}</tr>")
    blank = _ui("blank", lang)
    for c in d.totals:
        cls = ' class="changed"' if c.changed else ""
        parts.append(
            f'<tr{cls}><th>{escape(_label(c.label, lang))}</th><td class="v">{escape(_before(c, blank))}</td>'
            f'<td class="v">{escape(_after(c, blank))}</td><td class="v">{escape(_signed(c.change))}</td>'
            f'<td class="v">{escape(_percent(c.relative))}</td></tr>'
        )
    parts.append("</table>")
    for section in get_format(d.format_version).sections:
        if section.table is None:
            continue
        heading = f"{section.number}、{section.label.zh}" if lang == 0 else section.label.en
        parts.append(f"<h2>{escape(heading)}</h2>")
        parts.append(_table_html(d, section.table, lang))
    parts.append(f"<h2>{escape(_ui('texts', lang))}</h2>")
    for t in d.texts:
        if not t.before and not t.after:
            continue
        state = f"{_ui('similarity', lang)} {t.similarity:.0%}" if t.changed else _ui("unchanged", lang)
        parts.append(f"<h3>{escape(_label(t.title, lang))} <small>({escape(state)})</small></h3>")
        for p in t.paragraphs:
            parts += [f"<del>{escape(x)}</del>" for x in p.before]
            parts += [f"<ins>{escape(x)}</ins>" for x in p.after]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def plain(value: Value) -> int | str | None:
    """A cell value as JSON would hold it (money as a decimal string)."""
    return str(value) if isinstance(value, Decimal) else value
