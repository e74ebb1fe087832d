"""Read a report as ``{cell_id: value}`` and write changed cells back, keeping everything else."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from .._validation import from_validation_error
from .._vector import Value, index, vector
from ..model import Report, report_class


def values_of(report: Report) -> dict[str, Value]:
    """Every cell of ``report`` by id, in vocabulary order."""
    return dict(zip(index(report.format_version), vector(report), strict=True))


def _set(data: dict[str, Any], dotted: str, value: object) -> None:
    *parents, leaf = dotted.split(".")
    node = data
    for part in parents:
        node = node[part]
    node[leaf] = value


def replace(report: Report, values: Mapping[str, Value], **fields: Any) -> Report:
    """A copy of ``report`` with the given cells (and top-level fields such as ``header``) replaced.

    The result is validated again, so a value the model does not accept (e.g. a
    negative count) raises :class:`gbreport.LoadError` naming the cell.
    """
    data = report.model_dump()
    ids = index(report.format_version)
    for cell_id, value in values.items():
        if cell_id not in ids:
            raise KeyError(f"{cell_id!r} is not a cell of format {report.format_version}")
        _set(data, cell_id, value)
    data.update(fields)
    try:
        return report_class(report.format_version).model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None
