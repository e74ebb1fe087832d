"""The result of reviewing one input file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

from ..checks import Finding, Findings
from ..checks.catalogue import SEVERITIES
from ._compat import is_not_assessable, severity_rank

if TYPE_CHECKING:
    from ..model import Report

__all__ = ["PAIRINGS", "STATUSES", "Pairing", "ReviewResult", "Status", "status_of"]

Status = Literal["conforms", "fails", "needs_review", "unusable"]
STATUSES: Final[tuple[Status, ...]] = ("conforms", "fails", "needs_review", "unusable")
"""Every status, from best to worst for a report that could be read; ``unusable`` last."""

Pairing = Literal["", "paired", "given", "first", "gap", "no_agency_or_year"]
PAIRINGS: Final[dict[str, str]] = {
    "": "cross-year rules not run",
    "paired": "cross-year rules run against the agency's report of the year before in this review",
    "given": "cross-year rules run against the report given as previous",
    "first": "no earlier report of the agency in this review",
    "gap": "not assessable: the agency's report of the year before is not in this review",
    "no_agency_or_year": "not assessable: the report names no agency or no year",
}
"""What each pairing state means (the cross-year column of the summary)."""


def status_of(findings: Iterable[Finding], unread: Sequence[str], *, parser_warned: bool, gap: bool) -> Status:
    """``fails`` with an error finding; ``needs_review`` when nothing is wrong but something could not be
    read or assessed; else ``conforms``."""
    listed = tuple(findings)
    if any(f.severity == "error" for f in listed):
        return "fails"
    if parser_warned or gap or unread or any(is_not_assessable(f) for f in listed):
        return "needs_review"
    return "conforms"


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """One input file of a review: its status and what was found.

    ``report`` is ``None`` and ``reason`` says why when the status is ``unusable``.
    ``findings`` are the parser's and the checker's (and the cross-year rules', when the
    agency's report of the year before is in the review), errors first, each located in
    the source where the report was read from a document.  ``locations`` maps cell ids to
    where they were read; ``unread`` lists the cells the parser could not read.
    """

    path: str
    index: int
    status: Status
    reason: str = ""
    kind: str = ""
    format_version: str | None = None
    agency: str | None = None
    year: int | None = None
    findings: Findings = field(default_factory=Findings)
    unread: tuple[str, ...] = ()
    locations: Mapping[str, str] = field(default_factory=dict)
    previous: str | None = None
    pairing: Pairing = ""
    report: Report | None = None
    parser_warned: bool = False

    @property
    def conforms(self) -> bool | None:
        """True when there is no error finding; ``None`` for an unusable file."""
        return None if self.status == "unusable" else self.findings.conforms

    @property
    def counts(self) -> dict[str, int]:
        """Number of findings per severity (every severity of the catalogue, zeros included)."""
        out: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes that fired, each once, most severe first."""
        ranked = sorted(self.findings, key=lambda f: severity_rank(f.severity))
        return tuple(dict.fromkeys(f.code for f in ranked))

    @property
    def not_assessable(self) -> tuple[Finding, ...]:
        """Findings of rules that could not be decided."""
        return tuple(f for f in self.findings if is_not_assessable(f))

    @property
    def pairing_note(self) -> str:
        """The cross-year state in words."""
        note = PAIRINGS[self.pairing]
        return f"{note} ({self.previous})" if self.previous and self.pairing in ("paired", "given") else note
