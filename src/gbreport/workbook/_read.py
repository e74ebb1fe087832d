"""Read a filled workbook back into a report, exactly, or say which cell is wrong."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .._api import _nest, from_cells, read_file
from .._vector import Value, cell_map
from ..builders import derivations
from ..errors import LoadError, UnknownFormatError
from ..formats import Format, get_format
from ..model import Report
from ._form import MAP_SHEET, TYPED_MARKS, FormField, extra_fields, header_fields, same_formula, total_formula

MAX_UNZIPPED = 256 * 1024 * 1024
"""The most bytes the parts of a workbook may take once unzipped."""
MAX_PARTS = 5_000
NOT_APPLICABLE = frozenset((*TYPED_MARKS, "-", "–", "——"))
"""Marks a clerk may type in a cell that does not apply: read as a blank cell marked not applicable
(``report.marks``), which the checks count as 0 without a finding."""

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_CN_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")


def is_workbook(data: bytes) -> bool:
    """Whether ``data`` is an Excel .xlsx file (a zip package with ``xl/workbook.xml``)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "xl/workbook.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _safe_package(data: bytes, source: str) -> None:
    """Refuse zip bombs and XML with a document type declaration before openpyxl sees them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNZIPPED:
                raise LoadError(
                    "the workbook unpacks to more than a report form can hold; it is not a form", source=source
                )
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with package.open(info) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                        raise LoadError(
                            f"the workbook part {info.filename} declares a DTD, which Excel never writes; refusing it",
                            source=source,
                        )
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise LoadError(f"not a readable Excel workbook ({exc})", source=source) from None


@dataclass
class _Entry:
    path: str
    sheet: str
    coordinate: str
    role: str

    def where(self) -> str:
        return f"{self.sheet}!{self.coordinate}"


@dataclass
class _Reading:
    data: bytes
    source: str
    book: Any
    fmt: Format
    entries: dict[str, _Entry]
    cached: Any = None
    raw: dict[str, str] = field(default_factory=dict)

    def fail(self, entry: _Entry, message: str) -> LoadError:
        return LoadError(f"{entry.where()} ({entry.path}): {message}", location=entry.path, source=self.source)

    def cell(self, entry: _Entry) -> Any:
        try:
            sheet = self.book[entry.sheet]
        except KeyError:
            raise LoadError(
                f"the sheet {entry.sheet!r} is missing; fill a workbook made by `gbreport template`",
                source=self.source,
            ) from None
        try:
            return sheet[entry.coordinate]
        except (ValueError, KeyError, IndexError):
            raise self.fail(entry, "the form's map points to no cell; the workbook was changed") from None

    def cached_value(self, entry: _Entry) -> Any:
        if self.cached is None:
            from ._write import openpyxl_module

            self.cached = openpyxl_module().load_workbook(io.BytesIO(self.data), data_only=True)
        return self.cached[entry.sheet][entry.coordinate].value


def _opened(data: bytes, source: str) -> Any:
    from ..errors import RenderError
    from ._write import openpyxl_module

    try:
        op = openpyxl_module()
    except RenderError as exc:
        raise LoadError(str(exc), source=source) from None
    _safe_package(data, source)
    try:
        return op.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged package
        raise LoadError(f"not a readable Excel workbook ({type(exc).__name__}: {exc})", source=source) from None


def _entries(book: Any, source: str) -> tuple[Format, dict[str, _Entry]]:
    if MAP_SHEET not in book.sheetnames:
        raise LoadError(
            "an Excel workbook that is not a gbreport form (no form sheet); fill a workbook made by "
            "`gbreport template --format-version V -o form.xlsx`",
            source=source,
        )
    rows = [tuple("" if v is None else str(v) for v in row) for row in book[MAP_SHEET].iter_rows(values_only=True)]
    if not rows or rows[0][:1] != ("format_version",) or len(rows[0]) < 2:
        raise LoadError("the form sheet of the workbook was changed; start from `gbreport template`", source=source)
    try:
        fmt = get_format(rows[0][1])
    except UnknownFormatError as exc:
        raise LoadError(exc.reason, location="format_version", source=source) from None
    entries: dict[str, _Entry] = {}
    for row in rows[1:]:
        if len(row) >= 4 and row[0] and row[1]:
            entries[row[0]] = _Entry(row[0], row[1], row[2], row[3])
    missing = [c for c in cell_map(fmt) if c not in entries]
    if missing:
        raise LoadError(
            f"the form sheet lacks {len(missing)} cell(s) of format {fmt.version} (first {missing[0]}); "
            "start from `gbreport template`",
            source=source,
        )
    return fmt, entries


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().replace(",", "")


def _mark_or_text(reading: _Reading, entry: _Entry, value: str) -> str | None:
    text = _normal(value)
    if not text:
        return None
    if text in NOT_APPLICABLE:
        reading.raw[entry.path] = text
        return None
    return text


def _count(reading: _Reading, entry: _Entry, value: Any) -> Value:
    if value is None:
        return None
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        raise reading.fail(entry, f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise reading.fail(entry, f"expected a whole number, got {value!r}")
    if isinstance(value, str):
        text = _mark_or_text(reading, entry, value)
        if text is None:
            return None
        if _INTEGER.fullmatch(text):
            return int(text)
        raise reading.fail(entry, f"expected a whole number, got {value!r}; leave the cell empty if there is none")
    raise reading.fail(entry, f"expected a whole number, got {value!r}")


def _places(number_format: str) -> int | None:
    match = re.fullmatch(r"0\.(0+)", number_format or "")
    return len(match.group(1)) if match else None


def _money(reading: _Reading, entry: _Entry, value: Any, number_format: str) -> Value:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise reading.fail(entry, f"expected an amount, got {value!r}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise reading.fail(entry, f"expected an amount, got {value!r}")
        amount = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        places = _places(number_format)
        if places is not None:  # the decimals the amount was written with (a float does not keep them)
            shown = amount.quantize(Decimal(1).scaleb(-places))
            if shown == amount:
                amount = shown
        return amount
    text = _mark_or_text(reading, entry, value)
    if text is None:
        return None
    if not _DECIMAL.fullmatch(text):
        raise reading.fail(entry, f"expected an amount, got {value!r}")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise reading.fail(entry, f"expected an amount, got {value!r}") from None


def _raw_value(reading: _Reading, entry: _Entry, expected_formula: str | None) -> tuple[Any, bool]:
    """The value of a cell and whether it is the form's own total formula (computed by gbreport)."""
    cell = reading.cell(entry)
    value = cell.value
    if cell.data_type == "e":
        raise reading.fail(entry, f"the cell shows the error {value}; correct it")
    if cell.data_type != "f":
        return value, False
    text = value if isinstance(value, str) else getattr(value, "text", None)
    if expected_formula is not None and isinstance(text, str) and same_formula(text, expected_formula):
        return None, True
    cached = reading.cached_value(entry)
    if cached is None:
        raise reading.fail(
            entry,
            "holds a formula whose result is not stored in the file; open and save the workbook in Excel, "
            "WPS or LibreOffice, or type the number",
        )
    if isinstance(cached, str) and cached.startswith("#"):
        raise reading.fail(entry, f"the formula gives the error {cached}; correct it")
    return ("" if cached == "" else cached), False


