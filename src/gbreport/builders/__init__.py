"""Builders: ledgers of applications and cases, completed totals, next year's report,
roll-ups of several agencies, and conversion from 2019-60 to 2021-30.

Everything a builder produces from consistent input conforms: a ledger counts
each application once on each side of table 3's balance, totals are derived
from the cells they sum, and sums of conforming reports conform.
"""

from __future__ import annotations

from ..errors import BuildError, ConversionError, IncompatibleReportsError, TotalsConflictError, UnknownKeyError
from ._convert import CellMapping, ConversionResult, Dropped, Unfilled, convert
from ._edit import replace, values_of
from ._ledger import (
    PENDING,
    Application,
    Case,
    CaseLog,
    Ledger,
    applicant_kinds,
    case_groups,
    case_results,
    outcomes,
)
from ._report import DRAFT_NOTE, complete, draft_texts, next_year, roll_up
from ._totals import derivations, derived_cells, fill_totals, valid_cells

__all__ = [
    "DRAFT_NOTE",
    "PENDING",
    "Application",
    "BuildError",
    "Case",
    "CaseLog",
    "CellMapping",
    "ConversionError",
    "ConversionResult",
    "Dropped",
    "IncompatibleReportsError",
    "Ledger",
    "TotalsConflictError",
    "Unfilled",
    "UnknownKeyError",
    "applicant_kinds",
    "case_groups",
    "case_results",
    "complete",
    "convert",
    "derivations",
    "derived_cells",
    "draft_texts",
    "fill_totals",
    "next_year",
    "outcomes",
    "replace",
    "roll_up",
    "valid_cells",
    "values_of",
]
