"""Value types of cells and the shared base model."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict

MAX_COUNT: Final = 10**9
"""Largest count accepted in a cell: far above any agency's yearly figures."""

MAX_MONEY_DIGITS: Final = 18
MAX_TEXT: Final = 1_000_000

Count = Annotated[int, Strict(), Field(ge=0, le=MAX_COUNT)]
"""A non-negative integer count (applications, documents, cases, items)."""

SignedCount = Annotated[int, Strict(), Field(ge=-MAX_COUNT, le=MAX_COUNT)]
"""A signed integer count (``本年增/减``)."""

Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=MAX_MONEY_DIGITS, allow_inf_nan=False),
]
"""A non-negative decimal amount, kept with the decimals it was given."""

AmountUnit = Literal["元", "万元"]
"""The unit printed with an amount whose header prescribes none."""

Text = Annotated[str, Field(max_length=MAX_TEXT)]


class Model(BaseModel):
    """Base of every gbreport model: frozen, closed (unknown fields are errors)."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)
