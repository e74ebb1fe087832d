"""The fillable workbook: laid out like the official tables, read back exactly, recomputed by LibreOffice."""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings

import gbreport
from conftest import EXAMPLE
from gbreport.builders import derivations, derived_cells, replace
from gbreport.cli import main
from gbreport.errors import LoadError, RenderError
from gbreport.formats import FORMAT_VERSIONS, cells_of, get_format, relations_of
from gbreport.rendering._layout import layout
from gbreport.strategies import broken_reports, reports
from gbreport.workbook import MAP_SHEET, read_workbook, table_titles, template, text_sheet_title, write_workbook
from gbreport.workbook._form import NOT_IN_XML, TYPED_MARKS, total_formula

FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _book(data: bytes, **kw: Any) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), **kw)


def _where(book: openpyxl.Workbook) -> dict[str, tuple[str, str, str]]:
    """path -> (sheet, coordinate, role), from the form's own map."""
    rows = list(book[MAP_SHEET].iter_rows(values_only=True))
    return {r[0]: (r[1], r[2], r[3]) for r in rows[2:]}


def _save(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- layout ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_template_is_laid_out_like_the_official_tables(version: str) -> None:
    book = _book(template(version))
    fmt = get_format(version)
    titles = table_titles(version)
    assert book.sheetnames == [text_sheet_title(version), *titles.values(), MAP_SHEET]
    assert book[MAP_SHEET].sheet_state == "veryHidden"
    assert book.security is not None and book.security.lockStructure
    assert titles["t3"] == "三、收到和处理政府信息公开申请情况"
    where = _where(book)
    totals = derived_cells(version)
    for table in fmt.tables:
        ws = book[titles[table.id]]
        assert ws.protection.sheet
        grid = layout(version, table.id)
        merged = {str(r) for r in ws.merged_cells.ranges}
        origin_row = min(
            int(where[c.cell_id][1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - c.row for c in grid.values() if c.cell_id
        )
        for lc in grid.cells():
            cell = ws.cell(origin_row + lc.row, 1 + lc.col)
            if lc.rowspan > 1 or lc.colspan > 1:
                last = ws.cell(origin_row + lc.row + lc.rowspan - 1, lc.col + lc.colspan)
                assert f"{cell.coordinate}:{last.coordinate}" in merged
            if lc.role != "value":
                assert lc.label is not None and cell.value == lc.label.zh
                assert cell.protection.locked
                continue
            assert where[lc.cell_id or ""][1] == cell.coordinate
            if lc.cell_id in totals:
                assert cell.protection.locked
                assert isinstance(cell.value, str) and cell.value.startswith("=IF(COUNT(")
            else:
                assert not cell.protection.locked
                assert cell.value is None
    validated = {
        (ws.title, ws.cell(r, c).coordinate): dv
        for ws in book.worksheets
        for dv in ws.data_validations.dataValidation
        for rng in dv.sqref.ranges
        for r, c in rng.cells
    }
    for cell in cells_of(version):
        sheet, coordinate, role = where[cell.id]
        if role == "input":
            dv = validated[(sheet, coordinate)]
            assert dv.type == "custom" and f"ISNUMBER({coordinate})" in dv.formula1, cell.id
            assert all(f'{coordinate}="{m}"' in dv.formula1 for m in TYPED_MARKS)
            assert (f"{coordinate}>=0" in dv.formula1) == (cell.kind != "signed_count")


def test_totals_are_formulas_over_the_declared_parts() -> None:
    book = _book(template("2021-30"))
    where = _where(book)
    for d in derivations("2021-30"):
        sheet, coordinate, role = where[d.cell]
        assert role == "total"
        parts = [openpyxl.utils.cell.coordinate_to_tuple(where[p][1]) for p in d.parts]
        assert book[sheet][coordinate].value == total_formula(parts)
    # 总计 of 一、本年新收 sums the six applicant columns of its row
    sheet, coordinate, _ = where["t3.new_received.total"]
    row = coordinate.lstrip("ABCDEFGHIJ")
    assert book[sheet][coordinate].value == f'=IF(COUNT(D{row}:I{row})=0,"",SUM(D{row}:I{row}))'


def test_header_and_texts_sheet_lists_every_field() -> None:
    book = _book(template("2019-60"))
    ws = book[text_sheet_title("2019-60")]
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    for section in get_format("2019-60").sections:
        assert f"{section.number}、{section.label.zh}" in labels
    assert "机关名称" in labels and "报告年度" in labels and "联系方式：电话" in labels
    where = _where(book)
    assert "t2.procurement.amount_unit" in where  # the 2019-60 unit of 采购总金额 has its own input


# --- read back ---------------------------------------------------------------------------


def _as_excel_keeps_it(report: gbreport.Report) -> gbreport.Report:
    """``report`` as a workbook can hold it: Excel has no empty text, so ``""`` is an empty cell (``None``)."""
    texts = [report.header.preamble, *report.sections.model_dump().values()]
    assume(not any(t is not None and NOT_IN_XML.search(t) for t in texts))
    empty = {key: None for key, text in report.sections.model_dump().items() if text == ""}
    header = {"preamble": None} if report.header.preamble == "" else {}
    return replace(report, sections=empty, header=header)


@FEW
@given(reports())
def test_a_written_report_reads_back_exactly(report: gbreport.Report) -> None:
    report = _as_excel_keeps_it(report)
    assert gbreport.dumps(read_workbook(write_workbook(report))) == gbreport.dumps(report)


@FEW
@given(broken_reports())
def test_printed_totals_that_do_not_add_up_are_kept_as_printed(report: gbreport.Report) -> None:
    report = _as_excel_keeps_it(report)
    data = write_workbook(report)
    back = read_workbook(data)
    assert gbreport.dumps(back) == gbreport.dumps(report)
    assert gbreport.check(back).codes() == gbreport.check(report).codes()


def test_the_seed_example_round_trips_with_its_money_and_unit() -> None:
    report = gbreport.load(EXAMPLE)
    data = write_workbook(report)
    back = read_workbook(data)
    assert gbreport.dumps(back) == gbreport.dumps(report)
    changed = replace(report, {"t2.procurement.amount": "0.10"}, extras={"t2.procurement.amount_unit": "万元"})
    back = read_workbook(write_workbook(changed))
    assert str(back.t2.procurement.amount) == "0.10" and back.t2.procurement.amount_unit == "万元"


@FEW
@given(reports())
def test_a_template_filled_through_openpyxl_reads_back(report: gbreport.Report) -> None:
    report = _as_excel_keeps_it(report)
    book = _book(template(report.format_version))
    where = _where(book)
    values = dict(gbreport.cells(report))
    for cell_id, value in values.items():
        sheet, coordinate, role = where[cell_id]
        if role == "input":
            book[sheet][coordinate].value = value
    header = report.header
    for path, value in {
        "header.agency": header.agency,
        "header.year": header.year,
        "header.published": header.published,
        "header.contact.phone": header.contact.phone,
        "sections.overview": report.sections.overview,
    }.items():
        sheet, coordinate, _ = where[path]
        book[sheet][coordinate].value = value
    back = read_workbook(_save(book))
    assert dict(gbreport.cells(back)) == values
    assert back.header.agency == header.agency and back.header.year == header.year
    assert back.header.published == header.published and back.header.contact.phone == header.contact.phone
    assert back.sections.overview == report.sections.overview
    assert gbreport.check(back).conforms


def test_texts_that_look_like_formulas_stay_text() -> None:
    hostile = '=HYPERLINK("http://example.invalid","点击")'
    report = replace(gbreport.load(EXAMPLE), header={"agency": "=1+1"}, sections={"overview": hostile})
    data = write_workbook(report)
    book = _book(data)
    where = _where(book)
    sheet, coordinate, _ = where["sections.overview"]
    assert book[sheet][coordinate].data_type == "s"
    back = read_workbook(data)
    assert back.sections.overview == hostile and back.header.agency == "=1+1"


def _filled(version: str = "2021-30") -> tuple[openpyxl.Workbook, dict[str, tuple[str, str, str]]]:
    report = gbreport.load(EXAMPLE)
    if version != report.format_version:
        report = gbreport.convert(report, version).report
    book = _book(write_workbook(report))
    return book, _where(book)


def test_a_wrong_manual_total_is_reported_by_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book, where = _filled("2019-60")
    sheet, coordinate, _ = where["t3.new_received.total"]
    book[sheet][coordinate].value = 999  # typed over the formula
    path = tmp_path / "filled.xlsx"
    path.write_bytes(_save(book))
    report = gbreport.load(path)
    assert report.t3.new_received.total == 999
    findings = [f for f in gbreport.check(report) if "t3.new_received.total" in f.cells and f.severity == "error"]
    assert {f.code for f in findings} >= {"t3.row_total"}
    code = main(["check", str(path)])
    out = capsys.readouterr().out
    assert code == 1 and "t3.row_total" in out


def test_check_and_render_read_a_filled_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(write_workbook(gbreport.load(EXAMPLE)))
    assert main(["check", str(path)]) == 0
    assert "conforms" in capsys.readouterr().out
    assert main(["render", str(path), "--to", "text"]) == 0
    assert "哈尔滨市平房区教育局" in capsys.readouterr().out
    result = gbreport.parse(path)
    assert result.kind == "xlsx" and result.report == gbreport.load(EXAMPLE)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12a", "expected a whole number, got '12a'"),
        (1.5, "expected a whole number, got 1.5"),
        (-3, "greater than or equal to 0"),
        (True, "expected a whole number"),
    ],
)
def test_a_bad_value_names_the_sheet_cell_and_id(value: object, message: str) -> None:
    book, where = _filled()
    sheet, coordinate, _ = where["t3.granted.natural_person"]
    book[sheet][coordinate].value = value
    with pytest.raises(LoadError) as info:
        read_workbook(_save(book))
    text = str(info.value)
    assert f"{sheet}!{coordinate}" in text and "t3.granted.natural_person" in text and message in text
    assert "\n" not in text


def test_not_applicable_marks_are_blank_and_kept_as_printed() -> None:
    book, where = _filled()
    sheet, coordinate, _ = where["t3.granted.research"]
    book[sheet][coordinate].value = "／"
    result = gbreport.parse(_save(book))
    assert result.report.t3.granted.research is None
    assert result.report.marks == {"t3.granted.research": "/"}
    assert result.raw["t3.granted.research"] == "/" and result.blank_cells == {"t3.granted.research": "/"}


def test_text_typed_into_number_cells_is_read_when_it_is_a_number() -> None:
    book, where = _filled()
    for cell_id, typed in (("t3.granted.natural_person", " １２ "), ("t2.fees.amount", "1,234.50")):
        sheet, coordinate, _ = where[cell_id]
        book[sheet][coordinate].value = typed
    sheet, coordinate, _ = where["header.published"]
    book[sheet][coordinate].value = "2022年1月30日"
    back = read_workbook(_save(book))
    assert back.t3.granted.natural_person == 12
    assert back.t2.fees.amount == Decimal("1234.50")
    assert str(back.header.published) == "2022-01-30"


def test_a_formula_typed_by_the_clerk_needs_its_stored_result() -> None:
    book, where = _filled()
    sheet, coordinate, _ = where["t3.granted.natural_person"]
    book[sheet][coordinate].value = "=2+3"
    with pytest.raises(LoadError, match="formula whose result is not stored"):
        read_workbook(_save(book))


def test_a_workbook_that_is_not_a_form_is_refused_clearly(tmp_path: Path) -> None:
    plain = openpyxl.Workbook()
    plain.active["A1"] = "hello"
    data = _save(plain)
    with pytest.raises(LoadError, match="not a gbreport form"):
        read_workbook(data)
    path = tmp_path / "other.xlsx"
    path.write_bytes(data)
    with pytest.raises(LoadError, match="not a gbreport form"):
        gbreport.load(path)


def _repacked(data: bytes, change: Any) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info)))
    return out.getvalue()


