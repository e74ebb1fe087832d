"""Document-level rules on real published reports: each fires after one edit of a fixture and
stays silent on the unchanged document."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import gbreport
from conftest import CORPUS
from gbreport.checks import Finding, Findings, Heading, agency_kind_of, deadline
from gbreport.checks._document import match_outline, split_heading
from gbreport.checks._narrative import statements
from gbreport.formats import cells_of, get_format

DOCUMENT_CODES = ("sections.", "template.", "timeliness.", "narrative.", "report.empty")
PINGFANG = "pingfang-education-2020.txt"  # 哈尔滨市平房区教育局, a department; headings numbered 1、 … 6、
APPROVAL = "pingtan-approval_2025.html"  # 平潭综合实验区行政审批局, a department
PINGTAN = "pingtan-2021.txt"  # 平潭综合实验区 (its kind is not in its name)


@cache
def _text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def _edited(name: str, old: str, new: str) -> str:
    text = _text(name)
    assert text.count(old) == 1, f"{old!r} is not printed exactly once in {name}"
    return text.replace(old, new)


def _check(text: str | Path, **kw: Any) -> Findings:
    result = gbreport.parse(text)
    return gbreport.check(result.report, source=result, **kw)


def _doc(findings: Findings) -> list[Finding]:
    return [f for f in findings if f.code.startswith(DOCUMENT_CODES)]


def _documents() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".json") and not p.name.startswith("template"))


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_every_real_report_passes_the_document_rules(path: Path) -> None:
    """No false alarm on the published reports: what the rules say is "not assessable" at most."""
    findings = _check(path)
    assert [f for f in _doc(findings) if f.assessable] == []
    assert all(f.severity == "info" for f in findings.not_assessable)


def test_document_rules_run_with_a_source_or_when_asked() -> None:
    result = gbreport.parse(CORPUS / PINGTAN)
    plain = gbreport.check(result.report)
    assert not any(f.code.startswith(("timeliness.", "report.incomplete")) for f in plain)
    assert "timeliness.not_assessable" in gbreport.check(result.report, source=result).codes()
    assert "timeliness.not_assessable" in gbreport.check(result.report, document=True).codes()
    assert "timeliness.not_assessable" not in gbreport.check(result.report, source=result, document=False).codes()


# --- sections -------------------------------------------------------------------------------


def test_a_removed_section_heading_is_named() -> None:
    findings = _check(_edited(PINGFANG, "5、 存在的主要问题及改进情况。\n", ""))
    [missing] = _doc(findings)
    assert (missing.code, missing.severity, missing.location) == ("sections.missing", "warning", "sections.problems")
    assert "第五部分“存在的主要问题及改进情况”" in missing.message_zh
    assert "section 5" in missing.message_en.lower()


def _outline(name: str) -> list[Heading]:
    """The headings of a fixture document, found by hand: lines numbered like a heading, short, no value."""
    out = []
    for i, printed in enumerate(_text(name).splitlines(), start=1):
        line = printed.strip()
        number, title = split_heading(line)
        if number is not None and 2 <= len(title) <= 30:
            out.append(Heading(line, f"line {i}"))
    return out


def test_an_outline_of_the_real_headings_passes_and_one_edit_fails() -> None:
    outline = _outline(PINGFANG)
    texts = [h.text for h in outline]
    # numbering variants (1、 / 一、), punctuation and the row labels of table 3 (一、本年新收…) are all there
    assert "1、 总体情况" in texts and "三、收到和处理政府信息公开申请情况" in texts
    assert any(t.startswith("一、本年新收") for t in texts)
    report = gbreport.parse(CORPUS / PINGFANG).report
    assert _doc(gbreport.check(report, source=outline)) == []
    # one heading removed
    without = [h for h in outline if not h.text.startswith("四、政府信息公开行政复议")]
    [missing] = _doc(gbreport.check(report, source=without))
    assert missing.code == "sections.missing" and "第四部分" in missing.message_zh
    # two sections swapped
    five = next(i for i, h in enumerate(outline) if "存在的主要问题" in h.text)
    six = next(i for i, h in enumerate(outline) if "其他需要报告" in h.text)
    swapped = list(outline)
    swapped[five], swapped[six] = swapped[six], swapped[five]
    [order] = _doc(gbreport.check(report, source=swapped))
    assert order.code == "sections.order"
    # the section named is the one whose heading is out of place (here 六, printed before 五)
    assert "第六部分" in order.message_zh and order.location == outline[six].location
    assert "文档中各部分的顺序为：一、二、三、四、六、五" in order.message_zh


def test_outline_entries_may_be_plain_texts_or_pairs_and_sub_headings_are_not_sections() -> None:
    fmt = get_format("2021-30")
    outline = [
        Heading("一、总体情况"),
        Heading("（一）主动公开"),
        Heading("（二）依申请公开"),
        Heading("（三）政府信息管理"),
        Heading("二、主动公开政府信息情况"),
        Heading("三、收到和处理政府信息公开申请情况"),
        Heading("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
        Heading("五、政府信息公开工作存在的主要问题及改进情况"),
        Heading("六、其他需要报告的事项"),
    ]
    assert match_outline(fmt, outline) == {
        "overview": 0,
        "proactive": 4,
        "applications": 5,
        "reviews": 6,
        "problems": 7,
        "other": 8,
    }
    report = gbreport.parse(CORPUS / PINGTAN).report
    assert _doc(gbreport.check(report, source=[h.text for h in outline], agency_kind="government")) == []
    pairs = [(h.text, f"p{i}") for i, h in enumerate(outline) if "其他需要" not in h.text]
    [missing] = _doc(gbreport.check(report, source=pairs, agency_kind="government"))
    assert missing.code == "sections.missing" and "第六部分" in missing.message_zh
    # a heading the parser matched itself is taken as matched
    assert match_outline(fmt, [Heading("六 其他", section="other")]) == {"other": 0}


def test_sections_are_not_assessable_without_any_text() -> None:
    version = "2021-30"
    report = gbreport.from_cells(version, {c.id: 0 for c in cells_of(get_format(version))})
    findings = gbreport.check(report, document=True)
    assert "sections.not_assessable" in findings.codes()
    assert findings.conforms


# --- empty template -------------------------------------------------------------------------


def test_the_blank_template_is_empty_not_conforming() -> None:
    findings = _check(CORPUS / "template-2021-blank.docx")
    assert not findings.conforms
    [empty] = [f for f in findings if f.code == "report.empty"]
    assert empty.severity == "error"
    assert "cell.blank" not in findings.codes()  # one finding, not one per cell
    for name in (PINGFANG, PINGTAN, APPROVAL):  # the real reports are not empty
        assert "report.empty" not in _check(CORPUS / name).codes()


@pytest.mark.parametrize("total", [None, 0])
def test_blank_but_totals_is_empty_too(total: int | None) -> None:
    fmt = get_format("2019-60")
    values = {c.id: (total if any(n.total for n in (*c.row, *c.column)) else None) for c in cells_of(fmt)}
    assert gbreport.check(gbreport.from_cells("2019-60", values)).codes() == ["report.empty"]
    values["t3.granted.natural_person"] = 0
    assert "report.empty" not in gbreport.check(gbreport.from_cells("2019-60", values)).codes()


# --- format version against the year ---------------------------------------------------------


def test_a_2019_format_for_2021_is_a_warning_naming_both() -> None:
    findings = _check(_edited(PINGFANG, "平房区教育局2020年政府信息", "平房区教育局2021年政府信息"))
    [template] = _doc(findings)
    assert (template.code, template.severity) == ("template.year", "warning")
    assert "〔2019〕60号" in template.message_zh and "〔2021〕30号" in template.message_zh
    assert "2021" in template.message_zh


def test_a_2021_format_for_2020_is_a_warning() -> None:
    result = gbreport.parse(CORPUS / APPROVAL)
    assert "template.year" not in gbreport.check(result.report, source=result).codes()
    header = result.report.header.model_copy(update={"year": 2020, "published": dt.date(2021, 1, 20)})
    [template] = _doc(gbreport.check(result.report.model_copy(update={"header": header}), source=result))
    assert template.code == "template.year"
    assert "〔2021〕30号" in template.message_zh and "应使用国办公开办函〔2019〕60号" in template.message_zh


def test_the_years_come_from_the_declarations() -> None:
    assert get_format("2019-60").prescribed_for(2020) and not get_format("2019-60").prescribed_for(2021)
    assert get_format("2021-30").prescribed_for(2035) and not get_format("2021-30").prescribed_for(2020)


# --- timeliness ------------------------------------------------------------------------------


def test_a_late_date_is_a_warning() -> None:
    findings = _check(_edited(PINGFANG, "2021年1月20日", "2021年2月5日"))
    [late] = _doc(findings)
    assert (late.code, late.severity) == ("timeliness.late", "warning")
    assert "2021-02-05" in late.message_zh and "2021-01-31" in late.message_zh and "5 天" in late.message_zh
    assert _doc(_check(CORPUS / PINGFANG)) == []


def test_the_kind_of_agency_decides_the_deadline_and_can_be_given() -> None:
    # 平潭综合实验区 does not say what it is: not assessable, unless told
    findings = _check(CORPUS / PINGTAN)
    [na] = [f for f in findings if f.code.startswith("timeliness.")]
    assert na.code == "timeliness.not_assessable" and not na.assessable and "平潭综合实验区" in na.message_zh
    assert not any(f.code.startswith("timeliness.") for f in _check(CORPUS / PINGTAN, agency_kind="government"))
    [late] = [f for f in _check(CORPUS / PINGTAN, agency_kind="department") if f.code.startswith("timeliness.")]
    assert late.code == "timeliness.late" and "2022-02-08" in late.message_en
    # the header field does the same
    report = gbreport.parse(CORPUS / PINGTAN).report
    header = report.header.model_copy(update={"agency_kind": "department"})
    told = report.model_copy(update={"header": header})
    assert "timeliness.late" in gbreport.check(told, document=True).codes()
    assert gbreport.load(gbreport.dumps(told)).header.agency_kind == "department"
    with pytest.raises(gbreport.ArgumentError, match="agency_kind"):
        gbreport.check(report, agency_kind="ministry")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("agency", "kind"),
    [
        ("淮安市人民政府", "government"),
        ("沐阳县人民政府", "government"),
        ("北京市海淀区人民政府", "government"),
        ("苏州工业园区管理委员会", "government"),
        ("某某经济技术开发区管委会", "government"),
        ("哈尔滨市平房区教育局", "department"),
        ("平潭综合实验区行政审批局", "department"),
        ("某市发展和改革委员会", "department"),
        ("某市卫健委", "department"),
        ("某县人民政府办公室", "department"),
        ("某省财政厅", "department"),
        ("平潭综合实验区", None),
        ("某某镇人民政府", None),  # 第四十九条 sets no date for townships
        ("某某街道办事处", None),
        ("", None),
    ],
)
def test_agency_kind_from_the_name_only_where_clear(agency: str, kind: str | None) -> None:
    assert agency_kind_of(agency) == kind


def test_deadlines() -> None:
    assert deadline(2020, "department") == dt.date(2021, 1, 31)
    assert deadline(2020, "government") == dt.date(2021, 3, 31)


def test_no_date_is_not_assessable() -> None:
    findings = _check(_edited(PINGFANG, "2021年1月20日", ""))
    [na] = _doc(findings)
    assert na.code == "timeliness.not_assessable" and na.severity == "info" and not na.assessable


# --- numbers in the text ---------------------------------------------------------------------


def test_a_changed_number_in_a_sentence_is_a_mismatch() -> None:
    findings = _check(_edited(APPROVAL, "政府信息公开申请6件", "政府信息公开申请9件"))
    [mismatch] = _doc(findings)
    assert (mismatch.code, mismatch.severity) == ("narrative.mismatch", "warning")
    assert (mismatch.expected, mismatch.actual) == (6, 9)
    assert mismatch.cells == ("t3.new_received.total",)
    assert mismatch.location == "sections.overview"
    assert "共收到公民、法人和其他组织政府信息公开申请9件" in mismatch.message_zh


def test_a_changed_number_about_a_wider_scope_is_not_assessable() -> None:
    findings = _check(_edited(PINGTAN, "共收到70件申请", "共收到75件申请"), agency_kind="government")
    [na] = _doc(findings)
    assert na.code == "narrative.not_assessable" and not na.assessable
    assert (na.expected, na.actual) == (70, 75) and "全区" in na.message_zh
    assert _doc(_check(CORPUS / PINGTAN, agency_kind="government")) == []


def test_the_figures_read_from_real_sentences() -> None:
    """What the rule reads from sentences of published reports (and what it leaves alone)."""

    def read(text: str, year: int | None = 2024) -> list[tuple[str, int]]:
        return [(s.topic.key, s.number) for s in statements("overview", text, year)]

    assert read(
        "2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，"
        "另有 103 件顺延到下年度答复），均在法定期限内予以答复。"
    ) == [("received", 3119), ("concluded", 3050), ("carried_over", 34)]
    assert read("本年度全区共收到70件申请,及时依法依规办结69件,1件结转下年度继续办理。") == [
        ("received", 70),
        ("concluded", 69),
        ("carried_forward", 1),
    ]
    assert read(
        "政府信息公开行政复议 351件，其中结果维持 72 件，结果纠正 64 件；政府信息公开行政诉讼 46 件，其中结果维持 25件。"
    ) == [("reconsideration", 351), ("litigation", 46)]
    # proactive disclosure counts in 条 or documents in 件 without 申请; cases of both kinds together;
    # another year; a part (其中); a change on last year: none of these is read
    assert read("全年主动公开政府信息2645条。全年公开政策文件4件。") == []
    assert read("依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件 74 件。") == []
    assert read("2023年共收到政府信息公开申请 50 件。") == []
    assert read("共收到申请 749 件，其中自然人申请 741 件。") == [("received", 749)]
    assert read("新收政府信息公开申请较上年增加 12 件。") == []
    assert read("办理人大代表建议 15 件，政协提案 20 件，均已答复申请人。") == []


def test_received_may_count_carried_over_applications_too() -> None:
    """共受理 749 = 新收 713 + 上年结转 36 (沭阳县 2025): agrees with the table."""
    version = "2021-30"
    values: dict[str, Any] = {c.id: 0 for c in cells_of(get_format(version))}
    values.update({"t3.new_received.total": 713, "t3.carried_over.total": 36})
    report = gbreport.from_cells(
        version, values, header={"year": 2025}, sections={"overview": "全年共受理政府信息公开申请 749 件。"}
    )
    assert not any(f.code.startswith("narrative.") for f in gbreport.check(report, document=True))
    sections = report.sections.model_copy(update={"overview": "全年共受理政府信息公开申请 750 件。"})
    wrong = report.model_copy(update={"sections": sections})
    [f] = [f for f in gbreport.check(wrong, document=True) if f.code.startswith("narrative.")]
    assert (f.code, f.expected, f.actual) == ("narrative.mismatch", 713, 750)


# --- copied from last year -------------------------------------------------------------------


def test_text_copied_from_last_year_is_a_warning() -> None:
    this = gbreport.parse(CORPUS / PINGFANG)
    # last year's report: the same document, its year edited to 2019
    last = gbreport.parse(_edited(PINGFANG, "平房区教育局2020年政府信息", "平房区教育局2019年政府信息")).report
    assert last.header.year == 2019
    findings = gbreport.check(this.report, previous=last, source=this)
    copied = [f for f in findings if f.code == "year.copied_text"]
    assert {f.location for f in copied} == {"sections.overview", "sections.problems"}  # 六 (“无。”) is too short
    assert all(f.severity == "warning" and "100%" in f.message_zh for f in copied)
    # table 3 is all zero both years: an agency without applications, not a copy
    assert "year.copied_table" not in findings.codes()


def test_a_different_report_of_last_year_is_not_a_copy() -> None:
    this = gbreport.parse(CORPUS / PINGTAN)
    last_text = (CORPUS / "pingtan-2019.txt").read_text(encoding="utf-8").replace("2019年", "2020年")
    last = gbreport.parse(last_text).report
    assert last.header.year == 2020
    findings = gbreport.check(this.report, previous=last, source=this, agency_kind="government")
    assert not any(f.code.startswith("year.copied") for f in findings)


@pytest.mark.parametrize(
    "text",
    ["1" * 300_000, "行政复议" * 60_000 + "3起", "收到申请，" * 60_000, "共收到政府信息公开申请 5 件。" * 10_000],
    ids=["digits", "one clause", "many clauses", "many sentences"],
)
def test_long_hostile_texts_are_read_in_one_pass(text: str) -> None:
    """Long texts made to trip the readers still give an answer (each reader is linear in the text)."""
    version = "2021-30"
    values = {c.id: 0 for c in cells_of(get_format(version))}
    this = gbreport.from_cells(version, values, header={"year": 2021}, sections={"overview": text})
    last = gbreport.from_cells(version, values, header={"year": 2020}, sections={"overview": text})
    findings = gbreport.check(this, previous=last, document=True)
    assert "year.copied_text" in findings.codes()
    mismatches = [f for f in findings if f.code == "narrative.mismatch"]
    assert len(mismatches) == (0 if text.startswith(("1", "收到")) else 1)  # one sentence, reported once
