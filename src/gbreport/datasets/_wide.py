"""One row per report, one column per cell: the table researchers load into pandas, Excel or Arrow."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from .._vector import cell_map, vector
from ..builders import ConversionResult, convert
from ..checks import check
from ..errors import GbreportError, RenderError
from ..formats import Kind, cells_of, get_format, versions
from ..model import Report, ensure_report
from ..reviewing import ReviewResult, report_suffixes, review
from ..reviewing._result import status_of

if TYPE_CHECKING:
    import pandas

META: tuple[str, ...] = ("file", "agency", "year", "format_version", "published", "status", "reason")
"""The columns before the cells: which file, whose report, which year and format, and its review status."""
CONVERTED: tuple[str, ...] = ("converted_from", "lost")
"""Columns added by ``as_version``: the version a row was converted from, and the cells it lost (``id=value``)."""
PRINTED = "printed:"
"""Prefix of the optional columns (``printed=True``) with the mark printed in a cell that does not apply."""
ColumnKind = Literal["text", "year", "date", "count", "signed_count", "money", "money_wan"]
Item = Report | ReviewResult | str | os.PathLike[str]


@dataclass(frozen=True)
class WideTable:
    """A wide table: ``columns``, their ``kinds``, one tuple of plain Python values per row, and ``notes``.

    Values are ``int``, ``Decimal``, ``datetime.date``, ``str`` or ``None`` (blank).
    ``notes`` say what a reader should know: mixed format versions, conversions made.
    """

    columns: tuple[str, ...]
    kinds: tuple[ColumnKind, ...]
    rows: tuple[tuple[Any, ...], ...]
    notes: tuple[str, ...] = ()

    def records(self) -> Iterator[dict[str, Any]]:
        """Each row as ``{column: value}``."""
        for row in self.rows:
            yield dict(zip(self.columns, row, strict=True))


def folder_suffixes() -> tuple[str, ...]:
    """Suffixes searched in folders: the review's (:func:`gbreport.reviewing.report_suffixes`), workbooks and
    ``gbreport cells`` TSV output."""
    return tuple(dict.fromkeys((*report_suffixes(), ".xlsx", ".tsv")))


def reviewed(items: Iterable[Item]) -> Iterator[ReviewResult]:
    """One review result per report given, per file given, and per report file in each folder given.

    Files and folders go through :func:`gbreport.reviewing.review` (each agency's consecutive
    years paired for the cross-year rules), in the order given; a report object is checked
    on its own.
    """
    pending: list[str | os.PathLike[str]] = []

    def flush() -> Iterator[ReviewResult]:
        if pending:
            include = [f"*{suffix}" for suffix in folder_suffixes()]
            yield from sorted(review(list(pending), include=include), key=lambda r: r.index)
            pending.clear()

    for item in items:
        if isinstance(item, ReviewResult):
            yield from flush()
            yield item
        elif isinstance(item, (str, os.PathLike)):
            pending.append(item)
        else:
            yield from flush()
            report = ensure_report(item, "each item (a report, a review result, a file or a folder)")
            findings = check(report)
            status = status_of(findings, (), parser_warned=False, gap=False)
            header = report.header
            yield ReviewResult(
                "",
                0,
                status,
                format_version=report.format_version,
                agency=header.agency,
                year=header.year,
                findings=findings,
                report=report,
            )
    yield from flush()


def marks_after(report: Report, result: ConversionResult) -> dict[str, str]:
    """The not-applicable marks of ``report`` moved to the cells ``result`` (its conversion) carried them to."""
    return {m.target: report.marks[m.source] for m in result.mappings if m.source in report.marks}


def _cell_columns(versions_present: list[str]) -> list[tuple[str, Kind]]:
    """Cell columns of the versions present: the newest vocabulary in order, then ids only older ones have."""
    ordered = [v for v in reversed(versions()) if v in versions_present]
    out: dict[str, Kind] = {}
    for version in ordered:
        for cell in cells_of(version):
            out.setdefault(cell.id, cell.kind)
    return list(out.items())


def wide_table(items: Iterable[Item], *, as_version: str | None = None, printed: bool = False) -> WideTable:
    """The wide table of ``items`` (reports, :class:`~gbreport.reviewing.ReviewResult` results, files or folders).

    Columns: :data:`META`, then (with ``as_version``) :data:`CONVERTED`, then one
    column per cell id in vocabulary order, then (with ``printed``) one column
    ``printed:<cell_id>`` per cell with the mark the report prints where the cell
    does not apply (``/``, ``—``, ``无`` …; the cell itself is blank).  With
    ``as_version`` every report is first converted to that format version by :func:`gbreport.convert`; the cells
    that do not carry over are listed in ``lost``.  Without it, reports of several
    versions give the union of their vocabularies (a cell the report's version
    lacks is blank) and a note says so.  A report that cannot be read, or not
    converted, is a row with status ``unusable`` and the reason.
    """
    target = get_format(as_version).version if as_version else None
    entries = list(reviewed(items))
    notes: list[str] = []
    converted: list[tuple[ReviewResult, Report | None, str, str, str]] = []
    marks: dict[int, dict[str, str]] = {}
    counts: dict[str, int] = {}
    for entry in entries:
        report, origin, lost, reason = entry.report, "", "", entry.reason
        if report is not None:
            counts[report.format_version] = counts.get(report.format_version, 0) + 1
        if report is not None and target is not None and report.format_version != target:
            try:
                result = convert(report, target)
            except GbreportError as exc:
                converted.append((entry, None, report.format_version, "", f"cannot convert to {target}: {exc}"))
                continue
            origin = report.format_version
            lost = "; ".join(f"{d.cell}={d.value}" for d in result.lost)
            marks[len(converted)] = marks_after(report, result)
            report = result.report
        converted.append((entry, report, origin, lost, reason))
    present = [target] if target else sorted(counts, key=versions().index)
    if target is None and len(present) > 1:
        listing = ", ".join(f"{v}: {counts[v]}" for v in present)
        notes.append(
            f"reports of several format versions ({listing}): the columns are the union of their cells, "
            f"blank where a version has no such cell; convert them with --as {versions()[-1]} for one vocabulary"
        )
    if target is not None:
        moved = [c for c in converted if c[2] and c[1] is not None]
        if moved:
            notes.append(
                f"{len(moved)} report(s) converted to {target}; the cells that do not carry over are in 'lost'"
            )
    cell_columns = _cell_columns(present) if present else []
    columns = list(META) + (list(CONVERTED) if target else []) + [c for c, _ in cell_columns]
    kinds: list[ColumnKind] = ["text", "text", "year", "text", "date", "text", "text"]
    kinds += ["text", "text"] if target else []
    kinds += [k for _, k in cell_columns]
    if printed:
        columns += [PRINTED + c for c, _ in cell_columns]
        kinds += ["text"] * len(cell_columns)
    rows = []
    for number, (entry, report, origin, lost, reason) in enumerate(converted):
        status = entry.status if report is not None else "unusable"
        header = report.header if report is not None else None
        row: list[Any] = [
            entry.path or None,
            header.agency if header else None,
            header.year if header else None,
            report.format_version if report is not None else None,
            header.published if header else None,
            status,
            reason or None,
        ]
        if target:
            row += [origin or None, lost or None]
        values: dict[str, Any] = {}
        if report is not None:
            values = dict(zip((c.id for c in cell_map(report.format_version).values()), vector(report), strict=True))
        row += [values.get(c) for c, _ in cell_columns]
        if printed:
            shown = marks.get(number, report.marks if report is not None else {})
            row += [shown.get(c) for c, _ in cell_columns]
        rows.append(tuple(row))
    return WideTable(tuple(columns), tuple(kinds), tuple(rows), tuple(notes))


def to_csv(table: WideTable) -> str:
    """The table as CSV text (UTF-8, a header line, blank cells empty, money as written)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return out.getvalue()


