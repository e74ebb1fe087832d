"""What the review reads from the parser and the checker, in one place.

Per-cell source locations come from :attr:`gbreport.parsing.ParseResult.locations`, the
document-level rules run through :func:`gbreport.check` with ``source=`` (the parse result),
and a rule that could not decide says so with ``Finding.assessable``.
"""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING

from .._api import cells
from ..checks import AgencyKind, Finding, Findings, check
from ..checks.catalogue import SEVERITIES
from ..errors import ArgumentError

if TYPE_CHECKING:
    from ..model import Report
    from ..parsing import ParseResult

__all__ = ["agency_kinds", "cell_locations", "is_not_assessable", "run_check", "severity_rank", "unread_cells"]


def severity_rank(severity: str) -> int:
    """0 for the most severe; unknown severities sort last."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def cell_locations(result: ParseResult) -> dict[str, str]:
    """Cell id -> where in the source the parser read the cell, as one line of text."""
    return {cell: text for cell, where in result.locations.items() if (text := " ".join(str(where).split()))}


def run_check(
    report: Report,
    *,
    previous: Report | None = None,
    source: ParseResult | None = None,
    document: bool | None = None,
    agency_kind: str | None = None,
) -> Findings:
    """:func:`gbreport.check` with the document-level rules (``agency_kind``: one of :func:`agency_kinds`)."""
    if agency_kind is not None and agency_kind not in agency_kinds():
        raise ArgumentError(f"agency_kind must be one of {', '.join(agency_kinds())}, not {agency_kind!r}")
    kind = typing.cast("AgencyKind | None", agency_kind)
    return check(report, previous=previous, source=source, document=document, agency_kind=kind)


def agency_kinds() -> tuple[str, ...]:
    """The kinds of agency the checker's timeliness rule tells apart (``government``, ``department``)."""
    return tuple(str(kind) for kind in typing.get_args(AgencyKind))


def is_not_assessable(finding: Finding) -> bool:
    """True for a finding that says a rule could not be decided (not an error of the report)."""
    return not finding.assessable


def unread_cells(result: ParseResult) -> tuple[str, ...]:
    """Cells the parser left blank because it could not read them (unreadable, ambiguous, row missing)."""
    flagged: set[str] = set(result.unreadable_cells) | set(result.ambiguous)
    for finding in result.findings:
        if severity_rank(finding.severity) <= severity_rank("warning"):
            flagged.update(finding.cells)
    return tuple(cid for cid, value in cells(result.report) if value is None and cid in flagged)
