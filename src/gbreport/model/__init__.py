"""Typed, frozen pydantic models of the annual report, one class per format version.

The table models are generated from the format declarations
(:mod:`gbreport.formats`); attribute paths spell the cell ids, so that
``report.t3.granted.natural_person`` is the cell ``t3.granted.natural_person``.
"""

from __future__ import annotations

from typing import Annotated, TypeAlias

from pydantic import Field

from ._base import Contact, Header
from ._generated import *  # noqa: F403
from ._generated import ReportV2019, ReportV2021, Sections
from ._generated import __all__ as _generated_all
from ._types import MAX_COUNT, AmountUnit, Count, Model, Money, SignedCount

Report: TypeAlias = ReportV2019 | ReportV2021
"""An annual report of either format version."""

AnyReport = Annotated[Report, Field(discriminator="format_version")]
""":data:`Report` with its discriminator, for validation."""

REPORT_CLASSES: dict[str, type[ReportV2019] | type[ReportV2021]] = {
    "2019-60": ReportV2019,
    "2021-30": ReportV2021,
}

__all__ = [  # noqa: PLE0604
    "MAX_COUNT",
    "AmountUnit",
    "AnyReport",
    "Contact",
    "Count",
    "Header",
    "Model",
    "Money",
    "REPORT_CLASSES",
    "Report",
    "Sections",
    "SignedCount",
    *_generated_all,
]
