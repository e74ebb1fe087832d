"""国办公开办函〔2021〕30号: the revised format, used from the 2021 reports on."""

from __future__ import annotations

from . import v2019_60
from ._common import SECTIONS, T4, carry_over_rules, t3_table
from ._spec import Block, BlockTable, Conversion, CrossYearRule, CrossYearTerm, Format, Label, RowMove, node

_DECISIONS = (node("decisions", "本年处理决定数量", "Decisions this year"),)

T2 = BlockTable(
    id="t2",
    model="Table2V2021",
    header=Label("信息内容", "Content"),
    blocks=(
        Block(
            caption=Label("第二十条第（一）项", "Article 20, item (1)"),
            columns=(
                node("issued", "本年制发件数", "Issued this year"),
                node("repealed", "本年废止件数", "Repealed this year"),
                node("in_force", "现行有效件数", "In force"),
            ),
            rows=(
                node("regulations", "规章", "Rules"),
                node("normative_documents", "行政规范性文件", "Administrative normative documents"),
            ),
            model="T2DocumentsV2021",
        ),
        Block(
            caption=Label("第二十条第（五）项", "Article 20, item (5)"),
            columns=_DECISIONS,
            rows=(node("licensing", "行政许可", "Administrative licensing"),),
            model="T2DecisionsV2021",
        ),
        Block(
            caption=Label("第二十条第（六）项", "Article 20, item (6)"),
            columns=_DECISIONS,
            rows=(
                node("penalties", "行政处罚", "Administrative penalties"),
                node("coercion", "行政强制", "Administrative coercion"),
            ),
            model="T2DecisionsV2021",
        ),
        Block(
            caption=Label("第二十条第（八）项", "Article 20, item (8)"),
            columns=(
                node(
                    "amount",
                    "本年收费金额（单位：万元）",
                    "Amount charged this year (10k CNY)",
                    kind="money_wan",
                ),
            ),
            rows=(node("fees", "行政事业性收费", "Administrative fees"),),
            model="T2FeesV2021",
        ),
    ),
)

_OTHER = node(
    "other",
    "（六）其他处理",
    "(6) Other",
    node(
        "overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "1. Applicant did not correct in time; no longer processed",
    ),
    node(
        "unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "2. Applicant did not pay the fee in time; no longer processed",
    ),
    node("other", "3.其他", "3. Other"),
    model="T3OtherV2021",
)

FORMAT = Format(
    version="2021-30",
    document=Label(
        "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》",
        "GOIO letter [2021] No. 30, annual report format",
    ),
    report_years=(2021, None),
    model="ReportV2021",
    sections=SECTIONS,
    t2=T2,
    t3=t3_table(_OTHER, "Table3V2021"),
    t4=T4,
    cross_year=carry_over_rules()
    + tuple(
        CrossYearRule(
            rule="year.in_force",
            where=T2.blocks[0].rows[i].label,
            expected=(
                CrossYearTerm(1, "previous", f"t2.{row}.in_force"),
                CrossYearTerm(1, "current", f"t2.{row}.issued"),
                CrossYearTerm(-1, "current", f"t2.{row}.repealed"),
            ),
            actual=f"t2.{row}.in_force",
        )
        for i, row in enumerate(("regulations", "normative_documents"))
    ),
    converts_from=(
        Conversion(
            source=v2019_60.FORMAT.version,
            moves=(
                RowMove(
                    "t3.other",
                    "t3.other.other",
                    "2019-60 （六）其他处理 is one row; 2021-30 splits it in three, "
                    "and the 2019-60 count goes to 3.其他",
                ),
            ),
        ),
    ),
)
