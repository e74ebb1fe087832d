"""Adapters to the parser and the checker, in one place.

The review reads a few things that the parser and the checker are growing: per-cell
source locations on :class:`~gbreport.parsing.ParseResult` (``locations``: cell id ->
where the cell was read), a ``source=`` keyword of :func:`gbreport.check` that takes the
parse result, and findings that say a rule was *not assessable*.  Each is read here
through a small function that works with what exists today and picks up the new
interface when it is there, so that the rest of the review does not care which.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from .._api import cells
from ..checks import Finding, Findings, check
from ..checks.catalogue import SEVERITIES

if TYPE_CHECKING:
    from ..model import Report
    from ..parsing import ParseResult

__all__ = ["agency_kinds", "cell_locations", "is_not_assessable", "run_check", "severity_rank", "unread_cells"]


def severity_rank(severity: str) -> int:
    """0 for the most severe; unknown severities sort last."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _location_text(value: Any) -> str:
    """A location as one line of text (a string as is; a typed location through ``str``)."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def cell_locations(result: ParseResult) -> dict[str, str]:
    """Cell id -> where in the source the cell was read.

    Uses the parser's per-cell ``locations`` when the parse result has them; otherwise
    the places the parser's own findings give for the cells they name (a row, for the
    cells of that row), which covers only the cells the parser had something to say about.
    """
    given = getattr(result, "locations", None)
    if isinstance(given, Mapping):
        return {str(cell): text for cell, where in given.items() if (text := _location_text(where))}
    out: dict[str, str] = {}
    for finding in result.findings:
        if finding.location:
            for cell in finding.cells:
                if cell in result.raw:  # a cell of a row that was found (not one searched for in vain)
                    out.setdefault(cell, finding.location)
    return out


@cache
def _check_takes(keyword: str) -> bool:
    try:
        return keyword in inspect.signature(check).parameters
    except (TypeError, ValueError):  # pragma: no cover - a builtin without a signature
        return False


def run_check(
    report: Report,
    *,
    previous: Report | None = None,
    source: ParseResult | None = None,
    document: bool | None = None,
    agency_kind: str | None = None,
) -> Findings:
    """:func:`gbreport.check`, handing it ``source=``, ``document=`` and ``agency_kind=`` when it takes them."""
    options: dict[str, Any] = {}
    for keyword, value in (("source", source), ("document", document), ("agency_kind", agency_kind)):
        if value is not None and _check_takes(keyword):
            options[keyword] = value
    return check(report, previous=previous, **options)


def agency_kinds() -> tuple[str, ...]:
    """The kinds of agency the checker's timeliness rule tells apart (``government``, ``department``), if any."""
    from .. import checks

    kind = getattr(checks, "AgencyKind", None)
    return tuple(str(k) for k in typing.get_args(kind)) if kind is not None else ()


def is_not_assessable(finding: Finding) -> bool:
    """True for a finding that says a rule could not be decided (not an error of the report).

    Recognised as a ``not_assessable`` severity, an ``assessable`` field that is false, or
    a code ending in ``not_assessable``, whichever the checker uses.
    """
    if getattr(finding, "assessable", True) is False:
        return True
    return finding.severity == "not_assessable" or finding.code.endswith("not_assessable")  # type: ignore[comparison-overlap, unused-ignore]


def unread_cells(result: ParseResult) -> tuple[str, ...]:
    """Cells the parser left blank because it could not read them (unreadable, ambiguous, row missing)."""
    flagged: set[str] = set(result.unreadable_cells) | set(result.ambiguous)
    for finding in result.findings:
        if severity_rank(finding.severity) <= severity_rank("warning"):
            flagged.update(finding.cells)
    return tuple(cid for cid, value in cells(result.report) if value is None and cid in flagged)
