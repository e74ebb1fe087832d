"""The outputs of a review: a summary with one row per report and the findings as a long table.

The columns of both tables are declared once here (:data:`REPORT_COLUMNS`,
:data:`FINDING_COLUMNS`) and every output -- text, JSON, JSON lines, CSV and Excel --
is written from them.  CSV is UTF-8 with a byte-order mark, so that Excel and WPS open
the Chinese text correctly; Excel output needs openpyxl (``pip install 'gbreport[xlsx]'``).
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, TextIO

from .._cliutil import inert
from ..checks import Finding
from ..checks.catalogue import SEVERITIES
from ..errors import GbreportError
from ._compat import severity_rank
from ._result import STATUSES, ReviewResult

__all__ = [
    "FINDING_COLUMNS",
    "REPORT_COLUMNS",
    "Column",
    "CsvTables",
    "Totals",
    "XlsxTables",
    "csv_bytes",
    "finding_rows",
    "report_json",
    "report_row",
    "text_lines",
    "write_json_stream",
    "xlsx_bytes",
]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an output table: its name and its width in an Excel sheet (characters)."""

    name: str
    width: int
    numeric: bool = False


REPORT_COLUMNS: Final[tuple[Column, ...]] = (
    Column("file", 48),
    Column("status", 13),
    Column("reason", 48),
    Column("agency", 30),
    Column("year", 7, numeric=True),
    Column("format_version", 15),
    Column("kind", 9),
    *(Column(severity, 9, numeric=True) for severity in SEVERITIES),
    Column("not_assessable", 15, numeric=True),
    Column("unread_cells", 13, numeric=True),
    Column("codes", 48),
    Column("cross_year", 40),
    Column("previous", 40),
)
"""The summary: one row per input file."""

FINDING_COLUMNS: Final[tuple[Column, ...]] = (
    Column("file", 48),
    Column("code", 28),
    Column("severity", 9),
    Column("cells", 40),
    Column("expected", 10),
    Column("actual", 10),
    Column("location", 40),
    Column("message_zh", 70),
    Column("message_en", 70),
)
"""The findings as a long table: one row per finding of every report."""


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def keep(finding: Finding, min_severity: str) -> bool:
    """True when ``finding`` is at least as severe as ``min_severity``."""
    return severity_rank(finding.severity) <= severity_rank(min_severity)


def report_row(result: ReviewResult) -> dict[str, Any]:
    """The summary row of one file, keyed by :data:`REPORT_COLUMNS`."""
    counts = result.counts
    row: dict[str, Any] = {
        "file": result.path,
        "status": result.status,
        "reason": result.reason,
        "agency": result.agency,
        "year": result.year,
        "format_version": result.format_version,
        "kind": result.kind,
        **{severity: counts.get(severity, 0) for severity in SEVERITIES},
        "not_assessable": len(result.not_assessable),
        "unread_cells": len(result.unread),
        "codes": " ".join(result.codes),
        "cross_year": result.pairing,
        "previous": result.previous,
    }
    return row


def finding_rows(result: ReviewResult, min_severity: str = "info") -> Iterator[dict[str, Any]]:
    """The finding rows of one file, keyed by :data:`FINDING_COLUMNS`."""
    for f in result.findings:
        if keep(f, min_severity):
            yield {
                "file": result.path,
                "code": f.code,
                "severity": f.severity,
                "cells": " ".join(f.cells),
                "expected": _plain(f.expected),
                "actual": _plain(f.actual),
                "location": f.location,
                "message_zh": f.message_zh,
                "message_en": f.message_en,
            }


def report_json(result: ReviewResult, min_severity: str = "info") -> dict[str, Any]:
    """One file as a JSON object: the summary row's fields, plus its findings."""
    return {
        "file": result.path,
        "status": result.status,
        "reason": result.reason,
        "kind": result.kind,
        "format_version": result.format_version,
        "agency": result.agency,
        "year": result.year,
        "conforms": result.conforms,
        "counts": result.counts,
        "codes": list(result.codes),
        "unread_cells": list(result.unread),
        "cross_year": {"state": result.pairing, "previous": result.previous, "note": result.pairing_note},
        "findings": [f.to_dict() for f in result.findings if keep(f, min_severity)],
    }


