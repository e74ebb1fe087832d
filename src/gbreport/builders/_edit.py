"""Read a report as ``{cell_id: value}`` and change cells, header fields and texts of a frozen report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from .._validation import from_validation_error
from .._vector import Value, index, vector
from ..errors import ArgumentError, LoadError
from ..formats import get_format
from ..model import Header, Report, Sections, ensure_report, report_class


def values_of(report: Report) -> dict[str, Value]:
    """Every cell of ``report`` by id, in vocabulary order."""
    return dict(zip(index(report.format_version), vector(report), strict=True))


def _set(data: dict[str, Any], dotted: str, value: object) -> None:
    *parents, leaf = dotted.split(".")
    node = data
    for part in parents:
        node = node[part]
    node[leaf] = value


def _merged(current: dict[str, Any], changes: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``current`` with ``changes`` applied; a nested mapping (``contact``) is merged field by field."""
    if not isinstance(changes, Mapping):
        raise LoadError(f"expected a mapping of field names to values, got {type(changes).__name__}", location=where)
    out = dict(current)
    for key, value in changes.items():
        if not isinstance(key, str):
            raise LoadError(f"field names are strings, got {key!r}", location=where)
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value, f"{where}.{key}")
        else:
            out[key] = value
    return out


def replace(
    report: Report,
    cells: Mapping[str, Value | str] | None = None,
    *,
    header: Header | Mapping[str, Any] | None = None,
    sections: Sections | Mapping[str, str | None] | None = None,
    extras: Mapping[str, Any] | None = None,
    marks: Mapping[str, str | None] | None = None,
) -> Report:
    """A copy of the frozen ``report`` with some cells, header fields or section texts changed.

    ``cells`` maps cell ids to new values (``None`` blanks a cell; money may be a
    decimal string).  ``header`` and ``sections`` given as mappings change only the
    fields they name (``header={"contact": {"phone": "…"}}`` changes the phone and
    keeps the address); a :class:`~gbreport.Header` or :class:`~gbreport.Sections`
    instance replaces the whole part.  ``extras`` sets non-cell fields by dotted path
    (``{"t2.procurement.amount_unit": "万元"}``).  ``marks`` marks blank cells as
    printed not applicable (``{"t2.fees.change": "/"}``; ``None`` removes a mark).
    Everything else is kept.

    The result is validated like :func:`gbreport.load`: an unknown cell id, header
    field or section, or a value the model does not accept (a negative count, a
    year that is not an integer, a date that is not ``YYYY-MM-DD``) raises one
    :class:`gbreport.LoadError` line naming the field.
    """
    report = ensure_report(report)
    data = report.model_dump()
    ids = index(report.format_version)
    for name, given in (("cells", cells), ("sections", sections), ("extras", extras), ("marks", marks)):
        whole = name == "sections" and isinstance(given, Sections)
        if given is not None and not isinstance(given, Mapping) and not whole:
            raise ArgumentError(f"replace(): {name} must be a mapping, not {type(given).__name__}")
    for cell_id, value in (cells or {}).items():
        if cell_id not in ids:
            raise LoadError(
                f"not a cell of format {report.format_version}; see `gbreport cells --vocabulary "
                f"--format-version {report.format_version}`",
                location=str(cell_id),
            )
        _set(data, cell_id, value)
    for dotted, value in (extras or {}).items():
        *parents, leaf = dotted.split(".")
        node: Any = data
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        tables = {t.id for t in get_format(report.format_version).tables}
        if (
            dotted in ids
            or not parents
            or parents[0] not in tables
            or not isinstance(node, dict)
            or leaf not in node
            or isinstance(node[leaf], dict)
        ):
            raise LoadError("not a non-cell field of the report (cells go in cells=)", location=dotted)
        node[leaf] = value
    if marks is not None:
        merged = {**data.get("marks", {}), **marks}
        data["marks"] = {cell_id: mark for cell_id, mark in merged.items() if mark is not None}
    if isinstance(header, Header):
        data["header"] = header
    elif header is not None:
        data["header"] = _merged(data["header"], header, "header")
    if isinstance(sections, Sections):
        data["sections"] = sections
    elif sections is not None:
        data["sections"] = _merged(data["sections"], sections, "sections")
    try:
        return report_class(report.format_version).model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None
