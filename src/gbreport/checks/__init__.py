"""Conformance checks: the format's summation relations and the cross-year rules.

:func:`check` returns findings (values, never exceptions); :func:`ensure_conforms`
raises one :class:`ConformanceError` that carries every error finding.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from .._vector import Value, cell_map, index, vector
from ..errors import ConformanceError
from ..formats import CrossYearRule, Label, Relation, cross_year_rules, get_format, relations_of
from .catalogue import CATALOGUE, SEVERITIES, Rule, Severity, explain

if TYPE_CHECKING:
    from ..model import Report

__all__ = [
    "CATALOGUE",
    "ConformanceError",
    "Finding",
    "Findings",
    "Rule",
    "Severity",
    "check",
    "ensure_conforms",
    "explain",
]


def _num(value: Value) -> str:
    return "空白" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class Finding:
    """One violated rule: which cells, what was expected, what the report says.

    ``expected`` is what the rule computes from the other cells (e.g. the sum of
    the parts); ``actual`` is what the report prints (e.g. the total).
    """

    code: str
    severity: Severity
    cells: tuple[str, ...]
    expected: Value
    actual: Value
    message_zh: str
    message_en: str
    location: str = ""
    """Where in a source document the finding arose (parsers fill it: line, table, row, page)."""

    @property
    def difference(self) -> Value:
        """``actual - expected`` where both are numbers."""
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected

    @property
    def rule(self) -> Rule:
        return CATALOGUE[self.code]

    def message(self, locale: str = "zh_CN") -> str:
        """The message in Chinese (``zh*``) or English (anything else)."""
        return self.message_zh if locale.startswith("zh") else self.message_en

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (numbers as JSON numbers, money as strings)."""

        def plain(v: Value) -> int | str | None:
            return str(v) if isinstance(v, Decimal) else v

        return {
            "code": self.code,
            "severity": self.severity,
            "cells": list(self.cells),
            "expected": plain(self.expected),
            "actual": plain(self.actual),
            "difference": plain(self.difference),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "location": self.location,
        }

    def __str__(self) -> str:
        return f"{self.severity} {self.code} [{', '.join(self.cells)}]: {self.message_en}"


class Findings(tuple[Finding, ...]):
    """The findings of one check, in a stable order (errors, then warnings, then info)."""

    __slots__ = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self if f.severity == "warning")

    @property
    def conforms(self) -> bool:
        """True when there is no error finding."""
        return not any(f.severity == "error" for f in self)

    def codes(self) -> list[str]:
        return [f.code for f in self]

    def to_json(self) -> str:
        return json.dumps([f.to_dict() for f in self], ensure_ascii=False, indent=2)


# --- compiled relations --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Compiled:
    relations: tuple[Relation, ...]
    run: Callable[[tuple[Value, ...]], list[int]]
    parts: tuple[tuple[int, ...], ...]
    totals: tuple[tuple[int, ...], ...]


@cache
def _compiled(version: str) -> _Compiled:
    """Turn the relations of ``version`` into one straight-line function over the vector.

    The function returns the indices of the violated relations; it is generated
    from the declared relations, so checking a report is a few hundred integer
    additions and no walk over nested objects.
    """
    relations = relations_of(get_format(version))
    idx = index(version)
    parts = tuple(tuple(idx[c] for c in r.parts) for r in relations)
    totals = tuple(tuple(idx[c] for c in r.totals) for r in relations)
    lines = ["def run(v):", "    bad = []"]
    for i, (p, t) in enumerate(zip(parts, totals, strict=True)):
        lhs = " + ".join(f"v[{j}]" for j in p)
        rhs = " + ".join(f"v[{j}]" for j in t)
        lines.append(f"    if {lhs} != {rhs}: bad.append({i})")
    lines.append("    return bad")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<gbreport relations {version}>", "exec"), namespace)  # noqa: S102
    return _Compiled(relations, namespace["run"], parts, totals)


def _label(version: str, cell: str) -> Label:
    return cell_map(version)[cell].label


def _joined(version: str, cells: Iterable[str], lang: str) -> str:
    return " + ".join(f"“{getattr(_label(version, c), lang)}”" for c in cells)


def _relation_finding(version: str, relation: Relation, expected: int, actual: int) -> Finding:
    rule = CATALOGUE[relation.rule]
    diff = actual - expected
    if len(relation.parts) <= 2:
        parts_zh = _joined(version, relation.parts, "zh") + " 之和为"
        parts_en = _joined(version, relation.parts, "en") + " add up to"
    else:
        parts_zh, parts_en = rule.parts_zh + "为", rule.parts_en
    table = relation.rule.split(".")[0][1:]
    zh = (
        f"表{'三' if table == '3' else '四'}：{_joined(version, relation.totals, 'zh')} 为 {actual}，"
        f"而{parts_zh} {expected}（相差 {diff:+d}）。"
    )
    en = (
        f"Table {table}: {_joined(version, relation.totals, 'en')} = {actual}, "
        f"but {parts_en} {expected} (off by {diff:+d})."
    )
    return Finding(relation.rule, rule.severity, relation.cells, expected, actual, zh, en)


