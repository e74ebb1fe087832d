"""Locating the parts of a document: section headings, the tables, and each table row's label.

Row labels are anchors: they are searched in declaration order inside the region of
their table, and the values of a row are what lies between its label and the next
anchor (inside a grid: the rest of the label's table row).  Table 4 has no row label;
its values are the data row after its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..formats import BlockTable, Cell, Format, Node, cells_of, derived
from ._doc import CELL, ROW, Doc
from ._labels import compiled, known_row_pattern, section_pattern
from ._outline import HeadingSpot, next_stop, outline
from ._rows import row_end


@dataclass(frozen=True, slots=True)
class RowSpot:
    """A table row found in the text: its cells, where its label starts and where its values lie."""

    cells: tuple[Cell, ...]
    start: int
    begin: int
    end: int


@dataclass(frozen=True, slots=True)
class MissingRow:
    """A declared row whose label was not found (searched from offset ``pos``)."""

    cells: tuple[Cell, ...]
    label: str
    pos: int


@dataclass
class Layout:
    """Where the parts of a document are: headings, rows of tables 2 and 3, the region of table 4."""

    headings: list[tuple[str, int, int]] = field(default_factory=list)
    outline: list[HeadingSpot] = field(default_factory=list)
    """Every heading found, in order (those of the declared sections and other top-level ones)."""
    t2: list[RowSpot] = field(default_factory=list)
    t3: list[RowSpot] = field(default_factory=list)
    missing: list[MissingRow] = field(default_factory=list)
    t4: tuple[int, int] | None = None
    tables: tuple[int, int] = (0, 0)
    """From the start of table 2 to the start of table 4 (where rows without a declared label are reported)."""


# ---------------------------------------------------------------- derived views of the declaration


@derived
def row_cells(fmt: Format) -> dict[tuple[str, str], tuple[Cell, ...]]:
    """The cells of each row, by (table id, row key); table 4 is one row with key ``""``."""
    out: dict[tuple[str, str], list[Cell]] = {}
    for cell in cells_of(fmt):
        key = (cell.table, ".".join(cell.id.split(".")[1:-1]) if cell.table != "t4" else "")
        out.setdefault(key, []).append(cell)
    return {key: tuple(cells) for key, cells in out.items()}


@derived
def t3_leaf_labels(fmt: Format) -> tuple[Node, ...]:
    """The leaf rows of table 3 in document order."""
    out: list[Node] = []
    stack = list(reversed(fmt.t3.rows))
    while stack:
        n = stack.pop()
        if n.is_leaf:
            out.append(n)
        else:
            stack.extend(reversed(n.children))
    return tuple(out)


@derived
def t3_row_keys(fmt: Format) -> tuple[str, ...]:
    """The row keys of table 3 in document order (one per leaf row)."""
    keys: list[str] = []
    seen: set[str] = set()
    for cell in cells_of(fmt):
        if cell.table == "t3":
            key = ".".join(cell.id.split(".")[1:-1])
            if key not in seen:
                seen.add(key)
                keys.append(key)
    return tuple(keys)


@derived
def _table_heads_of(fmt: Format) -> dict[str, tuple[re.Pattern[str], ...]]:
    out: dict[str, tuple[re.Pattern[str], ...]] = {}
    for table in fmt.tables:
        if isinstance(table, BlockTable):
            block = table.blocks[0]
            labels = [table.header.zh, block.caption.zh, block.columns[0].label.zh, block.rows[0].label.zh]
        else:
            labels = [table.corner.zh, table.columns[0].label.zh]
            labels += [table.column_header.zh] if table.column_header else []
            labels += [n.label.zh for n in t3_leaf_labels(fmt)[:1]] if table.id == "t3" else []
        out[table.id] = tuple(compiled(label) for label in labels if label.strip())
    return out


# ---------------------------------------------------------------- searching


def search(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    if start >= end:
        return None
    return pattern.search(text, start, end)


def _last(found: list[tuple[int, re.Match[str]]], patterns: list[re.Pattern[str]], text: str, end: int) -> None:
    """Move each found label to its last occurrence before the next label (or ``end``).

    A label printed twice -- as a heading and again in the table row, as conversions of
    a document often do -- owns the numbers after its second printing, not whatever lies
    between the two (a header row of placeholders such as ``数据1 … 数据6``).
    """
    for i, (r, m) in enumerate(found):
        stop = found[i + 1][1].start() if i + 1 < len(found) else end
        last = m
        while (nxt := search(patterns[r], text, last.end(), stop)) is not None:
            last = nxt
        found[i] = (r, last)


def _first(doc: Doc, patterns: list[re.Pattern[str]], start: int, end: int) -> int | None:
    found = [m.start() for p in patterns if (m := search(p, doc.text, start, end)) is not None]
    return min(found) if found else None


def find_sections(doc: Doc, fmt: Format) -> list[tuple[str, int, int]]:
    """Section headings found in order: (key, start, end)."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    for section in fmt.sections:
        m = search(section_pattern(section.key, section.number, section.label.zh), doc.text, pos, len(doc.text))
        if m is not None:
            out.append((section.key, m.start(), m.end()))
            pos = m.end()
    return out


