"""Rendering many reports: ``render_many``, the tables built once per frame, and the Word writer.

The fast paths (table markup built once per format version and locale, text tables drawn
once per set of column widths, WordprocessingML written directly) must give exactly what
the general paths give; these tests compare them on generated reports.
"""

from __future__ import annotations

import io
import random
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gbreport
from conftest import EXAMPLE
from gbreport.builders._totals import valid_cells
from gbreport.errors import ArgumentError
from gbreport.model import Report
from gbreport.rendering import OUTPUTS, TEXT_OUTPUTS, RenderError, document, render, render_many
from gbreport.rendering._document import TextTable, frame
from gbreport.rendering._i18n import LOCALES
from gbreport.rendering._text import _box, column_weights, draw_general, draw_table, wrap
from gbreport.strategies import reports


def seed() -> Report:
    return gbreport.load(EXAMPLE)


def _reports(n: int) -> list[Report]:
    out = []
    for i in range(n):
        version = gbreport.formats.versions()[i % 2]
        values = valid_cells(version, random.Random(i).randint)
        out.append(gbreport.from_cells(version, values, header={"agency": f"某局{i}", "year": 2021}))
    return out


@pytest.mark.parametrize("to", [o for o in OUTPUTS if o != "pdf"])
@pytest.mark.parametrize("locale", LOCALES)
def test_render_many_gives_what_render_gives_in_order(to: str, locale: str) -> None:
    batch = [*_reports(5), seed()]
    assert list(render_many(batch, to=to, locale=locale)) == [render(r, to=to, locale=locale) for r in batch]


def test_render_many_checks_its_arguments_before_rendering() -> None:
    def never() -> list[Report]:
        raise AssertionError("the reports were read")

    with pytest.raises(RenderError, match="unknown output"):
        render_many(iter(()), to="rtf")
    with pytest.raises(RenderError, match="unknown locale"):
        render_many(iter(()), to="html", locale="xx")
    with pytest.raises(RenderError, match="blank_as"):
        render_many(iter(()), to="html", blank_as="a\nb")
    assert list(render_many([], to="pdf")) == []  # no browser is started for nothing
    with pytest.raises(ArgumentError, match="iterable of reports"):
        render_many(EXAMPLE, to="html")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="must be a report"):
        list(render_many([seed(), "report.json"], to="html"))  # type: ignore[list-item]
    with pytest.raises(ArgumentError, match="must be a report"):
        render("report.json", to="text")  # type: ignore[call-overload]


def test_render_many_is_lazy() -> None:
    produced: list[int] = []

    def stream() -> object:
        for i, report in enumerate(_reports(3)):
            produced.append(i)
            yield report

    outputs = render_many(stream(), to="text")  # type: ignore[arg-type]
    assert produced == []
    next(outputs)
    assert produced == [0]


# ---------------------------------------------------------------- text tables: skeleton and general drawing


def _tables(report: Report, locale: str) -> list[TextTable]:
    return [s.table for s in document(report, locale).sections if s.table is not None]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(), locale=st.sampled_from(LOCALES))
def test_text_tables_from_skeletons_are_drawn_as_in_general(report: Report, locale: str) -> None:
    for table in _tables(report, locale):
        assert draw_table(table) == draw_general(table)


def test_a_value_too_wide_for_its_cell_takes_the_general_drawing() -> None:
    # the model keeps numbers to 18 digits, so no real value is wider than the 40 columns a value may take;
    # a wider text (as a future value kind might print) still comes out right, wrapped
    table = _tables(seed(), "zh_CN")[1]
    wide = TextTable(table.frame, ("1" * 60, *table.values[1:]))
    text = draw_table(wide)
    assert text == draw_general(wide)
    assert len(wrap("1" * 60, column_weights(wide)[table.layout.rows[3][1].col])) > 1
    assert "1" * 40 in text and "1" * 41 not in text


def test_skeleton_keeps_only_the_marks_it_drew() -> None:
    table = _tables(seed(), "en")[1]
    widths = column_weights(table)
    lines = {(c.row, c.col): [""] for c in table.layout.cells()}
    drawn = _box(table.layout, widths, lines, mark=True)
    assert drawn.count("\x00") == len(table.values)


def test_frames_are_built_once_per_version_and_locale() -> None:
    assert frame("2021-30", "en") is frame("2021-30", "en")
    assert frame("2021-30", "en") is not frame("2021-30", "zh_CN")
    assert frame("2019-60", "en").tables["t3"].layout is not frame("2021-30", "en").tables["t3"].layout


# ---------------------------------------------------------------- blank cells


