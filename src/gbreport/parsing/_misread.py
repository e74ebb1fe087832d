"""A table read wrong as a whole: many of its sums broken at once while its printed totals agree.

A published report that does not add up breaks a few of the format's sums: a typo in one cell
breaks the sum along its row and those down its column.  A table whose values were read into the
wrong cells breaks many at once, while the totals the document prints -- which agree with each
other -- are untouched.  That is a parsing failure to report, not a report to fail: the cells of
the broken sums (the agreeing totals aside) are left blank with a ``parse.misread_table`` finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._vector import Value
from ..formats import Format, Relation, cells_of, derived, relations_of

MIN_BROKEN = 8
"""At least this many broken sums in one table ..."""
MIN_SHARE = 4
"""... and at least one in this many of the sums that can be assessed (all cells read)."""


@dataclass(frozen=True, slots=True)
class TableSums:
    """The sums of one table, and those among them whose every cell is a total of another sum; ``cells``,
    every cell of the sums (a table read in full has them all)."""

    relations: tuple[Relation, ...]
    grand: tuple[Relation, ...]
    cells: tuple[str, ...]


@derived
def table_sums(fmt: Format) -> dict[str, TableSums]:
    """Per table id, its sums (relations whose cells all lie in the table) and its sums of totals."""
    out: dict[str, list[Relation]] = {}
    for rel in relations_of(fmt):
        tables = {cell.split(".", 1)[0] for cell in rel.cells}
        if len(tables) == 1:
            out.setdefault(tables.pop(), []).append(rel)
    result: dict[str, TableSums] = {}
    for table, rels in out.items():
        totals = {cell for rel in rels for cell in rel.totals}
        grand = tuple(rel for rel in rels if all(cell in totals for cell in rel.cells))
        cells = tuple(dict.fromkeys(cell for rel in rels for cell in rel.cells))
        result[table] = TableSums(tuple(rels), grand, cells)
    return result


def _holds(rel: Relation, values: dict[str, Value]) -> bool:
    """Whether ``rel`` holds on ``values``, which has every cell of it (as whole numbers, like the checks)."""
    get = values.__getitem__
    return sum(map(int, map(get, rel.parts))) == sum(map(int, map(get, rel.totals)))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Misread:
    """A table judged misread: the cells to leave blank, and how many of its sums were broken."""

    table: str
    cells: tuple[str, ...]
    broken: int


def misread_tables(fmt: Format, values: dict[str, Value]) -> list[Misread]:
    """The tables of ``fmt`` that ``values`` (as read) break many sums of while their totals agree."""
    out: list[Misread] = []
    get = values.get
    for table, sums in table_sums(fmt).items():
        if None in map(get, sums.cells):
            assessable = [rel for rel in sums.relations if None not in map(get, rel.cells)]
        else:
            assessable = list(sums.relations)
        if len(assessable) < MIN_BROKEN:
            continue
        broken = [rel for rel in assessable if not _holds(rel, values)]
        if len(broken) < MIN_BROKEN or len(broken) * MIN_SHARE < len(assessable):
            continue
        grand = [rel for rel in sums.grand if rel in assessable]
        if not grand or any(rel in broken for rel in grand):
            continue
        kept = {cell for rel in grand for cell in rel.cells}
        order = {cell.id: i for i, cell in enumerate(cells_of(fmt))}
        cells = sorted({c for rel in broken for c in rel.cells if c not in kept}, key=order.__getitem__)
        out.append(Misread(table, tuple(cells), len(broken)))
    return out
