"""Compare two reports of one agency: changed cells, the table totals side by side, the texts."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .._vector import Value, cell_map, index, vector
from ..builders import convert
from ..datasets import marks_after
from ..errors import ConversionError
from ..formats import Format, GridTable, Label, derived, get_format
from ..formats._derive import leaf_paths, path_id
from ..model import Header, Report, ensure_report

LONG_TEXT = 20_000
"""Texts longer than this (characters) get a quick upper-bound similarity instead of the exact one."""


@dataclass(frozen=True, slots=True)
class CellChange:
    """One cell in both reports: ``before`` (the earlier report) and ``after``.

    ``before_mark`` and ``after_mark`` are the not-applicable marks (``/``, ``—``, ``无`` …)
    a report prints in the cell, where it does (the value is then ``None``).
    """

    cell: str
    label: Label
    before: Value
    after: Value
    before_mark: str | None = None
    after_mark: str | None = None

    @property
    def changed(self) -> bool:
        """Whether the value (or, for a blank cell, its not-applicable mark) differs."""
        if (self.before is None) != (self.after is None) or self.before != self.after:
            return True
        return self.before_mark != self.after_mark

    @property
    def change(self) -> Value:
        """``after - before`` when both are numbers (a blank is not 0)."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def relative(self) -> float | None:
        """``(after - before) / before`` when both are numbers and ``before`` is not 0."""
        if self.before is None or self.after is None or self.before == 0:
            return None
        return float(Decimal(self.after - self.before) / Decimal(self.before))

    def to_dict(self) -> dict[str, Any]:
        def plain(v: Value) -> int | str | None:
            return str(v) if isinstance(v, Decimal) else v

        return {
            "cell": self.cell,
            "label_zh": self.label.zh,
            "label_en": self.label.en,
            "before": plain(self.before),
            "after": plain(self.after),
            "before_mark": self.before_mark,
            "after_mark": self.after_mark,
            "change": plain(self.change),
            "relative": None if self.relative is None else round(self.relative, 6),
        }


Op = Literal["replace", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class ParagraphChange:
    """Paragraphs replaced, inserted or deleted between the two texts (difflib opcodes)."""

    op: Op
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TextChange:
    """One text (the preamble or a section) in both reports."""

    key: str
    title: Label
    before: str | None
    after: str | None
    similarity: float
    paragraphs: tuple[ParagraphChange, ...]

    @property
    def changed(self) -> bool:
        return (self.before or "") != (self.after or "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title_zh": self.title.zh,
            "title_en": self.title.en,
            "changed": self.changed,
            "similarity": round(self.similarity, 6),
            "paragraphs": [{"op": p.op, "before": list(p.before), "after": list(p.after)} for p in self.paragraphs],
        }


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A header field (agency, year, date, contact) that differs."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Diff:
    """What changed from report ``before`` (the earlier) to report ``after``.

    Both are in ``format_version`` (a report of another version is converted
    first; ``conversion`` says which and what it lost).  ``cells`` has every cell of
    the format side by side (``changed_cells`` only those that differ), ``totals``
    the table totals, ``texts`` the preamble and the six sections, ``header`` the
    header fields that differ.
    """

    format_version: str
    before: Report
    after: Report
    cells: tuple[CellChange, ...]
    totals: tuple[CellChange, ...]
    texts: tuple[TextChange, ...]
    header: tuple[FieldChange, ...]
    conversion: tuple[str, ...] = ()

    @property
    def changed_cells(self) -> tuple[CellChange, ...]:
        return tuple(c for c in self.cells if c.changed)

    def to_dict(self) -> dict[str, Any]:
        def who(r: Report) -> dict[str, Any]:
            return {
                "agency": r.header.agency,
                "year": r.header.year,
                "published": None if r.header.published is None else r.header.published.isoformat(),
            }

        return {
            "format_version": self.format_version,
            "before": who(self.before),
            "after": who(self.after),
            "conversion": list(self.conversion),
            "header": [{"field": h.field, "before": h.before, "after": h.after} for h in self.header],
            "totals": [c.to_dict() for c in self.totals],
            "changed_cells": [c.to_dict() for c in self.changed_cells],
            "texts": [t.to_dict() for t in self.texts],
        }


@derived
def key_cells(fmt: Format) -> tuple[str, ...]:
    """The table totals: the total column of every top-level row of a grid table (table 3's 总计
    column of 一、二、（一）…（七）、四), and each total of a table without row labels (table 4's groups)."""
    out: list[str] = []
    for table in fmt.tables:
        if not isinstance(table, GridTable):
            continue
        totals = [p for p in leaf_paths(table.columns) if p[-1].total]
        for row in leaf_paths(table.rows):
            keys = [n for n in row if n.key is not None]
            if len(keys) > 1:
                continue
            for column in totals:
                out.append(".".join(x for x in (table.id, path_id(row), path_id(column)) if x))
    ids = index(fmt)
    return tuple(c for c in out if c in ids)


def _paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()]


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if len(a) > LONG_TEXT or len(b) > LONG_TEXT:
        return matcher.quick_ratio()
    return matcher.ratio()


