"""Generated layouts that used to read wrong numbers: PDF tables with blank cells, numbers broken
across lines, and Markdown extractions that repeat placeholder header rows."""

from __future__ import annotations

import random
import shutil

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gbreport import cells, from_cells
from gbreport import rendering as render_module
from gbreport.formats import cells_of, get_format, versions
from gbreport.model import Report
from gbreport.parsing import parse
from gbreport.parsing._locate import row_cells, t3_leaf_labels, t3_row_keys
from gbreport.parsing._pdf import Word, table_rows
from gbreport.strategies import reports

SHARES = (0.05, 0.15, 0.3, 0.6)
"""Shares of blank cells: one PDF of each, printed in one Chromium call (printing costs about a second
per call)."""


@st.composite
def reports_with_blanks(draw: st.DrawFn, version: str) -> list[Report]:
    """A valid report, once for each share of :data:`SHARES` with that share of its cells blank
    (nothing printed), the blank cells chosen at random."""
    report = draw(reports(version))
    chance = random.Random(draw(st.integers(0, 2**32 - 1)))
    out = []
    for share in SHARES:
        values = {cid: None if chance.random() < share else value for cid, value in cells(report)}
        out.append(from_cells(report.format_version, values, header={"agency": "某某市某某局", "year": 2023}))
    return out


@pytest.mark.parametrize("version", versions())
@settings(
    max_examples=2,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_pdf_with_blank_cells_round_trips(version: str, data: st.DataObject) -> None:
    """Every cell of a PDF with blank cells reads back as printed: a value where one is printed, an
    empty cell where nothing is, and no parse finding of warning or error severity (but for a table
    left blank in every cell)."""
    assert shutil.which("pdftotext"), "reading PDF needs poppler's pdftotext: apt-get install -y poppler-utils"
    batch = data.draw(reports_with_blanks(version))
    try:
        pdfs = list(render_module.render_many(batch, to="pdf"))
    except render_module.RenderError as exc:
        pytest.fail(f"PDF round trip cannot run: {exc}")
    for report, pdf in zip(batch, pdfs, strict=True):
        result = parse(pdf)
        assert result.report == report
        values = dict(cells(report))
        # a table that prints no value in any row has no columns to place its cells in (see
        # test_pdf_of_a_blank_template_reads_blank): its cells read blank, each with a finding
        silent = {
            cid for cid in values if all(v is None for c, v in values.items() if c.split(".")[0] == cid.split(".")[0])
        }
        for finding in result.findings:
            if finding.severity != "info":
                assert finding.code == "parse.unreadable_cell" and set(finding.cells) <= silent, finding
        for cid, value in values.items():
            expected = ("empty", "missing") if cid in silent else ("empty",) if value is None else ("number",)
            assert result.read[cid].mark in expected, cid


@pytest.mark.parametrize("version", versions())
def test_pdf_of_a_blank_template_reads_blank(version: str) -> None:
    """A table in which no row prints a value has no columns to place cells in: every cell reads blank,
    the cells of a table without a value in any row each with a finding, never a number."""
    blank = dict.fromkeys((c.id for c in cells_of(version)), None)
    report = from_cells(version, blank, header={"agency": "某某市某某局", "year": 2023})
    result = parse(render_module.render(report, to="pdf"))
    assert result.report == report
    flagged = {c for f in result.findings if f.severity == "warning" for c in f.cells}
    for cid, read in result.read.items():
        assert read.value is None
        assert read.mark == "empty" or (read.mark == "missing" and cid in flagged), cid


def test_pdf_blank_cell_in_a_row_of_table_2() -> None:
    """行政许可 printed 14 / (blank) / 6 in the 2019-60 layout reads back as printed, not 1 / 4 / 6."""
    values: dict[str, object] = {c.id: 0 for c in cells_of("2019-60")}
    values.update({"t2.licensing.items_last_year": 14, "t2.licensing.change": None, "t2.licensing.decisions": 6})
    report = from_cells("2019-60", values, header={"agency": "某某市某某局", "year": 2020})
    result = parse(render_module.render(report, to="pdf"))
    row = result.report.t2.licensing
    assert (row.items_last_year, row.change, row.decisions) == (14, None, 6)
    assert result.read["t2.licensing.change"].mark == "empty"


def _words(y: float, *items: tuple[str, float]) -> list[Word]:
    """One printed line: each item is a word and the x of its centre (8 points per character)."""
    return [Word(text, x - 4 * len(text), y, x + 4 * len(text), y + 10) for text, x in items]


COLUMNS = (200.0, 240.0, 280.0)


def _page_one() -> list[list[Word]]:
    heading = _words(100, ("项目", 80), ("甲", COLUMNS[0]), ("乙", COLUMNS[1]), ("丙", COLUMNS[2]))
    return [heading, _words(115, ("第一行", 50), ("1", COLUMNS[0]), ("22", COLUMNS[1]), ("333", COLUMNS[2]))]


def test_pdf_table_continued_without_headings_keeps_its_columns() -> None:
    """A table continued at the top of the next page, without its headings and with a column blank in
    every row there, takes its columns from the page before: the blank cell stays in its column."""
    first = table_rows(_page_one())
    assert first.rows == {1: ["第一行", "1", "22", "333"]}
    page_two = [
        _words(40, ("第二行", 50), ("4", COLUMNS[0]), ("6", COLUMNS[2])),
        _words(55, ("第三行", 50), ("77", COLUMNS[0]), ("9", COLUMNS[2])),
    ]
    assert table_rows(page_two, first.carried).rows == {0: ["第二行", "4", "", "6"], 1: ["第三行", "77", "", "9"]}
    # without the page before, the two columns printed are all that is known
    assert table_rows(page_two).rows == {0: ["第二行", "4", "6"], 1: ["第三行", "77", "9"]}


def test_pdf_table_with_its_own_headings_does_not_take_the_columns_of_the_page_before() -> None:
    first = table_rows(_page_one())
    page_two = [
        _words(40, ("项目", 80), ("丁", 215.0), ("戊", 265.0)),
        _words(55, ("另一行", 50), ("5", 215.0), ("8", 265.0)),
    ]
    assert table_rows(page_two, first.carried).rows == {1: ["另一行", "5", "8"]}


def _table_2_labels(version: str) -> list[str]:
    """The captions and row labels of table 2 (no values): enough for the version to be detected."""
    lines = ["二、主动公开政府信息情况"]
    for block in get_format(version).t2.blocks:
        lines += [block.caption.zh, *(row.label.zh for row in block.rows)]
    return lines


def _one_value_per_line(report: Report, broken: dict[str, int]) -> str:
    """Table 3 as page text captured from a web page: each label and value on a line of its own; the
    cells in ``broken`` print their number over two lines, cut after ``broken[cid]`` digits."""
    fmt = report.format_version
    values = dict(cells(report))
    lines = [f"某某市某某局{report.header.year}年政府信息公开工作年度报告", *_table_2_labels(fmt)]
    lines.append("三、收到和处理政府信息公开申请情况")
    for node, key in zip(t3_leaf_labels(fmt), t3_row_keys(fmt), strict=True):
        lines.append(node.label.zh)
        for cell in row_cells(fmt)[("t3", key)]:
            text = str(values[cell.id])
            cut = broken.get(cell.id)
            lines.extend([text[:cut], text[cut:]] if cut else [text])
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None)
@given(report=reports(scale=400), data=st.data())
def test_numbers_broken_across_lines_are_joined_or_left_blank(report: Report, data: st.DataObject) -> None:
    values = dict(cells(report))
    fmt = report.format_version
    keys = t3_row_keys(fmt)
    key = data.draw(st.sampled_from(keys))
    long = [c.id for c in row_cells(fmt)[("t3", key)] if len(str(values[c.id])) > 1 and str(values[c.id])[1] != "0"]
    broken = {cid: 1 for cid in data.draw(st.lists(st.sampled_from(long), max_size=2, unique=True))} if long else {}
    result = parse(_one_value_per_line(report, broken))
    flagged = {c for f in result.findings if f.severity != "info" for c in f.cells}
    for cid, value in cells(result.report):
        if not cid.startswith("t3."):
            continue
        assert value == values[cid] or (value is None and cid in flagged), (cid, value, values[cid])
    row = [c.id for c in row_cells(fmt)[("t3", key)]]
    if broken:
        assert all(
            cells_read == values[cid] or cid in flagged for cid, cells_read in cells(result.report) if cid in row
        )


