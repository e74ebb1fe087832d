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
    """A C-level getter that reads every cell of a format version from a report, in order."""
    return attrgetter(*(cell.id for cell in cells_of(fmt)))


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
