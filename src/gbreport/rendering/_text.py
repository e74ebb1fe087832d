"""Plain-text and Markdown helpers: a table drawn with ASCII rules, Markdown escaping."""

from __future__ import annotations

import re
import unicodedata

from ._document import TableFrame, TextTable
from ._layout import Layout, LayoutCell

_TOKEN = re.compile(r"[A-Za-z0-9.,;:'’()\-/+%]+|\s|.")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced terminal (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` columns (words kept whole where they fit)."""
    width = max(width, 2)
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(text):
        size = display_width(token)
        if size > width:  # a word longer than the line: split it by characters
            for ch in token:
                w = display_width(ch)
                if used + w > width:
                    lines.append(line.rstrip())
                    line, used = "", 0
                line, used = line + ch, used + w
            continue
        if used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0
            if token.isspace():
                continue
        line, used = line + token, used + size
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _pad(text: str, width: int, align: str) -> str:
    gap = width - display_width(text)
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


_CAP = {"row": 24, "column": 10, "corner": 10, "caption": 10, "value": 40}
_MARK = "\x00"
_COMPILED_LIMIT = 256
"""Drawn table skeletons kept per table frame (one per distinct set of column widths)."""


def _text_width(text: str) -> int:
    return len(text) if text.isascii() else display_width(text)


def _label_widths(frame: TableFrame) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    """Column widths the labels of a table need, and ``(col, colspan)`` of each value cell."""
    found: tuple[tuple[int, ...], tuple[tuple[int, int], ...]] | None = frame.compiled.get("text-widths")
    if found is None:
        widths = [4] * frame.layout.width
        for cell in frame.layout.cells():
            if cell.colspan == 1 and cell.cell_id is None:
                want = min(display_width(frame.labels[(cell.row, cell.col)]), _CAP[cell.role])
                widths[cell.col] = max(widths[cell.col], want)
        cols = tuple((c.col, c.colspan) for c in frame.layout.values())
        found = frame.compiled["text-widths"] = (tuple(widths), cols)
    return found


def column_weights(table: TextTable) -> list[int]:
    """Width of each grid column in terminal columns (also the relative widths of Word tables)."""
    base, cols = _label_widths(table.frame)
    widths = list(base)
    cap = _CAP["value"]
    for (col, span), text in zip(cols, table.values, strict=True):
        if span == 1:
            want = min(_text_width(text), cap)
            widths[col] = max(widths[col], want)
    return widths


def _box(layout: Layout, widths: list[int], lines_of: dict[tuple[int, int], list[str]], mark: bool) -> str:
    """Draw ``layout`` with ``+ - |`` rules, each cell showing ``lines_of[(row, col)]``.

    With ``mark``, a value cell shows :data:`_MARK` (unpadded) on its first line instead,
    to be replaced by the padded value (a skeleton for :func:`draw_table`).
    """
    slots = layout.slots()
    height = len(slots)
    width = layout.width

    def inner(cell: LayoutCell) -> int:
        return sum(widths[cell.col : cell.col + cell.colspan]) + 3 * (cell.colspan - 1)

    heights = [1] * height
    for cell in layout.cells():
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], len(lines_of[(cell.row, cell.col)]))
    for cell in layout.cells():
        if cell.rowspan > 1:
            capacity = sum(heights[cell.row : cell.row + cell.rowspan]) + cell.rowspan - 1
            need = len(lines_of[(cell.row, cell.col)])
            if need > capacity:
                heights[cell.row + cell.rowspan - 1] += need - capacity

    def line_at(cell: LayoutCell, r: int, k: int) -> str:
        """Line ``k`` of row ``r`` (``k == -1``: the rule above row ``r``) inside ``cell``."""
        index = sum(heights[cell.row : r]) + (r - cell.row) + k
        if mark and cell.cell_id is not None and index == 0:
            return _MARK
        lines = lines_of[(cell.row, cell.col)]
        text = lines[index] if 0 <= index < len(lines) else ""
        align = "right" if cell.role == "value" else "center" if cell.role in ("column", "caption") else "left"
        return _pad(text, inner(cell), align)

    def edge(r: int, j: int) -> bool:
        if r < 0 or r >= height:
            return False
        return j in (0, width) or slots[r][j - 1] is not slots[r][j]

    out: list[str] = []
    for r in range(height + 1):

        def blank(j: int, r: int = r) -> bool:
            return 0 < r < height and slots[r][j].row < r

        rule = ""
        j = 0
        while True:
            left_blank = j > 0 and blank(j - 1)
            right_blank = j < width and blank(j)
            dashes = (j > 0 and not left_blank) or (j < width and not right_blank)
            vertical = edge(r - 1, j) or edge(r, j)
            if dashes:
                rule += "+" if vertical else "-"
            else:
                rule += "|" if vertical else " "
            if j == width:
                break
            if right_blank:
                cell = slots[r][j]
                rule += " " + line_at(cell, r, -1) + " "
                j += cell.colspan
            else:
                rule += "-" * (widths[j] + 2)
                j += 1
        out.append(rule)
        if r == height:
            break
        for k in range(heights[r]):
            text = ""
            j = 0
            while j < width:
                cell = slots[r][j]
                text += "| " + line_at(cell, r, k) + " "
                j += cell.colspan
            out.append(text + "|")
    return "\n".join(out)


def _inner(cell: LayoutCell, widths: list[int]) -> int:
    return sum(widths[cell.col : cell.col + cell.colspan]) + 3 * (cell.colspan - 1)


def _skeleton(frame: TableFrame, widths: list[int]) -> tuple[str, tuple[int, ...]]:
    """The drawn table with a ``%s`` for each value, and the width each value is padded to."""
    store: dict[tuple[int, ...], tuple[str, tuple[int, ...]]] = frame.compiled.setdefault("text", {})
    key = tuple(widths)
    found = store.get(key)
    if found is None:
        lay = frame.layout
        lines_of = {
            (c.row, c.col): [""] if c.cell_id is not None else wrap(frame.labels[(c.row, c.col)], _inner(c, widths))
            for c in lay.cells()
        }
        drawn = _box(lay, widths, lines_of, mark=True)
        inners = tuple(_inner(c, widths) for c in lay.values())
        assert drawn.count(_MARK) == len(inners)
        if len(store) >= _COMPILED_LIMIT:
            store.clear()
        found = store[key] = (drawn.replace("%", "%%").replace(_MARK, "%s"), inners)
    return found


def draw_table(table: TextTable) -> str:
    """The table with ``+ - |`` rules; spanning cells are drawn merged, long labels wrapped.

    The rules and labels depend only on the column widths, so they are drawn once per
    set of widths (:func:`_skeleton`) and the values padded into place; a value too wide
    for its cell (wrapped over several lines) takes the general drawing.
    """
    widths = column_weights(table)
    skeleton, inners = _skeleton(table.frame, widths)
    padded = []
    for text, room in zip(table.values, inners, strict=True):
        gap = room - _text_width(text)
        if gap < 0 or text != text.strip():
            return draw_general(table, widths)
        padded.append(" " * gap + text)
    return skeleton % tuple(padded)


def draw_general(table: TextTable, widths: list[int] | None = None) -> str:
    """:func:`draw_table` without skeletons: every cell wrapped to its width."""
    widths = widths if widths is not None else column_weights(table)
    lay = table.layout
    lines_of = {
        (c.row, c.col): wrap(c.text, sum(widths[c.col : c.col + c.colspan]) + 3 * (c.colspan - 1))
        for row in table.rows
        for c in row
    }
    return _box(lay, widths, lines_of, mark=False)


_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_BLOCK = re.compile(r"^([#+\-=])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)
_MD_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Every character ``str.splitlines`` (and some Markdown implementation) takes for a line break."""
_MD_LINK_AT = re.compile(r"@")
_MD_LINK_SCHEME = re.compile(r"(?<=[A-Za-z]):(?=//)")
_MD_LINK_DOT = re.compile(r"(?<=[A-Za-z0-9-])\.(?=[A-Za-z])")


def md_escape(text: str) -> str:
    """Text that Markdown shows literally: no emphasis, links, code, tables, lists, raw HTML or new lines.

    ``<``, ``>`` and ``&`` become character references (no raw HTML, whatever the
    Markdown dialect); the other markup characters are backslash-escaped.  A line break
    inside the text (``\\r``, ``\\u2028`` ...) becomes a character reference too, so it
    cannot start a heading or a list item.  What extended autolinks (GFM, markdown-it's
    linkify) look for is broken up: ``@`` and the colon of ``scheme://`` become
    character references, a dot between a domain's labels is escaped -- e-mail
    addresses and web addresses print as text, not links.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_BREAKS.sub(lambda m: f"&#{ord(m.group(0))};", text)
    text = _MD_LINK_AT.sub("&#64;", text)
    text = _MD_LINK_SCHEME.sub("&#58;", text)
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINK_DOT.sub(r"\\.", text)
    text = _MD_BLOCK.sub(r"\\\1", text)
    return _MD_ORDERED.sub(r"\1\\\2", text)


def md_cell(text: str) -> str:
    """A label or value inside a pipe table cell."""
    return md_escape(text) if text else " "
