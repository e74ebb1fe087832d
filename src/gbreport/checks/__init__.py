"""Conformance checks: the format's summation relations, the cross-year rules and the
document-level rules, with findings made from the catalogue.

:func:`check` returns findings (values, never exceptions); :func:`ensure_conforms`
raises one :class:`~gbreport.errors.ConformanceError` that carries every error finding.

One module per rule family: ``_sums`` (the compiled summation relations, blank and
empty tables), ``_cross_year`` (against last year's report), ``_document`` (sections,
format version against the year, timeliness) and ``_narrative`` (figures in the text
against the tables); ``_findings`` holds :class:`Finding` and :class:`Findings`,
``catalogue`` every code with its severity, message templates and explanation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._vector import vector
from ..errors import ArgumentError, ConformanceError
from ..model import ensure_report
from ._cross_year import copied_text_findings, cross_year_findings, marks_of
from ._document import (
    DEADLINES,
    AgencyKind,
    Heading,
    OutlineEntry,
    agency_kind_of,
    deadline,
    outline_of,
    section_findings,
    template_findings,
    timeliness_findings,
)
from ._findings import SEVERITIES, Finding, Findings, Severity, severity_rank
from ._labels import table_number
from ._narrative import narrative_findings
from ._sums import blank_findings, conforming, incomplete_findings, sum_findings
from .catalogue import CATALOGUE, FRAGMENTS, Rule, explain, make_finding

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..model import Report
    from ..parsing import ParseResult

__all__ = [
    "CATALOGUE",
    "FRAGMENTS",
    "SEVERITIES",
    "AgencyKind",
    "ConformanceError",
    "Finding",
    "Findings",
    "Heading",
    "OutlineEntry",
    "Rule",
    "Severity",
    "agency_kind_of",
    "check",
    "deadline",
    "ensure_conforms",
    "explain",
    "make_finding",
    "table_number",
]


def check(
    report: Report,
    *,
    previous: Report | None = None,
    source: ParseResult | Sequence[OutlineEntry] | None = None,
    document: bool | None = None,
    agency_kind: AgencyKind | None = None,
) -> Findings:
    """Check ``report`` against every rule of its format version.

    Always: one finding per violated summation relation; blank cells counted as 0 and
    reported at info level (``cell.blank``), cells marked not applicable
    (``report.marks``) counted as 0 without a finding, and an unfilled template
    reported as ``report.empty``.  With ``previous`` (the same
    agency's report for the year before, in either format version) the cross-year
    rules run as well.

    The document-level rules -- blank cells making the report incomplete
    (``report.incomplete``), the six sections, the format version against the year,
    timeliness, figures in the text against the tables, and (with ``previous``) text
    copied from last year -- run when ``document`` is true, which
    is the default when a ``source`` is given: the :class:`~gbreport.ParseResult` the
    report was read from (its ``outline`` of headings is used when it has one) or an
    outline itself (a sequence of :class:`Heading`, heading texts or ``(text,
    location)`` pairs).  Without an outline, the sections are judged from the
    report's texts and tables.  ``agency_kind`` (``"government"`` or
    ``"department"``) overrides ``header.agency_kind`` and the kind inferred from the
    agency's name for the publication deadline.
    """
    report = ensure_report(report)
    documented = document if document is not None else source is not None
    if previous is None and agency_kind is None and not documented and conforming(report.format_version)(report):
        return Findings()  # no blank cell, every relation holds: nothing to find
    if previous is not None:
        previous = ensure_report(previous, "previous")
    if agency_kind is not None and agency_kind not in DEADLINES:
        raise ArgumentError(f"agency_kind must be one of {', '.join(DEADLINES)} or None, not {agency_kind!r}")
    version = report.format_version
    values = vector(report)
    findings: list[Finding] = []
    marks = marks_of(report)
    blank: list[Finding] = []
    if None in values:
        blank = blank_findings(version, values, marks)
        findings.extend(blank)
        values = tuple(0 if v is None else v for v in values)
    findings.extend(sum_findings(version, values))
    if previous is not None:
        findings.extend(cross_year_findings(report, previous))
    if documented:
        findings.extend(incomplete_findings(blank))
        findings.extend(section_findings(report, outline_of(source)))
        findings.extend(template_findings(report))
        findings.extend(timeliness_findings(report, agency_kind))
        findings.extend(narrative_findings(report))
        if previous is not None:
            findings.extend(copied_text_findings(report, previous))
    findings.sort(key=severity_rank)
    return Findings(findings)


def ensure_conforms(
    report: Report,
    *,
    previous: Report | None = None,
    source: ParseResult | Sequence[OutlineEntry] | None = None,
    document: bool | None = None,
    agency_kind: AgencyKind | None = None,
) -> Findings:
    """Like :func:`check`, but raise :class:`ConformanceError` if there is any error finding.

    Returns the (non-error) findings when the report conforms.
    """
    findings = check(report, previous=previous, source=source, document=document, agency_kind=agency_kind)
    if not findings.conforms:
        raise ConformanceError(findings.errors)
    return findings