def compare_texts(key: str, title: Label, before: str | None, after: str | None) -> TextChange:
    """One text in both reports: similarity (0 to 1, difflib) and the paragraphs that changed."""
    a, b = _paragraphs(before), _paragraphs(after)
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            ops.append(ParagraphChange(tag, tuple(a[i1:i2]), tuple(b[j1:j2])))
    return TextChange(key, title, before, after, _similarity("\n".join(a), "\n".join(b)), tuple(ops))


def _aligned(a: Report, b: Report) -> tuple[Report, Report, tuple[dict[str, str], dict[str, str]], tuple[str, ...]]:
    """Both reports in one format version (the older converted to the newer one's), and their marks."""
    if a.format_version == b.format_version:
        return a, b, (dict(a.marks), dict(b.marks)), ()
    try:
        result, side, source = convert(a, b.format_version), "before", a.format_version
        marks = (marks_after(a, result), dict(b.marks))
        a = result.report
    except ConversionError:
        try:
            result, side, source = convert(b, a.format_version), "after", b.format_version
        except ConversionError:
            raise ConversionError(
                f"cannot compare a {a.format_version} report with a {b.format_version} one: neither converts "
                "to the other"
            ) from None
        marks = (dict(a.marks), marks_after(b, result))
        b = result.report
    lost = ", ".join(f"{d.cell}={d.value}" for d in result.lost)
    note = f"the {side} report was converted from {source} to {result.report.format_version}"
    notes = [note + (f"; cells not carried over: {lost}" if lost else "; no value was lost")]
    if result.unfilled:
        notes.append(
            f"{len(result.unfilled)} cell(s) of {result.report.format_version} have no counterpart in {source} and "
            f"are blank on the {side} side (first {result.unfilled[0].cell})"
        )
    return a, b, marks, tuple(notes)


def _header_changes(a: Header, b: Header) -> tuple[FieldChange, ...]:
    out = []
    flat_a, flat_b = _flat(a.model_dump(exclude={"preamble"})), _flat(b.model_dump(exclude={"preamble"}))
    for key in flat_a:
        if flat_a[key] != flat_b.get(key):
            out.append(FieldChange(f"header.{key}", _text(flat_a[key]), _text(flat_b.get(key))))
    return tuple(out)


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def diff(before: Report, after: Report) -> Diff:
    """What changed from ``before`` (the earlier report) to ``after``.

    Reports of different format versions are compared after converting the older
    one with :func:`gbreport.convert` (2019-60 → 2021-30); what the conversion
    could not carry over is listed in ``Diff.conversion``.  A blank cell is not 0:
    blank → 5 is a change without an absolute or relative amount.
    """
    a, b, (marks_a, marks_b), notes = _aligned(ensure_report(before, "before"), ensure_report(after, "after"))
    version = a.format_version
    cells_info = cell_map(version)
    pairs = zip(index(version), vector(a), vector(b), strict=True)
    changes = tuple(
        CellChange(cid, cells_info[cid].label, x, y, marks_a.get(cid), marks_b.get(cid)) for cid, x, y in pairs
    )
    by_id = {c.cell: c for c in changes}
    totals = tuple(by_id[c] for c in key_cells(version))
    fmt = get_format(version)
    preamble = Header.model_fields["preamble"]
    texts = [
        compare_texts(
            "header.preamble",
            Label(preamble.title or "", preamble.description or ""),
            a.header.preamble,
            b.header.preamble,
        )
    ]
    for section in fmt.sections:
        title = Label(f"{section.number}、{section.label.zh}", section.label.en)
        texts.append(
            compare_texts(
                f"sections.{section.key}",
                title,
                getattr(a.sections, section.key, None),
                getattr(b.sections, section.key, None),
            )
        )
    return Diff(version, a, b, changes, totals, tuple(texts), _header_changes(a.header, b.header), notes)
