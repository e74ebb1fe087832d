"""What the fillable workbook holds, derived from the format declaration and the header model.

The writer and the reader share this: the sheets, the header and text fields with their
value kinds, the non-cell fields of table 2 (the unit of 2019-60 采购总金额), and the
Excel formula of every derived cell.  Nothing here names a row, column or label of a
format: they come from :mod:`gbreport.formats`, the models and the render layout.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..formats import Format, derived
from ..model import Header, report_class
from ..model._types import AmountUnit

MAP_SHEET = "gbreport"
"""The very hidden sheet that records the format version and where each field is."""

FieldKind = Literal["line", "text", "integer", "date", "choice"]

EXCEL_TEXT_LIMIT = 32_767
"""The most characters one Excel cell holds."""

_FORBIDDEN_IN_TITLES = re.compile(r"[\[\]:*?/\\]")
TYPED_MARKS: tuple[str, ...] = ("/", "—", "无", "不适用")
"""The not-applicable marks the form's validation lets a clerk type in a value cell."""
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters an .xlsx file (XML 1.0) cannot hold."""


def sheet_title(text: str) -> str:
    """``text`` as a valid Excel sheet title (no ``[]:*?/\\``, at most 31 characters)."""
    return _FORBIDDEN_IN_TITLES.sub("", text)[:31] or "sheet"


@dataclass(frozen=True, slots=True)
class FormField:
    """A non-cell field of the form: a header field, a section text or a table-2 extra."""

    path: str
    label: str
    kind: FieldKind
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()


def _plain(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under ``X | None`` and ``Annotated[...]``, with the collected metadata."""
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *more = get_args(annotation)
            metadata.extend(more)
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        else:
            return annotation, metadata


def _bounds(metadata: Sequence[Any]) -> tuple[int | None, int | None, int | None]:
    low = high = longest = None
    for item in metadata:
        inner = item.metadata if isinstance(item, FieldInfo) else [item]
        for m in inner:
            low = getattr(m, "ge", low)
            high = getattr(m, "le", high)
            longest = getattr(m, "max_length", longest)
    return low, high, longest


def _model_fields(model: type[BaseModel], prefix: str, label_prefix: str) -> Iterator[FormField]:
    for name, info in model.model_fields.items():
        plain, metadata = _plain(info.annotation)
        metadata = [*metadata, *info.metadata]
        title = info.title or name
        path = f"{prefix}.{name}"
        if isinstance(plain, type) and issubclass(plain, BaseModel):
            yield from _model_fields(plain, path, f"{title}：")
            continue
        low, high, longest = _bounds(metadata)
        kind: FieldKind
        choices: tuple[str, ...] = ()
        if get_origin(plain) is Literal:
            kind, choices = "choice", tuple(str(a) for a in get_args(plain))
        elif plain is dt.date:
            kind = "date"
        elif plain is int:
            kind = "integer"
        else:
            kind = "line" if longest is not None and longest <= 1000 else "text"
        yield FormField(path, f"{label_prefix}{title}", kind, low, high, choices)


@derived
def header_fields(fmt: Format) -> tuple[FormField, ...]:
    """The header fields (agency, year, date, contact, preamble) and the six section texts."""
    sections_model = report_class(fmt).model_fields["sections"].annotation
    assert isinstance(sections_model, type) and issubclass(sections_model, BaseModel)
    known = set(sections_model.model_fields)
    out = list(_model_fields(Header, "header", ""))
    for section in fmt.sections:
        if section.key in known:
            out.append(FormField(f"sections.{section.key}", f"{section.number}、{section.label.zh}", "text"))
    return tuple(out)


@derived
def extra_fields(fmt: Format) -> tuple[FormField, ...]:
    """Non-cell fields of table 2: the unit printed with an amount whose header prescribes none."""
    out = []
    units = tuple(get_args(AmountUnit))
    for block in fmt.t2.blocks:
        for extra in block.extras:
            money = [c for c in block.columns if c.kind in ("money", "money_wan")]
            for row in block.rows:
                label = f"{row.label.zh}：{'、'.join(c.label.zh for c in money)}的单位"
                out.append(FormField(f"t2.{row.key}.{extra.name}", label, "choice", choices=units))
    return tuple(out)


@derived
def table_titles(fmt: Format) -> dict[str, str]:
    """The sheet title of each table: its section heading (``三、收到和处理政府信息公开申请情况``)."""
    titles = {}
    for section in fmt.sections:
        if section.table is not None:
            titles[section.table] = sheet_title(f"{section.number}、{section.label.zh}")
    for table in fmt.tables:
        titles.setdefault(table.id, sheet_title(table.id))
    return titles


@derived
def text_sheet_title(fmt: Format) -> str:
    """The title of the sheet with the header and the section texts (from the model's titles)."""
    fields = report_class(fmt).model_fields
    return sheet_title(f"{fields['header'].title}与{fields['sections'].title}")


def _column_letters(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def address(row: int, col: int) -> str:
    """``A1``-style address of a 1-based ``(row, col)``."""
    return f"{_column_letters(col)}{row}"


def _runs(points: list[tuple[int, int]]) -> Iterator[str]:
    """Ranges covering ``points`` (1-based ``(row, col)``): runs along a row or a column."""
    remaining = sorted(set(points))
    by_row: dict[int, list[int]] = {}
    for r, c in remaining:
        by_row.setdefault(r, []).append(c)
    if all(len(cols) == 1 for cols in by_row.values()) and len({cols[0] for cols in by_row.values()}) == 1:
        col = next(iter(by_row.values()))[0]
        rows = sorted(by_row)
        yield from (_span(address(a, col), address(b, col)) for a, b in _consecutive(rows))
        return
    for r in sorted(by_row):
        yield from (_span(address(r, a), address(r, b)) for a, b in _consecutive(sorted(by_row[r])))


def _span(a: str, b: str) -> str:
    return a if a == b else f"{a}:{b}"


def _consecutive(values: list[int]) -> Iterator[tuple[int, int]]:
    start = prev = values[0]
    for v in values[1:]:
        if v != prev + 1:
            yield start, prev
            start = v
        prev = v
    yield start, prev


def total_formula(parts: list[tuple[int, int]]) -> str:
    """The live formula of a derived cell: blank while all its parts are blank, else their sum."""
    refs = ",".join(_runs(parts))
    return f'=IF(COUNT({refs})=0,"",SUM({refs}))'


def same_formula(a: str, b: str) -> bool:
    """Whether two formula texts are the same formula (Excel may drop the ``=`` and spaces)."""

    def norm(text: str) -> str:
        return re.sub(r"\s+", "", text).lstrip("=").upper().replace("$", "")

    return norm(a) == norm(b)
