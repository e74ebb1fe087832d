"""The flat vector of a report's cell values, in vocabulary order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any, TypeAlias

from .formats import Cell, Format, cells_of, derived

Value: TypeAlias = int | Decimal | None
"""The value of one cell: ``int`` for counts, ``Decimal`` for money, ``None`` for blank."""


@dataclass(frozen=True, slots=True)
class Reader:
    """Generated lines that read every cell of a format version from the report ``r`` into locals.

    ``lines`` (indented for a function body) bind ``names[i]`` to the value of the
    ``i``-th cell of the vocabulary.  Each group object (``r.t3``, ``r.t3.granted``)
    is fetched once; a group whose model holds exactly its cells, in order, is read
    in one step by unpacking its ``__dict__`` (pydantic keeps the fields there in
    declaration order), which raises ``ValueError`` if the object holds other
    fields.  ``None`` when a cell id is not a plain attribute path.
    """

    lines: tuple[str, ...]
    names: tuple[str, ...]


def _holder_fields(fmt: Format, path: tuple[str, ...]) -> tuple[str, ...] | None:
    """The field names of the model at ``path`` below the report class of ``fmt`` (``None``: unknown)."""
    from .model import Model, report_class

    cls: Any = report_class(fmt)
    for part in path:
        field = cls.model_fields.get(part) if isinstance(cls, type) and issubclass(cls, Model) else None
        if field is None:
            return None
        cls = field.annotation
    if isinstance(cls, type) and issubclass(cls, Model):
        return tuple(cls.model_fields)
    return None


@derived
def reader(fmt: Format) -> Reader | None:
    """The generated lines reading the cells of ``fmt`` into locals (see :class:`Reader`)."""
    groups: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for i, cell in enumerate(cells_of(fmt)):
        parts = tuple(cell.id.split("."))
        if len(parts) < 2 or not all(part.isidentifier() for part in parts):
            return None
        groups.setdefault(parts[:-1], []).append((i, parts[-1]))
    lines: list[str] = []
    holders: dict[tuple[str, ...], str] = {}
    names = [""] * len(cells_of(fmt))
    for path, leaves in groups.items():
        holder = "r"
        for depth in range(1, len(path) + 1):
            if path[:depth] not in holders:
                holders[path[:depth]] = f"g{len(holders)}"
                lines.append(f"    {holders[path[:depth]]} = {holder}.{path[depth - 1]}")
            holder = holders[path[:depth]]
        for i, _ in leaves:
            names[i] = f"v{i}"
        keys = tuple(key for _, key in leaves)
        if _holder_fields(fmt, path) == keys:
            lines.append(f"    {', '.join(names[i] for i, _ in leaves)}, = {holder}.__dict__.values()")
        else:
            lines.extend(f"    {names[i]} = {holder}.{key}" for i, key in leaves)
    return Reader(tuple(lines), tuple(names))


@derived
def getter(fmt: Format) -> Callable[[Any], tuple[Value, ...]]:
    """A function that reads every cell of a format version from a report, in order.

    Generated from the cell ids (see :func:`reader`): each group object is fetched
    once, and a group that is a row of cells is read in one step.  An object that
    does not have the declared shape (other fields, no ``__dict__``) is read again
    attribute by attribute, which raises ``AttributeError`` for a missing cell.
    """
    by_attribute = attrgetter(*(c.id for c in cells_of(fmt)))
    code = reader(fmt)
    if code is None:  # not a plain attribute path: the slow, general way
        return by_attribute
    lines = ["def read(r):", "    try:"]
    lines.extend("    " + line for line in code.lines)
    lines.append("    except (ValueError, AttributeError):")
    lines.append("        return by_attribute(r)")
    lines.append(f"    return ({', '.join(code.names)},)")
    namespace: dict[str, Any] = {"by_attribute": by_attribute}
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