def _position(coordinate: str) -> tuple[int, int]:
    from openpyxl.utils.cell import coordinate_to_tuple

    row, col = coordinate_to_tuple(coordinate)
    return row, col


def _cells(reading: _Reading) -> dict[str, Value]:
    fmt = reading.fmt
    kinds = cell_map(fmt)
    rules = {d.cell: d for d in derivations(fmt.version)}
    values: dict[str, Value] = {}
    computed: list[str] = []
    for cell_id, info in kinds.items():
        entry = reading.entries[cell_id]
        expected = None
        rule = rules.get(cell_id)
        if rule is not None and all(reading.entries[p].sheet == entry.sheet for p in rule.parts):
            expected = total_formula([_position(reading.entries[p].coordinate) for p in rule.parts])
        value, ours = _raw_value(reading, entry, expected)
        if ours:
            computed.append(cell_id)
            continue
        if info.kind in ("money", "money_wan"):
            values[cell_id] = _money(reading, entry, value, reading.cell(entry).number_format)
        else:
            values[cell_id] = _count(reading, entry, value)
    wanted = set(computed)
    for rule in derivations(fmt.version):
        if rule.cell in wanted:
            parts = [values.get(p) for p in rule.parts]
            values[rule.cell] = None if all(p is None for p in parts) else sum(p or 0 for p in parts)
    return values


