"""Word (.docx) output with python-docx: real merged cells, borders and East Asian fonts.

Page and type follow the usual layout of published government documents: A4,
body text in 仿宋 三号 (16 pt) with a two-character first-line indent, headings in
黑体, the title in 宋体 bold 二号 (22 pt), tables in 宋体 with single-line borders
and the column header repeated on every page.  Every run names its East Asian
font (``w:eastAsia``) so that Word does not fall back to a Latin font for Chinese.
"""

from __future__ import annotations

import io
from typing import Any

from ._document import Document, TextTable
from ._text import column_weights

try:
    import docx
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
except ImportError as exc:  # pragma: no cover - depends on the installation
    from ..errors import RenderError

    raise RenderError("Word output needs python-docx; install it with: pip install 'gbreport[docx]'") from exc

LATIN = "Times New Roman"
BODY = "仿宋"
HEADING = "黑体"
TITLE = "宋体"
TABLE = "宋体"

PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(3.7), "bottom": Cm(3.5), "left": Cm(2.8), "right": Cm(2.6)}
TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6


def _east_asian(element: Any, east_asia: str, latin: str = LATIN) -> None:
    """Name the Latin and the East Asian font on a run or style ``rPr``."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _run(paragraph: Any, text: str, font: str, size: float, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    _east_asian(run._element, font)


def _paragraph(d: Any, text: str, font: str = BODY, size: float = 16, *, indent: bool = True,
               align: Any = None, bold: bool = False, outline: int | None = None) -> Any:
    p = d.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(28, size * 1.45))
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    if outline is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline))
        p._p.get_or_add_pPr().append(level)
    _run(p, text, font, size, bold)
    return p


def _setup(d: Any, doc: Document) -> None:
    section = d.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    normal = d.styles["Normal"]
    normal.font.size = Pt(16)
    _east_asian(normal.element, BODY)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN" if doc.locale == "zh_CN" else "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    props = d.core_properties
    props.title = doc.title
    props.author = doc.agency
    props.language = doc.lang
    props.comments = f"gbreport, format {doc.format_version}"


def _table(d: Any, table: TextTable) -> None:
    size = 10.5 if table.header_rows == 0 else 9
    t = d.add_table(rows=len(table.rows), cols=table.width)
    t.style = d.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    weights = column_weights(table)
    widths = [Cm(TEXT_WIDTH_CM * w / sum(weights)) for w in weights]
    for i, column in enumerate(t.columns):
        column.width = widths[i]
    for row in t.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
    for r in range(table.header_rows):
        trpr = t.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        trpr.append(header)
    grid = [cell for row in t.rows for cell in row.cells]  # before any merge: one cell per slot
    for row in table.rows:
        for c in row:
            cell = grid[c.row * table.width + c.col]
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(grid[(c.row + c.rowspan - 1) * table.width + c.col + c.colspan - 1])
            for extra in cell.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.paragraph_format.space_before = Pt(0)
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.first_line_indent = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c.role == "row" else WD_ALIGN_PARAGRAPH.CENTER
            _run(p, c.text, TABLE, size, bold=c.role == "caption")


def docx_bytes(doc: Document) -> bytes:
    """The report as a .docx file."""
    d = docx.Document()
    _setup(d, doc)
    _paragraph(d, doc.title, TITLE, 22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, outline=0)
    _paragraph(d, "", indent=False)
    for text in doc.preamble:
        _paragraph(d, text)
    for section in doc.sections:
        _paragraph(d, section.heading, HEADING, 16, outline=1)
        for text in section.paragraphs:
            _paragraph(d, text)
        if section.table is not None:
            _table(d, section.table)
    if doc.blank_note:
        _paragraph(d, doc.blank_note, size=12)
    if doc.contact:
        _paragraph(d, doc.contact_heading, HEADING, 16, outline=1)
        for line in doc.contact:
            _paragraph(d, line)
    _paragraph(d, "", indent=False)
    _paragraph(d, doc.agency, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if doc.published:
        _paragraph(d, doc.published, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
