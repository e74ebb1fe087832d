"""Read published annual reports (text, Markdown, HTML, Word, PDF) into typed reports.

One pipeline for every input: source -> :class:`~gbreport.parsing._doc.Doc` (one
normalised text with table grids, spans resolved) -> match against the declared
layout of the detected format version -> report and findings.

>>> result = parse("report.pdf")                      # doctest: +SKIP
>>> result.report.t3.total.total, result.findings.codes()  # doctest: +SKIP
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .._api import from_cells, load, read_file
from .._vector import Value
from ..checks import Finding, Findings, Heading, make_finding
from ..errors import ArgumentError, LoadError
from ..formats import get_format, versions
from ..model import Report
from ._detect import detect_version
from ._doc import Doc
from ._docx import read_docx
from ._evidence import equations
from ._header import header_of
from ._html import declared_charset, read_html
from ._match import match_doc
from ._pdf import read_pdf
from ._text import decode, looks_like_markdown, read_markdown, read_text, sniff
from ._texts import heading_text, texts_of
from ._values import CellRead

__all__ = ["KINDS", "MAX_DOCUMENT_BYTES", "CellRead", "ParseResult", "detect_kind", "load_any", "parse"]

MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
KINDS = ("text", "markdown", "html", "docx", "pdf", "json")
_SEVERITY = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class ParseResult:
    """What :func:`parse` read.

    ``report``
        the report (cells that could not be read are blank, each with a finding);
    ``findings``
        parse findings (codes ``parse.*``), each with the place in the source in ``location``;
    ``read``
        per cell id, what the cell was read from (:class:`CellRead`: value, raw text, mark);
        a cell whose row was not found has no entry;
    ``ambiguous``
        per cell id left blank because run-together digits split several ways, the
        candidate values;
    ``kind`` and ``format_version``
        the input kind detected and the format version detected from the tables;
    ``outline``
        the headings found (:class:`gbreport.Heading`), in document order.
    """

    report: Report
    findings: Findings
    read: Mapping[str, CellRead]
    kind: str
    format_version: str
    ambiguous: Mapping[str, tuple[Value, ...]] = field(default_factory=dict)
    outline: tuple[Heading, ...] = ()
    """The headings found, in document order, each with its text as printed, where it was read and the
    key of the declared section it heads (``None`` for another top-level heading); what
    :func:`gbreport.check` uses to tell a missing or misordered section."""

    @property
    def locations(self) -> dict[str, str]:
        """Per cell id, where in the source the cell was read (``"page 2, line 14, column 3"``,
        ``"table 2, row 5, column 4"``, ``"line 120"``); a cell whose row was not found has no entry."""
        return {cid: r.location for cid, r in self.read.items()}

    @property
    def raw(self) -> dict[str, str]:
        """Per cell id, the text the value was read from (``""`` for an empty cell, ``"/"``, ``"-"``,
        ``"—"``, ``"无"``, ``"0"`` …, after width normalisation); a cell whose row was not found has
        no entry."""
        return {cid: r.raw for cid, r in self.read.items()}

    @property
    def blank_cells(self) -> dict[str, str]:
        """Cells printed blank (empty, or ``/``, ``-``, ``—``, ``无``): cell id -> the text printed."""
        return {cid: r.raw for cid, r in self.read.items() if r.printed_blank}

    @property
    def unreadable_cells(self) -> tuple[str, ...]:
        """Cells left blank because the source could not be read unambiguously."""
        codes = ("parse.unreadable_cell", "parse.ambiguous_segmentation")
        flagged = {c for f in self.findings if f.code in codes for c in f.cells}
        from .._api import cells

        return tuple(cid for cid, value in cells(self.report) if value is None and cid in flagged)


_HTML_TAG = re.compile(r"<table|<body|<td|<p>|<div", re.IGNORECASE | re.ASCII)
"""Tags that make a text a web page, in any case (ASCII letters only, as ``str.lower`` gives them)."""


def detect_kind(data: bytes) -> str:
    """The input kind of ``data``, from its content (magic bytes, markup), not its file name."""
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    decoded = sniff(data[:1_048_576])
    text = decoded[:2048].lstrip("\ufeff \t\r\n").lower()
    if text.startswith(("{", "[")):
        return "json"
    if text.startswith(("<!doctype html", "<html", "<?xml")) or _HTML_TAG.search(decoded, 0, 262_144):
        return "html"
    if looks_like_markdown(decoded):
        return "markdown"
    return "text"


def _read_source(source: str | bytes | os.PathLike[str]) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "<bytes>"
    if isinstance(source, str) and (
        "\n" in source or len(source) > 1024 or source.lstrip().startswith(("<", "{", "|"))
    ):
        return source.encode("utf-8"), "<text>"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return read_file(path, limit=MAX_DOCUMENT_BYTES, what="a document"), str(path)
        except LoadError:
            raise
        except ValueError:  # a NUL character in the name, which no file system accepts
            raise LoadError(
                "not a valid file name (it contains a NUL character)", source=repr(str(source))[:80]
            ) from None
    raise ArgumentError(f"parse() takes a path, bytes or document text, not {type(source).__name__}")


def _doc_of(data: bytes, kind: str) -> Doc:
    if kind == "pdf":
        return read_pdf(data)
    if kind == "docx":
        return read_docx(data)
    text, findings, encoding = decode(data, declared_charset(data) if kind == "html" else None)
    if kind == "html":
        doc = read_html(text)
    elif kind == "markdown":
        doc = read_markdown(text)
    else:
        doc = read_text(text)
    doc.findings.extend(findings)
    doc.meta["encoding"] = encoding or ""
    return doc


def parse(
    source: str | bytes | os.PathLike[str],
    *,
    kind: str | None = None,
    assume: Mapping[str, Value] | None = None,
    previous: Report | None = None,
    following: Report | None = None,
) -> ParseResult:
    """Read a published report.

    ``source`` is a path, the document's bytes, or its text (a ``str`` with a line
    break, or starting with ``<``, ``{`` or ``|``, is text; any other ``str`` is a
    path).  ``kind`` (one of :data:`KINDS`) overrides the detection from content.
    ``assume`` gives cell values known from elsewhere (e.g. the agency's report of
    another year); they only choose between readings of run-together digits that the
    sums leave open, never replace a value the document prints.  ``previous`` and
    ``following`` (the same agency's reports of the year before and after) do the same
    through the cross-year identities of the format: 上年结转 = last year's 结转, the
    2019-60 item counts rolled forward, the 2021-30 documents in force.  A reading chosen
    this way is reported as ``parse.resolved_by_evidence``.

    Raises :class:`gbreport.LoadError` (one line) when the input is unusable: not
    readable, or no table of an annual report in it.
    """
    data, name = _read_source(source)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise LoadError(f"input is {len(data)} bytes, more than the {MAX_DOCUMENT_BYTES} accepted", source=name)
    if not data.strip():
        raise LoadError("empty input; expected a JSON report or a published document", source=name)
    if kind is None:
        from ..datasets import read_tabular  # a filled workbook, or `gbreport cells` TSV output

        tabular = read_tabular(data, name, cells_json=False)
        if tabular is not None:
            report = tabular.report
            marks = {cid: CellRead(None, text, "blank") for cid, text in tabular.raw.items()}
            return ParseResult(report, Findings(), marks, tabular.kind, report.format_version)
    kind = kind or detect_kind(data)
    if kind not in KINDS:
        raise LoadError(f"unknown input kind {kind!r}; expected one of {', '.join(KINDS)}", source=name)
    if kind == "json":
        try:
            # JSON is UTF-8 (a byte order mark of UTF-16 or UTF-32 is honoured); any other bytes are
            # refused by load() with the offending byte, never decoded by guess
            wide = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE))
            report = load(decode(data).text if wide else data)
        except LoadError as exc:
            raise LoadError(exc.reason, location=exc.location, source=name) from None
        return ParseResult(report, Findings(), {}, "json", report.format_version)
    try:
        doc = _doc_of(data, kind)
    except LoadError as exc:
        raise LoadError(exc.reason, source=name) from None
    except RecursionError:
        raise LoadError("the document is nested too deeply to be read", source=name) from None
    version, version_findings = detect_version(doc)
    evidence = equations(version, previous=previous, following=following)
    match = match_doc(doc, version, assume, evidence)
    if not match.found:
        unknown = doc.meta.get("encoding") == ""
        raise LoadError(
            f"no table of a 政府信息公开工作年度报告 found (in none of the layouts {', '.join(versions())})"
            + ("; the text is in none of the encodings recognised (UTF-8, UTF-16, UTF-32, GB18030)" if unknown else ""),
            source=name,
        )
    header = header_of(doc)
    texts = texts_of(doc, version, match.headings, header, [h.start for h in match.outline])
    if texts.preamble is not None:
        header["preamble"] = texts.preamble
    if texts.contact:
        header["contact"] = dict(texts.contact)
    extras: dict[str, object] = {}
    for cid, unit in match.extras.items():
        if cid == "t2.procurement.amount" and unit in ("元", "万元") and match.values.get(cid) is not None:
            extras["t2.procurement.amount_unit"] = unit
    printed: dict[str, str] = {  # a table rule or a long run of dashes is not a mark a cell prints
        cid: read.raw
        for cid, read in match.read.items()
        if read.mark == "blank" and read.value is None and (len(read.raw) <= 3 or read.raw == "不适用")
    }
    if printed:  # what the document printed for cells that do not apply: kept in the report
        extras["marks"] = printed
    dropped: list[Finding] = []
    try:
        report = from_cells(version, match.values, header=header, sections=texts.sections, extras=extras or None)
    except LoadError as exc:
        kept = {k: v for k, v in header.items() if k in ("year", "published")}
        report = from_cells(version, match.values, header=kept, extras=extras or None)
        dropped.append(make_finding("parse.text_dropped", location=exc.location, reason=exc.reason))
    findings: list[Finding] = [*doc.findings, *version_findings, *match.findings, *dropped]
    findings.sort(key=lambda f: _SEVERITY.get(f.severity, 3))
    fmt = get_format(version)
    outline = tuple(Heading(heading_text(doc, fmt, h), doc.where(h.start), h.section) for h in match.outline)
    return ParseResult(
        report, Findings(findings), dict(match.read), kind, version, dict(match.ambiguous), outline=outline
    )


def load_any(path: str | os.PathLike[str]) -> Report:
    """A report from a JSON file or any published document (kind detected from content).

    ``path`` is always a path (``"-"`` is standard input), never document text: a file
    name that starts with ``{`` or ``<`` is still a file name.
    """
    name = os.fspath(path)
    data = read_file(Path(name), limit=MAX_DOCUMENT_BYTES, what="a report or a document")
    if detect_kind(data) == "json":
        try:
            return load(data)
        except LoadError as exc:
            raise LoadError(exc.reason, location=exc.location, source=name) from None
    return parse(data if name == "-" else Path(name)).report
