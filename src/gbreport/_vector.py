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
    ``i``-th cell of the vocabulary.  Each object on the way (the report, ``r.t3``,
    ``r.t3.granted``) is read once: when its model is known, in one step, by
    unpacking its ``__dict__`` (pydantic keeps the fields there in declaration
    order), which raises ``ValueError`` if the object holds other fields and
    ``AttributeError`` if it has no ``__dict__``; otherwise attribute by attribute.
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
    """The generated lines reading the cells of ``fmt`` into locals (see :class:`Reader`).

    ``None`` when the cell ids are not plain attribute paths below the report.
    """
    paths = [tuple(cell.id.split(".")) for cell in cells_of(fmt)]
    if not all(len(path) > 1 and all(part.isidentifier() for part in path) for path in paths):
        return None
    names = {path: f"v{i}" for i, path in enumerate(paths)}
    children: dict[tuple[str, ...], list[str]] = {}  # each object on the way: the keys read from it, in order
    for path in paths:
        for depth in range(len(path)):
            keys = children.setdefault(path[:depth], [])
            if path[depth] not in keys:
                keys.append(path[depth])
    if len(names) != len(paths) or any(path in children for path in names):
        return None
    lines: list[str] = []
    holders: dict[tuple[str, ...], str] = {(): "r"}

    def read(path: tuple[str, ...]) -> None:
        targets: dict[str, str] = {}
        for key in children[path]:
            child = (*path, key)
            if child in names:
                targets[key] = names[child]
            else:
                targets[key] = holders[child] = f"g{len(holders) - 1}"
        fields = _holder_fields(fmt, path)
        if fields is not None and set(targets) <= set(fields):
            lines.append(f"    {', '.join(targets.get(f, '_') for f in fields)}, = {holders[path]}.__dict__.values()")
        else:
            lines.extend(f"    {var} = {holders[path]}.{key}" for key, var in targets.items())
        for key in children[path]:
            if (*path, key) in children:
                read((*path, key))

    read(())
    return Reader(tuple(lines), tuple(names[path] for path in paths))


@derived
def getter(fmt: Format) -> Callable[[Any], tuple[Value, ...]]:
    """A function that reads every cell of a format version from a report, in order.

    Generated from the cell ids (see :func:`reader`): each object on the way is
    read once, in one step.  A report with an object that does not have the
    declared shape (other fields, no ``__dict__``) is read again attribute by
    attribute, which raises ``AttributeError`` for a missing cell.
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
