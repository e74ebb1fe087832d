"""Blank, 0 and "/": cells printed as not applicable stay apart from blank cells and from 0."""

from __future__ import annotations

from typing import Any

import pytest

import gbreport
from conftest import CORPUS
from gbreport.formats import cells_of, get_format

PINGFANG = CORPUS / "pingfang-education-2020.txt"
ROW = "\t规章\n\t0\n\t0\n\t0\n"  # table 2, 规章: 0 0 0 as printed
REGULATIONS = ("t2.regulations.made", "t2.regulations.published", "t2.regulations.total_published")


def _marks_of(result: gbreport.ParseResult) -> dict[str, str]:
    """What the parser is to put into ``report.marks``: the blank cells printed with a mark."""
    return {cell: raw for cell, raw in result.blank_cells.items() if raw.strip()}


def _printed_with_slashes() -> gbreport.ParseResult:
    text = PINGFANG.read_text(encoding="utf-8")
    assert text.count(ROW) == 1
    return gbreport.parse(text.replace(ROW, "\t规章\n\t/\n\t/\n\t/\n"))


def test_a_slash_is_not_applicable_counted_as_0_without_a_finding() -> None:
    result = _printed_with_slashes()
    marks = _marks_of(result)
    assert marks == dict.fromkeys(REGULATIONS, "/")
    # the parser keeps the marks in the report: not applicable, no finding at all
    assert result.report.marks == marks
    assert gbreport.check(result.report, source=result) == ()
    # without the marks the three cells are blank: reported, and the document is incomplete
    unmarked = gbreport.load({**result.report.model_dump(mode="json"), "marks": {}})
    findings = gbreport.check(unmarked, source=result)
    assert [f.cells[0] for f in findings if f.code == "cell.blank"] == list(REGULATIONS)
    [incomplete] = [f for f in findings if f.code == "report.incomplete"]
    assert incomplete.cells == REGULATIONS and not incomplete.assessable
    # the unchanged document has no blank cell
    unchanged = gbreport.parse(PINGFANG)
    assert gbreport.check(unchanged.report, source=unchanged) == ()


def test_marks_survive_dumps_load_and_cells() -> None:
    result = _printed_with_slashes()
    marked = gbreport.load({**result.report.model_dump(mode="json"), "marks": _marks_of(result)})
    again = gbreport.load(gbreport.dumps(marked))
    assert again == marked and again.marks == dict.fromkeys(REGULATIONS, "/")
    plain = dict(gbreport.cells(again))
    printed = dict(gbreport.cells(again, printed=True))
    assert [plain[c] for c in REGULATIONS] == [None] * 3  # backward compatible: blank is None
    assert [printed[c] for c in REGULATIONS] == ["/"] * 3
    assert {c: v for c, v in printed.items() if c not in REGULATIONS} == {
        c: v for c, v in plain.items() if c not in REGULATIONS
    }
    # from_cells takes them as a non-cell field
    rebuilt = gbreport.from_cells(
        again.format_version, plain, header=again.header, sections=dict(again.sections), extras={"marks": again.marks}
    )
    assert rebuilt == again


def _zero(**update: Any) -> dict[str, Any]:
    data = gbreport.from_cells("2021-30", {c.id: 0 for c in cells_of(get_format("2021-30"))}).model_dump(mode="json")
    data.update(update)
    return data


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ({"t9.nothing": "/"}, "not a cell of format 2021-30"),
        ({"t4.reconsideration.other": "/"}, "marked '/' (not applicable) but holds 0"),
        ({"t4.reconsideration.other": "12"}, "without digits"),
        ({"t4.reconsideration.other": "  "}, "without digits"),
    ],
)
def test_bad_marks_are_load_errors(marks: dict[str, str], message: str) -> None:
    data = _zero(marks=marks)
    data["t4"]["reconsideration"]["other"] = None
    if "holds" in message:
        data["t4"]["reconsideration"]["other"] = 0
    with pytest.raises(gbreport.LoadError, match="marks") as info:
        gbreport.load(data)
    assert message in str(info.value)


def test_marks_are_kept_in_vocabulary_order() -> None:
    data = _zero(marks={"t4.reconsideration.other": "—", "t2.fees.amount": "无"})
    data["t4"]["reconsideration"]["other"] = None
    data["t2"]["fees"]["amount"] = None
    assert list(gbreport.load(data).marks) == ["t2.fees.amount", "t4.reconsideration.other"]
