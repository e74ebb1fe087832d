"""Convert a 2019-60 report to the 2021-30 format, listing every cell that does not carry over.

Cells are matched by their id: the cell vocabulary gives the same id to the same
row and column in both formats (all of table 4, table 3 except （六）, and the
decision counts of table 2).  One further mapping is declared here:
2019-60 （六）其他处理 (one row) goes to 2021-30 （六）3.其他, because 2019-60 has
no split into the three 2021-30 sub-rows; sub-rows 1 and 2 are left blank and
listed.  Every other source cell is listed with the reason it cannot be carried
over, even when it is blank.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._api import from_cells
from .._vector import Value, cell_map
from ..errors import ConversionError
from ..formats import get_format
from ..model import Report
from ._edit import values_of


@dataclass(frozen=True, slots=True)
class CellMapping:
    """A source cell carried over to a target cell."""

    source: str
    target: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dropped:
    """A source cell that has no place in the target format, with its value and why."""

    cell: str
    value: Value
    reason: str


@dataclass(frozen=True, slots=True)
class Unfilled:
    """A target cell that no source cell fills (it is left blank), and why."""

    cell: str
    reason: str


@dataclass(frozen=True, slots=True)
class ConversionResult:
    """The converted report and the full account of what did and did not carry over."""

    report: Report
    mappings: tuple[CellMapping, ...]
    dropped: tuple[Dropped, ...]
    unfilled: tuple[Unfilled, ...]

    @property
    def lost(self) -> tuple[Dropped, ...]:
        """The dropped cells that had a value (blank ones lose nothing)."""
        return tuple(d for d in self.dropped if d.value is not None)


_ROW_INTO_SUBROW: dict[tuple[str, str], tuple[str, str, str]] = {
    ("2019-60", "2021-30"): (
        "t3.other",
        "t3.other.other",
        "2019-60 （六）其他处理 is one row; 2021-30 splits it in three, and the 2019-60 count goes to 3.其他",
    ),
}


def _reason(source: str, cell: str, target: str) -> str:
    src = cell_map(source)[cell]
    fmt = get_format(target)
    table = next(t for t in fmt.tables if t.id == src.table)
    row_key = src.row[-1].key
    rows = [r.key for b in getattr(table, "blocks", ()) for r in b.rows]
    if rows and row_key not in rows:
        return f"{target} table 2 has no row “{src.row_zh}”"
    return f"{target} has no column “{src.column_zh}” for “{src.row_zh}”"


def convert(report: Report, format_version: str = "2021-30") -> ConversionResult:
    """Convert ``report`` to ``format_version`` (2019-60 → 2021-30, or a report already in it).

    Header and text sections are kept as they are.  Returns the new report with
    every cell that maps, the list of mappings, every source cell that cannot
    be carried over (``dropped``, with its value and the reason) and every
    target cell left blank for want of a source (``unfilled``).  Nothing is
    dropped silently.
    """
    target = get_format(format_version).version
    source = report.format_version
    if source == target:
        return ConversionResult(report, (), (), ())
    special = _ROW_INTO_SUBROW.get((source, target))
    if special is None:
        raise ConversionError(f"cannot convert a {source} report to {target}; supported: 2019-60 → 2021-30")
    old_row, new_row, note = special
    old = values_of(report)
    target_cells = cell_map(target)
    mappings: list[CellMapping] = []
    dropped: list[Dropped] = []
    values: dict[str, Value] = {}
    for cell, value in old.items():
        if cell in target_cells:
            mappings.append(CellMapping(cell, cell))
            values[cell] = value
        elif cell.startswith(old_row + ".") and f"{new_row}{cell.removeprefix(old_row)}" in target_cells:
            new = f"{new_row}{cell.removeprefix(old_row)}"
            mappings.append(CellMapping(cell, new, note))
            values[new] = value
        else:
            dropped.append(Dropped(cell, value, _reason(source, cell, target)))
    unfilled = [
        Unfilled(
            cell,
            (
                f"“{info.row_zh}” is new in {target}; {source} counted these applications in "
                f"“{cell_map(source)[old_row + '.total'].row_zh}”, which is carried over to {new_row}"
                if cell.startswith(old_row + ".")
                else f"{source} has no cell “{info.row_zh} / {info.column_zh}”"
            ),
        )
        for cell, info in target_cells.items()
        if cell not in values
    ]
    new_report = from_cells(
        target,
        values,
        header=report.header,
        sections=report.sections.model_dump(),
    )
    return ConversionResult(new_report, tuple(mappings), tuple(dropped), tuple(unfilled))
