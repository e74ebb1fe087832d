"""Whole-report builders: fill the totals, start next year's report, roll several agencies up."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from .._api import from_cells
from .._vector import Value
from ..errors import BuildError, IncompatibleReportsError, TotalsConflictError
from ..formats import cross_year_rules, get_format
from ..model import Header, Report, Sections, ensure_report
from ._edit import replace, values_of
from ._totals import derivations


def complete(report: Report, *, overwrite: bool = False) -> Report:
    """``report`` with every derived cell computed from the cells it sums.

    The derived cells are the 总计 column and （七）总计 row of table 3 and the
    总计 of each table-4 group.  Blank parts count as 0; a total whose parts are
    all blank is left as it is (blank, or the value the report gives).  A total
    that is given and disagrees with its parts raises
    :class:`TotalsConflictError` listing every such cell, unless ``overwrite``
    is true, in which case it is replaced by the sum.
    """
    report = ensure_report(report)
    values = values_of(report)
    changed: dict[str, Value] = {}
    conflicts: list[tuple[str, object, object]] = []
    for d in derivations(report.format_version):
        parts = [values[p] for p in d.parts]
        if all(p is None for p in parts):
            continue
        computed = sum(p or 0 for p in parts)
        given = values[d.cell]
        if given == computed:
            continue
        if given is not None and not overwrite:
            conflicts.append((d.cell, given, computed))
            continue
        values[d.cell] = changed[d.cell] = computed
    if conflicts:
        raise TotalsConflictError(conflicts)
    return replace(report, changed) if changed else report


DRAFT_NOTE = "【草稿：以下沿用{year}年度报告原文，请按本年度情况修改后删去本行】"
"""The line :func:`next_year` puts before each text it keeps from last year's report (``{year}``
is last year).  It is printed like any text, so an unrevised draft is visible in every rendering;
:func:`draft_texts` lists the texts that still carry it."""

_DRAFT = re.compile(
    "^" + r"\d{4}".join(re.escape(part) for part in DRAFT_NOTE.split("{year}")) + "\n?",
)


def _draft(text: str | None, year: int) -> str | None:
    if text is None or not text.strip():
        return text
    return f"{DRAFT_NOTE.format(year=year)}\n{_DRAFT.sub('', text, count=1)}"


def draft_texts(report: Report) -> tuple[str, ...]:
    """The texts of ``report`` that still begin with the :data:`DRAFT_NOTE` of :func:`next_year`.

    ``"header.preamble"`` and ``"sections.<key>"`` (``sections.overview`` …), in
    document order; an empty tuple once every kept text has been revised.
    """
    report = ensure_report(report)
    found = []
    if report.header.preamble is not None and _DRAFT.match(report.header.preamble):
        found.append("header.preamble")
    for key in type(report.sections).model_fields:
        text = getattr(report.sections, key)
        if text is not None and _DRAFT.match(text):
            found.append(f"sections.{key}")
    return tuple(found)


def next_year(report: Report, *, format_version: str | None = None, keep_text: bool = False) -> Report:
    """Start the same agency's report for the following year.

    Every cell that a cross-year rule of the new format determines from last
    year's report is pre-filled, the rest is blank:

    * table 3 二、上年结转 = last year's 四、结转下年度继续办理, column by column;
    * 2019-60 table 2 上一年项目数量 = last year's 上一年项目数量 + 本年增/减
      (left blank when that would be negative);
    * 2021-30 table 2 现行有效件数 = last year's 现行有效件数 (the opening stock:
      add this year's 本年制发件数 and subtract 本年废止件数 once you know them).

    The header keeps the agency and contact details, with the year advanced.
    With ``keep_text``, last year's preamble and section texts are kept as the
    new report's draft, each behind one line :data:`DRAFT_NOTE` (``【草稿：以下沿用
    2023年度报告原文…】``) so that nobody publishes them unrevised by mistake;
    :func:`draft_texts` lists those still marked.  Without it the texts are blank.
    ``format_version`` starts the new report in another format (for example a
    2021-30 report after a 2019-60 one); rules that need a cell the old format
    lacks are skipped.  ``check(new, previous=report)`` finds no cross-year error.
    """
    report = ensure_report(report)
    version = get_format(format_version or report.format_version).version
    fmt = get_format(version)
    if report.header.year is None:
        raise BuildError("the report has no header.year; set it before starting the next year's report")
    last = values_of(report)
    values: dict[str, Value] = {}
    for rule in cross_year_rules(fmt, report.format_version):
        terms = [t for t in rule.expected if t.year == "previous"]
        if any(t.cell not in last for t in terms):
            continue
        known = [t.sign * last[t.cell] for t in terms if last[t.cell] is not None]  # type: ignore[operator]
        if not known:
            continue
        total = sum(known)
        if total >= 0:
            values[rule.actual] = total
    year = report.header.year
    header = report.header.model_copy(
        update={
            "year": year + 1,
            "published": None,
            "preamble": _draft(report.header.preamble, year) if keep_text else None,
        }
    )
    sections: dict[str, str | None] = {}
    if keep_text:
        sections = {key: _draft(text, year) for key, text in report.sections.model_dump().items()}
    return from_cells(version, values, header=header, sections=sections)


def _section_text(reports: Sequence[Report], key: str) -> str | None:
    parts = []
    for r in reports:
        text = getattr(r.sections, key)
        if text is not None and text.strip():
            parts.append(f"【{r.header.agency or '（未署名机关）'}】\n{text.strip()}")
    return "\n\n".join(parts) if parts else None


def _describe(r: Report) -> str:
    return f"“{r.header.agency or '(no agency)'}” ({r.format_version}, {r.header.year})"


_TO_YUAN = {"元": Decimal(1), "万元": Decimal(10000)}
_UNIT = "amount_unit"


def _free_unit_cells(version: str) -> list[tuple[str, str]]:
    """``(cell_id, unit field)`` of every amount whose unit the report states next to it
    (a table-2 block declaring an ``amount_unit`` extra; in 2019-60, 采购总金额)."""
    out = []
    for block in get_format(version).t2.blocks:
        if any(e.name == _UNIT for e in block.extras):
            for row in block.rows:
                for column in block.columns:
                    if column.kind == "money":
                        out.append((f"t2.{row.key}.{column.key}", f"t2.{row.key}.{_UNIT}"))
    return out


def _unit_of(report: Report, unit_field: str) -> str | None:
    value: Any = report
    for part in unit_field.split("."):
        value = getattr(value, part)
    return value  # type: ignore[no-any-return]


def _units(reports: Sequence[Report], values: list[dict[str, Value]]) -> dict[str, Any]:
    """Make amounts with a stated unit addable: one unit for all, or everything in 元."""
    extras: dict[str, Any] = {}
    for cell, unit_field in _free_unit_cells(reports[0].format_version):
        given = [(r, v, _unit_of(r, unit_field)) for r, v in zip(reports, values, strict=True) if v[cell] is not None]
        units = {u for _, _, u in given}
        if len(units) <= 1:
            extras[unit_field] = units.pop() if units else None
            continue
        if None in units:
            unknown = ", ".join(_describe(r) for r, _, u in given if u is None)
            raise IncompatibleReportsError(
                f"cannot add up {cell}: the unit is unknown in {unknown} and given in others; "
                f"set {unit_field} to 元 or 万元 in every report"
            )
        for _, v, unit in given:
            v[cell] = Decimal(v[cell] or 0) * _TO_YUAN[unit or "元"]
        extras[unit_field] = "元"
    return extras


def roll_up(reports: Iterable[Report], *, agency: str, published: dt.date | None = None) -> Report:
    """One summary report for several agencies of the same format version and year.

    Every cell is the sum of that cell over ``reports``; a cell blank in every
    report stays blank (blank cells count as 0 next to a number).  Each text
    section lists the agencies' texts, each under 【agency】.  Reports of
    different format versions or years raise :class:`IncompatibleReportsError`
    naming them.  2019-60 采购总金额 given in 元 by some agencies and 万元 by
    others is added up in 元.
    """
    items = [ensure_report(r, "each report") for r in reports]
    if not items:
        raise IncompatibleReportsError("roll_up() needs at least one report")
    kinds = {(r.format_version, r.header.year) for r in items}
    if len(kinds) > 1:
        listing = "; ".join(_describe(r) for r in items)
        raise IncompatibleReportsError(
            f"cannot roll up reports of different format versions or years: {listing}; "
            "convert them to one format (gbreport.builders.convert) and roll up one year at a time"
        )
    first = items[0]
    columns = [values_of(r) for r in items]
    extras = _units(items, columns)
    total: dict[str, Value] = {}
    for cell in columns[0]:
        present = [c[cell] for c in columns if c[cell] is not None]
        total[cell] = sum(present) if present else None  # type: ignore[arg-type]
    sections = Sections(**{key: _section_text(items, key) for key in Sections.model_fields})
    header = Header(agency=agency, year=first.header.year, published=published)
    return from_cells(first.format_version, total, header=header, sections=sections.model_dump(), extras=extras)
