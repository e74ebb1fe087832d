"""A report resolved for one locale: every string a renderer prints, already formatted.

The renderers (jinja2 templates for HTML, Markdown and text; the WordprocessingML
writer for Word) only arrange what :func:`document` returns; none of them formats a
number or picks a label itself.

Everything that depends only on the format version and the locale -- the headings,
the label of every header cell, where each value cell reads the report -- is
resolved once per ``(version, locale)`` into a :class:`Frame` (a derived view of the
format registry, so a newly registered version gets its own).  Resolving a report
is then a walk over its flat vector of cell values, each integer formatted once per
locale and kept (:meth:`Localizer.texts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .._vector import index, vector
from ..errors import RenderError
from ..formats import Format, Kind, cells_of, derived
from ..model import Report, ensure_report
from ._i18n import BLANK_NOTE, CONTACT_HEADING, CONTACT_LABELS, Localizer, localizer
from ._layout import Layout, layouts


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
class TableFrame:
    """A table of one format version in one locale, without its values.

    ``labels`` maps the ``(row, col)`` of every header cell to its text; ``positions``
    and ``kinds`` give, for each value cell in layout order, its place in the report's
    vector of cell values and its value kind.  ``compiled`` holds what each output
    builds once from the frame (markup around the values), keyed by output.
    """

    version: str
    locale: str
    layout: Layout
    labels: dict[tuple[int, int], str]
    positions: tuple[int, ...]
    kinds: tuple[Kind, ...]
    units: tuple[tuple[int, str, str], ...]
    compiled: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.layout.table


@dataclass(frozen=True)
class TextTable:
    """A table of a document: the frame of its version and locale, and the texts of its values."""

    frame: TableFrame
    values: tuple[str, ...]
    """The text of each value cell, in layout order (``layout.values()``)."""

    @property
    def id(self) -> str:
        return self.frame.layout.table

    @property
    def width(self) -> int:
        return self.frame.layout.width

    @property
    def header_rows(self) -> int:
        return self.frame.layout.header_rows

    @property
    def layout(self) -> Layout:
        return self.frame.layout

    @cached_property
    def rows(self) -> tuple[tuple[TextCell, ...], ...]:
        """Every cell with its text, grid row by grid row (each row's cells left to right)."""
        labels = self.frame.labels
        texts = iter(self.values)
        out = []
        for row in self.frame.layout.rows:
            cells = []
            for c in row:
                text = next(texts) if c.cell_id is not None else labels[(c.row, c.col)]
                cells.append(TextCell(text, c.role, c.row, c.col, c.rowspan, c.colspan, c.cell_id))
            out.append(tuple(cells))
        return tuple(out)

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
    published_iso: str = ""
    """The publication date as ``YYYY-MM-DD`` (``""`` without one), for machine-readable markup."""


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
    for number, block in enumerate(fmt.t2.blocks):
        extras = {e.name for e in block.extras}
        for cell in cells_of(fmt):
            if cell.table == fmt.t2.id and cell.block == number and cell.kind == "money":
                row, column = cell.id.split(".")[-2:]
                if f"{column}_unit" in extras:
                    out[cell.id] = (row, f"{column}_unit")
    return out


@dataclass(frozen=True, slots=True)
class Frame:
    """Everything a document of one format version shows in one locale that is not the report's own."""

    version: str
    loc: Localizer
    headings: tuple[tuple[str, str, str | None], ...]
    """``(section key, heading, table id or None)`` for every section."""
    tables: dict[str, TableFrame]


def _table_frame(fmt: Format, lay: Layout, loc: Localizer) -> TableFrame:
    where = index(fmt)
    units = unit_fields(fmt)
    labels: dict[tuple[int, int], str] = {}
    positions: list[int] = []
    kinds: list[Kind] = []
    with_unit: list[tuple[int, str, str]] = []
    for c in lay.cells():
        if c.label is not None:
            labels[(c.row, c.col)] = loc.label(c.label, fmt.version)
        else:
            assert c.cell_id is not None
            if c.cell_id in units:
                with_unit.append((len(positions), *units[c.cell_id]))
            positions.append(where[c.cell_id])
            kinds.append(c.kind)
    return TableFrame(fmt.version, loc.locale, lay, labels, tuple(positions), tuple(kinds), tuple(with_unit))


@derived
def _frames(fmt: Format) -> dict[str, Frame]:
    """The frames of a format version, by locale name (filled on first use of each locale)."""
    return {}


def frame(version: str, locale: str) -> Frame:
    """The :class:`Frame` of format ``version`` in ``locale`` (built once, then kept)."""
    frames = _frames(version)
    found = frames.get(locale)
    if found is not None:
        return found
    loc = localizer(locale)
    from ..formats import get_format

    fmt = get_format(version)
    lays = layouts(fmt.version)
    headings = tuple(
        (
            section.key,
            loc._(
                "{number}、{title}",
                number=loc.section_number(i, section.number),
                title=loc.label(section.label, fmt.version),
            ),
            section.table,
        )
        for i, section in enumerate(fmt.sections)
    )
    tables = {t.id: _table_frame(fmt, lays[t.id], loc) for t in fmt.tables}
    made = frames[locale] = Frame(fmt.version, loc, headings, tables)
    return made


def check_blank_as(blank_as: str | None) -> str | None:
    """``blank_as`` if it is a short printable text, else :class:`RenderError`."""
    if blank_as is None or blank_as == "":
        return None
    usable = isinstance(blank_as, str) and blank_as.isprintable() and len(blank_as) <= 16
    if not usable or blank_as.strip() != blank_as:
        raise RenderError(f"blank_as must be a short printable text such as '0', not {blank_as!r}")
    return blank_as


def document(report: Report, locale: str = "zh_CN", *, blank_as: str | None = None) -> Document:
    """Resolve ``report`` into the strings of a document in ``locale``.

    ``blank_as`` is the text a blank cell prints (default: nothing, with a note under
    the tables saying what blank cells mean); ``blank_as="0"`` prints blank cells as 0.
    """
    report = ensure_report(report)
    shown_blank = check_blank_as(blank_as)
    fr = frame(report.format_version, locale)
    loc = fr.loc
    header = report.header
    values = vector(report)
    blank = shown_blank if shown_blank is not None else ""
    marks = getattr(report, "marks", None) or {}
    marked = {index(fr.version)[cell]: mark for cell, mark in marks.items()}
    tables: dict[str, TextTable] = {}
    for table_id, tf in fr.tables.items():
        texts = loc.texts(values, tf.positions, tf.kinds, blank)
        for at, row, extra in tf.units:
            value = values[tf.positions[at]]
            unit = getattr(getattr(report.t2, row, None), extra, None)
            if value is not None and isinstance(unit, str):
                texts[at] = loc.value(value, tf.kinds[at], unit)
        if marked:  # a cell printed as not applicable prints its mark
            for at, position in enumerate(tf.positions):
                if position in marked and values[position] is None:
                    texts[at] = marked[position]
        tables[table_id] = TextTable(tf, tuple(texts))
    agency = header.agency.strip()
    if header.year is not None:
        title = loc._("{agency}{year}年政府信息公开工作年度报告", agency=agency, year=header.year)
    else:
        title = loc._("{agency}政府信息公开工作年度报告", agency=agency)
    texts_of = report.sections
    sections = tuple(
        TextSection(key, heading, paragraphs(getattr(texts_of, key)), tables[table] if table else None)
        for key, heading, table in fr.headings
    )
    contact_of = header.contact
    contact = tuple(
        loc._("{label}：{value}", label=loc._(label), value=value.strip())
        for key, label in CONTACT_LABELS.items()
        if (value := getattr(contact_of, key)) and value.strip()
    )
    has_blank = shown_blank is None and any(v is None and i not in marked for i, v in enumerate(values))
    published = header.published
    return Document(
        lang=loc.lang,
        locale=loc.locale,
        format_version=fr.version,
        title=title.strip(),
        agency=agency,
        published=loc.date(published) if published else None,
        preamble=paragraphs(header.preamble),
        sections=sections,
        contact_heading=loc._(CONTACT_HEADING),
        contact=contact,
        blank_note=loc._(BLANK_NOTE) if has_blank else None,
        published_iso=published.isoformat() if published else "",
    )


__all__ = [
    "Document",
    "Frame",
    "TableFrame",
    "TextCell",
    "TextSection",
    "TextTable",
    "check_blank_as",
    "document",
    "frame",
    "paragraphs",
]
