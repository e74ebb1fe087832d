"""Hand-written parts of the model that do not depend on the format version."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, Strict

from ._types import Model, Text

Year = Annotated[int, Strict(), Field(ge=1990, le=2100)]
ShortText = Annotated[str, Field(max_length=500)]


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
