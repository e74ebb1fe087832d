"""load, dumps, from_cells, cells: the report as JSON and as a flat list of cells."""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, overload

from pydantic import ValidationError

from ._validation import from_validation_error
from ._vector import Value, index, vector
from .errors import LoadError
from .formats import Format, cells_of, derived, get_format
from .model import Header, Report, ensure_report, key_counter, report_adapter, report_class

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""The largest report file, JSON text or byte string ``load`` accepts (64 MiB)."""

_JSON_START = re.compile(r"[ \t\r\n\ufeff]*[\[{]")


def _too_big(size: int, limit: int) -> str:
    return f"input is {size:,} bytes, more than the {limit:,} accepted"


def read_file(path: Path, *, limit: int = MAX_INPUT_BYTES, what: str = "a report file") -> bytes:
    """The bytes of ``path`` (``-`` is standard input), at most ``limit`` of them.

    Only regular files and standard input are read: a directory, device, pipe or
    socket is refused, and the read itself is bounded, so a file whose reported
    size is wrong (``/dev/zero``, a FIFO) cannot exhaust memory.  Anything that
    cannot be had is one :class:`LoadError` line.
    """
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise LoadError(_too_big(len(data), limit) + " (standard input)", source="<stdin>")
        return data
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise LoadError(f"is a directory, expected {what}", source=name)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(
                f"is not a regular file (a device, pipe or socket), expected {what}; "
                "save it to a file, or pipe it to '-' for standard input",
                source=name,
            )
        if info.st_size > limit:
            raise LoadError(_too_big(info.st_size, limit), source=name)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise LoadError("no such file; check the path", source=name) from None
    except PermissionError:
        raise LoadError("permission denied; check the file's permissions", source=name) from None
    except OSError as exc:
        raise LoadError(f"cannot read the file ({exc.strerror or exc})", source=name) from None
    if len(data) > limit:
        raise LoadError(_too_big(len(data), limit), source=name)
    return data


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the file as UTF-8",
            source=source,
        ) from None


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` of ``json.loads``: a dict, refusing a key given twice."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return out


_SPACE_BEFORE_COLON = re.compile(rb'"[ \t\r\n]+:')


def _ambiguous(data: bytes) -> bool:
    """Whether a ``":`` of ``data`` may not end a key (an escaped quote), or a key may end without one."""
    return b'\\":' in data or _SPACE_BEFORE_COLON.search(data) is not None


def _check_duplicate_keys(data: str | bytes, report: Report, source: str) -> None:
    """Refuse ``data`` (which validated as ``report``) if a key appears twice in one object.

    Cheap for ordinary JSON.  Outside strings a colon only ever ends a key, so the
    colons of the text are at least its keys, and the keys at least those the model
    was given (one per field set and per ``dict`` entry): when the colons are exactly
    as many, no key was repeated.  Otherwise (a colon inside a text, or a repeated
    key), every ``":`` ends a key unless the text is ambiguous (an escaped quote
    before a colon, a space between a key and its colon), so their count is
    compared next.  Only when that differs too, or the text is ambiguous, is the
    text parsed once more, key by key, to name the repeated key.
    """
    expected = key_counter(report.format_version)(report)
    if (data.count(":") if isinstance(data, str) else data.count(b":")) == expected:
        return
    if isinstance(data, str):
        data = data.encode("utf-8")  # validated already, so it encodes
    if not _ambiguous(data) and data.count(b'":') == expected:
        return
    try:
        json.loads(data, object_pairs_hook=_unique)
    except _DuplicateKeyError as exc:
        raise LoadError(f"the key {exc.key!r} appears twice in one JSON object; keep one", source=source) from None
    except (ValueError, RecursionError):  # validated already; nothing more to say
        return