@pytest.mark.parametrize("to", TEXT_OUTPUTS)
def test_blank_as_prints_blank_cells_as_zero(to: str) -> None:
    values = valid_cells("2021-30", random.Random(3).randint)
    blanks = ["t3.granted.research", "t4.reconsideration.corrected", "t2.fees.amount"]
    for cell in blanks:
        values[cell] = None
    report = gbreport.from_cells("2021-30", values, header={"agency": "某局", "year": 2021})
    kept = document(report)
    zeroed = document(report, blank_as="0")
    assert kept.blank_note is not None and zeroed.blank_note is None
    for a, b in zip(_tables(report, "zh_CN"), [s.table for s in zeroed.sections if s.table], strict=True):
        for cell_id, x, y in zip((c.cell_id for c in a.layout.values()), a.values, b.values, strict=True):
            assert (x, y) == (("", "0") if cell_id in blanks else (x, x)), cell_id
    out = render(report, to=to, blank_as="0")
    assert out != render(report, to=to) and kept.blank_note not in out
    if to != "html":
        assert gbreport.parse(out.encode("utf-8")).report.t3.granted.research == 0


@pytest.mark.parametrize("bad", ["\n", "0\r", " 0", "\x00", "x" * 17])
def test_blank_as_must_be_a_short_printable_text(bad: str) -> None:
    with pytest.raises(RenderError, match="blank_as"):
        render(seed(), to="text", blank_as=bad)


def test_blank_as_reaches_word() -> None:
    values = valid_cells("2019-60", random.Random(4).randint)
    values["t3.granted.research"] = None
    report = gbreport.from_cells("2019-60", values)
    d = docx.Document(io.BytesIO(render(report, to="docx", blank_as="0")))
    cells = {c.text for row in d.tables[1].rows for c in row.cells}
    assert "0" in cells
    assert not any(p.text == document(report).blank_note for p in d.paragraphs)


# ---------------------------------------------------------------- Word writer


def test_word_package_is_complete_and_reproducible() -> None:
    data = render(seed(), to="docx")
    assert data == render(seed(), to="docx")  # no clock in the file
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        assert {
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/styles.xml",
            "docProps/core.xml",
        } <= names
        assert z.testzip() is None
    d = docx.Document(io.BytesIO(data))
    props = d.core_properties
    assert props.title == document(seed()).title and props.author == seed().header.agency
    assert props.language == "zh-CN" and props.comments == "gbreport, format 2019-60"


@pytest.mark.parametrize(
    "text", ["制表\t符", "换\r行", "A\u2028B", "\x01控制\x1f字符\x0b", "前后 空格 ", "&<>\"'", "\ufffe"]
)
def test_word_takes_any_text(text: str) -> None:
    """Characters XML cannot hold are left out (never a raw lxml or encoding error); tabs and breaks kept."""
    values = valid_cells("2021-30", random.Random(1).randint)
    header = {"agency": f"某局{text}", "year": 2021}
    report = gbreport.from_cells("2021-30", values, header=header, sections={"other": f"其他{text}"})
    d = docx.Document(io.BytesIO(render(report, to="docx")))
    shown = [p.text for p in d.paragraphs]
    doc = document(report)

    def clean(value: str) -> str:
        return "".join(ch for ch in value if ch in "\t\r\n" or " " <= ch < "\ufffe").replace("\r", "\n")

    assert shown[0] == clean(doc.title)
    other = next(s for s in doc.sections if s.key == "other").paragraphs
    assert other and all(clean(p) in shown for p in other)
    assert clean(doc.agency) in shown


# ---------------------------------------------------------------- splitting a printed batch


@pytest.mark.parametrize("cut", [0, 100, 5000, -2000, -200, -30])
def test_a_pdf_the_splitter_does_not_understand_is_refused(cut: int) -> None:
    from gbreport.rendering._pdfsplit import SplitError, split_pdf

    printed = EXAMPLE.with_name("pingfang-education-2020.zh_CN.pdf").read_bytes()
    damaged = printed[:cut] if cut > 0 else printed[:cut] + b"%%EOF" if cut else b"not a pdf"
    with pytest.raises(SplitError):
        split_pdf(damaged, 2, titles=["a", "b"])


def test_one_report_is_not_split_into_two() -> None:
    from gbreport.rendering._pdfsplit import SplitError, split_pdf

    printed = EXAMPLE.with_name("pingfang-education-2020.zh_CN.pdf").read_bytes()
    with pytest.raises(SplitError, match="1 articles tagged for 2 reports"):
        split_pdf(printed, 2, titles=["a", "b"])
    (alone,) = split_pdf(printed, 1, titles=["标题"])
    assert alone.startswith(b"%PDF-")
    assert alone[int(alone.rsplit(b"startxref", 1)[1].split()[0]) :].startswith(b"xref")
    assert "<FEFF{}>".format("标题".encode("utf-16-be").hex().upper()).encode() in alone
