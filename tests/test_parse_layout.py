"""Generated layouts that used to read wrong numbers: PDF tables with blank cells, numbers broken
across lines, and Markdown extractions that repeat placeholder header rows."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gbreport import cells, from_cells
from gbreport import rendering as render_module
from gbreport.formats import cells_of, get_format
from gbreport.model import Report
from gbreport.parsing import parse
from gbreport.parsing._locate import row_cells, t3_leaf_labels, t3_row_keys
from gbreport.strategies import reports


@st.composite
def reports_with_blanks(draw: st.DrawFn, version: str) -> Report:
    """A valid report with a random share of its cells blank (nothing printed)."""
    report = draw(reports(version))
    values = dict(cells(report))
    ids = sorted(values)
    share = draw(st.sampled_from([0.05, 0.15, 0.3]))
    for cid in ids:
        if draw(st.floats(0, 1)) < share:
            values[cid] = None
    return from_cells(report.format_version, values, header={"agency": "某某市某某局", "year": 2023})


@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(report=reports_with_blanks("2021-30"))
def test_pdf_with_blank_cells_round_trips(report: Report) -> None:
    assert shutil.which("pdftotext"), "reading PDF needs poppler's pdftotext: apt-get install -y poppler-utils"
    try:
        pdf = render_module.render(report, to="pdf")
    except render_module.RenderError as exc:
        pytest.fail(f"PDF round trip cannot run: {exc}")
    result = parse(pdf)
    flagged = {c for f in result.findings if f.severity != "info" for c in f.cells}
    for cid, value in cells(report):
        got = result.read.get(cid)
        # what the document prints, or blank with a finding naming the cell: never another number
        assert got is not None and (got.value == value or (got.value is None and cid in flagged)), (cid, got, value)
        if value is None and got.value is None and cid not in flagged:
            assert got.mark == "empty", cid


def test_pdf_blank_cell_in_a_row_of_table_2() -> None:
    """行政许可 printed 14 / (blank) / 6 in the 2019-60 layout reads back as printed, not 1 / 4 / 6."""
    values: dict[str, object] = {c.id: 0 for c in cells_of("2019-60")}
    values.update({"t2.licensing.items_last_year": 14, "t2.licensing.change": None, "t2.licensing.decisions": 6})
    report = from_cells("2019-60", values, header={"agency": "某某市某某局", "year": 2020})
    result = parse(render_module.render(report, to="pdf"))
    row = result.report.t2.licensing
    assert (row.items_last_year, row.change, row.decisions) == (14, None, 6)
    assert result.read["t2.licensing.change"].mark == "empty"


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
