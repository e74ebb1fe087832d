"""The flat vector of a report's cell values, in vocabulary order."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import Any, TypeAlias

from .formats import Cell, cells_of, get_format

Value: TypeAlias = int | Decimal | None
"""The value of one cell: ``int`` for counts, ``Decimal`` for money, ``None`` for blank."""


@cache
def getter(version: str) -> Callable[[Any], tuple[Value, ...]]:
    """A C-level getter that reads every cell of ``version`` from a report, in order."""
    return attrgetter(*(cell.id for cell in cells_of(get_format(version))))


def vector(report: Any) -> tuple[Value, ...]:
    """Every cell value of ``report``, in vocabulary order."""
    return getter(report.format_version)(report)


@cache
def index(version: str) -> dict[str, int]:
    """Position of each cell id in the vector of ``version``."""
    return {cell.id: i for i, cell in enumerate(cells_of(get_format(version)))}


@cache
def cell_map(version: str) -> dict[str, Cell]:
    return {cell.id: cell for cell in cells_of(get_format(version))}