def _validate_json(data: bytes, source: str) -> Report:
    """Validate JSON bytes (UTF-8, with or without a byte order mark) as a report."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if not data or data.isspace():
        raise LoadError("empty input; expected a JSON report", source=source)
    if len(data) > MAX_INPUT_BYTES:
        raise LoadError(_too_big(len(data), MAX_INPUT_BYTES), source=source)
    try:
        report: Report = report_adapter().validate_json(data)
    except ValidationError as exc:
        from .datasets import read_tabular  # a filled workbook, or `gbreport cells` output

        tabular = read_tabular(data, source)
        if tabular is not None:
            return tabular.report
        _decode(data, source)  # not UTF-8 (pydantic may name another problem first): say so, with the byte
        raise from_validation_error(exc, source) from None
    except RecursionError:
        raise LoadError("the JSON is nested too deeply to be a report", source=source) from None
    _check_duplicate_keys(data, report, source)
    return report


_MAX_TEXT_CHARS = MAX_INPUT_BYTES // 4
"""JSON text of at most this many characters is within :data:`MAX_INPUT_BYTES` as UTF-8."""


def _validate_text(text: str) -> Report | None:
    """``text`` validated as it is (no copy to bytes), or ``None`` when it takes the bytes path.

    The bytes path gives the same report for any text that validates here, and
    says what is wrong with any that does not (a byte order mark, a lone
    surrogate, invalid JSON, a size over the limit), so only success is kept.
    """
    if len(text) > _MAX_TEXT_CHARS or text.startswith("\ufeff"):
        return None
    try:
        report: Report = report_adapter().validate_json(text)
    except (ValidationError, RecursionError):
        return None
    _check_duplicate_keys(text, report, "")
    return report


def _encode(text: str, source: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise LoadError(
            f"text with an unpaired surrogate (U+{ord(text[exc.start]):04X}) at offset {exc.start}", source=source
        ) from None


def _validate_python(data: Any, source: str = "") -> Report:
    try:
        report: Report = report_adapter().validate_python(data)
        return report
    except ValidationError as exc:
        from .datasets import read_tabular  # `gbreport cells --json` output: {cell_id: value}

        tabular = read_tabular(data, source) if isinstance(data, Mapping) else None
        if tabular is not None:
            return tabular.report
        raise from_validation_error(exc, source) from None
    except RecursionError:
        raise LoadError("the input is nested too deeply to be a report", source=source) from None


def load(source: str | bytes | os.PathLike[str] | Mapping[str, Any]) -> Report:
    """Read a report from a path, a JSON string, JSON bytes or an already parsed mapping.

    A ``str`` that starts with ``{`` is JSON text; any other ``str`` is a path
    (``"-"`` is standard input).  Text, bytes and files are held to the same
    limit (:data:`MAX_INPUT_BYTES`); a key given twice in
    one JSON object is refused.  Raises :class:`gbreport.LoadError` with one
    clear line (what, where, how to fix) for anything that is not a
    structurally valid report.
    """
    if type(source) is not str:  # JSON text, the common case, skips the tests that cannot hold for it
        if isinstance(source, Mapping):
            return _validate_python(source)
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            if len(data) > MAX_INPUT_BYTES:
                raise LoadError(_too_big(len(data), MAX_INPUT_BYTES), source="<bytes>")
            return _validate_json(data, "<bytes>")
    if isinstance(source, str) and _JSON_START.match(source):
        if len(source) > MAX_INPUT_BYTES:
            raise LoadError(_too_big(len(source), MAX_INPUT_BYTES))
        report = _validate_text(source)
        if report is not None:
            return report
        return _validate_json(_encode(source, ""), "")
    if isinstance(source, str) and (not source or source.isspace()):
        raise LoadError("empty input; expected a JSON report or a path")
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        return _validate_json(read_file(path), str(path))
    raise LoadError(f"load() takes a path, JSON text, bytes or a mapping, not {type(source).__name__}")


def dumps(report: Report) -> str:
    """The canonical JSON of ``report``: fixed key order, 2-space indent, UTF-8 text, final newline.

    ``dumps(load(dumps(r))) == dumps(r)`` byte for byte.
    """
    return ensure_report(report).model_dump_json(indent=2) + "\n"


@overload
def cells(report: Report, *, printed: Literal[False] = False) -> Iterator[tuple[str, Value]]: ...


@overload
def cells(report: Report, *, printed: bool) -> Iterator[tuple[str, Value | str]]: ...


def cells(report: Report, *, printed: bool = False) -> Iterator[tuple[str, Value | str]]:
    """Every ``(cell_id, value)`` of the report's format, in vocabulary (TSV) order.

    With ``printed=True`` a cell printed as not applicable gives its mark (``"/"``,
    ``"—"``, ``"无"`` …, from ``report.marks``) instead of ``None``.
    """
    report = ensure_report(report)
    pairs = zip(index(report.format_version), vector(report), strict=True)
    if printed and report.marks:
        marks = report.marks
        return ((cell_id, marks.get(cell_id, value) if value is None else value) for cell_id, value in pairs)
    return pairs


_PATHS: dict[str, tuple[tuple[str, ...], str]] = {}
"""Dotted paths split once: (the parents, the leaf)."""
MAX_PATHS = 65_536


def _path(key: str) -> tuple[tuple[str, ...], str]:
    found = _PATHS.get(key)
    if found is None:
        *parents, leaf = key.split(".")
        found = (tuple(parents), leaf)
        if len(_PATHS) < MAX_PATHS:
            _PATHS[key] = found
    return found


def _nest(flat: Mapping[str, Any], root: dict[str, Any] | None = None) -> dict[str, Any]:
    """``{"a.b.c": v}`` as ``{"a": {"b": {"c": v}}}`` (added to ``root`` when given); keys of one group,
    given one after another (as cell ids in vocabulary order are), reach their group once."""
    root = {} if root is None else root
    last: tuple[str, ...] | None = None
    node = root
    for key, value in flat.items():
        parents, leaf = _path(key)
        if parents != last:
            node = root
            for part in parents:
                node = node.setdefault(part, {})
            last = parents
        node[leaf] = value
    return root


@derived
def _cell_tree(fmt: Format) -> Callable[[Callable[[str], Any]], dict[str, Any]] | None:
    """A function giving the nested fields of the cells of ``fmt`` from a getter of cell values: what
    :func:`_nest` makes of ``{cell_id: get(cell_id)}``, as one generated dict display (``None`` when the
    ids do not nest).  A parsed report is built this way: walking some 200 dotted paths costs more than
    reading the report."""
    tree: dict[str, Any] = {}
    for cell in cells_of(fmt):
        parents, leaf = _path(cell.id)
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                return None
        if leaf in node:
            return None
        node[leaf] = cell.id

    def display(node: dict[str, Any]) -> str:
        return (
            "{"
            + ", ".join(f"{k!r}: " + (display(v) if isinstance(v, dict) else f"get({v!r})") for k, v in node.items())
            + "}"
        )

    namespace: dict[str, Any] = {}
    exec(f"def build(get):\n    return {display(tree)}\n", namespace)  # noqa: S102 - source made from the ids above
    build: Callable[[Callable[[str], Any]], dict[str, Any]] = namespace["build"]
    return build


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
    for name, given in (("mapping", mapping), ("header", header), ("sections", sections), ("extras", extras)):
        if (
            given is not None
            and not isinstance(given, Mapping)
            and not (name == "header" and isinstance(given, Header))
        ):
            raise LoadError(f"from_cells(): {name} must be a mapping, not {type(given).__name__}", location=name)
    unknown = [str(k) for k in mapping if not isinstance(k, str) or k not in ids]
    if unknown:
        raise LoadError(
            f"unknown cell id(s) for format {fmt.version}: {', '.join(sorted(unknown)[:5])}"
            f"{' …' if len(unknown) > 5 else ''}; see `gbreport cells --vocabulary`",
            location=unknown[0],
        )
    build = _cell_tree(fmt)
    flat: dict[str, Any] = {} if build is not None else {cell_id: mapping.get(cell_id) for cell_id in ids}
    if extras:
        bad = [str(k) for k in extras if not isinstance(k, str) or not k or k in ids]
        if bad:
            raise LoadError(
                f"from_cells(): extras takes non-cell fields by dotted path, not {bad[0]!r}", location="extras"
            )
        flat.update(extras)
    try:
        data = _nest(flat, build(mapping.get) if build is not None else None)
    except (TypeError, AttributeError):  # an extras path that runs into a cell value
        raise LoadError("from_cells(): an extras path runs into a cell or another field", location="extras") from None
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
    except (TypeError, AttributeError) as exc:  # a field given where the model expects another shape
        raise LoadError(f"from_cells(): cannot place the given fields ({exc})", location="extras") from None
