"""Read what ``gbreport cells`` writes (TSV or JSON) back into a report.

``gbreport cells FILE`` prints ``cell_id<TAB>value`` lines and ``gbreport cells --json``
an object ``{cell_id: value}``; neither names the format version, which is the one
whose vocabulary holds every id listed (the two built-in vocabularies differ in
table 2).  The report read back has the cells only: header and texts are empty.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .._api import from_cells
from .._vector import Value, cell_map
from ..errors import LoadError
from ..formats import cell_ids, get_format, versions
from ..model import Report

_CELL_ID = re.compile(r"[a-z][a-z0-9]*(\.[a-z0-9_]+)+")
_TSV_LINE = re.compile(rb"[a-z][a-z0-9]*(\.[a-z0-9_]+)+\t[^\t\r\n]*\r?\n?")
_INTEGER = re.compile(r"[+-]?\d+")


def version_of(ids: set[str], *, source: str = "") -> str:
    """The format version whose vocabulary holds every id of ``ids`` (exactly one must fit)."""
    exact = [v for v in versions() if cell_ids(v) == ids]
    if exact:
        return exact[-1]
    fitting = [v for v in versions() if ids <= cell_ids(v)]
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        known = set().union(*(cell_ids(v) for v in versions()))
        unknown = sorted(ids - known) or sorted(ids)
        raise LoadError(
            f"no format version has every cell listed (for example {unknown[0]!r}); see `gbreport cells --vocabulary`",
            source=source,
        )
    raise LoadError(
        f"the cells listed fit several format versions ({', '.join(fitting)}); give the format version",
        source=source,
    )


def _is_mark(value: object) -> bool:
    """A not-applicable mark as ``cells`` prints it: text without digits (``/``, ``—``, ``无``, ``不适用``)."""
    return isinstance(value, str) and bool(value.strip()) and not any(ch.isdigit() for ch in value)


def _value(text: str, kind: str, cell_id: str, where: str, source: str) -> Value:
    text = text.strip()
    if text == "":
        return None
    if kind in ("money", "money_wan"):
        try:
            return Decimal(text)
        except InvalidOperation:
            raise LoadError(f"{where}expected an amount, got {text!r}", location=cell_id, source=source) from None
    if not _INTEGER.fullmatch(text):
        raise LoadError(f"{where}expected a whole number, got {text!r}", location=cell_id, source=source)
    return int(text)


def _build(values: Mapping[str, Any], version: str | None, source: str) -> Report:
    """The report of ``values``; a value that is a mark leaves its cell blank, marked not applicable."""
    version = get_format(version).version if version else version_of(set(values), source=source)
    marks = {cell_id: value.strip() for cell_id, value in values.items() if _is_mark(value)}
    cells = {cell_id: None if cell_id in marks else value for cell_id, value in values.items()}
    try:
        return from_cells(version, cells, extras={"marks": marks} if marks else None)
    except LoadError as exc:
        raise LoadError(exc.reason, location=exc.location, source=source) from None


def read_cells_tsv(text: str, *, format_version: str | None = None, source: str = "") -> Report:
    """A report from ``cell_id<TAB>value`` lines (the output of ``gbreport cells``; blank value = blank cell,
    a mark such as ``/`` = a blank cell marked not applicable).

    A first line ``cell_id<TAB>value`` is taken as a heading.  The format version is
    the one whose vocabulary holds every id, unless ``format_version`` is given.
    """
    rows: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or (number == 1 and line.split("\t")[0] == "cell_id"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not _CELL_ID.fullmatch(parts[0]):
            raise LoadError(
                f"line {number}: expected 'cell_id<TAB>value', got {line[:60]!r}",
                location=f"line {number}",
                source=source,
            )
        if parts[0] in rows:
            raise LoadError(f"line {number}: {parts[0]} is listed twice", location=parts[0], source=source)
        rows[parts[0]] = parts[1]
    if not rows:
        raise LoadError("no cells listed", source=source)
    version = get_format(format_version).version if format_version else version_of(set(rows), source=source)
    kinds = cell_map(version)
    values: dict[str, Value | str] = {}
    for cell_id, printed in rows.items():
        if cell_id not in kinds:
            raise LoadError(f"not a cell of format {version}", location=cell_id, source=source)
        if _is_mark(printed):
            values[cell_id] = printed
            continue
        values[cell_id] = _value(printed, kinds[cell_id].kind, cell_id, f"{cell_id}: ", source)
    return _build(values, version, source)


def is_cells_mapping(data: Any) -> bool:
    """Whether ``data`` is ``{cell_id: value}`` (optionally with ``format_version``), as ``cells --json`` writes."""
    if not isinstance(data, Mapping) or not data:
        return False
    keys = [k for k in data if k != "format_version"]
    return bool(keys) and all(isinstance(k, str) and _CELL_ID.fullmatch(k) for k in keys)


def read_cells_mapping(data: Mapping[str, Any], *, format_version: str | None = None, source: str = "") -> Report:
    """A report from ``{cell_id: value}`` (the output of ``gbreport cells --json``).

    Counts are JSON integers, money a decimal string or number, ``null`` a blank
    cell, a mark such as ``"/"`` a blank cell marked not applicable.  The format
    version is ``data["format_version"]``, ``format_version``, or else the one whose
    vocabulary holds every id.
    """
    values = {k: v for k, v in data.items() if k != "format_version"}
    version = format_version or data.get("format_version")
    if version is not None and not isinstance(version, str):
        raise LoadError(f"format_version must be a string, got {version!r}", location="format_version", source=source)
    for cell_id, value in values.items():
        if isinstance(value, float) and math.isfinite(value):
            values[cell_id] = Decimal(repr(value))
    return _build(values, version, source)


def read_cells(text: str, *, format_version: str | None = None, source: str = "") -> Report:
    """A report from the TSV or JSON output of ``gbreport cells`` (told apart by the first character)."""
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise LoadError(f"not valid JSON: {exc.msg} at line {exc.lineno}", source=source) from None
        if not is_cells_mapping(data):
            raise LoadError("expected a JSON object {cell_id: value}", source=source)
        return read_cells_mapping(data, format_version=format_version, source=source)
    return read_cells_tsv(text.lstrip("\ufeff"), format_version=format_version, source=source)


def looks_like_cells_tsv(data: bytes) -> bool:
    """Whether ``data`` starts like ``gbreport cells`` TSV output (its first two lines)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    lines = head.split(b"\n", 2)
    if lines and lines[0].rstrip(b"\r") == b"cell_id\tvalue":
        lines = lines[1:]
    checked = [line for line in lines[:2] if line.strip()]
    return bool(checked) and all(_TSV_LINE.fullmatch(line + b"\n") for line in checked[:1])
