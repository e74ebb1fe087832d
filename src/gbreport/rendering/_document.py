"""A report resolved for one locale: every string a renderer prints, already formatted.

The renderers (jinja2 templates for HTML, Markdown and text; python-docx for Word)
only arrange what :func:`document` returns; none of them formats a number or
picks a label itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._api import cells
from .._vector import Value
from ..formats import Format, cells_of, derived, get_format
from ..model import Report
from ._i18n import BLANK_NOTE, CONTACT_HEADING, CONTACT_LABELS, Localizer
from ._layout import Layout, LayoutCell, layouts


@dataclass(frozen=True, slots=True)
class TextCell:
    """A layout cell with its text in the document's locale."""

    text: str
    role: str
    row: int
    col: int
    rowspan: int
    colspan: int
    cell_id: str | None

    @property
    def is_header(self) -> bool:
        return self.role != "value"


@dataclass(frozen=True, slots=True)
class TextTable:
    id: str
    width: int
    header_rows: int
    rows: tuple[tuple[TextCell, ...], ...]
    layout: Layout

    @property
    def head(self) -> tuple[tuple[TextCell, ...], ...]:
        return self.rows[: self.header_rows]

    @property
    def body(self) -> tuple[tuple[TextCell, ...], ...]:
        return self.rows[self.header_rows :]

    def slots(self) -> list[list[str]]:
        """The dense grid of texts: a spanning cell's text in its top-left slot, ``""`` in the others."""
        grid = [[""] * self.width for _ in self.rows]
        for row in self.rows:
            for c in row:
                grid[c.row][c.col] = c.text
        return grid


@dataclass(frozen=True, slots=True)
class TextSection:
    key: str
    heading: str
    paragraphs: tuple[str, ...]
    table: TextTable | None


@dataclass(frozen=True, slots=True)
class Document:
    """What a rendered report shows, in reading order."""

    lang: str
    locale: str
    format_version: str
    title: str
    agency: str
    published: str | None
    preamble: tuple[str, ...]
    sections: tuple[TextSection, ...]
    contact_heading: str
    contact: tuple[str, ...]
    blank_note: str | None


def paragraphs(text: str | None) -> tuple[str, ...]:
    """The non-empty lines of a text field, stripped (a line is a paragraph)."""
    if not text:
        return ()
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@derived
def unit_fields(fmt: Format) -> dict[str, tuple[str, str]]:
    """Amount cells printed with a unit the report records: ``{cell_id: (row key, extra field)}``.

    A block of table 2 declares such a unit as an :class:`~gbreport.formats.Extra` named
    ``<column key>_unit`` (2019-60: ``amount_unit`` next to 采购总金额, whose header prescribes none).
    """
    out: dict[str, tuple[str, str]] = {}
    for index, block in enumerate(fmt.t2.blocks):
        extras = {e.name for e in block.extras}
        for cell in cells_of(fmt):
            if cell.table == fmt.t2.id and cell.block == index and cell.kind == "money":
                row, column = cell.id.split(".")[-2:]
                if f"{column}_unit" in extras:
                    out[cell.id] = (row, f"{column}_unit")
    return out


def _unit_of(report: Report, cell: LayoutCell) -> str | None:
    """The unit printed with an amount whose header prescribes none (``amount_unit`` extra)."""
    field = unit_fields(report.format_version).get(cell.cell_id or "")
    if field is None:
        return None
    unit = getattr(getattr(report.t2, field[0], None), field[1], None)
    return unit if isinstance(unit, str) else None


def _table(report: Report, lay: Layout, values: dict[str, Value], loc: Localizer) -> TextTable:
    rows = []
    for row in lay.rows:
        out = []
        for c in row:
            if c.label is not None:
                text = loc.label(c.label, report.format_version)
            else:
                assert c.cell_id is not None
                text = loc.value(values[c.cell_id], c.kind, _unit_of(report, c))
            out.append(TextCell(text, c.role, c.row, c.col, c.rowspan, c.colspan, c.cell_id))
        rows.append(tuple(out))
    return TextTable(lay.table, lay.width, lay.header_rows, tuple(rows), lay)



def document(report: Report, locale: str = "zh_CN") -> Document:
    """Resolve ``report`` into the strings of a document in ``locale``."""
    loc = Localizer(locale)
    fmt = get_format(report.format_version)
    header = report.header
    values: dict[str, Value] = dict(cells(report))
    agency = header.agency.strip()
    if header.year is not None:
        title = loc._("{agency}{year}年政府信息公开工作年度报告", agency=agency, year=header.year)
    else:
        title = loc._("{agency}政府信息公开工作年度报告", agency=agency)
    tables = {t.id: _table(report, layouts(fmt.version)[t.id], values, loc) for t in fmt.tables}
    sections = []
    for i, section in enumerate(fmt.sections):
        heading = loc._(
            "{number}、{title}",
            number=loc.section_number(i, section.number),
            title=loc.label(section.label, fmt.version),
        )
        text = getattr(report.sections, section.key)
        sections.append(
            TextSection(
                section.key,
                heading,
                paragraphs(text),
                tables[section.table] if section.table else None,
            )
        )
    contact = tuple(
        loc._("{label}：{value}", label=loc._(label), value=value.strip())
        for key, label in CONTACT_LABELS.items()
        if (value := getattr(header.contact, key)) and value.strip()
    )
    has_blank = any(v is None for v in values.values())
    return Document(
        lang=loc.lang,
        locale=loc.locale,
        format_version=fmt.version,
        title=title.strip(),
        agency=agency,
        published=loc.date(header.published) if header.published else None,
        preamble=paragraphs(header.preamble),
        sections=tuple(sections),
        contact_heading=loc._(CONTACT_HEADING),
        contact=contact,
        blank_note=loc._(BLANK_NOTE) if has_blank else None,
    )


__all__ = ["Document", "TextCell", "TextSection", "TextTable", "document", "paragraphs"]
