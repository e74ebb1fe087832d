"""Inputs that are not report JSON nor a published document, but another gbreport form of a report.

``gbreport.load``, ``gbreport.parse`` (and so ``check``, ``render``, ``cells``) call
:func:`read_tabular` before giving up on JSON or guessing a document kind: a filled
workbook of :mod:`gbreport.workbook`, or what ``gbreport cells`` writes (TSV or JSON).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Report
from ._readback import is_cells_mapping, looks_like_cells_tsv, read_cells_mapping, read_cells_tsv


@dataclass(frozen=True)
class Tabular:
    """A report read from a workbook (``kind="xlsx"``) or from ``gbreport cells`` output (``kind="cells"``);
    ``raw`` holds the not-applicable marks typed in otherwise blank cells."""

    kind: str
    report: Report
    raw: Mapping[str, str] = field(default_factory=dict)


def read_tabular(data: bytes | Mapping[str, Any], source: str = "", *, cells_json: bool = True) -> Tabular | None:
    """The report in ``data`` when it is a filled workbook or ``gbreport cells`` output; ``None`` otherwise.

    ``cells_json=False`` leaves JSON text alone (for callers that hand JSON to
    :func:`gbreport.load`, which reads ``cells --json`` output itself).

    Raises :class:`gbreport.LoadError` when ``data`` is one of these but cannot be used
    (a wrong value in a workbook cell, an unknown cell id).
    """
    if isinstance(data, Mapping):
        return Tabular("cells", read_cells_mapping(data, source=source)) if is_cells_mapping(data) else None
    from ..workbook import is_workbook, read_form

    if is_workbook(data):
        report, raw = read_form(data, source)
        return Tabular("xlsx", report, raw)
    if looks_like_cells_tsv(data):
        return Tabular("cells", read_cells_tsv(data.decode("utf-8-sig", errors="replace"), source=source))
    if cells_json and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        try:
            parsed = json.loads(data.decode("utf-8-sig"))
        except (ValueError, RecursionError):
            return None
        if is_cells_mapping(parsed):
            return Tabular("cells", read_cells_mapping(parsed, source=source))
    return None
