"""load, dumps, from_cells, cells: the report as JSON and as a flat list of cells."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ._validation import from_validation_error
from ._vector import Value, index, vector
from .errors import LoadError
from .formats import get_format
from .model import Header, Report, report_adapter, report_class

MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_file(path: Path, *, limit: int = MAX_INPUT_BYTES, what: str = "a report file") -> bytes:
    """The bytes of ``path``, or a one-line :class:`LoadError` saying why they cannot be had."""
    name = str(path)
    try:
        if path.is_dir():
            raise LoadError(f"is a directory, expected {what}", source=name)
        size = path.stat().st_size
        if size > limit:
            raise LoadError(f"file is {size} bytes, more than the {limit} accepted", source=name)
        return path.read_bytes()
    except FileNotFoundError:
        raise LoadError("no such file; check the path", source=name) from None
    except PermissionError:
        raise LoadError("permission denied; check the file's permissions", source=name) from None
    except OSError as exc:
        raise LoadError(f"cannot read the file ({exc.strerror})", source=name) from None


def _read(path: Path) -> str:
    return _decode(read_file(path), str(path))


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8",
            source=source,
        ) from None


def _validate_json(text: str, source: str) -> Report:
    if not text.strip():
        raise LoadError("empty input; expected a JSON report", source=source)
    try:
        return report_adapter().validate_json(text)
    except ValidationError as exc:
        raise from_validation_error(exc, source) from None


def load(source: str | bytes | os.PathLike[str] | Mapping[str, Any]) -> Report:
    """Read a report from a path, a JSON string, JSON bytes or an already parsed mapping.

    A ``str`` that starts with ``{`` is JSON text; any other ``str`` is a path.
    Raises :class:`gbreport.LoadError` with one clear line (what, where, how to
    fix) for anything that is not a structurally valid report.
    """
    if isinstance(source, Mapping):
        try:
            return report_adapter().validate_python(source)
        except ValidationError as exc:
            raise from_validation_error(exc) from None
    if isinstance(source, bytes):
        return _validate_json(_decode(source, "<bytes>"), "<bytes>")
    if isinstance(source, str) and source.lstrip().startswith(("{", "[")):
        return _validate_json(source, "")
    if isinstance(source, str) and not source.strip():
        raise LoadError("empty input; expected a JSON report or a path")
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        return _validate_json(_read(path), str(path))
    raise TypeError(f"load() takes a path, JSON text, bytes or a mapping, not {type(source).__name__}")


def dumps(report: Report) -> str:
    """The canonical JSON of ``report``: fixed key order, 2-space indent, UTF-8 text, final newline.

    ``dumps(load(dumps(r))) == dumps(r)`` byte for byte.
    """
    return report.model_dump_json(indent=2) + "\n"


def cells(report: Report) -> Iterator[tuple[str, Value]]:
    """Every ``(cell_id, value)`` of the report's format, in vocabulary (TSV) order."""
    return zip(index(report.format_version), vector(report), strict=True)


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for key, value in flat.items():
        node = root
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return root


def from_cells(
    format_version: str,
    mapping: Mapping[str, Value | str],
    *,
    header: Header | Mapping[str, Any] | None = None,
    sections: Mapping[str, Any] | None = None,
    extras: Mapping[str, Any] | None = None,
) -> Report:
    """Build a report from ``{cell_id: value}``; ``None`` (or a missing id) is a blank cell.

    Money may be given as ``Decimal``, ``int`` or a decimal string.  ``extras``
    takes non-cell fields by dotted path (e.g. ``{"t2.procurement.amount_unit": "元"}``).
    Unknown cell ids raise :class:`gbreport.LoadError`.
    """
    fmt = get_format(format_version)
    ids = index(fmt.version)
    unknown = [k for k in mapping if k not in ids]
    if unknown:
        raise LoadError(
            f"unknown cell id(s) for format {fmt.version}: {', '.join(sorted(unknown)[:5])}"
            f"{' …' if len(unknown) > 5 else ''}; see `gbreport cells --vocabulary`",
            location=unknown[0],
        )
    flat: dict[str, Any] = {cell_id: mapping.get(cell_id) for cell_id in ids}
    if extras:
        flat.update(extras)
    data = _nest(flat)
    data["format_version"] = fmt.version
    if isinstance(header, Header):
        data["header"] = header
    else:
        data["header"] = dict(header or {})
    data["sections"] = dict(sections or {})
    try:
        return report_class(fmt.version).model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None
