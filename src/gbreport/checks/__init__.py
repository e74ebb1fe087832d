"""Conformance checks: the format's summation relations, the cross-year rules and the
document-level rules, with findings made from the catalogue.

:func:`check` returns findings (values, never exceptions); :func:`ensure_conforms`
raises one :class:`~gbreport.errors.ConformanceError` that carries every error finding.

One module per rule family: ``_sums`` (the compiled summation relations), ``_cross_year``
(against last year's report); ``_findings`` holds :class:`Finding` and :class:`Findings`,
``catalogue`` every code with its severity, message templates and explanation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._vector import vector
from ..errors import ConformanceError
from ._cross_year import cross_year_findings
from ._findings import SEVERITIES, Finding, Findings, Severity, severity_rank
from ._labels import table_number
from ._sums import blank_findings, sum_findings
from .catalogue import CATALOGUE, FRAGMENTS, Rule, explain, make_finding

if TYPE_CHECKING:
    from ..model import Report

__all__ = [
    "CATALOGUE",
    "FRAGMENTS",
    "SEVERITIES",
    "ConformanceError",
    "Finding",
    "Findings",
    "Rule",
    "Severity",
    "check",
    "ensure_conforms",
    "explain",
    "make_finding",
    "table_number",
]


def check(report: Report, *, previous: Report | None = None) -> Findings:
    """Check ``report`` against every rule of its format version.

    With ``previous`` (the same agency's report for the year before, in either
    format version), the cross-year rules run as well.  Returns one finding per
    violated equation; blank cells are counted as 0 and reported at info level.
    """
    version = report.format_version
    values = vector(report)
    findings: list[Finding] = []
    if None in values:
        findings.extend(blank_findings(version, values))
        values = tuple(0 if v is None else v for v in values)
    findings.extend(sum_findings(version, values))
    if previous is not None:
        findings.extend(cross_year_findings(report, previous))
    findings.sort(key=severity_rank)
    return Findings(findings)


def ensure_conforms(report: Report, *, previous: Report | None = None) -> Findings:
    """Like :func:`check`, but raise :class:`ConformanceError` if there is any error finding.

    Returns the (non-error) findings when the report conforms.
    """
    findings = check(report, previous=previous)
    if not findings.conforms:
        raise ConformanceError(findings.errors)
    return findings
