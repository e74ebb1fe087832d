"""Findings of the parser: one helper that takes severity from the catalogue."""

from __future__ import annotations

from .._vector import Value
from ..checks import CATALOGUE, Finding


def finding(
    code: str,
    cells: tuple[str, ...],
    zh: str,
    en: str,
    location: str = "",
    *,
    expected: Value = None,
    actual: Value = None,
) -> Finding:
    """A finding of the catalogued rule ``code`` with the given messages."""
    rule = CATALOGUE[code]
    return Finding(rule.code, rule.severity, cells, expected, actual, zh, en, location)