def _text(reading: _Reading, entry: _Entry, value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise reading.fail(entry, f"expected text, got {value!r}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise reading.fail(entry, f"expected text, got {value!r}")


def _date(reading: _Reading, entry: _Entry, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            converted = from_excel(value)
        except (ValueError, OverflowError):
            converted = None
        if isinstance(converted, dt.datetime):
            return converted.date()
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text:
            return None
        match = _CN_DATE.fullmatch(text)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                pass
    raise reading.fail(entry, f"expected a date such as 2024-01-31, got {value!r}")


def _field(reading: _Reading, form: FormField) -> tuple[bool, Any]:
    entry = reading.entries.get(form.path)
    if entry is None:
        return False, None
    value, _ = _raw_value(reading, entry, None)
    if form.kind == "integer":
        return True, _count(reading, entry, value)
    if form.kind == "date":
        return True, _date(reading, entry, value)
    text = _text(reading, entry, value)
    if form.kind == "choice" and text is not None:
        text = text.strip() or None
    return True, text


def read_form(data: bytes, source: str = "") -> tuple[Report, dict[str, str]]:
    """The report in a filled workbook and, per cell marked not applicable (``/``, ``—``, ``无`` …), the mark."""
    book = _opened(data, source)
    fmt, entries = _entries(book, source)
    reading = _Reading(data, source, book, fmt, entries)
    values = _cells(reading)
    fields: dict[str, Any] = {}
    for form in (*header_fields(fmt), *extra_fields(fmt)):
        present, value = _field(reading, form)
        if present:
            fields[form.path] = value
    nested = _nest(fields)
    header = nested.get("header", {})
    if header.get("agency") is None:
        header["agency"] = ""
    extras: dict[str, Any] = {
        path: value for path, value in fields.items() if path.startswith(tuple(t.id + "." for t in fmt.tables))
    }
    if reading.raw:
        extras["marks"] = dict(reading.raw)
    try:
        report = from_cells(fmt.version, values, header=header, sections=nested.get("sections"), extras=extras or None)
    except LoadError as exc:
        entry = entries.get(exc.location) or next((e for p, e in entries.items() if exc.location.startswith(p)), None)
        where = f"{entry.where()} ({exc.location}): " if entry is not None else ""
        raise LoadError(f"{where}{exc.reason}", location=exc.location, source=source) from None
    return report, reading.raw


def read_workbook(source: str | bytes | os.PathLike[str]) -> Report:
    """The report in a filled workbook made by :func:`gbreport.workbook.template` (a path or the bytes).

    Totals that still hold the form's own formula are computed from their parts
    exactly as Excel does (blank while every part is blank); a total typed over
    its formula is read as typed, so :func:`gbreport.check` reports it when it does
    not add up.  A cell typed ``/``, ``-``, ``—``, ``无`` or ``不适用`` is blank and marked
    not applicable (``report.marks``).  Anything else
    that is not a value of the cell's kind raises one :class:`gbreport.LoadError`
    line naming the sheet, the cell address and the cell id.
    """
    if isinstance(source, bytes):
        data, name = source, "<bytes>"
    else:
        path = Path(source)
        data, name = read_file(path, what="an Excel workbook"), str(path)
    if not is_workbook(data):
        raise LoadError("not an Excel .xlsx workbook", source=name)
    return read_form(data, name)[0]
