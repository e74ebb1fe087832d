"""The flat vector of a report's cell values, in vocabulary order."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter
from typing import Any, TypeAlias

from .formats import Cell, Format, cells_of, derived

Value: TypeAlias = int | Decimal | None
"""The value of one cell: ``int`` for counts, ``Decimal`` for money, ``None`` for blank."""


@derived
def getter(fmt: Format) -> Callable[[Any], tuple[Value, ...]]:
    """A function that reads every cell of a format version from a report, in order.

    Generated from the cell ids: each group object (``report.t3``,
    ``report.t3.granted``) is fetched once and kept in a local, so reading the
    vector is one attribute access per cell and per group.
    """
    lines = ["def read(r):"]
    names: dict[str, str] = {}
    leaves: list[str] = []
    for cell in cells_of(fmt):
        parts = cell.id.split(".")
        if not all(part.isidentifier() for part in parts):  # not a plain attribute path: the slow, general way
            return attrgetter(*(c.id for c in cells_of(fmt)))
        holder = "r"
        for depth in range(1, len(parts)):
            path = ".".join(parts[:depth])
            if path not in names:
                names[path] = f"g{len(names)}"
                lines.append(f"    {names[path]} = {holder}.{parts[depth - 1]}")
            holder = names[path]
        leaves.append(f"{holder}.{parts[-1]}")
    lines.append(f"    return ({', '.join(leaves)},)")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<gbreport cells {fmt.version}>", "exec"), namespace)  # noqa: S102
    read: Callable[[Any], tuple[Value, ...]] = namespace["read"]
    return read


def vector(report: Any) -> tuple[Value, ...]:
    """Every cell value of ``report``, in vocabulary order."""
    return getter(report.format_version)(report)


@derived
def index(fmt: Format) -> dict[str, int]:
    """Position of each cell id in the vector of a format version."""
    return {cell.id: i for i, cell in enumerate(cells_of(fmt))}


@derived
def cell_map(fmt: Format) -> dict[str, Cell]:
    """Each cell of a format version by id."""
    return {cell.id: cell for cell in cells_of(fmt)}
