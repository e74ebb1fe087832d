"""A fillable Excel workbook of the report, and reading it back.

>>> from gbreport.workbook import template, read_workbook
>>> Path("form.xlsx").write_bytes(template("2021-30"))          # doctest: +SKIP
>>> report = read_workbook("form.xlsx")                           # doctest: +SKIP

The workbook is laid out like the official tables (the render layout of
:mod:`gbreport.rendering`, labels from :mod:`gbreport.formats`), with one sheet for
the header and the six section texts.  Input cells are unlocked and validated, every
total is a live formula over the cells the format declares it sums, the rest is
protected.  ``gbreport.load``, ``gbreport check`` and ``gbreport render`` read a
filled workbook like any other input.  Needs the ``xlsx`` extra (openpyxl).
"""

from __future__ import annotations

from ._form import MAP_SHEET, header_fields, table_titles, text_sheet_title
from ._read import NOT_APPLICABLE, is_workbook, read_form, read_workbook
from ._write import template, write_workbook

__all__ = [
    "MAP_SHEET",
    "NOT_APPLICABLE",
    "header_fields",
    "is_workbook",
    "read_form",
    "read_workbook",
    "table_titles",
    "template",
    "text_sheet_title",
    "write_workbook",
]
