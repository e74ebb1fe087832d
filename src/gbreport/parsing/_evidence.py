"""Evidence from the same agency's reports of adjacent years, for readings the sums leave open.

The format declares identities between consecutive years (:class:`gbreport.formats.CrossYearRule`):
last year's 结转 equals this year's 上年结转, 2019-60 item counts roll forward, 2021-30
documents in force follow from last year's.  Given the report of the year before or the year
after, each such identity becomes a linear equation over the cells of the document being
read, which can single out one of several readings of run-together digits.  It never replaces
a value the document prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._api import cells
from .._vector import Value
from ..formats import CrossYearTerm, cross_year_rules
from ..model import Report


@dataclass(frozen=True, slots=True)
class Equation:
    """``sum(coef * cell) == constant`` over cells of the document being read."""

    terms: tuple[tuple[int, str], ...]
    constant: int
    source: str

    def holds(self, values: dict[str, Value]) -> bool:
        return sum(coef * int(values[cell] or 0) for coef, cell in self.terms) == self.constant


def _constant(values: dict[str, Value], terms: list[CrossYearTerm]) -> int | None:
    """``sum(sign * value)`` of ``terms`` read from ``values``; ``None`` if any is blank or not a count."""
    total = 0
    for term in terms:
        value = values.get(term.cell)
        if not isinstance(value, int):
            return None
        total += term.sign * value
    return total


def equations(version: str, *, previous: Report | None = None, following: Report | None = None) -> list[Equation]:
    """The cross-year identities of ``version`` that ``previous`` / ``following`` turn into equations."""
    out: list[Equation] = []
    if previous is not None:
        last = dict(cells(previous))
        source = f"the report of {previous.header.year or 'the year before'}"
        for rule in cross_year_rules(version, previous.format_version):
            constant = _constant(last, [t for t in rule.expected if t.year == "previous"])
            if constant is None:
                continue
            terms = [(1, rule.actual)] + [(-t.sign, t.cell) for t in rule.expected if t.year == "current"]
            out.append(Equation(tuple(terms), constant, source))
    if following is not None:
        nxt = dict(cells(following))
        source = f"the report of {following.header.year or 'the year after'}"
        for rule in cross_year_rules(following.format_version, version):
            known = _constant(nxt, [CrossYearTerm(1, "current", rule.actual)])
            others = _constant(nxt, [t for t in rule.expected if t.year == "current"])
            if known is None or others is None:
                continue
            terms = [(t.sign, t.cell) for t in rule.expected if t.year == "previous"]
            out.append(Equation(tuple(terms), known - others, source))
    return out
