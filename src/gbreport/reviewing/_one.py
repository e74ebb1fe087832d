"""Review one file: read it, check it, say what its status is.  Runs in worker processes.

Everything here takes a path and returns a small :class:`ReviewResult`; no exception
leaves :func:`review_file` (an unreadable or unexpected input is an ``unusable`` result
with its reason), so one bad file never stops a review.
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .._api import MAX_INPUT_BYTES
from ..checks import Finding, Findings
from ..errors import GbreportError, LoadError
from ..formats import get_format
from ..parsing import parse
from ._compat import cell_locations, run_check, severity_rank, unread_cells
from ._result import ReviewResult, status_of

if TYPE_CHECKING:
    from ..model import Report

__all__ = ["locate", "review_batch", "review_file"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))


def _regular(path: str) -> bool:
    """True for a regular file (never open a FIFO or a device: the parser refuses those without reading)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _sniff(path: str) -> str:
    """A reason of our own for inputs the parser would only call unreadable; ``""`` otherwise."""
    if not _regular(path):
        return ""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return ""  # the parser says why, in its words
    if head.startswith(_OLE2):
        return "a legacy Word .doc (or other Office 97-2003) file; save it as .docx or PDF and review that"
    if head.startswith(b"{\\rtf"):
        return "an RTF document; save it as .docx or PDF and review that"
    for magic, name in _IMAGES:
        if head.startswith(magic):
            return f"a {name} image, not a document with text; run OCR on it first"
    if path.lower().endswith((".odt", ".wps")) and head.startswith(b"PK\x03\x04"):
        return "an OpenDocument/WPS file; save it as .docx or PDF and review that"
    return ""


def _not_a_report(path: str) -> str:
    """For a JSON file that is not a report at all (e.g. a ``*.truth.json`` sidecar), what it is instead."""
    if not _regular(path):
        return ""
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(MAX_INPUT_BYTES).decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return ""
    sidecar = "a sidecar file such as *.truth.json?"
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}"
    if "format_version" not in data:
        return f"no format_version; {sidecar}"
    try:
        tables = {t.id for t in get_format(str(data["format_version"])).tables}
    except GbreportError:
        return ""
    if "header" not in data and not tables & set(data):
        return f"no header and no tables; {sidecar}"
    return ""


def _unusable(path: str, index: int, reason: str, kind: str = "") -> ReviewResult:
    return ReviewResult(path, index, "unusable", reason=" ".join(reason.split()), kind=kind)


def locate(findings: Sequence[Finding], locations: Mapping[str, str]) -> Findings:
    """``findings`` with ``location`` filled, where it is empty, by where each of their cells was read.

    One cell: its location; several: ``cell: location; ...`` for each cell that has one.
    Cross-year cells (``previous.t3...``) are looked up under that name, so the caller
    adds the previous report's locations prefixed with ``previous.``.
    """
    out: list[Finding] = []
    for f in findings:
        if f.location or not f.cells:
            out.append(f)
            continue
        where = [(cell, locations[cell]) for cell in f.cells if cell in locations]
        if not where:
            out.append(f)
            continue
        text = where[0][1] if len(f.cells) == 1 else "; ".join(f"{cell}: {loc}" for cell, loc in where)
        out.append(dataclasses.replace(f, location=text))
    return Findings(out)


def review_file(
    path: str | os.PathLike[str], index: int = 0, previous: Report | None = None, agency_kind: str | None = None
) -> ReviewResult:
    """Review the file at ``path``: parse (or load) it, check it, give it a status.

    ``previous`` (the agency's report of the year before) runs the cross-year rules;
    ``agency_kind`` (``government`` or ``department``) sets the publication deadline
    where the checker cannot tell it from the agency's name.
    Never raises for a bad input: the result is ``unusable`` with the reason.
    """
    name = os.fspath(path)
    return _review(name, index, previous, agency_kind)


def _review(path: str, index: int, previous: Report | None, agency_kind: str | None) -> ReviewResult:
    try:
        own = _sniff(path)
        if own:
            return _unusable(path, index, own)
        result = parse(Path(path))
    except LoadError as exc:
        said = f"{exc.location}: {exc.reason}" if exc.location else exc.reason
        hint = _not_a_report(path) if path.lower().endswith(".json") or exc.location else ""
        return _unusable(path, index, f"not a report ({hint}): {said}" if hint else said)
    except GbreportError as exc:
        return _unusable(path, index, str(exc))
    except RecursionError:
        return _unusable(path, index, "the input is nested too deeply to be read")
    except Exception as exc:  # a defect in gbreport: the review goes on, and the row says so
        return _unusable(path, index, f"internal error ({type(exc).__name__}: {exc}); please report it with this file")
    try:
        return _reviewed(path, index, result, previous, agency_kind)
    except Exception as exc:  # a defect in the checker: the same
        return _unusable(
            path, index, f"internal error ({type(exc).__name__}: {exc}); please report it with this file", result.kind
        )


def _reviewed(path: str, index: int, result: object, previous: Report | None, agency_kind: str | None) -> ReviewResult:
    from ..parsing import ParseResult

    assert isinstance(result, ParseResult)
    report = result.report
    locations = cell_locations(result) if result.kind != "json" else {}
    checked = run_check(report, previous=previous, source=result, agency_kind=agency_kind)
    parser_findings = tuple(result.findings)
    findings = locate(sorted((*parser_findings, *checked), key=lambda f: severity_rank(f.severity)), locations)
    unread = unread_cells(result)
    warned = any(severity_rank(f.severity) <= severity_rank("warning") for f in parser_findings)
    header = report.header
    return ReviewResult(
        path,
        index,
        status_of(findings, unread, parser_warned=warned, gap=False),
        kind=result.kind,
        format_version=report.format_version,
        agency=header.agency.strip() or None,
        year=header.year,
        findings=findings,
        unread=unread,
        locations=locations,
        previous=None,
        pairing="given" if previous is not None else "",
        report=report,
        parser_warned=warned,
    )


def review_batch(
    items: Sequence[tuple[int, str]], previous: Report | None = None, agency_kind: str | None = None
) -> list[ReviewResult]:
    """Review a batch of ``(index, path)``: the unit of work sent to an executor."""
    return [review_file(path, index, previous, agency_kind) for index, path in items]
