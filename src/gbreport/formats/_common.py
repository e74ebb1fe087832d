"""Declarations shared by both format versions: table 3 (less its （六） row), table 4,
the section headings and the cross-year rules that depend only on table 3."""

from __future__ import annotations

from ._spec import (
    Balance,
    CrossYearRule,
    CrossYearTerm,
    GridTable,
    Label,
    Node,
    Section,
    node,
)

SECTIONS = (
    Section("overview", "一", Label("总体情况", "Overview")),
    Section(
        "proactive",
        "二",
        Label("主动公开政府信息情况", "Proactive disclosure of government information"),
        table="t2",
    ),
    Section(
        "applications",
        "三",
        Label(
            "收到和处理政府信息公开申请情况",
            "Applications for disclosure received and handled",
        ),
        table="t3",
    ),
    Section(
        "reviews",
        "四",
        Label(
            "政府信息公开行政复议、行政诉讼情况",
            "Administrative reconsideration and litigation concerning disclosure",
        ),
        table="t4",
    ),
    Section(
        "problems",
        "五",
        Label("存在的主要问题及改进情况", "Main problems and improvements"),
    ),
    Section("other", "六", Label("其他需要报告的事项", "Other matters to report")),
)

T3_COLUMNS = (
    node("natural_person", "自然人", "Natural persons"),
    node(
        None,
        "法人或其他组织",
        "Legal persons or other organisations",
        node("commercial", "商业企业", "Commercial enterprises"),
        node("research", "科研机构", "Research institutions"),
        node("social_org", "社会公益组织", "Public-interest organisations"),
        node("legal_service", "法律服务机构", "Legal service providers"),
        node("other_org", "其他", "Others"),
    ),
    node("total", "总计", "Total", total=True, rule="t3.row_total"),
)

_WITHHELD = node(
    "withheld",
    "（三）不予公开",
    "(3) Withheld",
    node("state_secret", "1.属于国家秘密", "1. State secret"),
    node("prohibited_by_law", "2.其他法律行政法规禁止公开", "2. Barred by other laws or regulations"),
    node("security_stability", "3.危及“三安全一稳定”", "3. Endangers security or stability"),
    node("third_party_rights", "4.保护第三方合法权益", "4. Protects third-party rights"),
    node("internal_affairs", "5.属于三类内部事务信息", "5. Internal affairs"),
    node("process_information", "6.属于四类过程性信息", "6. Process information"),
    node("enforcement_files", "7.属于行政执法案卷", "7. Enforcement case files"),
    node("query_matters", "8.属于行政查询事项", "8. Administrative query matters"),
    model="T3Withheld",
)

_UNAVAILABLE = node(
    "unavailable",
    "（四）无法提供",
    "(4) Cannot be provided",
    node("not_held", "1.本机关不掌握相关政府信息", "1. Not held by this agency"),
    node("needs_creation", "2.没有现成信息需要另行制作", "2. Would have to be newly created"),
    node("unclear", "3.补正后申请内容仍不明确", "3. Still unclear after correction"),
    model="T3Unavailable",
)

_NOT_PROCESSED = node(
    "not_processed",
    "（五）不予处理",
    "(5) Not processed",
    node("petition", "1.信访举报投诉类申请", "1. Petitions, reports or complaints"),
    node("repeated", "2.重复申请", "2. Repeated application"),
    node("publication", "3.要求提供公开出版物", "3. Requests for published material"),
    node("excessive", "4.无正当理由大量反复申请", "4. Excessive repeated applications"),
    node(
        "confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        "5. Asks to confirm or reissue information already obtained",
    ),
    model="T3NotProcessed",
)

T3_CORNER = Label(
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "(In every column: item I plus item II equals item III plus item IV)",
)


def t3_table(other: Node, model: str) -> GridTable:
    """Table 3 with the version-specific （六）其他处理 node."""
    rows = (
        node("new_received", "一、本年新收政府信息公开申请数量", "I. New applications received this year"),
        node("carried_over", "二、上年结转政府信息公开申请数量", "II. Applications carried over from last year"),
        node(
            None,
            "三、本年度办理结果",
            "III. Outcomes",
            node("granted", "（一）予以公开", "(1) Disclosed"),
            node(
                "partially_granted",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "(2) Partly disclosed",
            ),
            _WITHHELD,
            _UNAVAILABLE,
            _NOT_PROCESSED,
            other,
            node("total", "（七）总计", "(7) Total", total=True, rule="t3.results_total"),
        ),
        node("carried_forward", "四、结转下年度继续办理", "IV. Carried forward to next year"),
    )
    return GridTable(
        id="t3",
        model=model,
        row_model="T3Row",
        corner=T3_CORNER,
        column_header=Label("申请人情况", "Applicants"),
        rows=rows,
        columns=T3_COLUMNS,
        balances=(
            Balance(
                rule="t3.balance",
                left=("new_received", "carried_over"),
                right=("total", "carried_forward"),
                note=T3_CORNER,
            ),
        ),
    )


def _t4_group(key: str, zh: str, en: str) -> Node:
    return node(
        key,
        zh,
        en,
        node("upheld", "结果维持", "Upheld"),
        node("corrected", "结果纠正", "Corrected"),
        node("other", "其他结果", "Other result"),
        node("pending", "尚未审结", "Pending"),
        node("total", "总计", "Total", total=True, rule="t4.group_total"),
        model="T4Group",
    )


T4 = GridTable(
    id="t4",
    model="Table4",
    row_model="Table4",
    corner=Label("", ""),
    rows=(node(None, "", ""),),
    columns=(
        _t4_group("reconsideration", "行政复议", "Administrative reconsideration"),
        node(
            None,
            "行政诉讼",
            "Litigation",
            _t4_group("litigation_direct", "未经复议直接起诉", "Filed directly"),
            _t4_group("litigation_after_reconsideration", "复议后起诉", "Filed after reconsideration"),
        ),
    ),
)


def carry_over_rules() -> tuple[CrossYearRule, ...]:
    """四、结转下年度继续办理 of year N = 二、上年结转 of year N+1, per column of table 3."""
    rules = []
    for column in (leaf for c in T3_COLUMNS for leaf in c.leaves()):
        rules.append(
            CrossYearRule(
                rule="year.carry_over",
                where=column.label,
                expected=(CrossYearTerm(1, "previous", f"t3.carried_forward.{column.key}"),),
                actual=f"t3.carried_over.{column.key}",
            )
        )
    return tuple(rules)
