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
from string import Formatter
from typing import Final, Protocol, runtime_checkable

from .._vector import Value
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
    if isinstance(value, Bilingual):
        return str(getattr(value, lang))
    if value is None:
        return str(getattr(FRAGMENTS["blank"], lang))
    return str(value)


def _signed(value: Value) -> object:
    return None if value is None else format(value, "+")


def placeholders(template: str) -> frozenset[str]:
    """The named placeholders of a message template."""
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
            "difference": _signed(None if expected is None or actual is None else actual - expected),
            "cells": ", ".join(cells),
            "location": location,
        }
        values.update(params)
        out = []
        for lang, template in zip(_LANGS, self.templates(variant), strict=True):
            missing = placeholders(template) - values.keys()
            if missing:
                raise KeyError(f"message of {self.code} needs {', '.join(sorted(missing))}")
            out.append(template.format_map({k: _text(v, lang) for k, v in values.items()}))
        return out[0], out[1]

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
            "error",
            "上年报告的年度不是本年度的前一年",
            "The previous report is not for the year before",
            "跨年检查需要同一机关前一年度的报告；年度不相邻（或缺少年度）时不进行跨年比较。",
            "Cross-year checks need the same agency's report for the year before; when the years do not follow "
            "(or a year is missing) no cross-year comparison is made.",
            message_zh="上年报告的年度为 {last}，应为 {wanted}；未进行跨年比较。",
            message_en="The previous report is for {last}, expected {wanted}; no cross-year comparison was made.",
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
    """The catalogue entry of ``code``; :class:`KeyError` with the known codes if unknown."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError(f"unknown finding code {code!r}; known codes: {', '.join(sorted(CATALOGUE))}") from None
