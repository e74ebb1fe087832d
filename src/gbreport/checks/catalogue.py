"""The catalogue of finding codes: one entry per rule, with its severity, its messages and its docs.

Codes are stable strings; a code is never reused for a different rule.  Every finding's
messages are formatted from the templates held here (:meth:`Rule.finding`), so the
catalogue is the one place that names a code, its severity, its Chinese and English
message and its explanation.

Templates use named placeholders (``{expected}``, ``{actual}``, ``{difference}``,
``{cells}``, ``{location}`` are always available; the rest are passed by the caller).
A parameter may be a :class:`~gbreport.formats.Label` (or anything with ``zh`` and
``en`` attributes): the Chinese template receives its ``zh`` text and the English one
its ``en`` text.  ``None`` prints as 空白 / blank; ``difference`` carries its sign.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from string import Formatter
from typing import Final, Protocol, runtime_checkable

from .._vector import Value
from ..errors import UnknownCodeError
from ..formats import Label
from ._findings import SEVERITIES, Finding, Severity

__all__ = [
    "CATALOGUE",
    "FRAGMENTS",
    "SEVERITIES",
    "Bilingual",
    "Rule",
    "Severity",
    "explain",
    "make_finding",
]


@runtime_checkable
class Bilingual(Protocol):
    """A text in Chinese and English (e.g. :class:`gbreport.formats.Label`)."""

    @property
    def zh(self) -> str: ...

    @property
    def en(self) -> str: ...


Param = Bilingual | Value | str | float
"""A template parameter: bilingual text, a number, a plain string or ``None`` (blank)."""

_LANGS: Final = ("zh", "en")


def _text(value: object, lang: str) -> str:
    if value is None:
        return str(getattr(FRAGMENTS["blank"], lang))
    if isinstance(value, (str, int, float, Decimal)):  # the common cases, without the slow protocol check
        return str(value)
    if isinstance(value, Label) or isinstance(value, Bilingual):  # noqa: SIM101 (a plain class check first)
        return str(getattr(value, lang))
    return str(value)


def _signed(value: Value) -> object:
    return None if value is None else format(value, "+")


@cache
def placeholders(template: str) -> frozenset[str]:
    """The named placeholders of a message template (each template parsed once)."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name)


@dataclass(frozen=True, slots=True)
class Rule:
    """A catalogued rule: what it checks, how bad a violation is, and how its findings read.

    ``message_zh`` and ``message_en`` are the templates of its findings' messages;
    ``variants`` holds further ``(name, zh, en)`` templates for findings of the same
    rule that need a differently built sentence.  ``assessable`` is ``False`` for a
    rule whose findings say that another rule *could not decide* (not assessable):
    such a finding is never an error, and a reviewed report that has one
    ``needs_review``.
    """

    code: str
    severity: Severity
    title_zh: str
    title_en: str
    explanation_zh: str
    explanation_en: str
    message_zh: str = ""
    message_en: str = ""
    variants: tuple[tuple[str, str, str], ...] = ()
    assessable: bool = True

    def templates(self, variant: str | None = None) -> tuple[str, str]:
        """The ``(zh, en)`` message templates (of ``variant`` when given)."""
        if variant is None:
            return self.message_zh, self.message_en
        for name, zh, en in self.variants:
            if name == variant:
                return zh, en
        raise KeyError(f"rule {self.code} has no message variant {variant!r}")

    def format(
        self,
        variant: str | None = None,
        *,
        expected: Value = None,
        actual: Value = None,
        cells: tuple[str, ...] = (),
        location: str = "",
        **params: object,
    ) -> tuple[str, str]:
        """The ``(zh, en)`` messages of a finding of this rule."""
        values: dict[str, object] = {
            "expected": expected,
            "actual": actual,
            "cells": cells,
            "location": location,
        }
        values.update(params)
        out = []
        for lang, template in zip(_LANGS, self.templates(variant), strict=True):
            needed = placeholders(template)
            missing = needed - values.keys() - {"difference"}
            if missing:
                raise KeyError(f"message of {self.code} needs {', '.join(sorted(missing))}")
            out.append(template.format_map({k: _text(self._value(k, values), lang) for k in needed}))
        return out[0], out[1]

    @staticmethod
    def _value(name: str, values: dict[str, object]) -> object:
        """The value of placeholder ``name``: the difference and the list of cells made when asked for."""
        if name == "difference" and "difference" not in values:
            expected, actual = values["expected"], values["actual"]
            if expected is None or actual is None:
                return _signed(None)
            return _signed(actual - expected)  # type: ignore[operator]
        if name == "cells" and isinstance(values["cells"], tuple):
            return ", ".join(values["cells"])
        return values[name]

    def finding(
        self,
        cells: tuple[str, ...] = (),
        *,
        expected: Value = None,
        actual: Value = None,
        location: str = "",
        variant: str | None = None,
        **params: object,
    ) -> Finding:
        """A finding of this rule, its messages formatted from the templates with ``params``."""
        zh, en = self.format(variant, expected=expected, actual=actual, cells=cells, location=location, **params)
        return Finding(self.code, self.severity, tuple(cells), expected, actual, zh, en, location)


