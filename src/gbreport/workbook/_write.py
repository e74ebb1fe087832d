"""Write the fillable workbook: the official tables with live totals, and a sheet for the texts."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from .._api import from_cells
from .._vector import Value
from ..builders import derivations, values_of
from ..errors import RenderError
from ..formats import Format, Kind, get_format
from ..model import Report, ensure_report
from ..model._types import MAX_COUNT
from ..rendering._layout import LayoutCell, layout
from ._form import (
    EXCEL_TEXT_LIMIT,
    MAP_SHEET,
    NOT_IN_XML,
    TYPED_MARKS,
    FormField,
    extra_fields,
    header_fields,
    table_titles,
    text_sheet_title,
    total_formula,
)

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_INPUT_FILL = "FFF2CC"
_TOTAL_FILL = "EDEDED"
_HEAD_FILL = "DDEBF7"
_CONFLICT_FILL = "F8CBAD"
_FONT = "宋体"
_TOP = 3
"""Grid row 0 of a table goes to sheet row 3 (row 1 is the title)."""
_MONEY_DIGITS = 15
"""Amounts with more significant digits than a float keeps are written as text."""


def openpyxl_module() -> Any:
    """The openpyxl module, or one :class:`RenderError` line saying how to install it."""
    try:
        import openpyxl
    except ImportError:
        raise RenderError("Excel workbooks need openpyxl; install it with: pip install 'gbreport[xlsx]'") from None
    return openpyxl


class _Styles:
    def __init__(self, op: Any) -> None:
        styles = op.styles
        side = styles.Side(style="thin", color="808080")
        self.border = styles.Border(left=side, right=side, top=side, bottom=side)
        self.font = styles.Font(name=_FONT, size=10.5)
        self.bold = styles.Font(name=_FONT, size=10.5, bold=True)
        self.title = styles.Font(name=_FONT, size=14, bold=True)
        self.note = styles.Font(name=_FONT, size=9, color="595959")
        self.center = styles.Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = styles.Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.top_left = styles.Alignment(horizontal="left", vertical="top", wrap_text=True)
        self.right = styles.Alignment(horizontal="right", vertical="center")
        self.input_fill = styles.PatternFill("solid", fgColor=_INPUT_FILL)
        self.total_fill = styles.PatternFill("solid", fgColor=_TOTAL_FILL)
        self.conflict_fill = styles.PatternFill("solid", fgColor=_CONFLICT_FILL)
        self.head_fill = styles.PatternFill("solid", fgColor=_HEAD_FILL)
        self.unlocked = styles.Protection(locked=False)


class _Validations:
    """The data validation of every value cell: a number of the cell's kind, or a not-applicable mark.

    One custom validation per cell (its formula names the cell itself), so that Excel, WPS
    and LibreOffice accept exactly what the reader takes: a whole number (non-negative, or
    signed for 本年增/减) or an amount, or one of :data:`TYPED_MARKS`; empty stays allowed.
    """

    _RULES: ClassVar[dict[str, tuple[str, str]]] = {
        "count": ("AND({c}>=0,{c}<={max},INT({c})={c})", "不小于 0 的整数"),
        "signed_count": ("AND(ABS({c})<={max},INT({c})={c})", "整数（可为负数，表示减少）"),
        "money": ("{c}>=0", "不小于 0 的金额（可含小数）"),
        "money_wan": ("{c}>=0", "不小于 0 的金额（单位：万元，可含小数）"),
    }

    def __init__(self, op: Any) -> None:
        self.dv = op.worksheet.datavalidation.DataValidation
        self.made: list[Any] = []

    def add(self, kind: Kind, cell: Any) -> None:
        number, wanted = self._RULES[kind]
        c = cell.coordinate
        marks = "".join(f',{c}="{m}"' for m in TYPED_MARKS)
        formula = f"OR(IF(ISNUMBER({c}),{number.format(c=c, max=MAX_COUNT)},FALSE){marks})"
        shown = "、".join(f"“{m}”" for m in TYPED_MARKS)
        validation = self.dv(
            type="custom",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="无效的数值",
            error=f"请填写{wanted}；不适用的填 {shown}；没有数值的留空。",
        )
        validation.add(cell)
        self.made.append(validation)

    def attach(self, ws: Worksheet) -> None:
        for validation in self.made:
            ws.add_data_validation(validation)


def check_text(text: str, where: str) -> str:
    """``text`` if an Excel cell can hold it, else one :class:`RenderError` line saying why not."""
    if len(text) > EXCEL_TEXT_LIMIT:
        raise RenderError(
            f"{where}: the text has {len(text):,} characters, more than the {EXCEL_TEXT_LIMIT:,} an Excel cell "
            "holds; shorten it or keep this report as JSON"
        )
    bad = NOT_IN_XML.search(text)
    if bad:
        raise RenderError(
            f"{where}: the text contains the character U+{ord(bad.group()):04X}, which an Excel file cannot "
            "hold; remove it"
        )
    return text


def _put_text(cell: Any, text: str | None, where: str) -> None:
    if text is None:
        return
    cell.value = check_text(text, where)
    cell.data_type = "s"  # never a formula, whatever the text starts with


def _put_value(cell: Any, value: Value, kind: Kind) -> None:
    if value is None:
        return
    if isinstance(value, Decimal):
        digits = len(value.as_tuple().digits)
        if digits > _MONEY_DIGITS:
            cell.value = str(value)
            cell.data_type = "s"
            return
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        cell.number_format = "0." + "0" * places if places else "0"
        cell.value = value
        return
    cell.value = value


class _Writer:
    def __init__(self, fmt: Format, report: Report) -> None:
        self.op = openpyxl_module()
        self.fmt = fmt
        self.report = report
        self.values = values_of(report)
        self.style = _Styles(self.op)
        self.wb: Workbook = self.op.Workbook()
        self.where: list[tuple[str, str, str, str]] = []  # (path, sheet, address, role)
        self.positions: dict[str, tuple[int, int]] = {}

    def _frame(self, ws: Worksheet, row: int, col: int, rowspan: int, colspan: int) -> None:
        for r in range(row, row + rowspan):
            for c in range(col, col + colspan):
                ws.cell(r, c).border = self.style.border
        if rowspan > 1 or colspan > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + rowspan - 1, end_column=col + colspan - 1)

    def table_sheet(self, table: str, title: str) -> None:
        ws = self.wb.create_sheet(title)
        grid = layout(self.fmt.version, table)
        st = self.style
        derived = {d.cell: d for d in derivations(self.fmt.version)}
        ws.cell(1, 1, title).font = st.title
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.width)
        validations = _Validations(self.op)
        pending: list[tuple[LayoutCell, Any]] = []
        label_cols: set[int] = set()
        for lc in grid.cells():
            row, col = _TOP + lc.row, 1 + lc.col
            self._frame(ws, row, col, lc.rowspan, lc.colspan)
            cell = ws.cell(row, col)
            cell.font = st.font
            if lc.role != "value":
                assert lc.label is not None
                cell.value = lc.label.zh
                cell.data_type = "s"
                cell.alignment = st.center if lc.role in ("column", "corner") else st.left
                if lc.role in ("column", "caption", "corner"):
                    cell.fill = st.head_fill
                    cell.font = st.bold if lc.role == "caption" else st.font
                if lc.role == "row":
                    label_cols.update(range(col, col + lc.colspan))
                continue
            assert lc.cell_id is not None
            self.positions[lc.cell_id] = (row, col)
            cell.alignment = st.right
            if lc.cell_id in derived:
                pending.append((lc, cell))
                continue
            cell.fill = st.input_fill
            cell.protection = st.unlocked
            validations.add(lc.kind, cell)
            _put_value(cell, self.values[lc.cell_id], lc.kind)
            self._mark(cell, lc.cell_id)
            self.where.append((lc.cell_id, title, cell.coordinate, "input"))
        for lc, cell in pending:
            assert lc.cell_id is not None
            rule = derived[lc.cell_id]
            printed = self.values[lc.cell_id]
            parts = [self.values[p] for p in rule.parts]
            computed = None if all(p is None for p in parts) else sum(p or 0 for p in parts)
            unmarked = lc.cell_id not in self.report.marks
            if unmarked and printed == computed and (printed is None) == (computed is None):
                cell.value = total_formula([self.positions[p] for p in rule.parts])
                cell.fill = st.total_fill
                self.where.append((lc.cell_id, title, cell.coordinate, "total"))
                continue
            # a total the report prints although its parts add up to something else: kept as printed
            _put_value(cell, printed, lc.kind)
            self._mark(cell, lc.cell_id)
            cell.fill = st.conflict_fill
            cell.protection = st.unlocked
            validations.add(lc.kind, cell)
            shown = "空白" if computed is None else computed
            cell.comment = self.op.comments.Comment(
                f"报告所填合计与其各项之和（{shown}）不符，请核对改正。", "gbreport"
            )
            self.where.append((lc.cell_id, title, cell.coordinate, "printed"))
        row = _TOP + grid.height + 1
        if table == self.fmt.t2.id:
            row = self._extras(ws, row, grid.width)
        validations.attach(ws)
        self._widths(ws, grid.width, label_cols)
        ws.cell(row, 1, "黄色单元格填写数值（没有数值的留空）；灰色单元格为合计，由公式自动计算。").font = st.note
        self._protect(ws)

    def _mark(self, cell: Any, cell_id: str) -> None:
        """A cell printed as not applicable holds its mark (``/``, ``—``, ``无`` …) as text."""
        mark = self.report.marks.get(cell_id)
        if mark is not None:
            cell.value = mark
            cell.data_type = "s"
            cell.alignment = self.style.center

    def _extras(self, ws: Worksheet, row: int, width: int) -> int:
        for field in extra_fields(self.fmt):
            label = ws.cell(row, 1, field.label)
            label.font = self.style.font
            label.alignment = self.style.left
            self._frame(ws, row, 1, 1, max(1, width - 1))
            cell = ws.cell(row, width)
            self._frame(ws, row, width, 1, 1)
            self._input(ws, cell, field, self._field_value(field.path))
            self.where.append((field.path, ws.title, cell.coordinate, "input"))
            row += 1
        return row + 1

    def _widths(self, ws: Worksheet, width: int, label_cols: set[int]) -> None:
        letter = self.op.utils.get_column_letter
        for col in range(1, width + 1):
            ws.column_dimensions[letter(col)].width = 30 if col in label_cols else 12
        if label_cols:
            ws.column_dimensions[letter(max(label_cols))].width = 44

    def _protect(self, ws: Worksheet) -> None:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr = self.op.worksheet.properties.PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.formatCells = False

    def _field_value(self, path: str) -> Any:
        node: Any = self.report
        for part in path.split("."):
            node = getattr(node, part)
        return node

    def _input(self, ws: Worksheet, cell: Any, field: FormField, value: Any) -> None:
        st = self.style
        cell.fill = st.input_fill
        cell.protection = st.unlocked
        cell.font = st.font
        cell.alignment = st.top_left if field.kind == "text" else st.left
        where = f"{ws.title}!{cell.coordinate} ({field.path})"
        dv = self.op.worksheet.datavalidation.DataValidation
        common: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True, "errorTitle": "无效的内容"}
        validation = None
        if field.kind == "integer":
            low = -MAX_COUNT if field.low is None else field.low
            high = MAX_COUNT if field.high is None else field.high
            validation = dv(
                type="whole",
                operator="between",
                formula1=str(low),
                formula2=str(high),
                error=f"请填写 {low} 至 {high} 之间的整数。",
                **common,
            )
            cell.value = value
        elif field.kind == "date":
            validation = dv(
                type="date", operator="greaterThan", formula1="1", error="请填写日期，如 2024-01-31。", **common
            )
            cell.number_format = "yyyy-mm-dd"
            cell.value = value if isinstance(value, dt.date) else None
        elif field.kind == "choice":
            validation = dv(type="list", formula1='"' + ",".join(field.choices) + '"', **common)
            _put_text(cell, value, where)
        else:
            cell.number_format = "@"
            _put_text(cell, value, where)
        if validation is not None:
            validation.add(cell)
            ws.add_data_validation(validation)

    def text_sheet(self, title: str) -> None:
        ws = self.wb.active
        assert ws is not None
        ws.title = title
        st = self.style
        ws.cell(1, 1, self.fmt.document.zh).font = st.title
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
        ws.cell(2, 1, "黄色单元格填写；填好后可用 gbreport check 本文件 检查表格的勾稽关系。").font = st.note
        row = 4
        for field in header_fields(self.fmt):
            label = ws.cell(row, 1, field.label)
            label.font = st.font
            label.alignment = st.left
            label.border = st.border
            cell = ws.cell(row, 2)
            cell.border = st.border
            self._input(ws, cell, field, self._field_value(field.path))
            if field.kind == "text":
                ws.row_dimensions[row].height = 150
            self.where.append((field.path, title, cell.coordinate, "input"))
            row += 1
        ws.column_dimensions["A"].width = 34
        ws.column_dimensions["B"].width = 100
        self._protect(ws)

    def map_sheet(self) -> None:
        ws = self.wb.create_sheet(MAP_SHEET)
        ws.append(["format_version", self.fmt.version])
        from .. import __version__

        ws.append(["generator", f"gbreport {__version__}"])
        for path, sheet, coordinate, role in self.where:
            ws.append([path, sheet, coordinate, role])
        for row in ws.iter_rows():
            for cell in row:
                cell.data_type = "s"
        ws.sheet_state = "veryHidden"
        ws.protection.sheet = True

    def build(self) -> bytes:
        self.text_sheet(text_sheet_title(self.fmt))
        for table, title in table_titles(self.fmt).items():
            self.table_sheet(table, title)
        self.map_sheet()
        self.wb.security = self.op.workbook.protection.WorkbookProtection(lockStructure=True)
        out = io.BytesIO()
        self.wb.save(out)
        return out.getvalue()


def write_workbook(report: Report) -> bytes:
    """``report`` as a fillable Excel workbook (.xlsx bytes) laid out like the official tables.

    One sheet for the header and the six section texts, one per table (二、三、四)
    with the official merged headers and labels of the format declaration.  Input
    cells are unlocked, shaded and validated (non-negative whole numbers, signed
    whole numbers for 本年增/减, decimal amounts); every total is a live Excel
    formula over the cells the format declares it sums (blank while they are all
    blank); everything else is protected (without a password).  A very hidden sheet
    records the format version and where each field is, so
    :func:`gbreport.workbook.read_workbook` (and ``gbreport.load``, ``check``,
    ``render``) read the filled workbook back.  Needs ``gbreport[xlsx]`` (openpyxl).
    """
    report = ensure_report(report)
    return _Writer(get_format(report.format_version), report).build()


def template(format_version: str, *, header: Mapping[str, Any] | None = None) -> bytes:
    """A blank fillable workbook of ``format_version`` (see :func:`write_workbook`)."""
    return write_workbook(from_cells(get_format(format_version).version, {}, header=header))
