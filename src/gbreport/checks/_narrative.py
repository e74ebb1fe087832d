"""Numbers the text states about table cells, compared with those cells.

Conservative by construction: a figure is compared only when its clause says
unambiguously which cell it is (a verb or phrase naming the row, the number, then 件;
行政复议 / 行政诉讼 cases may be counted in 起 or 宗).  Clauses about another year,
a year-on-year change or a part (其中) are skipped; 条 of proactively disclosed
information are never applications.  A figure that differs from the table in a
sentence about a wider scope (全市, 全县, 各级 …) is not assessable rather than a
mismatch.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._vector import Value, cell_map, index, vector
from ..formats import Label
from ._findings import Finding
from ._labels import cell_label, table_number
from .catalogue import CATALOGUE

if TYPE_CHECKING:
    from ..model import Report

NUM = r"(?<![\d,])(?P<n>\d{1,3}(?:,\d{3})++|\d++)\s*"
_REST = r"[^\d，,；;。（）()]"
"""Characters allowed between the words of a pattern and its number: no digit, no clause break."""


@dataclass(frozen=True, slots=True)
class Topic:
    """A table figure a sentence can state: its patterns and the cells it may mean.

    ``readings`` are alternative cell sums (the figure agrees when it equals any of
    them); ``needs`` are words the sentence must contain, ``avoid`` words that make
    the clause ambiguous for this topic.
    """

    key: str
    patterns: tuple[re.Pattern[str], ...]
    readings: tuple[tuple[str, ...], ...]
    needs: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()


def _p(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


_CASE_UNITS = "(?:件|起|宗)"
_RESULT_WORDS = ("维持", "纠正", "其他结果", "审结", "撤销", "确认违法", "驳回", "败诉", "胜诉", "纠错", "结果")
_OTHER_MATTERS = ("案件", "复议", "诉讼", "建议", "提案", "事项", "诉求", "信访", "热线", "来信", "政务服务", "办件")

TOPICS: tuple[Topic, ...] = (
    Topic(
        "carried_over",
        _p(rf"上一?年度?结转{_REST}{{0,12}}?{NUM}件", rf"{NUM}件{_REST}{{0,4}}?(?:系|为|是)?上一?年度?结转"),
        (("t3.carried_over.total",),),
        needs=("申请",),
    ),
    Topic(
        "carried_forward",
        _p(
            rf"结转(?:至|到)?下一?年度?{_REST}{{0,10}}?{NUM}件",
            rf"{NUM}件{_REST}{{0,4}}?结转(?:至|到)?下一?年",
        ),
        (("t3.carried_forward.total",),),
        needs=("申请",),
    ),
    Topic(
        "new_received",
        _p(rf"新收{_REST}{{0,25}}?{NUM}件"),
        (("t3.new_received.total",),),
        needs=("申请",),
        avoid=("结转",),
    ),
    Topic(
        "received",
        _p(rf"(?<!新)(?:收到|受理|接收|接到){_REST}{{0,25}}?{NUM}件"),
        (("t3.new_received.total",), ("t3.new_received.total", "t3.carried_over.total")),
        needs=("申请",),
        avoid=("结转", "新收"),
    ),
    Topic(
        "concluded",
        _p(
            rf"(?:办结|答复|办理完毕|办理){_REST}{{0,6}}?{NUM}件",
            rf"{NUM}件{_REST}{{0,3}}?(?:已)?(?:办结|答复完毕|办理完毕)",
        ),
        (("t3.total.total",),),
        needs=("申请",),
        avoid=("结转", "办结率", "答复率", *_OTHER_MATTERS),
    ),
    Topic(
        "reconsideration",
        _p(rf"行政复议{_REST}{{0,10}}?{NUM}{_CASE_UNITS}", rf"{NUM}{_CASE_UNITS}{_REST}{{0,6}}?行政复议"),
        (("t4.reconsideration.total",),),
        avoid=("诉讼", "起诉", *_RESULT_WORDS),
    ),
    Topic(
        "litigation",
        _p(rf"行政诉讼{_REST}{{0,10}}?{NUM}{_CASE_UNITS}", rf"{NUM}{_CASE_UNITS}{_REST}{{0,6}}?行政诉讼"),
        (("t4.litigation_direct.total", "t4.litigation_after_reconsideration.total"),),
        avoid=("复议", *_RESULT_WORDS),
    ),
)

_OTHER_TIME = re.compile(r"上一?年(?!度?结转)|去年|前年|同比|环比|比上|较上|增长|下降|减少|增加|累计|历年|以来")
_PART = re.compile(r"其中|包括|含有?(?!上一?年度?结转)")
_SCOPE = re.compile(
    r"全市|全县|全区|全省|全州|全盟|全旗|全镇|全乡|各级|各地|各部门|各单位|各乡镇|全系统|系统内|下属|所属|直属"
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?!度?结转)")
_SENTENCE = re.compile(r"[^。！？!?\n]+")
_CLAUSE = re.compile(r"[^，,；;（）()]+")

SCANNED = ("overview", "proactive", "applications", "reviews")
"""The sections whose text is read for figures (五 and 六 speak of problems and plans)."""

MAX_SHOWN = 120


@dataclass(frozen=True, slots=True)
class Statement:
    """A figure a sentence states about a table cell."""

    topic: Topic
    number: int
    sentence: str
    section: str
    scope: str | None


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def statements(section: str, text: str, year: int | None) -> Iterator[Statement]:
    """The figures ``text`` states unambiguously, sentence by sentence."""
    for sentence_match in _SENTENCE.finditer(text):
        printed = sentence_match.group().strip()
        sentence = _normal(printed)
        if not any(ch.isdigit() for ch in sentence):
            continue
        years = {int(y) for y in _YEAR.findall(sentence)}
        if year is not None and years - {year}:
            continue  # speaks of another year
        scope = _SCOPE.search(sentence)
        for clause_match in _CLAUSE.finditer(sentence):
            clause = clause_match.group()
            if _OTHER_TIME.search(clause) or _PART.search(clause):
                continue
            for topic in TOPICS:
                if any(word in clause for word in topic.avoid):
                    continue
                if topic.needs and not all(word in sentence for word in topic.needs):
                    continue
                for pattern in topic.patterns:
                    m = pattern.search(clause)
                    if m is not None:
                        yield Statement(
                            topic, int(m.group("n").replace(",", "")), printed, section, scope and scope.group()
                        )
                        break


def _shown(sentence: str) -> str:
    return sentence if len(sentence) <= MAX_SHOWN else sentence[: MAX_SHOWN - 1] + "…"


def narrative_findings(report: Report) -> list[Finding]:
    """A finding for each figure in the text that disagrees with its table cell."""
    version = report.format_version
    known = cell_map(version)
    values = dict(zip(index(version), vector(report), strict=True))
    marks = getattr(report, "marks", {}) or {}
    out: list[Finding] = []
    seen: set[tuple[str, int, str]] = set()
    for section in SCANNED:
        text = getattr(report.sections, section, None)
        if not text:
            continue
        for statement in statements(section, text, report.header.year):
            readings = [r for r in statement.topic.readings if all(c in known for c in r)]
            sums = [_sum(values, marks, r) for r in readings]
            if not readings or any(s is None for s in sums):
                continue  # the table does not have the cell, or leaves it blank
            if statement.number in sums:
                continue
            key = (statement.topic.key, statement.number, statement.sentence)
            if key in seen:
                continue
            seen.add(key)
            out.append(_finding(version, statement, readings[0], sums[0]))
    return out


def _sum(values: dict[str, Value], marks: dict[str, str], cells: tuple[str, ...]) -> int | None:
    total = 0
    for cell in cells:
        value = values[cell]
        if value is None:
            if cell not in marks:
                return None
            value = 0
        total += int(value)
    return total


def _finding(version: str, statement: Statement, cells: tuple[str, ...], expected: int | None) -> Finding:
    labels = [cell_label(version, c) for c in cells]
    cell = Label(" + ".join(x.zh for x in labels), " + ".join(x.en for x in labels))
    table = table_number(version, cell_map(version)[cells[0]].table)
    rule = CATALOGUE["narrative.mismatch" if statement.scope is None else "narrative.not_assessable"]
    return rule.finding(
        cells,
        expected=expected,
        actual=statement.number,
        location=f"sections.{statement.section}",
        sentence=_shown(statement.sentence),
        table=table,
        cell=cell,
        scope=statement.scope,
    )
