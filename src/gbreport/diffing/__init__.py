"""Year over year: compare two reports of one agency, or follow its key figures across years.

>>> from gbreport.diffing import diff
>>> d = diff(last_year, this_year)                  # doctest: +SKIP
>>> [(c.cell, c.before, c.after, c.relative) for c in d.changed_cells]   # doctest: +SKIP

The package is ``gbreport.diffing`` (like ``rendering`` and ``parsing``) so that the
name ``diff`` is free for the function.
"""

from __future__ import annotations

from ._diff import LONG_TEXT, CellChange, Diff, FieldChange, ParagraphChange, TextChange, compare_texts, diff, key_cells
from ._output import LOCALES, to_csv, to_html, to_json, to_text
from ._series import Series, series, series_cells

__all__ = [
    "LOCALES",
    "LONG_TEXT",
    "CellChange",
    "Diff",
    "FieldChange",
    "ParagraphChange",
    "Series",
    "TextChange",
    "compare_texts",
    "diff",
    "key_cells",
    "series",
    "series_cells",
    "to_csv",
    "to_html",
    "to_json",
    "to_text",
]