@dataclass
class Totals:
    """Counts over a review: files per status, findings per severity."""

    statuses: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)

    def add(self, result: ReviewResult) -> None:
        self.statuses[result.status] += 1
        for f in result.findings:
            self.severities[f.severity] += 1

    @property
    def files(self) -> int:
        return sum(self.statuses.values())

    def line(self) -> str:
        """``Total: 12 files: 5 conforms, 3 fails, 2 needs_review, 2 unusable; findings: ...``."""
        statuses = ", ".join(f"{self.statuses[s]} {s}" for s in STATUSES)
        findings = ", ".join(f"{self.severities[s]} {s}" for s in SEVERITIES)
        return f"Total: {self.files} file(s): {statuses}; findings: {findings}"


_STATUS_WORDS: Final[dict[str, str]] = {
    "conforms": "conforms",
    "fails": "fails",
    "needs_review": "needs review",
    "unusable": "unusable",
}


def text_lines(
    result: ReviewResult, *, lang: str = "both", min_severity: str = "info", quiet: bool = False
) -> list[str]:
    """The lines of the text output for one file (none for a conforming file with ``quiet``).

    Everything taken from a file (its name, agency, the sentences a finding quotes) is made
    inert: control characters and bidirectional overrides are printed as escapes.
    """
    return [inert(line) for line in _text_lines(result, lang=lang, min_severity=min_severity, quiet=quiet)]


def _text_lines(result: ReviewResult, *, lang: str, min_severity: str, quiet: bool) -> list[str]:
    if result.status == "unusable":
        return [f"{result.path}: unusable: {result.reason}"]
    if quiet and result.status == "conforms":
        return []
    counts = result.counts
    who = " ".join(str(x) for x in (result.agency, result.year) if x)
    tally = ", ".join(f"{counts.get(s, 0)} {s}{'(s)' if s != 'info' else ''}" for s in SEVERITIES)
    about = f"format {result.format_version}{', ' + who if who else ''}"
    lines = [f"{result.path}: {_STATUS_WORDS[result.status]} ({about}): {tally}"]
    if result.pairing in ("gap", "no_agency_or_year") or (result.pairing == "paired" and not quiet):
        lines.append(f"  cross-year: {result.pairing_note}")
    if result.unread and not quiet:
        shown = ", ".join(result.unread[:8]) + (f" … ({len(result.unread) - 8} more)" if len(result.unread) > 8 else "")
        lines.append(f"  unread cells: {shown}")
    if quiet:
        return lines
    for f in result.findings:
        if not keep(f, min_severity):
            continue
        lines.append(f"  {f.severity:<7} {f.code}  {', '.join(f.cells[-1:])}")
        if lang in ("zh", "both"):
            lines.append(f"          {f.message_zh}")
        if lang in ("en", "both"):
            lines.append(f"          {f.message_en}")
        if f.location:
            lines.append(f"          at {f.location}")
    return lines


class CsvTables:
    """``reports.csv`` and ``findings.csv`` built row by row (in temporary files, not in memory).

    UTF-8 with a byte-order mark and CRLF line ends; text a spreadsheet would run as a
    formula gets a leading apostrophe.
    """

    def __init__(self, min_severity: str = "info") -> None:
        self.min_severity = min_severity
        self._files = []
        self._writers = []
        for columns in (REPORT_COLUMNS, FINDING_COLUMNS):
            handle = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115 - closed in finish
            handle.write("\ufeff")
            writer = csv.DictWriter(handle, fieldnames=[c.name for c in columns], lineterminator="\r\n")
            writer.writeheader()
            self._files.append(handle)
            self._writers.append(writer)

    def add(self, result: ReviewResult) -> None:
        self._writers[0].writerow({k: _csv_safe(v) for k, v in report_row(result).items()})
        for row in finding_rows(result, self.min_severity):
            self._writers[1].writerow({k: _csv_safe(v) for k, v in row.items()})

    def finish(self) -> tuple[bytes, bytes]:
        """The bytes of ``reports.csv`` and ``findings.csv``."""
        out = []
        for handle in self._files:
            handle.seek(0)
            out.append(handle.read().encode("utf-8"))
            handle.close()
        return out[0], out[1]