def at_line_start(text: str, pos: int, start: int = 0) -> bool:
    """Only blanks between the start of the line (or ``start``, if later) and ``pos``."""
    before = text[max(text.rfind("\n", 0, pos) + 1, start) : pos]
    return not before.strip(" \t\x1f\u3000")


def table_start(doc: Doc, fmt: Format, table_id: str, start: int, end: int) -> int | None:
    """Where the printed table starts in ``[start, end)``: its grid, or one of its head labels at a line start."""
    found = [t for t, _ in doc.tables if start <= t < end][:1]
    for pattern in _table_heads_of(fmt)[table_id]:
        for m in pattern.finditer(doc.text, start, end):
            if at_line_start(doc.text, m.start(), start):
                found.append(m.start())
                break
    return min(found) if found else None


# ---------------------------------------------------------------- the layout


def locate(doc: Doc, fmt: Format) -> Layout:
    """Find the headings and table rows of ``fmt`` in ``doc``."""
    text = doc.text
    end = len(text)
    by_row = row_cells(fmt)
    layout = Layout(find_sections(doc, fmt))
    layout.outline = outline(doc, fmt, layout.headings)
    stops = [h.start for h in layout.outline]
    heads = {key: (s, e) for key, s, e in layout.headings}

    # table 2
    t2 = fmt.t2
    captions = [compiled(b.caption.zh) for b in t2.blocks]
    first_rows_t3 = [compiled(n.label.zh) for n in t3_leaf_labels(fmt)[:1]]
    t2_start = heads.get("proactive", (0, 0))[1]
    cap0 = search(captions[0], text, t2_start, end)
    if cap0 is not None:
        t2_start = cap0.start()
    t3_anchor = _first(doc, [compiled(fmt.t3.corner.zh), *first_rows_t3], t2_start, end)
    if "applications" in heads and heads["applications"][0] > t2_start:
        t3_anchor = min(t3_anchor or end, heads["applications"][0])
    t2_end = min(t3_anchor if t3_anchor is not None else end, next_stop(stops, t2_start, end))
    caps: list[re.Match[str] | None] = []
    cursor = t2_start
    for pattern in captions:
        m = search(pattern, text, cursor, t2_end)
        caps.append(m)
        if m:
            cursor = m.end()
    cursor = t2_start
    for b, block in enumerate(t2.blocks):
        cap = caps[b]
        start = max(cap.end() if cap is not None else cursor, cursor)
        nxt = next((c for c in caps[b + 1 :] if c is not None), None)
        block_end = t2_end if nxt is None else max(start, nxt.start())
        found: list[tuple[int, re.Match[str]]] = []
        pos = start
        patterns = [compiled(row.label.zh) for row in block.rows]
        for r, pattern in enumerate(patterns):
            m = search(pattern, text, pos, block_end)
            if m is not None:
                found.append((r, m))
                pos = m.end()
        _last(found, patterns, text, block_end)
        for i, (r, m) in enumerate(found):
            stop = found[i + 1][1].start() if i + 1 < len(found) else block_end
            stop = row_end(doc, m.end(), stop)
            layout.t2.append(RowSpot(by_row[("t2", block.rows[r].key or "")], m.start(), m.end(), stop))
        seen = {f[0] for f in found}
        for r, row in enumerate(block.rows):
            if r not in seen:
                layout.missing.append(MissingRow(by_row[("t2", row.key or "")], row.label.zh, start))
        if found:
            cursor = found[-1][1].end()

    # table 3
    t3_start = t2_end
    t4_head = heads.get("reviews")
    labels = t3_leaf_labels(fmt)
    t3_limit = next_stop(stops, t3_start, end)
    found3: list[tuple[int, re.Match[str]]] = []
    pos = t3_start
    patterns3 = [compiled(node.label.zh) for node in labels]
    for r, pattern in enumerate(patterns3):
        m = search(pattern, text, pos, t3_limit)
        if m is not None:
            found3.append((r, m))
            pos = m.end()
    _last(found3, patterns3, text, t3_limit)
    if t4_head is None or t4_head[0] <= t3_start:
        review = compiled(fmt.t4.columns[0].label.zh)
        m4 = search(review, text, found3[-1][1].end() if found3 else t3_start, end)
        t4_start = m4.start() if m4 else end
    else:
        t4_start = t4_head[1]
        t4_start = table_start(doc, fmt, "t4", t4_start, next_stop(stops, t4_start, end)) or t4_start
    row_keys = t3_row_keys(fmt)
    for i, (r, m) in enumerate(found3):
        last = i + 1 == len(found3)
        stop = min(t4_start, next_stop(stops, m.end(), end)) if last else found3[i + 1][1].start()
        stop = row_end(doc, m.end(), stop)
        layout.t3.append(RowSpot(by_row[("t3", row_keys[r])], m.start(), m.end(), stop))
    seen3 = {r for r, _ in found3}
    for r, node in enumerate(labels):
        if r not in seen3 and found3:
            layout.missing.append(MissingRow(by_row[("t3", row_keys[r])], node.label.zh, t3_start))

    # table 4
    t4_end = next_stop(stops, t4_start, end)
    if t4_start < end:
        layout.t4 = (t4_start, t4_end)
    layout.tables = (t2_start, t4_start)
    return layout


_DIGIT = re.compile(r"\d")


def unmatched_rows(doc: Doc, version: str, start: int, end: int) -> list[tuple[str, int]]:
    """Grid rows inside ``[start, end)`` with numbers but no declared label: (label, offset)."""
    out: list[tuple[str, int]] = []
    for t_start, t_end in doc.tables:
        if t_end <= start or t_start >= end:
            continue
        offset = t_start
        for piece in doc.text[t_start:t_end].split(ROW):
            body = piece.lstrip("\n")
            pos = offset + len(piece) - len(body)
            offset += len(piece) + 1
            parts = body.split(CELL)
            if len(parts) < 2:
                continue
            label = parts[0].strip()
            # a digit always starts a number token (see ._values): no tokens needed to tell; the first digit
            # of the row must come after its label
            digit = _DIGIT.search(body)
            if not label or digit is None or digit.start() < len(parts[0]):
                continue
            if is_known(label, version):
                continue
            out.append((label, pos))
    return out


def is_known(label: str, version: str) -> bool:
    """True when ``label`` contains a row, group or column label of ``version`` (or a table-2 caption)."""
    return known_row_pattern(version).search("".join(label.split())) is not None
