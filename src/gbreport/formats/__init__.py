"""The two national format versions, declared as data.

``FORMATS`` maps a version string to its :class:`Format` declaration; the cells
and relations of a version are derived from it by :func:`cells_of` and
:func:`relations_of`.
"""

from __future__ import annotations

from typing import Final, Literal

from .._errors_base import GbreportError
from . import v2019_60, v2021_30
from ._derive import Cell, Relation, cells_of, relations_of
from ._spec import (
    Balance,
    Block,
    BlockTable,
    CrossYearRule,
    CrossYearTerm,
    Format,
    GridTable,
    Kind,
    Label,
    Node,
    Section,
)

FormatVersion = Literal["2019-60", "2021-30"]

FORMATS: Final[dict[str, Format]] = {
    v2019_60.FORMAT.version: v2019_60.FORMAT,
    v2021_30.FORMAT.version: v2021_30.FORMAT,
}

FORMAT_VERSIONS: Final[tuple[FormatVersion, ...]] = ("2019-60", "2021-30")


class UnknownFormatError(GbreportError):
    """Raised for a format version that is not one of :data:`FORMAT_VERSIONS`."""


def get_format(version: str) -> Format:
    """The declaration of ``version`` (``"2019-60"`` or ``"2021-30"``)."""
    try:
        return FORMATS[version]
    except (KeyError, TypeError):
        raise UnknownFormatError(
            f"unknown format_version {version!r}; expected one of {', '.join(FORMAT_VERSIONS)}"
        ) from None


__all__ = [
    "FORMATS",
    "FORMAT_VERSIONS",
    "Balance",
    "Block",
    "BlockTable",
    "Cell",
    "CrossYearRule",
    "CrossYearTerm",
    "Format",
    "FormatVersion",
    "GridTable",
    "Kind",
    "Label",
    "Node",
    "Relation",
    "Section",
    "UnknownFormatError",
    "cells_of",
    "get_format",
    "relations_of",
]
