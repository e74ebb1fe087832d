"""Findings: what a rule found, as values (never exceptions)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal

from .._vector import Value

if TYPE_CHECKING:
    from .catalogue import Rule

Severity = Literal["error", "warning", "info"]
SEVERITIES: Final[tuple[Severity, ...]] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Finding:
    """One violated rule: which cells, what was expected, what the report says.

    ``expected`` is what the rule computes from the other cells (e.g. the sum of
    the parts); ``actual`` is what the report prints (e.g. the total).  Make findings
    with :meth:`gbreport.checks.Rule.finding` (or :func:`gbreport.checks.make_finding`),
    which formats both messages from the catalogue's templates.
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
        from .catalogue import CATALOGUE

        return CATALOGUE[self.code]

    @property
    def assessable(self) -> bool:
        """``False`` for a finding that says a rule could not decide (see ``Rule.assessable``)."""
        from .catalogue import CATALOGUE

        rule = CATALOGUE.get(self.code)
        return rule is None or rule.assessable

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


def severity_rank(finding: Finding) -> int:
    """Sort key: errors, then warnings, then info."""
    return SEVERITIES.index(finding.severity)


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
    def not_assessable(self) -> tuple[Finding, ...]:
        """Findings that say a rule could not decide (a reviewed report ``needs_review``)."""
        return tuple(f for f in self if not f.assessable)

    @property
    def conforms(self) -> bool:
        """True when there is no error finding."""
        return not self or not any(f.severity == "error" for f in self)

    def codes(self) -> list[str]:
        return [f.code for f in self]

    def to_json(self) -> str:
        return json.dumps([f.to_dict() for f in self], ensure_ascii=False, indent=2)
