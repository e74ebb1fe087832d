"""Building blocks for declaring a report format as data.

A format version is declared once, as a tree of :class:`Node` objects per table,
plus the sections of the report.  Everything else -- the cell vocabulary, the
pydantic models, the summation relations, the JSON Schema, the renderers and
the parsers -- is derived from that declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["count", "signed_count", "money", "money_wan"]
"""Value type of a cell.

``count``
    non-negative integer (applications, documents, cases, items);
``signed_count``
    signed integer (``本年增/减``);
``money``
    non-negative decimal amount, printed without a fixed unit (2019-60 ``采购总金额``);
``money_wan``
    non-negative decimal amount in 万元 (2021-30 ``本年收费金额``).
"""


@dataclass(frozen=True, slots=True)
class Label:
    """A label in Chinese (official wording) and English."""

    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Node:
    """A row or a column of a table, possibly a group of further rows or columns.

    ``key`` is the segment this node contributes to the cell ids (``None`` for a
    pure heading such as ``三、本年度办理结果`` or ``法人或其他组织``, which groups
    without adding a segment).  ``total`` marks a node whose value is the sum of
    all leaf nodes among its siblings; ``rule`` is then the finding code of that
    summation.  ``model`` names the generated model class of a group node.
    """

    key: str | None
    label: Label
    children: tuple[Node, ...] = ()
    kind: Kind = "count"
    total: bool = False
    rule: str | None = None
    model: str | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> tuple[Node, ...]:
        if self.is_leaf:
            return (self,)
        return tuple(leaf for child in self.children for leaf in child.leaves())


def node(key: str | None, zh: str, en: str, *children: Node, **kw: object) -> Node:
    """Shorthand constructor used by the format declarations."""
    return Node(key, Label(zh, en), tuple(children), **kw)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Extra:
    """A non-cell field of a table row model (e.g. the unit printed next to an amount)."""

    name: str
    annotation: str
    default: str
    description: str


@dataclass(frozen=True, slots=True)
class Block:
    """One block of table 2: a caption row, a header row and data rows."""

    caption: Label
    columns: tuple[Node, ...]
    rows: tuple[Node, ...]
    model: str
    extras: tuple[Extra, ...] = ()


@dataclass(frozen=True, slots=True)
class BlockTable:
    """Table 2: a sequence of blocks, each with its own columns."""

    id: str
    model: str
    header: Label
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Balance:
    """A stated per-column identity: sum of ``left`` rows = sum of ``right`` rows."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    note: Label


@dataclass(frozen=True, slots=True)
class GridTable:
    """Table 3 or 4: a row tree crossed with a column tree."""

    id: str
    model: str
    row_model: str
    corner: Label
    rows: tuple[Node, ...]
    columns: tuple[Node, ...]
    balances: tuple[Balance, ...] = ()
    column_header: Label | None = None


Table = BlockTable | GridTable


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered section of the report (一 … 六)."""

    key: str
    number: str
    label: Label
    table: str | None = None


@dataclass(frozen=True, slots=True)
class CrossYearTerm:
    sign: int
    year: Literal["previous", "current"]
    cell: str


@dataclass(frozen=True, slots=True)
class CrossYearRule:
    """An identity between a report and the same agency's report of the year before."""

    rule: str
    where: Label
    expected: tuple[CrossYearTerm, ...]
    actual: str


@dataclass(frozen=True, slots=True)
class RowMove:
    """A row of an earlier version whose cells go to another row of this one (same columns)."""

    old: str
    new: str
    note: str


@dataclass(frozen=True, slots=True)
class Conversion:
    """How a report of the earlier version ``source`` converts into this version.

    Cells with the same id carry over; each :class:`RowMove` carries a row to a
    new id; every other cell is listed as dropped or unfilled by
    :func:`gbreport.convert`.
    """

    source: str
    moves: tuple[RowMove, ...] = ()


@dataclass(frozen=True, slots=True)
class Format:
    """A complete format version."""

    version: str
    document: Label
    model: str
    sections: tuple[Section, ...]
    t2: BlockTable
    t3: GridTable
    t4: GridTable
    cross_year: tuple[CrossYearRule, ...] = field(default=())
    converts_from: tuple[Conversion, ...] = field(default=())
    report_years: tuple[int | None, int | None] = (None, None)
    """First and last report year this version is prescribed for (``None``: open-ended)."""

    def prescribed_for(self, year: int) -> bool:
        """Whether reports for ``year`` are to use this version."""
        first, last = self.report_years
        return (first is None or year >= first) and (last is None or year <= last)

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.t2, self.t3, self.t4)