def to_xlsx(table: WideTable) -> bytes:
    """The table as an Excel workbook (one sheet, frozen header row and file column)."""
    from ..workbook._write import check_text, openpyxl_module

    op = openpyxl_module()
    book = op.Workbook(write_only=True)
    sheet = book.create_sheet("cells")
    sheet.freeze_panes = "B2"
    sheet.append(list(table.columns))
    for row in table.rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = op.cell.WriteOnlyCell(sheet, value=check_text(value, "a text of the table"))
                cell.data_type = "s"  # text stays text, whatever it starts with
                cells.append(cell)
            elif isinstance(value, dt.date):
                cell = op.cell.WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise RenderError("data frames need pandas; install it with: pip install 'gbreport[pandas]'") from None
    return pandas


def frame(table: WideTable, *, money: Literal["decimal", "float"] = "decimal") -> pandas.DataFrame:
    """A pandas DataFrame of ``table``: counts and year ``Int64`` (nullable), money ``Decimal`` or ``Float64``."""
    pd = _pandas()
    if money not in ("decimal", "float"):
        raise ValueError(f"money is 'decimal' or 'float', not {money!r}")
    data: dict[str, Any] = {}
    for index, (column, kind) in enumerate(zip(table.columns, table.kinds, strict=True)):
        values = [row[index] for row in table.rows]
        if kind in ("count", "signed_count", "year"):
            data[column] = pd.array(values, dtype="Int64")
        elif kind in ("money", "money_wan"):
            if money == "float":
                data[column] = pd.array([None if v is None else float(v) for v in values], dtype="Float64")
            else:
                data[column] = pd.Series([None if v is None else Decimal(v) for v in values], dtype=object)
        elif kind == "date":
            data[column] = pd.to_datetime(pd.Series(values, dtype=object))
        else:
            data[column] = pd.array(values, dtype="string")
    df: pandas.DataFrame = pd.DataFrame(data, columns=list(table.columns))
    return df


def to_dataframe(
    reports: Iterable[Item],
    *,
    money: Literal["decimal", "float"] = "decimal",
    as_version: str | None = None,
    printed: bool = False,
) -> pandas.DataFrame:
    """A pandas DataFrame with one row per report and one column per cell id.

    ``reports`` are reports, files or folders (read and checked like ``gbreport
    cells --wide``).  Columns as :func:`wide_table`; counts and the year are nullable
    ``Int64`` (a blank cell is ``<NA>``, never 0), money is ``Decimal`` (object column)
    or, with ``money="float"``, ``Float64``; ``published`` is a datetime column.
    Needs the ``pandas`` extra.
    """
    return frame(wide_table(reports, as_version=as_version, printed=printed), money=money)


def to_parquet(table: WideTable) -> bytes:
    """The table as a Parquet file (through pandas and pyarrow; money as Arrow decimals)."""
    df = frame(table, money="decimal")
    if importlib.util.find_spec("pyarrow") is None:
        raise RenderError("Parquet needs pyarrow; install it with: pip install 'gbreport[pandas]'")
    out = io.BytesIO()
    df.to_parquet(out, index=False)
    return out.getvalue()