def make_finding(
    code: str,
    cells: tuple[str, ...] = (),
    *,
    expected: Value = None,
    actual: Value = None,
    location: str = "",
    variant: str | None = None,
    **params: object,
) -> Finding:
    """A finding of the catalogued rule ``code`` (see :meth:`Rule.finding`)."""
    return CATALOGUE[code].finding(
        cells, expected=expected, actual=actual, location=location, variant=variant, **params
    )


FRAGMENTS: Final[Mapping[str, Label]] = {
    "blank": Label("空白", "blank"),
    "this_year": Label("本年“{}”", "this year's “{}”"),
    "last_year": Label("上年“{}”", "last year's “{}”"),
    "unknown_year": Label("空白", "an unknown year"),
    "year_before": Label("空白", "the year before (this report has no year)"),
    "government": Label("人民政府", "a people's government's own report"),
    "department": Label("政府部门", "a department's report"),
    "no_version": Label("已登记的任何格式版本都不适用", "none of the registered format versions"),
    "or": Label("或", " or "),
    "list": Label("、", ", "),
}
"""Pieces of messages that rules share (the labels a message quotes come from the format)."""


CATALOGUE: Final[dict[str, Rule]] = {
    rule.code: rule
    for rule in (
        Rule(
            "t3.balance",
            "error",
            "表三每列：第一项加第二项之和等于第三项（七）总计加第四项之和",
            "Table 3, every column: I + II = III (7) total + IV",
            "表三左上角注明的勾稽关系：本年新收申请与上年结转申请之和，必须等于本年办理结果总计与结转下年度继续办理之和。"
            "每一列（各类申请人及总计）单独成立。",
            "The identity printed in the top-left cell of table 3: applications received this year plus those "
            "carried over must equal this year's outcomes (7) total plus those carried forward. It holds in "
            "each column separately (every applicant kind and the total).",
            message_zh="表{table}：{totals} 为 {actual}，而{parts} 之和为 {expected}（相差 {difference}）。",
            message_en="Table {table}: {totals} = {actual}, but {parts} add up to {expected} (off by {difference}).",
        ),
        Rule(
            "t3.row_total",
            "error",
            "表三每行：总计等于各类申请人之和",
            "Table 3, every row: the total column equals the six applicant columns",
            "表三每一行的“总计”必须等于自然人与五类法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）之和。",
            "In every row of table 3 the total column must equal natural persons plus the five kinds of legal "
            "persons or other organisations.",
            message_zh="表{table}：{totals} 为 {actual}，而各类申请人之和为 {expected}（相差 {difference}）。",
            message_en=(
                "Table {table}: {totals} = {actual}, but the applicant columns add up to {expected} (off by "
                "{difference})."
            ),
        ),
        Rule(
            "t3.results_total",
            "error",
            "表三每列：（七）总计等于各项办理结果之和",
            "Table 3, every column: (7) total equals the sum of all outcome rows",
            "每件办结的申请只计入一个办理结果（部分公开“只计这一情形，不计其他情形”），因此（七）总计等于"
            "（一）（二）、（三）1–8、（四）1–3、（五）1–5 与（六）各行之和。",
            "Each concluded application is counted in exactly one outcome row, so (7) total equals the sum of "
            "rows (1), (2), (3) 1-8, (4) 1-3, (5) 1-5 and (6) (one row in 2019-60, three in 2021-30).",
            message_zh="表{table}：{totals} 为 {actual}，而各项办理结果之和为 {expected}（相差 {difference}）。",
            message_en=(
                "Table {table}: {totals} = {actual}, but the outcome rows add up to {expected} (off by {difference})."
            ),
        ),
        Rule(
            "t4.group_total",
            "error",
            "表四每组：总计等于结果维持、结果纠正、其他结果与尚未审结之和",
            "Table 4, every group: total = upheld + corrected + other + pending",
            "行政复议、未经复议直接起诉、复议后起诉三组，每组的“总计”等于其余四栏之和。",
            "In each of the three groups (reconsideration, litigation filed directly, litigation after "
            "reconsideration) the total equals the four result columns.",
            message_zh="表{table}：{totals} 为 {actual}，而其余各栏之和为 {expected}（相差 {difference}）。",
            message_en=(
                "Table {table}: {totals} = {actual}, but the result columns add up to {expected} (off by {difference})."
            ),
        ),
        Rule(
            "cell.blank",
            "info",
            "空白单元格按 0 计算",
            "Blank cell counted as 0",
            "报告中该单元格为空白（或为“/”“-”等），检查时按 0 计算。",
            "The report leaves this cell blank (or prints '/', '-' or similar); checks count it as 0.",
            message_zh="“{cell}”为空白，按 0 计算。",
            message_en="“{cell}” is blank; counted as 0.",
        ),
        Rule(
            "year.carry_over",
            "error",
            "上年结转等于上年报告的结转下年度继续办理",
            "Carried over equals last year's carried forward",
            "本年表三“二、上年结转政府信息公开申请数量”每列必须等于上一年度报告表三“四、结转下年度继续办理”的同一列。",
            "Each column of table 3 row II (carried over from last year) must equal the same column of row IV "
            "(carried forward) in the same agency's report for the year before.",
            message_zh="本年“{cell}”为 {actual}，而{terms} 为 {expected}（相差 {difference}）。",
            message_en="This year's “{cell}” is {actual}, but {terms} = {expected} (off by {difference}).",
        ),
        Rule(
            "year.items_rolled",
            "warning",
            "上一年项目数量应等于上年的上一年项目数量加本年增/减",
            "Items last year should equal last year's items plus last year's change",
            "2019-60 格式表二第（五）（六）（八）项："
            "本年“上一年项目数量”应等于上年报告的“上一年项目数量”加“本年增/减”。"
            "事项清单可能在年内调整，因此只作提示。",
            "2019-60 table 2 items (5), (6), (8): this year's 'items last year' should equal last year's "
            "'items last year' plus its 'change this year'. Item lists may be revised, so this is a warning.",
            message_zh="本年“{cell}”为 {actual}，而{terms} 为 {expected}（相差 {difference}）。",
            message_en="This year's “{cell}” is {actual}, but {terms} = {expected} (off by {difference}).",
        ),
        Rule(
            "year.in_force",
            "warning",
            "现行有效件数应约等于上年现行有效件数加本年制发减本年废止",
            "Documents in force should follow from last year's plus issued minus repealed",
            "2021-30 格式表二第（一）项：现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数。"
            "制发件数可能包含修订，因此只作提示。",
            "2021-30 table 2 item (1): documents in force ≈ last year's in force + issued − repealed. Issued "
            "may include amendments, so this is a warning.",
            message_zh="本年“{cell}”为 {actual}，而{terms} 为 {expected}（相差 {difference}）。",
            message_en="This year's “{cell}” is {actual}, but {terms} = {expected} (off by {difference}).",
        ),
        Rule(
            "year.not_consecutive",
            "info",
            "上年报告的年度不是本年度的前一年：跨年规则无法评估",
            "The previous report is not for the year before: cross-year rules not assessable",
            "跨年检查需要同一机关前一年度的报告；年度不相邻（或缺少年度）时不进行跨年比较。"
            "这不是本年报告的错误，而是跨年规则无法评估。",
            "Cross-year checks need the same agency's report for the year before; when the years do not follow "
            "(or a year is missing) no cross-year comparison is made. This is not an error of this year's report: "
            "the cross-year rules are not assessable.",
            message_zh="上年报告的年度为 {last}，应为 {wanted}；未进行跨年比较。",
            message_en="The previous report is for {last}, expected {wanted}; no cross-year comparison was made.",
            assessable=False,
        ),
        Rule(
            "year.agency_differs",
            "warning",
            "两份报告的机关名称不同",
            "The two reports name different agencies",
            "跨年检查应比较同一机关的报告。名称写法可能略有不同，因此只作提示，仍进行比较。",
            "Cross-year checks compare reports of the same agency. Names may be spelled differently, so this is "
            "a warning and the comparison still runs.",
            message_zh="本年报告机关为“{agency}”，上年报告机关为“{previous_agency}”。",
            message_en="This report is by “{agency}”, the previous one by “{previous_agency}”.",
        ),
        Rule(
            "year.not_assessable",
            "info",
            "跨年规则无法评估：上年报告的有关单元格为空白",
            "Cross-year rule not assessable: a cell of last year's report is blank",
            "跨年规则读取的上年报告单元格为空白时，既不能按 0 计算，也不能判定违反规则"
            "（否则会报告诸如“相差 +665”的虚假差额）。该规则在这一栏记为无法评估；"
            "上年标明“/”等不适用的单元格按 0 计算，仍然评估。"
            "本年的空白单元格与本年其他规则一样按 0 计算（另有 cell.blank 提示）。",
            "When a cell of last year's report that a cross-year rule reads is blank, it can neither be counted as 0 "
            "nor be called a violation (that would report a spurious difference such as 'off by +665'). The rule is "
            "not assessable for that column; last year's cells marked not applicable (such as “/”) count as 0 and "
            "are assessed. This year's blank cells count as 0, as in every other rule of this year's report (each "
            "with its cell.blank finding).",
            message_zh="{blank}为空白，“{rule}”在此无法评估。",
            message_en="{blank} is blank, so “{rule}” cannot be assessed here.",
            assessable=False,
        ),
        Rule(
            "year.copied_table",
            "warning",
            "表格与上年报告完全相同",
            "A table is identical to last year's",
            "本年表三（依申请公开）与同一机关上年报告的表三逐格相同，且不全为 0。两年的申请情况完全一样几乎不可能，"
            "多为照抄上年报告。全为 0 的表格不提示（没有申请的机关两年都填 0 是正常的）。",
            "Table 3 (applications) is identical, cell by cell, to table 3 of the same agency's report for the year "
            "before, and not all zero. Two years with exactly the same applications are next to impossible; the "
            "table was most likely copied. All-zero tables are not flagged (an agency without applications prints "
            "0 both years).",
            message_zh="表{table}与上年报告的表{table}完全相同（{count} 个单元格，不全为 0），可能照抄了上年报告。",
            message_en=(
                "Table {table} is identical to last year's table {table} ({count} cells, not all zero); it may have "
                "been copied."
            ),
        ),
        Rule(
            "year.copied_text",
            "warning",
            "正文与上年报告几乎相同",
            "A section's text is nearly the same as last year's",
            "本年某一部分的正文与同一机关上年报告同一部分的正文相似度达到 95% 以上"
            "（忽略空白和标点，按连续 4 个字符的片段比较：Dice 系数）。"
            "国办公开办函〔2021〕30号要求防止“内容雷同”。很短的正文（如“无。”）不比较。",
            "The text of a section is at least 95% similar to the same section of the same agency's report for "
            "the year before (white space and punctuation ignored; the Dice coefficient of their runs of 4 "
            "characters). The 2021 "
            "format notice warns against copy-paste reports (内容雷同). Very short texts (such as “无。”) are not "
            "compared.",
            message_zh="第{number}部分“{section}”的正文与上年报告的相似度为 {similarity}%，可能照抄了上年报告。",
            message_en=(
                "The text of section {number}, “{section}”, is {similarity}% similar to last year's; it may have been "
                "copied."
            ),
        ),
        Rule(
            "report.empty",
            "error",
            "表格全部为空白：未填写的模板",
            "All tables blank: an unfilled template",
            "表二、表三、表四中除合计栏外的所有单元格都是空白（或标明不适用），合计栏为空白或 0。这是未填写的模板，"
            "不是年度报告，因此不算“符合格式”。此时不再逐格报告空白单元格。",
            "Every cell of tables 2, 3 and 4 other than the totals is blank (or marked not applicable), and the totals "
            "are blank or 0. This is an unfilled template, not an annual report, so it does not conform. Blank cells "
            "are then not reported one by one.",
            message_zh="表格的 {count} 个单元格（合计栏除外）全部为空白：这是未填写的模板，不是年度报告。",
            message_en=(
                "All {count} cells of the tables (totals aside) are blank: an unfilled template, not an annual report."
            ),
        ),
        Rule(
            "report.incomplete",
            "info",
            "报告有空白单元格：相关检查按 0 计算",
            "Blank cells: the checks involving them counted them as 0",
            "报告中有单元格为空白：既不是 0，也没有标明“/”“—”“无”“不适用”等不适用标记。每个空白单元格另有一条"
            " cell.blank 提示。涉及这些单元格的勾稽关系按 0 检查，其结论以此为前提，因此报告需要人工复核。",
            "Some cells are blank: neither 0 nor marked not applicable (“/”, “—”, “无”, “不适用”). Each also has a "
            "cell.blank finding. The sums involving them were checked counting them as 0, so their verdict rests on "
            "that assumption and the report needs review.",
            message_zh="{count} 个单元格为空白（既不是 0，也未标明不适用），涉及它们的检查按 0 计算。",
            message_en=(
                "{count} cells are blank (neither 0 nor marked not applicable); the checks involving them counted "
                "them as 0."
            ),
            assessable=False,
        ),
        Rule(
            "sections.missing",
            "warning",
            "缺少规定的部分",
            "A required section is missing",
            "年度报告应依次包括六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；"
            "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项"
            "（《政府信息公开条例》第五十条，国办公开办函〔2021〕30号“不能遗漏”）。标题的编号写法（一、/（一）/1.）"
            "和措辞的小差别（如“政府信息公开工作存在的主要问题及改进情况”）都可接受。有文档的标题目录时按标题检查；"
            "只有 JSON 报告时，某部分既无正文也无表格数据即视为缺少。",
            "An annual report has six sections in this order: 1 overview; 2 proactive disclosure; 3 applications; "
            "4 reconsideration and litigation; 5 problems and improvements; 6 other matters (Regulations on Open "
            "Government Information, art. 50; the 2021 notice: 'nothing may be omitted'). Numbering variants "
            "(一、/（一）/1.) and small wording differences are accepted. With the document's outline of headings "
            "the headings are checked; for a JSON report a section with neither text nor table data counts as "
            "missing.",
            message_zh="未找到第{number}部分“{section}”的标题。",
            message_en="No heading of section {number}, “{section}”, was found.",
            variants=(
                (
                    "texts",
                    "第{number}部分“{section}”没有内容（既无正文，也无表格数据）。",
                    "Section {number}, “{section}”, has no content (neither text nor table data).",
                ),
            ),
        ),
        Rule(
            "sections.order",
            "warning",
            "各部分的顺序与规定不同",
            "Sections out of the official order",
            "六个部分应按一至六的顺序排列。标题出现的顺序与此不同时，指出不在其位置上的部分。",
            "The six sections come in the order 1 to 6. When the headings appear in another order, the finding names "
            "the section that is out of place.",
            message_zh="第{number}部分“{section}”不在规定的位置（文档中各部分的顺序为：{found}）。",
            message_en="Section {number}, “{section}”, is out of the official order (the document has: {found}).",
        ),
        Rule(
            "sections.not_assessable",
            "info",
            "无法检查各部分是否齐全",
            "Sections not assessable",
            "报告既没有文档的标题目录，也没有任何正文，无法判断六个部分是否齐全。",
            "The report has neither an outline of the document's headings nor any text, so whether the six "
            "sections are present cannot be assessed.",
            message_zh="报告没有标题目录，也没有正文，无法检查六个部分是否齐全。",
            message_en=(
                "The report has no outline of headings and no text; whether the six sections are present cannot be "
                "assessed."
            ),
            assessable=False,
        ),
        Rule(
            "template.year",
            "warning",
            "所用格式版本与报告年度不符",
            "Format version does not suit the report year",
            "2019、2020 年度的报告使用国办公开办函〔2019〕60号格式，2021 年度起使用〔2021〕30号格式；适用年度取自"
            "格式声明。用错格式的报告仍按其所用格式检查。",
            "Reports for 2019 and 2020 use the 2019-60 format, reports from 2021 on the 2021-30 format (the years "
            "are taken from the format declarations). A report in the wrong format is still checked against the "
            "format it uses.",
            message_zh="{year} 年度的报告使用了{version}的表格，该年度应使用{prescribed}。",
            message_en="The report for {year} uses the tables of {version}; reports for {year} use {prescribed}.",
        ),
        Rule(
            "template.not_assessable",
            "info",
            "报告没有年度：无法检查格式版本是否相符",
            "No report year: format version against year not assessable",
            "报告没有年度，无法判断所用格式版本是否适用于该年度。",
            "The report has no year, so whether its format version suits the year cannot be assessed.",
            message_zh="报告没有年度，无法检查所用格式版本是否与年度相符。",
            message_en="The report has no year; whether its format version suits the year cannot be assessed.",
            assessable=False,
        ),
        Rule(
            "timeliness.late",
            "warning",
            "报告晚于法定期限发布",
            "Published after the statutory deadline",
            "《政府信息公开条例》第四十九条：县级以上人民政府部门应于每年 1 月 31 日前公布本部门上一年度的年度报告；"
            "县级以上地方人民政府的政府信息公开工作主管部门应于每年 3 月 31 日前公布本级政府上一年度的年度报告。"
            "机关类别只在名称明确时推断（以“人民政府”或开发区等的“管理委员会”结尾为人民政府；"
            "以“局”“委”“办”“厅”“办公室”等结尾为部门），可用报告信息的 agency_kind 或 check(agency_kind=...) 指定。"
            "比较的是报告印出的日期。",
            "Regulations on Open Government Information, art. 49: departments of governments at county level and above "
            "publish their report for the previous year by 31 January; a local people's government's own report is "
            "published by 31 March. The kind of agency is inferred from its name only where the name is clear "
            "(ending in 人民政府, or 管理委员会 of a development zone: government; ending in 局, 委, 办, 厅, "
            "办公室 and the like: department) and can be given as header.agency_kind or check(agency_kind=...). "
            "The date compared is the one the report prints.",
            message_zh="报告的发布日期为 {published}，晚于{kind}年度报告的法定期限 {deadline} {days} 天。",
            message_en="Published on {published}, {days} day(s) after the statutory deadline for {kind}, {deadline}.",
        ),
        Rule(
            "timeliness.not_assessable",
            "info",
            "无法检查是否按期发布",
            "Timeliness not assessable",
            "缺少发布日期或报告年度，或者无法从机关名称判断是人民政府还是政府部门（例如乡镇人民政府、街道办事处、"
            "名称不带机关类别的机关），因此无法确定法定期限。可用 agency_kind 指定机关类别。",
            "The publication date or the report year is missing, or the agency's name does not tell a people's "
            "government from a department (township governments, sub-district offices, names without a kind), so "
            "the statutory deadline cannot be determined. The kind can be given with agency_kind.",
            message_zh="报告没有发布日期，无法检查是否按期发布。",
            message_en="The report has no publication date; whether it was published in time cannot be assessed.",
            variants=(
                (
                    "no_year",
                    "报告没有年度，无法确定发布期限。",
                    "The report has no year; its publication deadline cannot be determined.",
                ),
                (
                    "kind",
                    "无法从机关名称“{agency}”判断是人民政府还是政府部门，无法确定发布期限（可指定 agency_kind）。",
                    "The name “{agency}” does not tell whether this is a people's government or a department, so the "
                    "deadline cannot be determined (give agency_kind).",
                ),
            ),
            assessable=False,
        ),
        Rule(
            "narrative.mismatch",
            "warning",
            "正文中的数字与表格不符",
            "A number in the text disagrees with the table",
            "正文中明确说到某个表格数字的句子（本年新收或共收到申请、办结或答复、上年结转、结转下年度、行政复议和行政"
            "诉讼的件数），其数字与表中对应单元格不同。只在句子无歧义地指向该单元格时比较：数字后须有“件”（行政复议、"
            "诉讼也可为“起”“宗”），主动公开信息的“条”数不算；涉及其他年度、同比或其中一部分的句子不比较。“共收到申请”"
            "既可指本年新收，也可指新收加上年结转，两者之一相符即可。",
            "A sentence that clearly states a figure of the tables (applications newly received or received in all, "
            "concluded or answered, carried over, carried forward, reconsideration and litigation cases) gives a "
            "number that differs from the cell. Only sentences that refer to the cell unambiguously are compared: "
            "the number is followed by 件 (or 起 / 宗 for cases); counts of proactively disclosed items (条) are not "
            "applications; sentences about other years, year-on-year changes or a part ('其中') are skipped. "
            "'Received in all' may mean new applications or new plus carried over; either agreeing is enough.",
            message_zh="正文“{sentence}”中的 {actual} 与表{table}“{cell}”的 {expected} 不符。",
            message_en="The text “{sentence}” gives {actual}, but table {table} “{cell}” is {expected}.",
        ),
        Rule(
            "narrative.not_assessable",
            "info",
            "正文数字的统计范围可能与表格不同",
            "A number in the text may count a wider scope than the table",
            "正文中的数字与表格不同，但句子说的是“全市”“全县”“各级”等范围的数字，可能包括下级机关，"
            "与本机关表格的统计范围不一定相同，因此不判定为不符。",
            "The number in the text differs from the table, but the sentence speaks of a wider scope (the whole city "
            "or county, all levels), which may include subordinate agencies and so need not be the table's scope; it "
            "is not called a mismatch.",
            message_zh=(
                "正文“{sentence}”中的 {actual} 与表{table}“{cell}”的 {expected} 不同，但该句统计的是“{scope}”的范围。"
            ),
            message_en=(
                "The text “{sentence}” gives {actual} and table {table} “{cell}” is {expected}, but the sentence "
                "counts “{scope}”, which may be a wider scope."
            ),
            assessable=False,
        ),
        Rule(
            "parse.missing_table",
            "error",
            "未找到表格",
            "Table not found",
            "解析时在文档中找不到该表格（或其任何一行），表中各单元格记为空白。",
            "The parser found no trace of this table (or any of its rows) in the document; its cells are left blank.",
            message_zh="未找到表{table}，其单元格记为空白。",
            message_en="Table {table} was not found; its cells are left blank.",
        ),
        Rule(
            "parse.missing_row",
            "warning",
            "未找到表格行",
            "Table row not found",
            "解析时找不到该行的行标签，该行各单元格记为空白（不是 0）。有的报告删去了不适用的行。",
            "The parser found no label for this row; its cells are left blank (not 0). Some reports drop rows that "
            "do not apply to them.",
            message_zh="未找到“{row}”行，该行单元格记为空白。",
            message_en="No row labelled “{row}” was found; its cells are left blank.",
        ),
        Rule(
            "parse.unmatched_label",
            "warning",
            "表格中有格式未规定的行",
            "A table row the format does not declare",
            "表格中有一行带数字，但其行标签不是格式规定的任何一行（例如地方增设的行），该行数值未读入。",
            "A table row carries numbers but its label is none of the format's rows (e.g. a row added by a province); "
            "its values were not read.",
            message_zh="表格行“{row}”不是格式规定的行，其数值未读入。",
            message_en="Table row “{row}” is not a row of the format; its values were not read.",
        ),
        Rule(
            "parse.ambiguous_segmentation",
            "warning",
            "连在一起的数字有多种拆分方式",
            "Run-together digits split more than one way",
            "源文件中单元格之间没有分隔，连成一串的数字在满足表格勾稽关系的前提下仍有多种拆分方式。"
            "解析器不作猜测：相关单元格记为空白，并在提示中列出各种可能的读法。可用 assume= 提供其他来源的数值。",
            "The source prints the cells without separators and more than one split of the digits satisfies the "
            "table's sums. The parser does not guess: the cells are left blank and the finding lists the possible "
            "readings. Values known from elsewhere can be given with assume=.",
            message_zh="连写数字“{digits}”有 {count} 种符合勾稽关系的拆分：{readings}。相关单元格记为空白。",
            message_en=(
                "Run-together digits “{digits}” split {count} ways that fit the sums: {readings}. The cells are "
                "left blank."
            ),
        ),
        Rule(
            "parse.unreadable_cell",
            "warning",
            "单元格无法读取",
            "Cell cannot be read",
            "该位置的文字不是数字，或数值超出允许范围，或该行的数值少于格式规定的列数，单元格记为空白。",
            "The text in this place is not a number, or is out of range, or the row has fewer values than the format "
            "has columns; the cell is left blank.",
            message_zh="“{cell}”无法读取：{problem}，记为空白。",
            message_en="“{cell}” cannot be read: {problem}; left blank.",
            variants=(
                (
                    "short_row",
                    "该行数值少于列数，“{cell}”未读到，记为空白。",
                    "The row has fewer values than cells; “{cell}” was not found and is left blank.",
                ),
            ),
        ),
        Rule(
            "parse.extra_values",
            "warning",
            "表格行中有多余的数值",
            "More values than cells in a table row",
            "该行的数值多于格式规定的列数，多余的数值未读入。",
            "The row has more values than the format has columns; the surplus values were not read.",
            message_zh="该行多出数值：{values}（未读入）。",
            message_en="More values than cells in this row; not read: {values}.",
        ),
        Rule(
            "parse.segmented",
            "info",
            "连在一起的数字已按勾稽关系拆分",
            "Run-together digits split using the table's sums",
            "源文件中单元格之间没有分隔，数字串只有一种满足勾稽关系的拆分方式，已按此读取。"
            "由于勾稽关系被用于拆分，这些单元格上的勾稽关系成立并非独立的检验结果。",
            "The source prints the cells without separators and exactly one split of the digits satisfies the "
            "table's sums, so that split was taken. Because the sums were used to split, their holding on these cells "
            "is not an independent check.",
            message_zh="连写数字“{digits}”按勾稽关系唯一拆分为 {reading}。",
            message_en="Run-together digits “{digits}” split one way only by the sums: {reading}.",
        ),
        Rule(
            "parse.resolved_by_evidence",
            "info",
            "连在一起的数字依据外部证据确定拆分",
            "Run-together digits split with evidence from outside the document",
            "数字串有多种满足勾稽关系的拆分；调用者提供的证据（相邻年度的报告，或 assume= 给出的值）只与其中一种相符，"
            "已按此读取。证据只在多种读法中选择，不会替换文件中印出的数值。",
            "Several splits of the digits satisfy the table's sums; the evidence the caller supplied (the "
            "agency's report of the year before or after, or values given with assume=) agrees with exactly one, "
            "so that split was taken. Evidence only chooses among readings; it never replaces a printed value.",
            message_zh="连写数字“{digits}”有多种符合勾稽关系的拆分，依据外部证据（{evidence}）确定为 {reading}。",
            message_en=(
                "Run-together digits “{digits}” split several ways that fit the sums; outside evidence "
                "({evidence}) leaves one: {reading}."
            ),
        ),
        Rule(
            "parse.rejoined",
            "info",
            "跨行断开的数字已按勾稽关系接合",
            "Numbers broken across lines joined using the table's sums",
            "源文件把一个数字断在两行（例如“1”和“62”表示 162），该行的数值因而多于列数。"
            "只有一种接合方式满足该行的勾稽关系，已按此读取；这些单元格上的勾稽关系成立并非独立的检验结果。",
            'The source breaks a number over two lines ("1" and "62" for 162), so the row has more values than '
            "cells. Exactly one way of joining them satisfies the row's sums, so it was taken; their holding on "
            "these cells is not an independent check.",
            message_zh="跨行断开的数字“{digits}”按勾稽关系唯一读为 {reading}。",
            message_en="Numbers broken across lines “{digits}” read one way only by the sums: {reading}.",
        ),
        Rule(
            "parse.inconsistent_row",
            "warning",
            "该行没有符合勾稽关系的读法",
            "No reading of the row fits its sums",
            "该行印出的数值与单元格不能一一对应（多于或少于列数、数字连写或跨行断开），"
            "而所有可能的读法都不满足该行的勾稽关系。解析器不作猜测，该行单元格记为空白。",
            "The values printed in this row do not map one to one onto its cells (more or fewer values than "
            "cells, digits run together or broken over lines), and none of the possible readings satisfies the "
            "row's sums. The parser does not guess: the row's cells are left blank.",
            message_zh="“{digits}”的 {count} 种可能读法都不符合该行的勾稽关系，该行单元格记为空白。",
            message_en=(
                "None of the {count} possible readings of “{digits}” fits the row's sums; its cells are left blank."
            ),
        ),
        Rule(
            "parse.misread_table",
            "warning",
            "表格可能读错",
            "Table probably misread",
            "按读出的数值，该表同时有多处勾稽关系不成立，而文件印出的总计彼此相符。"
            "这说明数值被读进了错误的单元格，而不是报告本身有误；相关单元格记为空白，请核对原文。",
            "As read, the table breaks many of its sums at once while the totals the document prints agree with "
            "each other. That points at values read into the wrong cells rather than at the report; the cells "
            "involved are left blank. Check the source.",
            message_zh=(
                "表{table}读出的数值有 {count} 处勾稽关系不成立，而印出的总计彼此相符，可能是解析错位；"
                "相关单元格记为空白。"
            ),
            message_en=(
                "Table {table} as read breaks {count} of its sums while its printed totals agree with each other: "
                "probably misread; the cells involved are left blank."
            ),
        ),
        Rule(
            "parse.text_dropped",
            "warning",
            "报告信息或正文未能读入",
            "Header or text left out",
            "从文件中读出的机关名称、引言、联系方式或正文不符合模型的限制（例如过长），"
            "因此报告只保留年度、日期和表格数据；表格数值不受影响。",
            "The agency, preamble, contact details or section texts read from the document do not fit the "
            "model's limits (for example, too long), so the report keeps only the year, the date and the table "
            "cells; the cell values are unaffected.",
            message_zh="报告信息或正文无法按模型读取（{reason}），已略去机关名称、引言、联系方式和各部分正文。",
            message_en=(
                "The header or text could not be taken into the model ({reason}); the agency, preamble, contact "
                "details and section texts were left out."
            ),
        ),
        Rule(
            "parse.format_version",
            "warning",
            "格式版本不能确定",
            "Format version uncertain",
            "表格特征同时符合两个格式版本，或都不符合；已按得分较高者（或 2021-30）解析。",
            "The table signatures match both format versions, or neither; the higher-scoring one (or 2021-30) "
            "was used.",
            message_zh="表格特征不能区分格式版本（{scores}），按 {version} 解析。",
            message_en="The table signatures do not tell the format version apart ({scores}); read as {version}.",
        ),
        Rule(
            "parse.encoding",
            "info",
            "文本不是 UTF-8 编码",
            "Text not in UTF-8",
            "文件不是 UTF-8 编码，已按 GB18030 解码；无法解码的字节已替换。",
            "The file is not UTF-8; it was decoded as GB18030, and undecodable bytes were replaced.",
            message_zh="文件不是 UTF-8 编码，{how}。",
            message_en="Not UTF-8; {how}.",
        ),
    )
}


def explain(code: str) -> Rule:
    """The catalogue entry of ``code``; :class:`~gbreport.UnknownCodeError` naming the known codes if unknown."""
    try:
        return CATALOGUE[code]
    except (KeyError, TypeError):
        raise UnknownCodeError(f"unknown finding code {code!r}; known codes: {', '.join(sorted(CATALOGUE))}") from None