def _placeholder_markdown(report: Report) -> str:
    """Table 3 as an OCR conversion writes it: a heading per row, then a small table whose header is
    ``类别 | 数据1 … 数据6 | 总计`` above the row, the row's label repeated in its first cell."""
    fmt = report.format_version
    values = dict(cells(report))
    out = [f"# 某某市某某局 {report.header.year} 年政府信息公开工作年度报告", *_table_2_labels(fmt), ""]
    out += ["## 三、收到和处理政府信息公开申请情况", ""]
    for node, key in zip(t3_leaf_labels(fmt), t3_row_keys(fmt), strict=True):
        row = row_cells(fmt)[("t3", key)]
        header = ["类别", *(f"数据{i}" for i in range(1, len(row))), "总计"]
        out += [f"### {node.label.zh}", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join([node.label.zh, *(str(values[c.id]) for c in row)]) + " |", ""]
    out += ["## 四、政府信息公开行政复议、行政诉讼情况", ""]
    return "\n".join(out)


@settings(max_examples=15, deadline=None)
@given(report=reports())
def test_placeholder_header_rows_are_not_data(report: Report) -> None:
    result = parse(_placeholder_markdown(report))
    assert result.kind == "markdown"
    got = dict(cells(result.report))
    assert {cid: got[cid] for cid in got if cid.startswith("t3.")} == {
        cid: value for cid, value in cells(report) if cid.startswith("t3.")
    }