def test_hostile_packages_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = template("2021-30")
    with_dtd = _repacked(
        data,
        lambda name, body: (
            b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + body.split(b"?>", 1)[-1] if name == "xl/workbook.xml" else body
        ),
    )
    with pytest.raises(LoadError, match="DTD"):
        read_workbook(with_dtd)
    import gbreport.workbook._read as reader

    monkeypatch.setattr(reader, "MAX_UNZIPPED", 1000)
    with pytest.raises(LoadError, match="unpacks to more"):
        read_workbook(data)


def test_texts_excel_cannot_hold_are_refused_when_writing() -> None:
    report = gbreport.load(EXAMPLE)
    with pytest.raises(RenderError, match="32,767"):
        write_workbook(replace(report, sections={"other": "字" * 40_000}))
    with pytest.raises(RenderError, match="U\\+000B"):
        write_workbook(replace(report, sections={"other": "a\x0bb"}))


def test_without_openpyxl_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(RenderError, match=r"gbreport\[xlsx\]"):
        template("2021-30")
    assert main(["template", "-o", str(tmp_path / "form.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "gbreport[xlsx]" in err


def test_template_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "form.xlsx"
    assert main(["template", "--format-version", "2019-60", "-o", str(out)]) == 0
    assert read_workbook(out).format_version == "2019-60"
    filled = tmp_path / "filled.xlsx"
    assert main(["template", "--from", str(EXAMPLE), "-o", str(filled)]) == 0
    assert read_workbook(filled) == gbreport.load(EXAMPLE)
    assert main(["template", "--from", str(EXAMPLE), "--format-version", "2021-30", "-o", str(out)]) == 2
    assert "convert it first" in capsys.readouterr().err


# --- LibreOffice recomputes the formulas --------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _recalculated(data: bytes, tmp_path: Path) -> bytes:
    source = tmp_path / "filled.xlsx"
    source.write_bytes(data)
    out = tmp_path / "out"
    profile = (tmp_path / "profile").as_uri()
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    return (out / "filled.xlsx").read_bytes()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; scripts/test.sh installs it")
@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_libreoffice_computes_the_totals_the_checker_expects(version: str, tmp_path: Path) -> None:
    draw = random.Random(f"gbreport-{version}")
    book = _book(template(version))
    where = _where(book)
    typed: dict[str, Any] = {}
    for cell in cells_of(version):
        sheet, coordinate, role = where[cell.id]
        if role != "input" or draw.random() < 0.2:  # some cells left blank
            continue
        if cell.kind == "count":
            value: Any = draw.randint(0, 500)
        elif cell.kind == "signed_count":
            value = draw.randint(-50, 50)
        else:
            value = Decimal(draw.randint(0, 10**6)).scaleb(-2)
        book[sheet][coordinate].value = value
        typed[cell.id] = value
    # one total row left entirely blank stays blank
    for cell_id in [c.id for c in cells_of(version) if c.id.startswith("t4.litigation_direct.")]:
        sheet, coordinate, role = where[cell_id]
        if role == "input":
            book[sheet][coordinate].value = None
            typed.pop(cell_id, None)
    recalculated = _recalculated(_save(book), tmp_path)
    cached = _book(recalculated, data_only=True)
    shown: dict[str, Any] = {}
    for cell in cells_of(version):
        sheet, coordinate, _ = where[cell.id]
        value = cached[sheet][coordinate].value
        shown[cell.id] = None if value in (None, "") else value
    # LibreOffice's totals are the sums the checker computes from the declared relations
    checked = 0
    for relation in relations_of(version):
        if len(relation.totals) != 1 or relation.totals[0] not in derived_cells(version):
            continue
        parts = [shown[p] for p in relation.parts]
        expected = None if all(p is None for p in parts) else sum(p or 0 for p in parts)
        assert shown[relation.totals[0]] == expected, relation
        checked += 1
    assert checked >= 30
    assert shown["t4.litigation_direct.total"] is None
    as_report = gbreport.from_cells(version, {k: v for k, v in shown.items()})
    sums = {"t3.row_total", "t3.results_total", "t4.group_total"}
    assert not [f for f in gbreport.check(as_report) if f.code in sums]
    # and the workbook LibreOffice saved reads back to the same report as the one it was given
    assert read_workbook(recalculated) == read_workbook(_save(book))


def test_cells_that_do_not_apply_keep_their_mark() -> None:
    report = replace(
        gbreport.load(EXAMPLE),
        cells={"t2.fees.change": None, "t3.other.total": None},
        marks={"t2.fees.change": "/", "t3.other.total": "—"},
    )
    back = read_workbook(write_workbook(report))
    assert back == report and back.marks == {"t2.fees.change": "/", "t3.other.total": "—"}
    book, where = _filled()
    sheet, coordinate, _ = where["t4.reconsideration.other"]
    book[sheet][coordinate].value = "不适用"
    assert read_workbook(_save(book)).marks == {"t4.reconsideration.other": "不适用"}
    sheet, coordinate, _ = where["t4.reconsideration.upheld"]
    book[sheet][coordinate].value = "n/a"
    with pytest.raises(LoadError, match="expected a whole number, got 'n/a'"):
        read_workbook(_save(book))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; scripts/test.sh installs it")
def test_the_validation_accepts_what_the_reader_reads(tmp_path: Path) -> None:
    """LibreOffice evaluates each kind's validation formula on typed values; it accepts exactly what
    read_workbook reads without error."""
    book = _book(template("2019-60"))
    where = _where(book)
    kinds = {"count": "t3.granted.natural_person", "signed_count": "t2.fees.change", "money": "t2.procurement.amount"}
    typed: list[Any] = [0, 7, -3, 1.5, 10**10, "/", "—", "无", "不适用", "abc"]
    probe = book.create_sheet("probe")
    rules = {}
    for kind, cell_id in kinds.items():
        sheet, coordinate, _ = where[cell_id]
        [dv] = [v for v in book[sheet].data_validations.dataValidation if coordinate in str(v.sqref)]
        rules[kind] = (dv.formula1, coordinate)
    for row, value in enumerate(typed, 1):
        probe.cell(row, 1).value = value
        for col, (formula, coordinate) in enumerate(rules.values(), 2):
            probe.cell(row, col).value = "=" + formula.replace(coordinate, f"A{row}")
    cached = _book(_recalculated(_save(book), tmp_path), data_only=True)["probe"]
    for row, value in enumerate(typed, 1):
        for col, (kind, cell_id) in enumerate(kinds.items(), 2):
            accepted = cached.cell(row, col).value
            filled, marks = _filled("2019-60")
            sheet, coordinate, _ = marks[cell_id]
            filled[sheet][coordinate].value = value
            try:
                read_workbook(_save(filled))
                readable = True
            except LoadError:
                readable = False
            assert accepted in (True, False), (kind, value, accepted)  # never an error value
            assert accepted == readable, (kind, value, accepted)
