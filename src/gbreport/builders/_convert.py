"""Convert a report to a later format version, listing every cell that does not carry over.

Cells are matched by their id: the cell vocabulary gives the same id to the same
row and column in both formats (all of table 4, table 3 except （六）, and the
decision counts of table 2).  Further mappings are declared by the target format
(``Format.converts_from``): 2019-60 （六）其他处理 (one row) goes to 2021-30
（六）3.其他, because 2019-60 has no split into the three 2021-30 sub-rows;
sub-rows 1 and 2 are left blank and listed.  Every other source cell is listed with the reason it cannot be carried
over, even when it is blank.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._api import from_cells
from .._vector import Value, cell_map
from ..errors import ConversionError
from ..formats import FORMAT_VERSIONS, Conversion, get_format, versions
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


def _reason(source: str, cell: str, target: str) -> str:
    src = cell_map(source)[cell]
    fmt = get_format(target)
    table = next(t for t in fmt.tables if t.id == src.table)
    row_key = src.row[-1].key
    rows = [r.key for b in getattr(table, "blocks", ()) for r in b.rows]
    if rows and row_key not in rows:
        return f"{target} table 2 has no row “{src.row_zh}”"
    return f"{target} has no column “{src.column_zh}” for “{src.row_zh}”"


def _conversion(source: str, target: str) -> Conversion:
    for conversion in get_format(target).converts_from:
        if conversion.source == source:
            return conversion
    supported = [f"{c.source} → {v}" for v in versions() for c in get_format(v).converts_from]
    raise ConversionError(f"cannot convert a {source} report to {target}; supported: {', '.join(supported)}")


def convert(report: Report, format_version: str = FORMAT_VERSIONS[-1]) -> ConversionResult:
    """Convert ``report`` to ``format_version`` (default: the newest built-in version).

    The conversions are those the target version declares (``Format.converts_from``:
    2019-60 → 2021-30), and a report already in the target version is returned as is.

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
    moves = _conversion(source, target).moves
    old = values_of(report)
    target_cells = cell_map(target)
    mappings: list[CellMapping] = []
    dropped: list[Dropped] = []
    values: dict[str, Value] = {}
    for cell, value in old.items():
        move = next((m for m in moves if cell.startswith(m.old + ".")), None)
        moved = None if move is None else f"{move.new}{cell.removeprefix(move.old)}"
        if cell in target_cells:
            mappings.append(CellMapping(cell, cell))
            values[cell] = value
        elif move is not None and moved in target_cells:
            mappings.append(CellMapping(cell, moved, move.note))
            values[moved] = value
        else:
            dropped.append(Dropped(cell, value, _reason(source, cell, target)))

    def why_unfilled(cell: str) -> str:
        info = target_cells[cell]
        for m in moves:
            if cell.startswith(m.old + "."):
                return (
                    f"“{info.row_zh}” is new in {target}; {source} counted these applications in "
                    f"“{cell_map(source)[m.old + '.total'].row_zh}”, which is carried over to {m.new}"
                )
        return f"{source} has no cell “{info.row_zh} / {info.column_zh}”"

    unfilled = [Unfilled(cell, why_unfilled(cell)) for cell in target_cells if cell not in values]
    marks = getattr(report, "marks", None) or {}
    carried = {m.target: marks[m.source] for m in mappings if m.source in marks}
    new_report = from_cells(
        target,
        values,
        header=report.header,
        sections=report.sections.model_dump(),
        extras={"marks": carried} if carried else None,
    )
    return ConversionResult(new_report, tuple(mappings), tuple(dropped), tuple(unfilled))
