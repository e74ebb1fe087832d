"""The national format versions, declared as data, and the registry that holds them.

Every format version is one :class:`Format` declaration (``v2019_60``, ``v2021_30``).
The registry is the one list of versions the library knows: :func:`versions`,
:func:`get_format`, :func:`register_format`.  Everything that follows mechanically
from a declaration -- its cells, relations, models, layouts, parser patterns -- is a
*derived view*: a function of the declaration decorated with :func:`derived`, memoised
per version id and forgotten when the registry changes.  Adding a version is one new
declaration and one :func:`register_format` call (see *Adding a format version* in the
docs).
"""

from __future__ import annotations

from typing import Final, Literal

from ..errors import UnknownFormatError
from . import v2019_60, v2021_30
from ._derive import Cell, Relation, cell_ids, cells_of, cross_year_rules, relations_of
from ._registry import FORMATS, derived, get_format, register_format, unregister_format, versions
from ._spec import (
    Balance,
    Block,
    BlockTable,
    Conversion,
    CrossYearRule,
    CrossYearTerm,
    Format,
    GridTable,
    Kind,
    Label,
    Node,
    RowMove,
    Section,
)

FormatVersion = Literal["2019-60", "2021-30"]
"""The built-in format versions (static type; :func:`versions` lists every registered one)."""

FORMAT_VERSIONS: Final[tuple[FormatVersion, ...]] = ("2019-60", "2021-30")
"""The built-in format versions, oldest first."""

register_format(v2019_60.FORMAT)
register_format(v2021_30.FORMAT)

__all__ = [
    "FORMATS",
    "FORMAT_VERSIONS",
    "Balance",
    "Block",
    "BlockTable",
    "Cell",
    "Conversion",
    "CrossYearRule",
    "CrossYearTerm",
    "Format",
    "FormatVersion",
    "GridTable",
    "Kind",
    "Label",
    "Node",
    "Relation",
    "RowMove",
    "Section",
    "UnknownFormatError",
    "cell_ids",
    "cells_of",
    "cross_year_rules",
    "derived",
    "get_format",
    "register_format",
    "relations_of",
    "unregister_format",
    "versions",
]
