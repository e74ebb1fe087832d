"""Hand-written parts of the model that do not depend on the format version."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, Strict, ValidationInfo, field_validator

from ._types import Model, Text

Year = Annotated[int, Strict(), Field(ge=1990, le=2100)]
ShortText = Annotated[str, Field(max_length=500)]
AgencyKind = Literal["government", "department"]
"""A people's government (its own report, due 31 March) or a government department (due 31 January)."""


class Contact(Model):
    """Contact details as reports print them in their preamble (all optional)."""

    address: ShortText | None = Field(default=None, title="地址", description="Postal address")
    postcode: ShortText | None = Field(default=None, title="邮编", description="Postcode")
    phone: ShortText | None = Field(default=None, title="电话", description="Telephone")
    email: ShortText | None = Field(default=None, title="电子邮箱", description="E-mail")
    website: ShortText | None = Field(default=None, title="网址", description="Website")


class Header(Model):
    """Who reports, for which year, when it was published, and how to reach them."""

    agency: ShortText = Field(default="", title="机关名称", description="Reporting agency, as printed in the title")
    year: Year | None = Field(default=None, title="报告年度", description="Year the report covers")
    published: dt.date | None = Field(
        default=None, title="发布日期", description="Publication (or signing) date printed with the report"
    )
    preamble: Text | None = Field(default=None, title="引言", description="Introductory paragraph before section 一")
    contact: Contact = Field(default_factory=Contact, title="联系方式", description="Contact details")
    agency_kind: AgencyKind | None = Field(
        default=None,
        title="机关类别",
        description="government (人民政府, report due 31 March) or department (政府部门, due 31 January); "
        "None: inferred from the agency name where it is clear",
    )


def _mark(value: str) -> str:
    if not value.strip() or any(ch.isdigit() for ch in value):
        raise ValueError(f"a not-applicable mark is printed text without digits (such as '/'), not {value!r}")
    return value.strip()


Mark = Annotated[str, Field(min_length=1, max_length=20), AfterValidator(_mark)]
"""What a document prints in a cell that does not apply: ``/``, ``—``, ``无``, ``不适用`` (no digits)."""


class ReportModel(Model):
    """Base of the report classes: checks ``marks`` against the report's cells.

    ``marks`` (declared last by every generated report class) maps the id of a cell
    printed as not applicable to the mark printed (``{"t2.fees.change": "/"}``).  A
    marked cell is blank in the tables (``None``); checks count it as 0 without a
    finding, while an unmarked blank cell is reported.  Keys are kept in vocabulary order.
    """

    @field_validator("marks", check_fields=False)
    @classmethod
    def _marks_name_blank_cells(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        if not value:
            return value
        from .._vector import index

        version = info.data.get("format_version")
        if not isinstance(version, str):
            return value
        order = index(version)
        unknown = sorted(k for k in value if k not in order)
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not a cell of format {version}")
        for cell_id, mark in value.items():
            holder: Any = info.data.get(cell_id.split(".")[0])
            for part in cell_id.split(".")[1:]:
                holder = getattr(holder, part, None)
            if holder is not None:
                raise ValueError(f"{cell_id} is marked {mark!r} (not applicable) but holds {holder}")
        return dict(sorted(value.items(), key=lambda item: order[item[0]]))
