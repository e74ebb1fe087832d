"""Plain-text and Markdown helpers: a table drawn with ASCII rules, Markdown escaping."""

from __future__ import annotations

import re
import unicodedata

from ._document import TextCell, TextTable

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


def column_weights(table: TextTable) -> list[int]:
    """Width of each grid column in terminal columns (also the relative widths of Word tables)."""
    widths = [4] * table.width
    for cell in (c for row in table.rows for c in row):
        if cell.colspan == 1:
            want = min(display_width(cell.text), _CAP[cell.role])
            widths[cell.col] = max(widths[cell.col], want)
    return widths


def draw_table(table: TextTable) -> str:
    """The table with ``+ - |`` rules; spanning cells are drawn merged, long labels wrapped."""
    widths = column_weights(table)
    slots: list[list[TextCell]] = []
    for cells in table.layout.slots():
        slots.append([])
        for lc in cells:
            slots[-1].append(next(c for c in table.rows[lc.row] if c.col == lc.col))
    height = len(slots)

    def inner(cell: TextCell) -> int:
        return sum(widths[cell.col : cell.col + cell.colspan]) + 3 * (cell.colspan - 1)

    lines_of = {(c.row, c.col): wrap(c.text, inner(c)) for row in table.rows for c in row}
    heights = [1] * height
    for row in table.rows:
        for c in row:
            if c.rowspan == 1:
                heights[c.row] = max(heights[c.row], len(lines_of[(c.row, c.col)]))
    for row in table.rows:
        for c in row:
            if c.rowspan > 1:
                capacity = sum(heights[c.row : c.row + c.rowspan]) + c.rowspan - 1
                need = len(lines_of[(c.row, c.col)])
                if need > capacity:
                    heights[c.row + c.rowspan - 1] += need - capacity

    def line_at(cell: TextCell, r: int, k: int) -> str:
        """Line ``k`` of row ``r`` (``k == -1``: the rule above row ``r``) inside ``cell``."""
        index = sum(heights[cell.row : r]) + (r - cell.row) + k
        lines = lines_of[(cell.row, cell.col)]
        text = lines[index] if 0 <= index < len(lines) else ""
        align = "right" if cell.role == "value" else "center" if cell.role in ("column", "caption") else "left"
        return _pad(text, inner(cell), align)

    def edge(r: int, j: int) -> bool:
        if r < 0 or r >= height:
            return False
        return j in (0, table.width) or slots[r][j - 1] is not slots[r][j]

    out: list[str] = []
    for r in range(height + 1):
        def blank(j: int, r: int = r) -> bool:
            return 0 < r < height and slots[r][j].row < r

        rule = ""
        j = 0
        while True:
            left_blank = j > 0 and blank(j - 1)
            right_blank = j < table.width and blank(j)
            dashes = (j > 0 and not left_blank) or (j < table.width and not right_blank)
            vertical = edge(r - 1, j) or edge(r, j)
            if dashes:
                rule += "+" if vertical else "-"
            else:
                rule += "|" if vertical else " "
            if j == table.width:
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
            while j < table.width:
                cell = slots[r][j]
                text += "| " + line_at(cell, r, k) + " "
                j += cell.colspan
            out.append(text + "|")
    return "\n".join(out)


_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_MD_BLOCK = re.compile(r"^([#+\-=])", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text that Markdown shows literally: no emphasis, links, code, tables, lists or raw HTML.

    ``<``, ``>`` and ``&`` become character references (no raw HTML, whatever the
    Markdown dialect); the other markup characters are backslash-escaped.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_BLOCK.sub(r"\\\1", text)
    return _MD_ORDERED.sub(r"\1\\\2", text)


def md_cell(text: str) -> str:
    """A label or value inside a pipe table cell."""
    return md_escape(text) if text else " "
