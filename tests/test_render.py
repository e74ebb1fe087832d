"""Renderers: layout from the declaration, golden files, escaping, locales, Word output, CLI."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import html as htmllib
import io
import os
import random
import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import docx
import markdown
import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from hypothesis import given, settings

import gbreport
from conftest import CORPUS, EXAMPLE, load_truth
from gbreport import rendering
from gbreport.builders._totals import valid_cells
from gbreport.errors import GbreportError, UnknownLocaleError
from gbreport.formats import (
    BlockTable,
    Format,
    Label,
    cells_of,
    get_format,
    register_format,
    unregister_format,
    versions,
)
from gbreport.model import Report
from gbreport.rendering import OUTPUTS, SUFFIXES, TEXT_OUTPUTS, Output, RenderError, document, layout, render
from gbreport.rendering._catalogue import label_entries
from gbreport.rendering._catalogue import main as catalogue_main
from gbreport.rendering._i18n import LOCALES, MESSAGES, Localizer
from gbreport.rendering.cli import add_commands
from gbreport.strategies import reports

GOLDEN = Path(__file__).parent / "golden"
LOCALE_DIR = Path(gbreport.__file__).parent / "locale"
UPDATE = os.environ.get("GBREPORT_UPDATE_GOLDEN") == "1"
SUFFIX = {"html": "html", "markdown": "md", "text": "txt"}

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def pingtan_2021() -> Report:
    """A fixed 2021-30 report: the published cells of 平潭综合实验区 2021 with short section texts."""
    truth = load_truth(CORPUS / "pingtan-2021.txt.truth.json")
    header = {"agency": truth["agency"], "year": truth["year"], "published": truth["published"]}
    sections = {
        "overview": "本年度，我区认真贯彻落实《中华人民共和国政府信息公开条例》。\n（一）主动公开。（二）依申请公开。",
        "problems": "公开内容的深度和广度有待加强。",
        "other": "本年度未收取信息处理费。",
    }
    return gbreport.from_cells("2021-30", truth["cells"], header=header, sections=sections)


def seed() -> Report:
    return gbreport.load(EXAMPLE)


FIXED = {"pingfang-education-2020": seed, "pingtan-2021": pingtan_2021}


# ---------------------------------------------------------------- layout


@pytest.mark.parametrize("version", versions())
@pytest.mark.parametrize("table", ["t2", "t3", "t4"])
def test_layout_tiles_the_grid_and_places_every_cell_once(version: str, table: str) -> None:
    lay = layout(version, table)
    slots = lay.slots()  # raises on overlap or gap
    assert all(len(row) == lay.width for row in slots)
    ids = [c.cell_id for c in lay.values()]
    assert ids == [c.id for c in cells_of(get_format(version)) if c.table == table]


@pytest.mark.parametrize(("version", "rows", "outcomes"), [("2019-60", 23, 20), ("2021-30", 25, 22)])
def test_table3_layout_matches_the_official_template(version: str, rows: int, outcomes: int) -> None:
    lay = layout(version, "t3")
    fmt = get_format(version)
    assert (lay.width, lay.header_rows, lay.height) == (10, 3, 3 + rows)
    corner = lay.rows[0][0]
    assert (corner.role, corner.rowspan, corner.colspan, corner.label) == ("corner", 3, 3, fmt.t3.corner)
    spans = {c.label.zh: (c.row, c.col, c.rowspan, c.colspan) for c in lay.cells() if c.label is not None}
    assert spans["申请人情况"] == (0, 3, 1, 7)
    assert spans["自然人"] == (1, 3, 2, 1)
    assert spans["法人或其他组织"] == (1, 4, 1, 5)
    assert spans["总计"] == (1, 9, 2, 1)
    assert [spans[k][1:] for k in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")] == [
        (c, 1, 1) for c in range(4, 9)
    ]
    assert spans["一、本年新收政府信息公开申请数量"] == (3, 0, 1, 3)
    assert spans["三、本年度办理结果"] == (5, 0, outcomes, 1)
    assert spans["（一）予以公开"] == (5, 1, 1, 2)
    assert spans["（三）不予公开"] == (7, 1, 8, 1)
    assert spans["（四）无法提供"] == (15, 1, 3, 1)
    assert spans["（五）不予处理"] == (18, 1, 5, 1)
    assert spans["（六）其他处理"] == ((23, 1, 1, 2) if version == "2019-60" else (23, 1, 3, 1))
    assert spans["（七）总计"][2:] == (1, 2)
    assert spans["四、结转下年度继续办理"] == (3 + rows - 1, 0, 1, 3)


def test_table4_layout_matches_the_official_template() -> None:
    lay = layout("2021-30", "t4")
    assert (lay.width, lay.header_rows, lay.height) == (15, 3, 4)
    first = [(c.label.zh if c.label else "", c.rowspan, c.colspan) for c in lay.rows[0]]
    assert first == [("行政复议", 1, 5), ("行政诉讼", 1, 10)]
    second = [(c.label.zh if c.label else "", c.rowspan, c.colspan) for c in lay.rows[1]]
    assert second[:5] == [(k, 2, 1) for k in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    assert second[5:] == [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)]
    assert len(lay.rows[2]) == 10 and len(lay.rows[3]) == 15
    assert all(c.role == "value" for c in lay.rows[3])


@pytest.mark.parametrize("version", versions())
def test_table2_layout_is_blocks_with_caption_and_header(version: str) -> None:
    lay = layout(version, "t2")
    decl = get_format(version).t2
    assert isinstance(decl, BlockTable)
    assert lay.width == 4
    captions = [c for c in lay.cells() if c.role == "caption"]
    assert [c.label for c in captions] == [b.caption for b in decl.blocks]
    assert all(c.colspan == 4 for c in captions)
    for caption in captions:
        header = lay.rows[caption.row + 1]
        assert header[0].label == decl.header
        assert sum(c.colspan for c in header) == 4


# ---------------------------------------------------------------- values and locales


def test_numbers_money_and_dates_by_locale() -> None:
    zh, en = Localizer("zh_CN"), Localizer("en")
    assert zh.value(None, "count") == "" and en.value(None, "money_wan") == ""
    assert zh.value(0, "count") == "0"
    assert zh.value(2293, "count") == "2,293"
    assert en.value(-8, "signed_count") == "-8" and en.value(1036, "signed_count") == "+1,036"
    assert zh.value(0, "signed_count") == "0"
    assert zh.value(Decimal("106.00"), "money") == "106.00"
    assert zh.value(Decimal("24252.311082"), "money_wan") == "24,252.311082"
    assert zh.value(Decimal("5"), "money") == "5"
    assert zh.value(Decimal("106.01"), "money", "万元") == "106.01万元"
    assert en.value(Decimal("106.01"), "money", "元") == "106.01 yuan"
    assert zh.date(dt.date(2021, 1, 20)) == "2021年1月20日"
    assert en.date(dt.date(2021, 1, 20)) == "January 20, 2021"


def test_section_numbers_in_english_are_roman_for_any_number_of_sections() -> None:
    en = Localizer("en")
    assert [en.section_number(i, "") for i in (0, 3, 5, 8, 13, 39)] == ["I", "IV", "VI", "IX", "XIV", "XL"]
    assert Localizer("zh_CN").section_number(11, "十二") == "十二"


def test_blank_cells_render_empty_not_zero() -> None:
    values = valid_cells("2021-30", random.Random(3).randint)
    values["t3.granted.research"] = None
    report = gbreport.from_cells("2021-30", values, header={"agency": "某局", "year": 2021})
    html = render(report, to="html")
    assert '<td class="value" data-cell="t3.granted.research"></td>' in html
    doc = document(report)
    assert doc.blank_note is not None and doc.blank_note in render(report, to="text")
    grid = next(s.table for s in doc.sections if s.table and s.table.id == "t3")
    cell = next(c for row in grid.rows for c in row if c.cell_id == "t3.granted.research")
    assert cell.text == ""


def test_headings_and_title_come_from_the_declaration() -> None:
    report = seed()
    fmt = get_format(report.format_version)
    zh, en = document(report, "zh_CN"), document(report, "en")
    assert zh.title == "哈尔滨市平房区教育局2020年政府信息公开工作年度报告"
    assert en.title == "哈尔滨市平房区教育局: Annual Report on Government Information Disclosure 2020"
    assert [s.heading for s in zh.sections] == [f"{s.number}、{s.label.zh}" for s in fmt.sections]
    assert [s.heading for s in en.sections] == [
        f"{n}. {s.label.en}" for n, s in zip(("I", "II", "III", "IV", "V", "VI"), fmt.sections, strict=True)
    ]
    assert zh.published == "2021年1月20日" and en.published == "January 20, 2021"


def test_unknown_output_or_locale_is_a_clear_error() -> None:
    with pytest.raises(RenderError, match="unknown output 'rtf'"):
        render(seed(), to="rtf")
    with pytest.raises(RenderError, match="unknown locale 'fr'"):
        render(seed(), to="html", locale="fr")


# ---------------------------------------------------------------- gettext catalogues


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "zh_CN"])
def test_compiled_catalogue_is_up_to_date(locale: str) -> None:
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "gbreport.po"
    mo = po.with_suffix(".mo")
    with po.open("rb") as f:
        catalog = read_po(f, locale=locale)
    with mo.open("rb") as f:
        shipped = read_mo(f)
    want = {str(m.id): m.string for m in catalog if m.id}
    have = {str(m.id): m.string for m in shipped if m.id}
    assert have == want, f"{mo} is stale; run: pybabel compile -i {po} -o {mo} -l {locale}"
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert len(compiled.getvalue()) > 0


def test_catalogue_label_entries_are_generated_from_the_declarations() -> None:
    assert catalogue_main(["--check"]) == 0, "run: python -m gbreport.rendering._catalogue"


def test_english_labels_come_from_the_catalogue() -> None:
    loc = Localizer("en")
    version, label = next((v, lab) for v, lab in label_entries() if lab.zh == "（六）其他处理")
    assert loc.label(label, "2019-60") == "(6) Other handling"
    assert loc.label(label, "2021-30") == "(6) Other"
    assert loc._translations.pgettext("2021-30", "（七）总计") == "(7) Total"  # the compiled .mo holds the labels
    assert Localizer("zh_CN").label(label, version) == "（六）其他处理"


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "zh_CN"])
def test_catalogue_translates_every_message(locale: str) -> None:
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "gbreport.po").open("rb") as f:
        catalog = read_po(f, locale=locale)
    fixed = {m.id for m in catalog if m.id and not m.context}
    assert fixed == set(MESSAGES)
    labels = {(m.context, m.id): m.string for m in catalog if m.id and m.context}
    assert labels == {(version, label.zh): label.en for version, label in label_entries()}
    assert all(m.string and not m.fuzzy for m in catalog if m.id)
    for m in catalog:  # placeholders survive translation
        if m.id:
            assert set(re.findall(r"{\w+}", str(m.id))) == set(re.findall(r"{\w+}", str(m.string)))


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize("name", sorted(FIXED))
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("to", TEXT_OUTPUTS)
def test_golden(name: str, locale: str, to: str) -> None:
    text = render(FIXED[name](), to=to, locale=locale)
    assert isinstance(text, str)
    path = GOLDEN / f"{name}.{locale}.{SUFFIX[to]}"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; create it with GBREPORT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{path} differs; review, then GBREPORT_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("to", TEXT_OUTPUTS)
@pytest.mark.parametrize("locale", LOCALES)
def test_committed_examples_are_current(to: str, locale: str) -> None:
    path = EXAMPLE.with_name(f"pingfang-education-2020.{locale}.{SUFFIX[to]}")
    assert path.read_text(encoding="utf-8") == render(seed(), to=to, locale=locale), (
        f"{path} is stale; run: python scripts/render_examples.py"
    )


# ---------------------------------------------------------------- escaping


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def hostile(version: str) -> Report:
    payload = " ".join(PAYLOADS)
    values = valid_cells(version, random.Random(7).randint)
    header = {
        "agency": payload,
        "year": 2021,
        "published": "2022-01-31",
        "preamble": payload,
        "contact": {k: payload for k in ("address", "postcode", "phone", "email", "website")},
    }
    keys = [s.key for s in get_format(version).sections]
    return gbreport.from_cells(version, values, header=header, sections={k: f"{payload}\n# {payload}" for k in keys})


def _assert_inert(html: str, expected_payloads: int) -> None:
    parsed = _parse(html)
    tags = [t for t, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name, _ in attrs)
    text = "".join(parsed.text)
    for p in PAYLOADS:
        assert text.count(p) >= expected_payloads, p


@pytest.mark.parametrize("version", versions())
@pytest.mark.parametrize("locale", LOCALES)
def test_markup_in_text_fields_is_escaped_in_html(version: str, locale: str) -> None:
    html = render(hostile(version), to="html", locale=locale)
    assert "<script>alert" not in html and "<img" not in html
    # title, h1, preamble, 5 contact lines, 6 sections x 2 lines, signature
    _assert_inert(html, 2 + 1 + 5 + 12 + 1)


@pytest.mark.parametrize("version", versions())
@pytest.mark.parametrize("locale", LOCALES)
def test_markup_in_text_fields_is_inert_in_markdown(version: str, locale: str) -> None:
    md = render(hostile(version), to="markdown", locale=locale)
    html = markdown.markdown(md, extensions=["tables"])
    _assert_inert(html, 1 + 1 + 5 + 12 + 1)
    assert "<h1>" in html and html.count("<h2>") == 7  # "# payload" in a section stays a paragraph
    assert html.count("<table>") == 3


def test_plain_text_keeps_the_text_as_written() -> None:
    text = render(hostile("2021-30"), to="text")
    assert text.count(PAYLOADS[0]) >= 20


# ---------------------------------------------------------------- tables in every output


def _md_grids(md: str) -> list[list[list[str]]]:
    grids: list[list[list[str]]] = []
    previous = False
    for line in md.splitlines():
        if line.startswith("|"):
            if not previous:
                grids.append([])
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if not all(c == "---" for c in cells):
                grids[-1].append([htmllib.unescape(re.sub(r"\\(.)", r"\1", c)) for c in cells])
            previous = True
        else:
            previous = False
    return grids


def _check_every_cell(report: Report, locale: str) -> None:
    doc = document(report, locale)
    tables = [s.table for s in doc.sections if s.table is not None]
    expected = {c.cell_id: c.text for t in tables for row in t.rows for c in row if c.cell_id}
    assert len(expected) == len(cells_of(get_format(report.format_version)))
    loc = Localizer(locale)
    values = dict(gbreport.cells(report))
    for cell_id, text in expected.items():
        value = values[cell_id]
        if value is None:
            assert text == ""
        elif isinstance(value, int):
            assert text.replace(",", "").lstrip("+") == str(value)
        else:
            assert Decimal(text.split()[0].replace(",", "").removesuffix("万元").removesuffix("元")) == value
    del loc

    html = render(report, to="html", locale=locale)
    found: dict[str, str] = {}

    class Cells(HTMLParser):
        current: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.current = dict(attrs).get("data-cell")
            if self.current:
                found[self.current] = ""

        def handle_data(self, data: str) -> None:
            if self.current:
                found[self.current] += data

        def handle_endtag(self, tag: str) -> None:
            self.current = None

    Cells().feed(html)
    assert found == expected

    md = render(report, to="markdown", locale=locale)
    grids = _md_grids(md)
    assert len(grids) == 3
    for grid, table in zip(grids, tables, strict=True):
        want = [[t if t else "" for t in row] for row in table.slots()]
        assert grid == want

    text = render(report, to="text", locale=locale)
    for value_text in expected.values():
        assert value_text in text


@settings(max_examples=25)
@given(reports())
def test_any_generated_report_renders_every_cell(report: Report) -> None:
    for locale in LOCALES:
        _check_every_cell(report, locale)


@pytest.mark.parametrize("name", sorted(FIXED))
def test_fixed_reports_render_every_cell(name: str) -> None:
    for locale in LOCALES:
        _check_every_cell(FIXED[name](), locale)


# ---------------------------------------------------------------- Word


@pytest.mark.parametrize("name", sorted(FIXED))
@pytest.mark.parametrize("locale", LOCALES)
def test_docx_cells_are_in_place_and_merged(name: str, locale: str) -> None:
    report = FIXED[name]()
    data = render(report, to="docx", locale=locale)
    assert isinstance(data, bytes)
    d = docx.Document(io.BytesIO(data))
    doc = document(report, locale)
    tables = [s.table for s in doc.sections if s.table is not None]
    assert len(d.tables) == len(tables) == 3
    for t, table in zip(d.tables, tables, strict=True):
        assert (len(t.rows), len(t.columns)) == (len(table.rows), table.width)
        grid = [[cell for cell in row.cells] for row in t.rows]  # what Word shows at each (row, column)
        for row in table.rows:
            for c in row:
                top = grid[c.row][c.col]
                assert top.text == c.text, (table.id, c.row, c.col)
                for r in range(c.row, c.row + c.rowspan):
                    for k in range(c.col, c.col + c.colspan):
                        assert grid[r][k]._tc is top._tc, (table.id, r, k)
                if c.col + c.colspan < table.width:
                    assert grid[c.row][c.col + c.colspan]._tc is not top._tc
        merged = sum(1 for c in table.layout.cells() if c.rowspan > 1 or c.colspan > 1)
        spans = sum(
            1 for tc in t._tbl.iter_tcs() if tc.vMerge != "continue" and (tc.grid_span > 1 or tc.vMerge == "restart")
        )
        assert spans == merged
    body = [p.text for p in d.paragraphs]
    assert body[0] == doc.title
    assert [s.heading for s in doc.sections] == [p for p in body if p in {s.heading for s in doc.sections}]


def test_docx_names_east_asian_fonts_on_every_run() -> None:
    d = docx.Document(io.BytesIO(render(seed(), to="docx")))
    qn = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    runs = list(d.element.body.iter(f"{qn}r"))
    assert runs
    fonts = set()
    for run in runs:
        rfonts = run.find(f"{qn}rPr/{qn}rFonts")
        assert rfonts is not None and rfonts.get(f"{qn}eastAsia"), "run without an East Asian font"
        fonts.add(rfonts.get(f"{qn}eastAsia"))
    assert {"仿宋", "黑体", "宋体"} <= fonts
    normal = d.styles["Normal"].element.find(f"{qn}rPr/{qn}rFonts")
    assert normal is not None and normal.get(f"{qn}eastAsia") == "仿宋"
    borders = d.tables[0].style.element.find(f"{qn}tblPr/{qn}tblBorders")
    assert borders is not None and borders.find(f"{qn}insideH") is not None
    section = d.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


# ---------------------------------------------------------------- CLI


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="gbreport")
    sub = parser.add_subparsers(dest="command", required=True)
    add_commands(sub)
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


@pytest.mark.parametrize("to", ["html", "markdown", "text", "docx"])
def test_cli_render_writes_the_file(tmp_path: Path, to: str) -> None:
    out = tmp_path / f"report.{to}"
    assert _cli(["render", str(EXAMPLE), "--to", to, "--locale", "en", "-o", str(out)]) == 0
    expected = render(seed(), to=to, locale="en")
    if isinstance(expected, str):
        assert out.read_text(encoding="utf-8") == expected
    else:
        assert docx.Document(io.BytesIO(out.read_bytes())).paragraphs[0].text == document(seed(), "en").title


def test_cli_render_blank_as(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    values = valid_cells("2021-30", random.Random(3).randint)
    values["t3.granted.research"] = None
    report = gbreport.from_cells("2021-30", values, header={"agency": "某局", "year": 2021})
    source = tmp_path / "blank.json"
    source.write_text(gbreport.dumps(report), encoding="utf-8")
    assert _cli(["render", str(source), "--to", "markdown", "--blank-as", "0"]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8") == render(report, to="markdown", blank_as="0")
    assert _cli(["render", str(source), "--to", "markdown", "--blank-as", "0\n"]) == 2


def test_cli_render_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert _cli(["render", str(EXAMPLE), "--to", "text"]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8") == render(seed(), to="text")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "missing.json", "--to", "html"], "missing.json: no such file"),
        (["render", "{", "--to", "html"], "no such file"),
        (["render", str(EXAMPLE), "--to", "html", "-o", "/nonexistent/dir/x.html"], "cannot write the output"),
    ],
)
def test_cli_render_errors_are_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("gbreport: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_render_pdf_without_chromium_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GBREPORT_CHROMIUM", "no-such-browser-binary")
    assert _cli(["render", str(EXAMPLE), "--to", "pdf", "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "GBREPORT_CHROMIUM" in err and err.count("\n") == 1


def test_pdf_without_cjk_font_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from gbreport.rendering import _pdf

    monkeypatch.setattr(_pdf, "_cjk_fonts", lambda: ())
    with pytest.raises(RenderError, match=r"fc-list :lang=zh.*apt-get install -y fonts-noto-cjk"):
        render(seed(), to="pdf")


def test_outputs_are_the_documented_ones() -> None:
    assert OUTPUTS == ("html", "markdown", "text", "docx", "pdf")
    assert LOCALES == ("zh_CN", "en")


def test_every_output_name_has_its_renderer_and_suffix() -> None:
    assert get_args(Output) == OUTPUTS  # the static type names exactly the outputs that have a renderer
    assert tuple(SUFFIXES) == OUTPUTS and len(set(SUFFIXES.values())) == len(OUTPUTS)
    assert set(TEXT_OUTPUTS) < set(OUTPUTS)


def test_an_output_without_its_renderer_is_an_error_not_a_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    from gbreport.rendering import _pdf

    def no_browser(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("a PDF was printed for another output")

    monkeypatch.setattr(_pdf, "html_to_pdf", no_browser)
    monkeypatch.delitem(rendering._RENDERERS, "docx")  # a declared output whose renderer went missing
    with pytest.raises(RenderError, match="'docx' has no renderer"):
        render(seed(), to="docx")


def test_render_errors_live_in_the_exception_tree() -> None:
    assert rendering.RenderError is gbreport.errors.RenderError
    assert issubclass(UnknownLocaleError, RenderError) and issubclass(RenderError, GbreportError)
    with pytest.raises(UnknownLocaleError):
        render(seed(), to="text", locale="de")


# ---------------------------------------------------------------- a third format version

THIRD = "test-third"
RENAMED = Label("一、本年新收的政府信息公开申请数量", "I. Applications newly received in the year (renamed)")


def _third() -> Format:
    """2021-30 under another id, the first row of table 3 relabelled; no catalogue entries."""
    base = get_format("2021-30")
    rows = base.t3.rows
    t3 = dataclasses.replace(base.t3, rows=(dataclasses.replace(rows[0], label=RENAMED), *rows[1:]))
    return dataclasses.replace(base, version=THIRD, model="ReportVTestThird", t3=t3)


@pytest.fixture
def third() -> Iterator[str]:
    register_format(_third())
    try:
        yield THIRD
    finally:
        unregister_format(THIRD)


def _as_version(report: Report, version: str) -> Report:
    return gbreport.from_cells(
        version, dict(gbreport.cells(report)), header=report.header, sections=report.sections.model_dump()
    )


@pytest.mark.parametrize("to", ["html", "markdown", "text"])
@pytest.mark.parametrize("locale", LOCALES)
def test_a_registered_third_version_renders_with_its_own_labels(third: str, to: str, locale: str) -> None:
    base = pingtan_2021()
    report = _as_version(base, third)
    old = get_format("2021-30").t3.rows[0].label
    assert layout(third, "t3").rows[3][0].label == RENAMED
    mine = render(report, to=to, locale=locale)
    theirs = render(base, to=to, locale=locale)
    assert isinstance(mine, str) and isinstance(theirs, str)
    # no catalogue entry has the third version as msgctxt: English falls back to Label.en of its declaration
    new, was = (RENAMED.zh, old.zh) if locale == "zh_CN" else (RENAMED.en, old.en)
    assert new in mine and was not in mine
    if to == "html":
        mine = mine.replace(f'content="{third}"', 'content="2021-30"')
    if to != "text":  # the boxed text table is as wide as its labels: compare the other outputs line for line
        assert mine == theirs.replace(was, new)


def test_a_registered_third_version_renders_to_word(third: str) -> None:
    report = _as_version(pingtan_2021(), third)
    for locale, text in (("zh_CN", RENAMED.zh), ("en", RENAMED.en)):
        d = docx.Document(io.BytesIO(render(report, to="docx", locale=locale)))
        assert d.tables[1].rows[3].cells[0].text == text


def test_rendering_does_not_depend_on_anything_but_the_report() -> None:
    a = render(seed(), to="html")
    b = render(gbreport.load(gbreport.dumps(seed())), to="html")
    assert a == b
