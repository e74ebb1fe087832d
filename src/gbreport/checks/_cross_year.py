"""Cross-year rules: a report against the same agency's report of the year before.

The declared identities (``Format.cross_year``) run per cell; a blank cell on either
side makes that identity not assessable (``year.not_assessable``) instead of a false
difference, and a gap between the years makes every cross-year rule not assessable.
Two rules look for a report copied from last year's: table 3 identical and not all
zero, and a section's text nearly the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from .._vector import Value, index, vector
from ..formats import CrossYearRule, Label, cross_year_rules, get_format
from ._findings import Finding
from ._labels import cell_label, table_number
from .catalogue import CATALOGUE, FRAGMENTS

if TYPE_CHECKING:
    from ..model import Report

COPIED_SIMILARITY = 0.95
"""A section's text at least this similar to last year's is reported as copied."""
MIN_COPIED_LENGTH = 60
"""Texts shorter than this (after removing white space and punctuation) are not compared."""
COPIED_TABLES = ("t3",)
"""Tables compared cell by cell with last year's (table 3: the applications)."""


def marks_of(report: Report) -> Mapping[str, str]:
    """Cells printed as not applicable (``/``, ``—`` …): cell id -> the mark."""
    marks: Mapping[str, str] | None = getattr(report, "marks", None)
    return marks or {}


def consecutive(report: Report, previous: Report) -> Finding | None:
    """``year.not_consecutive`` when ``previous`` is not the report of the year before."""
    year, last = report.header.year, previous.header.year
    if year is not None and last is not None and last == year - 1:
        return None
    return CATALOGUE["year.not_consecutive"].finding(
        expected=None if year is None else year - 1,
        actual=last,
        last=FRAGMENTS["unknown_year"] if last is None else last,
        wanted=FRAGMENTS["year_before"] if year is None else year - 1,
    )


def cross_year_findings(report: Report, previous: Report) -> list[Finding]:
    gap = consecutive(report, previous)
    if gap is not None:
        return [gap]
    out: list[Finding] = []
    if report.header.agency.strip() != previous.header.agency.strip():
        out.append(
            CATALOGUE["year.agency_differs"].finding(
                agency=report.header.agency, previous_agency=previous.header.agency
            )
        )
    current_values = dict(zip(index(report.format_version), vector(report), strict=True))
    previous_values = dict(zip(index(previous.format_version), vector(previous), strict=True))
    marks = marks_of(previous)
    for cross in cross_year_rules(report.format_version, previous.format_version):
        finding = _cross_finding(report, previous, cross, current=current_values, last=previous_values, marks=marks)
        if finding is not None:
            out.append(finding)
    out.extend(copied_table_findings(report, previous, current_values, previous_values))
    return out


def _term(report: Report, previous: Report, last: bool, cell: str) -> Label:
    label = cell_label(previous.format_version if last else report.format_version, cell)
    fragment = FRAGMENTS["last_year" if last else "this_year"]
    return Label(fragment.zh.format(label.zh), fragment.en.format(label.en))


def _terms(report: Report, previous: Report, cross: CrossYearRule) -> Label:
    """The expected side of ``cross`` in words: 上年“…” + 本年“…” − 本年“…”."""
    zh = en = ""
    for t in cross.expected:
        term = _term(report, previous, t.year == "previous", t.cell)
        sign = "+" if t.sign > 0 else "−"
        zh += f" {sign} {term.zh}"
        en += f" {sign} {term.en}"
    return Label(zh.lstrip(" +"), en.lstrip(" +"))


def _cross_finding(
    report: Report,
    previous: Report,
    cross: CrossYearRule,
    *,
    current: dict[str, Value],
    last: dict[str, Value],
    marks: Mapping[str, str],
) -> Finding | None:
    # last year's blank cell makes the rule not assessable (this year's blanks count as 0,
    # each with its cell.blank finding, as in every other rule of this year's report)
    blank = [t.cell for t in cross.expected if t.year == "previous" and last[t.cell] is None and t.cell not in marks]
    cells = (*(f"{'previous.' if t.year == 'previous' else ''}{t.cell}" for t in cross.expected), cross.actual)
    rule = CATALOGUE[cross.rule]
    if blank:
        shown = [_term(report, previous, True, cell) for cell in dict.fromkeys(blank)]
        return CATALOGUE["year.not_assessable"].finding(
            cells,
            blank=Label(FRAGMENTS["list"].zh.join(t.zh for t in shown), FRAGMENTS["list"].en.join(t.en for t in shown)),
            rule=Label(rule.title_zh, rule.title_en),
            where=cross.where,
        )
    expected: int | Decimal = 0
    for term in cross.expected:
        value = (last if term.year == "previous" else current)[term.cell]
        expected += term.sign * (value or 0)
    actual = current[cross.actual] or 0
    if expected == actual:
        return None
    return rule.finding(
        cells,
        expected=expected,
        actual=actual,
        cell=cell_label(report.format_version, cross.actual),
        terms=_terms(report, previous, cross),
        where=cross.where,
    )


def copied_table_findings(
    report: Report, previous: Report, current: dict[str, Value], last: dict[str, Value]
) -> list[Finding]:
    """``year.copied_table`` for a table identical to last year's, printed in full and not all zero."""
    out = []
    for table in COPIED_TABLES:
        ids = [c for c in current if c.split(".")[0] == table]
        if not ids or any(c not in last for c in ids):
            continue  # the formats differ in this table: not comparable cell by cell
        this = [current[c] for c in ids]
        if None in this or any(last[c] != current[c] for c in ids) or not any(this):
            continue
        out.append(
            CATALOGUE["year.copied_table"].finding(
                tuple(ids), count=len(ids), table=table_number(report.format_version, table)
            )
        )
    return out


_IGNORED = re.compile(r"[\s\W_]+")


def _comparable(text: str | None) -> str:
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text or ""))


SHINGLE = 4
"""Texts are compared as multisets of overlapping runs of this many characters."""


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1: the Dice coefficient of their character 4-grams.

    Linear in the length of the texts (a report's text may be long); a few words
    changed in a paragraph lower it by a few per cent, a rewritten text brings it near 0.
    """
    grams_a = Counter(a[i : i + SHINGLE] for i in range(max(len(a) - SHINGLE + 1, 1)))
    grams_b = Counter(b[i : i + SHINGLE] for i in range(max(len(b) - SHINGLE + 1, 1)))
    common = sum((grams_a & grams_b).values())
    return 2 * common / (sum(grams_a.values()) + sum(grams_b.values()))


def copied_text_findings(report: Report, previous: Report) -> list[Finding]:
    """``year.copied_text`` for each section whose text is nearly the same as last year's."""
    if consecutive(report, previous) is not None:
        return []
    fmt = get_format(report.format_version)
    out = []
    for position, section in enumerate(fmt.sections, start=1):
        this = getattr(report.sections, section.key, None)
        last = getattr(previous.sections, section.key, None)
        a, b = _comparable(this), _comparable(last)
        if min(len(a), len(b)) < MIN_COPIED_LENGTH:
            continue
        ratio = similarity(a, b)
        if ratio >= COPIED_SIMILARITY:
            out.append(
                CATALOGUE["year.copied_text"].finding(
                    location=f"sections.{section.key}",
                    number=Label(section.number, str(position)),
                    section=section.label,
                    similarity=int(ratio * 100),
                )
            )
    return out
