"""Table layout derived from the format declaration: a grid of cells with row and column spans.

Every renderer (HTML, Markdown, text, Word) draws the same :class:`Layout`, so the
shape of the tables is decided once, here, from the :class:`~gbreport.formats.Node`
trees of the declaration -- never from labels typed into a template.

The rule for a tree of headers is the one of the official template: a group node
spans its leaves and one level; a leaf stretches over every level left below it
(so ``（一）予以公开`` spans two label columns next to ``（三）不予公开`` / ``1.属于国家秘密``,
and ``自然人`` spans two header rows next to ``法人或其他组织`` / ``商业企业``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..errors import RenderError
from ..formats import BlockTable, Cell, Format, GridTable, Kind, Label, Node, cells_of, derived

Role = Literal["corner", "caption", "column", "row", "value"]
"""What a layout cell holds: the corner note, a block caption, a column or row header, or a value."""


@dataclass(frozen=True, slots=True)
class LayoutCell:
    """One cell of a table layout, placed at ``(row, col)`` of the grid with its spans.

    Header cells carry a ``label``; value cells carry the ``cell_id`` of the cell
    vocabulary and the value ``kind``.
    """

    role: Role
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    label: Label | None = None
    cell_id: str | None = None
    kind: Kind = "count"

    @property
    def is_header(self) -> bool:
        return self.role != "value"


@dataclass(frozen=True, slots=True)
class Layout:
    """A table as a grid: ``rows[i]`` lists the cells that start in grid row ``i``, left to right.

    ``header_rows`` is the number of leading rows that form the column header
    (0 for table 2, whose headers repeat inside every block).
    """

    table: str
    width: int
    header_rows: int
    rows: tuple[tuple[LayoutCell, ...], ...]

    @property
    def height(self) -> int:
        return len(self.rows)

    def cells(self) -> Iterator[LayoutCell]:
        for row in self.rows:
            yield from row

    def values(self) -> Iterator[LayoutCell]:
        return (c for c in self.cells() if c.role == "value")

    def slots(self) -> list[list[LayoutCell]]:
        """The dense grid: the cell covering each ``(row, col)``; a spanning cell fills all its slots."""
        grid: list[list[LayoutCell | None]] = [[None] * self.width for _ in self.rows]
        for cell in self.cells():
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if grid[r][c] is not None:
                        raise AssertionError(f"{self.table}: cells overlap at ({r}, {c})")
                    grid[r][c] = cell
        out: list[list[LayoutCell]] = []
        for r, line in enumerate(grid):
            if any(slot is None for slot in line):
                raise AssertionError(f"{self.table}: row {r} is not fully covered")
            out.append([slot for slot in line if slot is not None])
        return out


def _depth(nodes: tuple[Node, ...]) -> int:
    return max((1 + _depth(n.children) for n in nodes), default=0)


def _width(n: Node) -> int:
    return len(n.leaves())


def _place_headers(
    nodes: tuple[Node, ...], level: int, offset: int, depth: int
) -> Iterator[tuple[int, int, int, int, Node]]:
    """Header cells of a tree as ``(level, offset, level_span, leaf_span, node)``.

    ``level`` runs along the tree depth (header rows for columns, label columns for
    rows); ``offset`` runs along the leaves.
    """
    for n in nodes:
        leaves = _width(n)
        span = depth - level if n.is_leaf else 1
        yield level, offset, span, leaves, n
        if not n.is_leaf:
            yield from _place_headers(n.children, level + 1, offset, depth)
        offset += leaves


def _grid_layout(table: GridTable, cells: tuple[Cell, ...]) -> Layout:
    columns = table.columns
    if table.column_header is not None:
        columns = (Node(None, table.column_header, table.columns),)
    head = _depth(columns)
    labelled = any(n.label.zh or n.label.en for n in _all_nodes(table.rows))
    label_cols = _depth(table.rows) if labelled else 0
    body = sum(_width(n) for n in table.rows)
    n_cols = sum(_width(n) for n in columns)
    placed: list[LayoutCell] = []
    if label_cols:
        placed.append(LayoutCell("corner", 0, 0, head, label_cols, label=table.corner))
    for level, offset, span, leaves, n in _place_headers(columns, 0, 0, head):
        placed.append(LayoutCell("column", level, label_cols + offset, span, leaves, label=n.label))
    if label_cols:
        for level, offset, span, leaves, n in _place_headers(table.rows, 0, 0, label_cols):
            placed.append(LayoutCell("row", head + offset, level, leaves, span, label=n.label))
    if len(cells) != body * n_cols:
        raise AssertionError(f"{table.id}: {len(cells)} cells for a {body}x{n_cols} grid")
    for i, cell in enumerate(cells):
        r, c = divmod(i, n_cols)
        placed.append(LayoutCell("value", head + r, label_cols + c, cell_id=cell.id, kind=cell.kind))
    return _assemble(table.id, label_cols + n_cols, head, placed)


def _all_nodes(nodes: tuple[Node, ...]) -> Iterator[Node]:
    for n in nodes:
        yield n
        yield from _all_nodes(n.children)


def _block_layout(table: BlockTable, cells: tuple[Cell, ...]) -> Layout:
    width = 1 + max(len(b.columns) for b in table.blocks)
    placed: list[LayoutCell] = []
    r = 0
    for index, block in enumerate(table.blocks):
        own = [c for c in cells if c.block == index]
        last = len(block.columns) - 1
        stretch = width - 1 - last  # the last column takes the rest of the width

        def span(i: int, last: int = last, stretch: int = stretch) -> int:
            return stretch if i == last else 1

        placed.append(LayoutCell("caption", r, 0, 1, width, label=block.caption))
        placed.append(LayoutCell("column", r + 1, 0, label=table.header))
        for i, column in enumerate(block.columns):
            placed.append(LayoutCell("column", r + 1, 1 + i, 1, span(i), label=column.label))
        r += 2
        for j, row in enumerate(block.rows):
            placed.append(LayoutCell("row", r, 0, label=row.label))
            for i in range(len(block.columns)):
                cell = own[j * len(block.columns) + i]
                placed.append(LayoutCell("value", r, 1 + i, 1, span(i), cell_id=cell.id, kind=cell.kind))
            r += 1
    return _assemble(table.id, width, 0, placed)


def _assemble(table: str, width: int, header_rows: int, placed: list[LayoutCell]) -> Layout:
    height = max(c.row + c.rowspan for c in placed)
    rows: list[list[LayoutCell]] = [[] for _ in range(height)]
    for cell in placed:
        rows[cell.row].append(cell)
    layout = Layout(table, width, header_rows, tuple(tuple(sorted(r, key=lambda c: c.col)) for r in rows))
    layout.slots()  # raises if the cells do not tile the grid exactly
    return layout


@derived
def layouts(fmt: Format) -> dict[str, Layout]:
    """The layout of every table of a format version, by table id (a derived view)."""
    out: dict[str, Layout] = {}
    every = cells_of(fmt)
    for decl in fmt.tables:
        cells = tuple(c for c in every if c.table == decl.id)
        out[decl.id] = _block_layout(decl, cells) if isinstance(decl, BlockTable) else _grid_layout(decl, cells)
    return out


def layout(version: str | Format, table: str) -> Layout:
    """The layout of table ``table`` (``"t2"``, ``"t3"`` or ``"t4"``) of format ``version``."""
    tables = layouts(version)
    try:
        return tables[table]
    except KeyError:
        raise RenderError(f"unknown table {table!r}; expected one of {', '.join(tables)}") from None
