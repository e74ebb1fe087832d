"""A cell printed as not applicable ("/", "—", "无", "不适用") prints its mark in every output."""

from __future__ import annotations

import io

import pytest

import gbreport
from conftest import EXAMPLE


def _marked(mark: str) -> gbreport.Report:
    report = gbreport.load(EXAMPLE)
    return gbreport.replace(report, cells={"t2.licensing.change": None}, marks={"t2.licensing.change": mark})


def _licensing_row(out: str, to: str) -> str:
    """The printed values of row 行政许可 of table 2 (HTML: the text of the marked cell)."""
    if to == "html":
        cell = out[out.index('data-cell="t2.licensing.change">') :]
        return cell[cell.index(">") + 1 : cell.index("</td>")]
    start = {"markdown": "| 行政许可 |", "text": "行政许可 "}[to]
    return out[out.index(start) + len(start) :].split("\n", maxsplit=1)[0]


@pytest.mark.parametrize("mark", ["/", "—", "无", "不适用"])
@pytest.mark.parametrize("to", ["html", "markdown", "text"])
def test_a_marked_cell_prints_its_mark(mark: str, to: str) -> None:
    out = gbreport.render(_marked(mark), to=to)
    assert isinstance(out, str)
    assert mark in _licensing_row(out, to)
    blank = gbreport.render(gbreport.replace(gbreport.load(EXAMPLE), cells={"t2.licensing.change": None}), to=to)
    assert isinstance(blank, str)
    assert mark not in _licensing_row(blank, to)


def test_a_marked_cell_prints_its_mark_in_word() -> None:
    docx = pytest.importorskip("docx")
    data = gbreport.render(_marked("/"), to="docx")
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    licensing = next(r for r in rows if r and r[0] == "行政许可")
    assert "/" in licensing


def test_only_unmarked_blank_cells_call_for_the_blank_note() -> None:
    report = gbreport.load(EXAMPLE)
    assert "空白" not in str(gbreport.render(report, to="text"))
    assert "空白" in str(gbreport.render(gbreport.replace(report, cells={"t2.licensing.change": None}), to="text"))
    assert "空白" not in str(gbreport.render(_marked("/"), to="text"))


def test_conversion_carries_the_marks_of_the_cells_it_carries() -> None:
    report = gbreport.replace(
        gbreport.load(EXAMPLE),
        cells={"t3.other.natural_person": None, "t4.reconsideration.other": None},
        marks={"t3.other.natural_person": "/", "t4.reconsideration.other": "无"},
    )
    converted = gbreport.convert(report).report
    assert converted.marks == {"t3.other.other.natural_person": "/", "t4.reconsideration.other": "无"}


@pytest.mark.parametrize("mark", ["/", "—", "无", "不适用", "-"])
@pytest.mark.parametrize("to", ["html", "markdown", "text", "docx"])
def test_marks_survive_render_and_parse(mark: str, to: str) -> None:
    report = gbreport.replace(
        gbreport.load(EXAMPLE),
        cells={"t2.licensing.change": None, "t4.reconsideration.other": None},
        marks={"t2.licensing.change": mark, "t4.reconsideration.other": mark},
    )
    out = gbreport.render(report, to=to)
    result = gbreport.parse(out if isinstance(out, bytes) else out.encode("utf-8"))
    assert result.report.marks == report.marks
    assert result.report == report
    assert not [f for f in gbreport.check(result.report) if f.code == "cell.blank"]
