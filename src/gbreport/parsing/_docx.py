"""Word (.docx) reader: paragraphs and tables of ``word/document.xml``, merged cells resolved.

Only the standard library is used (``zipfile`` and ``xml.etree``); archive and
member sizes are capped before anything is expanded.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree import ElementTree as ET

from ..errors import LoadError
from ._doc import Doc, DocBuilder

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_DOCUMENT_XML = 50 * 1024 * 1024
MAX_RATIO = 200
MAX_SPAN = 100
MAX_ELEMENTS = 1_000_000
"""At most this many XML elements in ``word/document.xml`` (a report has some tens of thousands; each
costs a few hundred bytes once parsed)."""


def _attr(element: ET.Element | None, name: str) -> str | None:
    if element is None:
        return None
    return element.get(W + name)


def _paragraph_text(p: ET.Element) -> str:
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == W + "t" and el.text:
            out.append(el.text)
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
    return "".join(out)


def _cell_text(tc: ET.Element) -> str:
    lines = [_paragraph_text(p) for p in tc.iter(W + "p")]
    return "\n".join(lines).strip()


def _int(value: str | None, default: int = 1) -> int:
    try:
        return max(1, min(int(value or default), MAX_SPAN))
    except ValueError:
        return default


_WRAPPERS = (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins")


def _direct(parent: ET.Element, tag: str) -> list[ET.Element]:
    """Children of ``parent`` with ``tag``, looking through content-control wrappers."""
    out: list[ET.Element] = []
    stack = list(reversed(list(parent)))
    while stack:
        el = stack.pop()
        if el.tag == tag:
            out.append(el)
        elif el.tag in _WRAPPERS:
            stack.extend(reversed(list(el)))
    return out


def _table_grid(tbl: ET.Element) -> list[list[str | None]]:
    grid: list[list[str | None]] = []
    for tr in _direct(tbl, W + "tr"):
        row: list[str | None] = []
        before = _int(_attr(tr.find(f"{W}trPr/{W}gridBefore"), "val"), 0) if tr.find(f"{W}trPr") is not None else 0
        row.extend([None] * before)
        for cell in _direct(tr, W + "tc"):
            props = cell.find(W + "tcPr")
            span = _int(_attr(props.find(W + "gridSpan") if props is not None else None, "val"))
            vmerge = props.find(W + "vMerge") if props is not None else None
            continued = vmerge is not None and (_attr(vmerge, "val") or "continue") == "continue"
            row.append(None if continued else _cell_text(cell))
            row.extend([None] * (span - 1))
        grid.append(row)
    return grid


def _parse_xml(xml: bytes) -> ET.Element:
    """The element tree of ``xml``, refused when it may have more than :data:`MAX_ELEMENTS` elements (every
    element opens with ``<`` not followed by ``/``: counted before anything is built).

    No external entities are resolved (``xml.etree`` does not fetch them); the size is capped before.
    """
    if xml.count(b"<") - xml.count(b"</") > MAX_ELEMENTS:
        raise LoadError(f"word/document.xml has more than {MAX_ELEMENTS:,} elements: too large to be read")
    return ET.fromstring(xml)  # noqa: S314 - no external entities are resolved; size and elements capped


def read_docx(data: bytes) -> Doc:
    """A Word document (Office Open XML)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoadError(f"not a readable Word document ({exc.__class__.__name__}); save it again as .docx") from None
    if info.file_size > MAX_DOCUMENT_XML or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
        raise LoadError("word/document.xml is too large or too highly compressed to be read safely")
    try:
        with archive.open(info) as stream:
            xml = stream.read(MAX_DOCUMENT_XML + 1)
        if len(xml) > MAX_DOCUMENT_XML:
            raise LoadError("word/document.xml is too large to be read safely")
        root = _parse_xml(xml)
    except LoadError:
        raise
    except (zipfile.BadZipFile, zlib.error, ET.ParseError, OSError, RuntimeError, EOFError, ValueError) as exc:
        raise LoadError(f"not a readable Word document ({exc.__class__.__name__}); save it again as .docx") from None
    body = root.find(W + "body")
    builder = DocBuilder("docx")
    if body is None:
        return builder.build()
    paragraph = 0
    stack: list[ET.Element] = list(reversed(list(body)))
    while stack:
        el = stack.pop()
        if el.tag == W + "p":
            paragraph += 1
            builder.block(_paragraph_text(el), f"paragraph {paragraph}")
        elif el.tag == W + "tbl":
            builder.table(_table_grid(el))
        elif el.tag in _WRAPPERS:
            stack.extend(reversed(list(el)))
    return builder.build()
