"""Word (.docx) output: WordprocessingML written directly, with real merged cells, borders and East Asian fonts.

Page and type follow the usual layout of published government documents: A4,
body text in 仿宋 三号 (16 pt) with a two-character first-line indent, headings in
黑体, the title in 宋体 bold 二号 (22 pt), tables in 宋体 with single-line borders
and the column header repeated on every page.  Every run names its East Asian
font (``w:eastAsia``) so that Word does not fall back to a Latin font for Chinese.

The package is small and fixed: content types, relationships, styles (``Normal``
and ``Table Grid``), settings, the font table and the application properties are
prepared once per locale; a report adds its ``word/document.xml`` and
``docProps/core.xml``.  A table's XML depends only on its frame and its column
widths, so it is built once per set of widths with a slot for each value (as the
text outputs do).  No third-party package is needed to write Word files; the tests
read them back with python-docx.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from typing import Final

from ._document import Document, TableFrame, TextTable
from ._text import column_weights

LATIN: Final = "Times New Roman"
BODY: Final = "仿宋"
HEADING: Final = "黑体"
TITLE: Final = "宋体"
TABLE: Final = "宋体"

PAGE_CM: Final = (21.0, 29.7)
MARGINS_CM: Final = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
TEXT_WIDTH_CM: Final = PAGE_CM[0] - MARGINS_CM["left"] - MARGINS_CM["right"]

_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECL: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_COMPILED_LIMIT: Final = 256
_MARK: Final = "\x00"

_ILLEGAL: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 does not allow (C0 controls other than tab and line breaks, surrogates, U+FFFE/U+FFFF)."""


def _emu_cm(cm: float) -> int:
    return int(cm * 360000)


def _twips_emu(emu: int) -> int:
    return round(emu / 635)


def _twips_cm(cm: float) -> int:
    return _twips_emu(_emu_cm(cm))


def _twips_pt(pt: float) -> int:
    return _twips_emu(int(pt * 12700))


def xml_text(text: str) -> str:
    """``text`` escaped for XML character data, characters XML cannot hold removed."""
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return xml_text(text).replace('"', "&quot;")


_RUN_BREAKS: Final = re.compile(r"(\t|\r|\n)")


