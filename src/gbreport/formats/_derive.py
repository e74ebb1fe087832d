"""Everything that follows mechanically from a format declaration: its cells (the
interchange vocabulary, in TSV order) and its summation relations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ._registry import derived, get_format
from ._spec import BlockTable, CrossYearRule, Format, GridTable, Kind, Label, Node

Path = tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of the vocabulary (one line of ``cells-<version>.tsv``)."""

    id: str
    table: str
    kind: Kind
    row_zh: str
    column_zh: str
    label_en: str
    row: Path
    column: Path
    block: int | None = None

    @property
    def label(self) -> Label:
        """The cell's full label (row path and column path)."""
        zh = " / ".join(part for part in (self.row_zh, self.column_zh) if part)
        return Label(zh, self.label_en)


@dataclass(frozen=True, slots=True)
class Relation:
    """``sum(parts) == sum(totals)``: one equation, one finding when violated.

    ``expected`` of a finding is the sum of ``parts``; ``actual`` is the sum of
    ``totals`` as printed.  ``where`` names the row or column the equation runs along.
    """

    rule: str
    parts: tuple[str, ...]
    totals: tuple[str, ...]
    where: Label

    @property
    def cells(self) -> tuple[str, ...]:
        return self.parts + self.totals


def leaf_paths(nodes: tuple[Node, ...], prefix: Path = ()) -> Iterator[Path]:
    """Paths from the top of the tree to each leaf, in document order."""
    for n in nodes:
        path = (*prefix, n)
        if n.is_leaf:
            yield path
        else:
            yield from leaf_paths(n.children, path)


def _keys(path: Path) -> list[str]:
    return [n.key for n in path if n.key is not None]


def path_id(path: Path) -> str:
    """The id segments a path of nodes contributes to a cell id (``withheld.state_secret``)."""
    return ".".join(_keys(path))


def _joined(labels: list[str]) -> str:
    return " / ".join(label for label in labels if label)


def grid_cell_id(table: GridTable, row: Path, column: Path) -> str:
    return ".".join([table.id, *_keys(row), *_keys(column)])


def _grid_cells(table: GridTable) -> Iterator[Cell]:
    for row in leaf_paths(table.rows):
        for column in leaf_paths(table.columns):
            yield Cell(
                id=grid_cell_id(table, row, column),
                table=table.id,
                kind=column[-1].kind,
                row_zh=_joined([n.label.zh for n in row]),
                column_zh=_joined([n.label.zh for n in column]),
                label_en=_joined([n.label.en for n in row + column]),
                row=row,
                column=column,
            )


def _block_cells(table: BlockTable) -> Iterator[Cell]:
    for index, block in enumerate(table.blocks):
        for row in block.rows:
            for column in block.columns:
                yield Cell(
                    id=f"{table.id}.{row.key}.{column.key}",
                    table=table.id,
                    kind=column.kind,
                    row_zh=_joined([block.caption.zh, row.label.zh]),
                    column_zh=column.label.zh,
                    label_en=_joined([row.label.en, column.label.en]),
                    row=(row,),
                    column=(column,),
                    block=index,
                )


@derived
def cells_of(fmt: Format) -> tuple[Cell, ...]:
    """Every cell of the format, in vocabulary (TSV) order."""
    out: list[Cell] = []
    for table in fmt.tables:
        if isinstance(table, BlockTable):
            out.extend(_block_cells(table))
        else:
            out.extend(_grid_cells(table))
    return tuple(out)


def sibling_totals(nodes: tuple[Node, ...], prefix: Path = ()) -> Iterator[tuple[Path, list[Path]]]:
    """For each total node: its path and the leaf paths it sums (all its siblings' leaves)."""
    for n in nodes:
        if n.total:
            parts = [p for sib in nodes if sib is not n for p in leaf_paths((sib,), prefix)]
            yield (*prefix, n), parts
        if n.children:
            yield from sibling_totals(n.children, (*prefix, n))


def _where(path: Path) -> Label:
    return Label(
        _joined([n.label.zh for n in path]),
        _joined([n.label.en for n in path]),
    )


def _grid_relations(table: GridTable) -> Iterator[Relation]:
    rows = list(leaf_paths(table.rows))
    columns = list(leaf_paths(table.columns))
    for total, parts in sibling_totals(table.columns):
        for row in rows:
            yield Relation(
                rule=total[-1].rule or f"{table.id}.total",
                parts=tuple(grid_cell_id(table, row, p) for p in parts),
                totals=(grid_cell_id(table, row, total),),
                where=_where(row) if _keys(row) else _where(total[:-1]),
            )
    for total, parts in sibling_totals(table.rows):
        for column in columns:
            yield Relation(
                rule=total[-1].rule or f"{table.id}.total",
                parts=tuple(grid_cell_id(table, p, column) for p in parts),
                totals=(grid_cell_id(table, total, column),),
                where=_where(column),
            )
    by_key = {".".join(_keys(row)): row for row in rows}
    for balance in table.balances:
        for column in columns:
            yield Relation(
                rule=balance.rule,
                parts=tuple(grid_cell_id(table, by_key[k], column) for k in balance.left),
                totals=tuple(grid_cell_id(table, by_key[k], column) for k in balance.right),
                where=_where(column),
            )


@derived
def relations_of(fmt: Format) -> tuple[Relation, ...]:
    """Every summation relation of the format, in a stable order."""
    out: list[Relation] = []
    for table in fmt.tables:
        if isinstance(table, GridTable):
            out.extend(_grid_relations(table))
    return tuple(out)


@derived
def cell_ids(fmt: Format) -> frozenset[str]:
    """The set of cell ids of the format."""
    return frozenset(cell.id for cell in cells_of(fmt.version))


def cross_year_rules(version: str | Format, previous: str | Format) -> tuple[CrossYearRule, ...]:
    """The cross-year rules of ``version`` that can run against a report in ``previous``.

    A rule applies when the previous version has every cell its ``previous`` terms read;
    so carry-over works across versions, and a rule on cells the older format lacks is
    left out (no version list is written by hand).
    """
    fmt, last = get_format(version), cell_ids(previous)
    return tuple(rule for rule in fmt.cross_year if all(t.cell in last for t in rule.expected if t.year == "previous"))
