"""国办公开办函〔2019〕60号: the trial format, used for the 2019 and 2020 reports."""

from __future__ import annotations

from ._common import SECTIONS, T4, carry_over_rules, t3_table
from ._spec import (
    Block,
    BlockTable,
    CrossYearRule,
    CrossYearTerm,
    Extra,
    Format,
    Label,
    node,
)

_DOC_COLUMNS = (
    node("made", "本年新制作数量", "Made this year"),
    node("published", "本年新公开数量", "Published this year"),
    node("total_published", "对外公开总数量", "Total published"),
)
_ITEM_COLUMNS = (
    node("items_last_year", "上一年项目数量", "Items last year"),
    node("change", "本年增/减", "Change this year", kind="signed_count"),
    node("decisions", "处理决定数量", "Decisions"),
)

T2 = BlockTable(
    id="t2",
    model="Table2V2019",
    header=Label("信息内容", "Content"),
    blocks=(
        Block(
            caption=Label("第二十条第（一）项", "Article 20, item (1)"),
            columns=_DOC_COLUMNS,
            rows=(
                node("regulations", "规章", "Rules"),
                node("normative_documents", "规范性文件", "Normative documents"),
            ),
            model="T2DocumentsV2019",
        ),
        Block(
            caption=Label("第二十条第（五）项", "Article 20, item (5)"),
            columns=_ITEM_COLUMNS,
            rows=(
                node("licensing", "行政许可", "Administrative licensing"),
                node("other_services", "其他对外管理服务事项", "Other external management and services"),
            ),
            model="T2ItemsV2019",
        ),
        Block(
            caption=Label("第二十条第（六）项", "Article 20, item (6)"),
            columns=_ITEM_COLUMNS,
            rows=(
                node("penalties", "行政处罚", "Administrative penalties"),
                node("coercion", "行政强制", "Administrative coercion"),
            ),
            model="T2ItemsV2019",
        ),
        Block(
            caption=Label("第二十条第（八）项", "Article 20, item (8)"),
            columns=_ITEM_COLUMNS[:2],
            rows=(node("fees", "行政事业性收费", "Administrative fees"),),
            model="T2FeeItemsV2019",
        ),
        Block(
            caption=Label("第二十条第（九）项", "Article 20, item (9)"),
            columns=(
                node("projects", "采购项目数量", "Projects"),
                node("amount", "采购总金额", "Total amount", kind="money"),
            ),
            rows=(node("procurement", "政府集中采购", "Centralised government procurement"),),
            model="T2ProcurementV2019",
            extras=(
                Extra(
                    "amount_unit",
                    "AmountUnit | None",
                    "None",
                    "Unit printed with 采购总金额 (the format prescribes none): 元, 万元, or unknown.",
                ),
            ),
        ),
    ),
)

_ROLLED_ROWS = ("licensing", "other_services", "penalties", "coercion", "fees")

FORMAT = Format(
    version="2019-60",
    document=Label(
        "国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》",
        "GOIO letter [2019] No. 60, annual report format (trial)",
    ),
    report_years=(2019, 2020),
    model="ReportV2019",
    sections=SECTIONS,
    t2=T2,
    t3=t3_table(node("other", "（六）其他处理", "(6) Other handling"), "Table3V2019"),
    t4=T4,
    cross_year=carry_over_rules()
    + tuple(
        CrossYearRule(
            rule="year.items_rolled",
            where=next(r.label for b in T2.blocks for r in b.rows if r.key == row),
            expected=(
                CrossYearTerm(1, "previous", f"t2.{row}.items_last_year"),
                CrossYearTerm(1, "previous", f"t2.{row}.change"),
            ),
            actual=f"t2.{row}.items_last_year",
        )
        for row in _ROLLED_ROWS
    ),
)
