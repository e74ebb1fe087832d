"""Cross-year rules: a report against the same agency's report of the year before."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .._vector import Value, index, vector
from ..formats import CrossYearRule, Label, cross_year_rules
from ._findings import Finding
from ._labels import cell_label
from .catalogue import CATALOGUE, FRAGMENTS

if TYPE_CHECKING:
    from ..model import Report


def cross_year_findings(report: Report, previous: Report) -> list[Finding]:
    out: list[Finding] = []
    year, last = report.header.year, previous.header.year
    if year is None or last is None or last != year - 1:
        out.append(
            CATALOGUE["year.not_consecutive"].finding(
                expected=None if year is None else year - 1,
                actual=last,
                last=FRAGMENTS["unknown_year"] if last is None else last,
                wanted=FRAGMENTS["year_before"] if year is None else year - 1,
            )
        )
        return out
    if report.header.agency.strip() != previous.header.agency.strip():
        out.append(
            CATALOGUE["year.agency_differs"].finding(
                agency=report.header.agency, previous_agency=previous.header.agency
            )
        )
    current_values = dict(zip(index(report.format_version), vector(report), strict=True))
    previous_values = dict(zip(index(previous.format_version), vector(previous), strict=True))
    for cross in cross_year_rules(report.format_version, previous.format_version):
        finding = _cross_finding(report, previous, cross, current_values, previous_values)
        if finding is not None:
            out.append(finding)
    return out


def _terms(report: Report, previous: Report, cross: CrossYearRule) -> Label:
    """The expected side of ``cross`` in words: 上年“…” + 本年“…” − 本年“…”."""
    texts = {"zh": "", "en": ""}
    for t in cross.expected:
        last = t.year == "previous"
        label = cell_label(previous.format_version if last else report.format_version, t.cell)
        fragment = FRAGMENTS["last_year" if last else "this_year"]
        sign = "+" if t.sign > 0 else "−"
        for lang in texts:
            texts[lang] += f" {sign} " + getattr(fragment, lang).format(getattr(label, lang))
    return Label(texts["zh"].lstrip(" +"), texts["en"].lstrip(" +"))


def _cross_finding(
    report: Report,
    previous: Report,
    cross: CrossYearRule,
    current: dict[str, Value],
    last: dict[str, Value],
) -> Finding | None:
    expected: int | Decimal = 0
    for term in cross.expected:
        value = (last if term.year == "previous" else current)[term.cell]
        expected += term.sign * (value or 0)
    actual = current[cross.actual] or 0
    if expected == actual:
        return None
    cells = (*(f"{'previous.' if t.year == 'previous' else ''}{t.cell}" for t in cross.expected), cross.actual)
    return CATALOGUE[cross.rule].finding(
        cells,
        expected=expected,
        actual=actual,
        cell=cell_label(report.format_version, cross.actual),
        terms=_terms(report, previous, cross),
        where=cross.where,
    )