def _run_content(text: str) -> str:
    """The inner content of a ``w:r``: ``w:t`` pieces, a tab as ``w:tab``, a line break as ``w:br``."""
    out = []
    for piece in _RUN_BREAKS.split(_ILLEGAL.sub("", text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            out.append(f"<w:t{space}>{xml_text(piece)}</w:t>")
    return "".join(out)


def _rpr(font: str, size: float, bold: bool) -> str:
    b = "<w:b/>" if bold else '<w:b w:val="0"/>'
    return (
        f'<w:rPr><w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:cs="{LATIN}" w:eastAsia="{font}"/>'
        f'{b}<w:sz w:val="{round(size * 2)}"/></w:rPr>'
    )


def _paragraph(
    text: str,
    font: str = BODY,
    size: float = 16,
    *,
    indent: bool = True,
    align: str | None = None,
    bold: bool = False,
    outline: int | None = None,
) -> str:
    ppr = f'<w:spacing w:lineRule="exact" w:line="{_twips_pt(max(28, size * 1.45))}" w:before="0" w:after="0"/>'
    if indent:
        ppr += f'<w:ind w:firstLine="{_twips_pt(size * 2)}"/>'
    if align is not None:
        ppr += f'<w:jc w:val="{align}"/>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r>{_rpr(font, size, bold)}{_run_content(text)}</w:r></w:p>"


def _cell_paragraph(text: str, role: str, size: float) -> str:
    align = "left" if role == "row" else "center"
    return (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>'
        f'<w:jc w:val="{align}"/></w:pPr><w:r>{_rpr(TABLE, size, role == "caption")}{text}</w:r></w:p>'
    )


def _table_skeleton(frame: TableFrame, weights: list[int]) -> str:
    """The ``w:tbl`` of a table with these column weights, ``%s`` where each value's run content goes."""
    store: dict[tuple[int, ...], str] = frame.compiled.setdefault("docx", {})
    key = tuple(weights)
    found = store.get(key)
    if found is not None:
        return found
    lay = frame.layout
    size = 10.5 if lay.header_rows == 0 else 9
    total = sum(weights)
    widths = [_twips_emu(_emu_cm(TEXT_WIDTH_CM * w / total)) for w in weights]
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
        'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    for r, slots in enumerate(lay.slots()):
        out.append("<w:tr>")
        if r < lay.header_rows:
            out.append('<w:trPr><w:tblHeader w:val="true"/></w:trPr>')
        j = 0
        while j < lay.width:
            c = slots[j]
            span = f'<w:gridSpan w:val="{c.colspan}"/>' if c.colspan > 1 else ""
            width = f'<w:tcW w:type="dxa" w:w="{sum(widths[c.col : c.col + c.colspan])}"/>'
            if c.row < r:  # covered by a cell that starts in a row above
                out.append(f"<w:tc><w:tcPr>{width}{span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
            else:
                merge = '<w:vMerge w:val="restart"/>' if c.rowspan > 1 else ""
                text = _MARK if c.cell_id is not None else _run_content(frame.labels[(c.row, c.col)])
                out.append(
                    f'<w:tc><w:tcPr>{width}{span}{merge}<w:vAlign w:val="center"/></w:tcPr>'
                    f"{_cell_paragraph(text, c.role, size)}</w:tc>"
                )
            j += c.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    found = "".join(out).replace("%", "%%").replace(_MARK, "%s")
    if len(store) >= _COMPILED_LIMIT:
        store.clear()
    store[key] = found
    return found


_VALUES: dict[str, str] = {}
"""Run content of the value texts seen so far (a few hundred distinct numbers)."""


def _value_run(text: str) -> str:
    out = _VALUES.get(text)
    if out is None:
        if len(_VALUES) >= 100_000:
            _VALUES.clear()
        out = _VALUES[text] = _run_content(text)
    return out


def _table(table: TextTable) -> str:
    skeleton = _table_skeleton(table.frame, column_weights(table))
    return skeleton % tuple(map(_value_run, table.values))


def _body(doc: Document) -> str:
    parts = [
        _paragraph(doc.title, TITLE, 22, indent=False, align="center", bold=True, outline=0),
        _paragraph("", indent=False),
    ]
    parts.extend(_paragraph(text) for text in doc.preamble)
    for section in doc.sections:
        parts.append(_paragraph(section.heading, HEADING, 16, outline=1))
        parts.extend(_paragraph(text) for text in section.paragraphs)
        if section.table is not None:
            parts.append(_table(section.table))
    if doc.blank_note:
        parts.append(_paragraph(doc.blank_note, size=12))
    if doc.contact:
        parts.append(_paragraph(doc.contact_heading, HEADING, 16, outline=1))
        parts.extend(_paragraph(line) for line in doc.contact)
    parts.append(_paragraph("", indent=False))
    parts.append(_paragraph(doc.agency, indent=False, align="right"))
    if doc.published:
        parts.append(_paragraph(doc.published, indent=False, align="right"))
    margins = {k: _twips_cm(v) for k, v in MARGINS_CM.items()}
    page = (
        f'<w:sectPr><w:pgSz w:w="{_twips_cm(PAGE_CM[0])}" w:h="{_twips_cm(PAGE_CM[1])}"/>'
        f'<w:pgMar w:top="{margins["top"]}" w:right="{margins["right"]}" w:bottom="{margins["bottom"]}" '
        f'w:left="{margins["left"]}" w:header="720" w:footer="720" w:gutter="0"/>'
        '<w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )
    return f'{_DECL}<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{"".join(parts)}{page}</w:body></w:document>'


def _core(doc: Document) -> str:
    return (
        f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_text(doc.title)}</dc:title><dc:creator>{xml_text(doc.agency)}</dc:creator>"
        f"<dc:description>gbreport, format {xml_text(doc.format_version)}</dc:description>"
        f"<dc:language>{xml_text(doc.lang)}</dc:language></cp:coreProperties>"
    )


_CONTENT_TYPES: Final = (
    f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

_PACKAGE_RELS: Final = (
    f'{_DECL}<Relationships xmlns="{_PR}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_DOCUMENT_RELS: Final = (
    f'{_DECL}<Relationships xmlns="{_PR}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
    ' Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"'
    ' Target="settings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"'
    ' Target="fontTable.xml"/>'
    "</Relationships>"
)

_APP: Final = (
    f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>gbreport</Application></Properties>"
)

_SETTINGS: Final = (
    f'{_DECL}<w:settings xmlns:w="{_W}"><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="compressPunctuation"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
    ' w:val="15"/></w:compat></w:settings>'
)

_FONTS: Final = (
    # name, the name Word knows the font by on other systems, charset (86: GB2312), family, pitch
    (LATIN, None, "00", "roman", "variable"),
    (BODY, "FangSong", "86", "modern", "fixed"),
    (HEADING, "SimHei", "86", "modern", "fixed"),
    (TITLE, "SimSun", "86", "auto", "variable"),
)


def _font_table() -> str:
    fonts = []
    for name, alt, charset, family, pitch in _FONTS:
        alt_name = f'<w:altName w:val="{alt}"/>' if alt else ""
        fonts.append(
            f'<w:font w:name="{name}">{alt_name}<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
            f'<w:pitch w:val="{pitch}"/></w:font>'
        )
    return f'{_DECL}<w:fonts xmlns:w="{_W}">{"".join(fonts)}</w:fonts>'


def _styles(locale: str) -> str:
    lang = "zh-CN" if locale == "zh_CN" else "en-US"
    fonts = f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:cs="{LATIN}" w:eastAsia="{BODY}"/>'
    border = 'w:val="single" w:sz="4" w:space="0" w:color="auto"'
    borders = "".join(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = (
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
    )
    return (
        f'{_DECL}<w:styles xmlns:w="{_W}">'
        f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val="32"/><w:szCs w:val="32"/>'
        f'<w:lang w:val="{lang}" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:rPr>{fonts}<w:sz w:val="32"/><w:lang w:val="{lang}" w:eastAsia="zh-CN"/></w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>{margins}</w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders></w:tblPr></w:style>"
        "</w:styles>"
    )


_STAMP: Final = (1980, 1, 1, 0, 0, 0)
"""Every member carries the same date, so that one report always gives the same bytes."""


def _add(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=_STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text.encode("utf-8"), compresslevel=6)


@cache
def _prepared(locale: str) -> bytes:
    """A .docx archive holding every part that does not depend on the report."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, "[Content_Types].xml", _CONTENT_TYPES)
        _add(archive, "_rels/.rels", _PACKAGE_RELS)
        _add(archive, "word/_rels/document.xml.rels", _DOCUMENT_RELS)
        _add(archive, "word/styles.xml", _styles(locale))
        _add(archive, "word/settings.xml", _SETTINGS)
        _add(archive, "word/fontTable.xml", _font_table())
        _add(archive, "docProps/app.xml", _APP)
    return buffer.getvalue()


def docx_bytes(doc: Document) -> bytes:
    """The report as a .docx file."""
    buffer = io.BytesIO(_prepared(doc.locale))
    buffer.seek(0, io.SEEK_END)
    with zipfile.ZipFile(buffer, "a") as archive:
        _add(archive, "docProps/core.xml", _core(doc))
        _add(archive, "word/document.xml", _body(doc))
    return buffer.getvalue()


__all__ = ["docx_bytes", "xml_text"]