def csv_bytes(results: Iterable[ReviewResult], min_severity: str = "info") -> tuple[bytes, bytes]:
    """``reports.csv`` and ``findings.csv`` of ``results`` (see :class:`CsvTables`)."""
    tables = CsvTables(min_severity)
    for result in results:
        tables.add(result)
    return tables.finish()


def _openpyxl() -> Any:
    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise GbreportError("Excel output needs openpyxl: pip install 'gbreport[xlsx]' (or use --format csv)") from None


class XlsxTables:
    """An Excel workbook with the sheets ``reports`` and ``findings``, built row by row.

    Bold frozen header row, set column widths, an autofilter on each sheet; text is never a
    formula.  openpyxl's write-only mode keeps the rows in temporary files, not in memory.
    Raises :class:`GbreportError` naming the ``xlsx`` extra when openpyxl is missing.
    """

    def __init__(self, min_severity: str = "info") -> None:
        openpyxl = _openpyxl()
        self._cell = importlib.import_module("openpyxl.cell").WriteOnlyCell
        bold = importlib.import_module("openpyxl.styles").Font(bold=True)
        self._letter = importlib.import_module("openpyxl.utils").get_column_letter
        self.min_severity = min_severity
        self._book = openpyxl.Workbook(write_only=True)
        self._sheets: list[tuple[Any, tuple[Column, ...]]] = []
        self._rows = [0, 0]
        for title, columns in (("reports", REPORT_COLUMNS), ("findings", FINDING_COLUMNS)):
            sheet = self._book.create_sheet(title)
            sheet.freeze_panes = "A2"
            for i, column in enumerate(columns, 1):
                sheet.column_dimensions[self._letter(i)].width = column.width
            header = []
            for column in columns:
                cell = self._cell(sheet, value=column.name)
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            self._sheets.append((sheet, columns))

    def _append(self, which: int, row: dict[str, Any]) -> None:
        sheet, columns = self._sheets[which]
        sheet.append([self._value(sheet, row[c.name]) for c in columns])
        self._rows[which] += 1

    def _value(self, sheet: Any, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("="):
            cell = self._cell(sheet, value=value)
            cell.data_type = "s"  # text, not a formula
            return cell
        return value

    def add(self, result: ReviewResult) -> None:
        self._append(0, report_row(result))
        for row in finding_rows(result, self.min_severity):
            self._append(1, row)

    def finish(self) -> bytes:
        """The workbook's bytes."""
        for (sheet, columns), rows in zip(self._sheets, self._rows, strict=True):
            sheet.auto_filter.ref = f"A1:{self._letter(len(columns))}{rows + 1}"
        out = io.BytesIO()
        self._book.save(out)
        return out.getvalue()


def xlsx_bytes(results: Iterable[ReviewResult], min_severity: str = "info") -> bytes:
    """The Excel workbook of ``results`` (see :class:`XlsxTables`)."""
    tables = XlsxTables(min_severity)
    for result in results:
        tables.add(result)
    return tables.finish()


_FORMULA_START: Final = ("=", "+", "@", "\t", "\r")


def _csv_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (numbers are left alone)."""
    if value is None:
        return ""
    if isinstance(value, str) and (value.startswith(_FORMULA_START) or (value[:1] == "-" and not value[1:2].isdigit())):
        return "'" + value
    return value


def write_json_stream(results: Iterable[ReviewResult], out: TextIO, min_severity: str = "info") -> None:
    """A JSON array of :func:`report_json` objects, written as the results come."""
    out.write("[")
    first = True
    for result in results:
        out.write("\n  " if first else ",\n  ")
        out.write(json.dumps(report_json(result, min_severity), ensure_ascii=False))
        first = False
    out.write("\n]\n" if not first else "]\n")