def _blank_findings(version: str, values: tuple[Value, ...]) -> list[Finding]:
    rule = CATALOGUE["cell.blank"]
    cells = cell_map(version)
    out = []
    for cell_id, value in zip(cells, values, strict=True):
        if value is None:
            label = cells[cell_id].label
            out.append(
                Finding(
                    "cell.blank",
                    rule.severity,
                    (cell_id,),
                    None,
                    None,
                    f"“{label.zh}”为空白，按 0 计算。",
                    f"“{label.en}” is blank; counted as 0.",
                )
            )
    return out


def _sort_key(f: Finding) -> int:
    return SEVERITIES.index(f.severity)


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
        findings.extend(_blank_findings(version, values))
        values = tuple(0 if v is None else v for v in values)
    compiled = _compiled(version)
    for i in compiled.run(values):
        expected = sum(int(values[j] or 0) for j in compiled.parts[i])
        actual = sum(int(values[j] or 0) for j in compiled.totals[i])
        findings.append(_relation_finding(version, compiled.relations[i], expected, actual))
    if previous is not None:
        findings.extend(_cross_year(report, previous))
    findings.sort(key=_sort_key)
    return Findings(findings)


def _cross_year(report: Report, previous: Report) -> list[Finding]:
    out: list[Finding] = []
    year, last = report.header.year, previous.header.year
    if year is None or last is None or last != year - 1:
        rule = CATALOGUE["year.not_consecutive"]
        out.append(
            Finding(
                rule.code,
                rule.severity,
                (),
                None if year is None else year - 1,
                last,
                f"上年报告的年度为 {_num(last)}，应为 {_num(None if year is None else year - 1)}；未进行跨年比较。",
                f"The previous report is for {last if last is not None else 'an unknown year'}, expected "
                f"{year - 1 if year is not None else 'the year before (this report has no year)'}; "
                "no cross-year comparison was made.",
            )
        )
        return out
    if report.header.agency.strip() != previous.header.agency.strip():
        rule = CATALOGUE["year.agency_differs"]
        out.append(
            Finding(
                rule.code,
                rule.severity,
                (),
                None,
                None,
                f"本年报告机关为“{report.header.agency}”，上年报告机关为“{previous.header.agency}”。",
                f"This report is by “{report.header.agency}”, the previous one by “{previous.header.agency}”.",
            )
        )
    fmt = get_format(report.format_version)
    current_values = dict(zip(index(report.format_version), vector(report), strict=True))
    previous_values = dict(zip(index(previous.format_version), vector(previous), strict=True))
    for cross in cross_year_rules(fmt, previous.format_version):
        finding = _cross_finding(report, previous, cross, current_values, previous_values)
        if finding is not None:
            out.append(finding)
    return out


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
    rule = CATALOGUE[cross.rule]
    cells = (*tuple(f"{'previous.' if t.year == 'previous' else ''}{t.cell}" for t in cross.expected), cross.actual)

    def terms(lang: str, this_year: str, last_year: str) -> str:
        out = ""
        for t in cross.expected:
            version = previous.format_version if t.year == "previous" else report.format_version
            sign = "+" if t.sign > 0 else "−"
            prefix = last_year if t.year == "previous" else this_year
            out += f" {sign} {prefix}“{getattr(_label(version, t.cell), lang)}”"
        return out.lstrip(" +")

    actual_zh = _label(report.format_version, cross.actual).zh
    actual_en = _label(report.format_version, cross.actual).en
    diff = actual - expected
    zh = (
        f"本年“{actual_zh}”为 {actual}，而{terms('zh', '本年', '上年')} 为 {expected}（相差 {diff:+}）。"
    )
    en = (
        f"This year's “{actual_en}” is {actual}, but{' ' + terms('en', 'this year', 'last year')} "
        f"= {expected} (off by {diff:+})."
    )
    return Finding(rule.code, rule.severity, cells, expected, actual, zh, en)


def ensure_conforms(report: Report, *, previous: Report | None = None) -> Findings:
    """Like :func:`check`, but raise :class:`ConformanceError` if there is any error finding.

    Returns the (non-error) findings when the report conforms.
    """
    findings = check(report, previous=previous)
    if not findings.conforms:
        raise ConformanceError(findings.errors)
    return findings
