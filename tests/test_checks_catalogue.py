"""The findings catalogue: every message is formatted from its rule's templates."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

import gbreport
from conftest import CORPUS
from gbreport.checks import CATALOGUE, FRAGMENTS, Finding, make_finding, table_number
from gbreport.checks.catalogue import placeholders
from gbreport.formats import FORMAT_VERSIONS, Label, cells_of, get_format, register_format, unregister_format


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """A template as a regular expression: every placeholder matches any text."""
    out, pos = "", 0
    for m in re.finditer(r"\{(\w+)\}", template):
        out += re.escape(template[pos : m.start()]) + "(?s:.*?)"
        pos = m.end()
    return re.compile(out + re.escape(template[pos:]))


def _from_template(finding: Finding) -> bool:
    rule = CATALOGUE[finding.code]
    pairs = [rule.templates(), *((zh, en) for _, zh, en in rule.variants)]
    return any(
        _pattern(zh).fullmatch(finding.message_zh) and _pattern(en).fullmatch(finding.message_en) for zh, en in pairs
    )


def test_every_rule_has_both_messages_with_the_same_placeholders() -> None:
    for rule in CATALOGUE.values():
        for zh, en in [rule.templates(), *((zh, en) for _, zh, en in rule.variants)]:
            assert zh and en, rule.code
            assert placeholders(zh) == placeholders(en), rule.code


def test_make_finding_formats_both_messages_from_the_catalogue() -> None:
    f = make_finding(
        "t4.group_total",
        ("t4.reconsideration.upheld", "t4.reconsideration.total"),
        expected=2,
        actual=5,
        table=table_number("2021-30", "t4"),
        totals=Label("“行政复议 / 总计”", "“Reconsideration / Total”"),
    )
    assert (f.severity, f.difference) == ("error", 3)
    assert f.message_zh == "表四：“行政复议 / 总计” 为 5，而其余各栏之和为 2（相差 +3）。"
    assert f.message_en == "Table 4: “Reconsideration / Total” = 5, but the result columns add up to 2 (off by +3)."
    # a variant of the same rule
    g = CATALOGUE["parse.unreadable_cell"].finding(("t3.granted.total",), variant="short_row", cell=Label("甲", "A"))
    assert g.message_en == "The row has fewer values than cells; “A” was not found and is left blank."
    with pytest.raises(KeyError, match="needs totals"):
        make_finding("t4.group_total", expected=1, actual=2, table=Label("四", "4"))
    with pytest.raises(KeyError, match="no message variant"):
        CATALOGUE["cell.blank"].finding(variant="nope", cell="x")


def test_table_numbers_come_from_the_sections_of_the_declaration() -> None:
    for version in FORMAT_VERSIONS:
        assert table_number(version, "t3") == Label("三", "3")
        assert table_number(version, "t4") == Label("四", "4")
    # a version whose sections are numbered differently names its tables differently
    base = get_format("2021-30")
    import dataclasses

    sections = tuple(dataclasses.replace(s, number=n) for s, n in zip(base.sections, "甲乙丙丁戊己", strict=True))
    register_format(dataclasses.replace(base, version="test-renumbered", sections=sections))
    try:
        assert table_number("test-renumbered", "t3") == Label("丙", "3")
        values = {c.id: 0 for c in cells_of(get_format("test-renumbered"))}
        values["t4.reconsideration.total"] = 1
        [finding] = gbreport.check(gbreport.from_cells("test-renumbered", values))
        assert finding.message_zh.startswith("表丁：")
    finally:
        unregister_format("test-renumbered")


def test_cross_year_terms_read_as_english() -> None:
    """The English message names last year's cell with a possessive (it used to run the words together)."""
    values: dict[str, Any] = {c.id: 0 for c in cells_of(get_format("2021-30"))}
    last = gbreport.from_cells("2021-30", values, header={"year": 2021})
    values["t2.regulations.issued"] = 2
    [finding] = gbreport.check(gbreport.from_cells("2021-30", values, header={"year": 2022}), previous=last)
    assert finding.message_en == (
        "This year's “Rules / In force” is 0, but last year's “Rules / In force” + this year's “Rules / Issued this "
        "year” − this year's “Rules / Repealed this year” = 2 (off by -2)."
    )
    assert "上年“第二十条第（一）项 / 规章 / 现行有效件数” + 本年“" in finding.message_zh
    assert FRAGMENTS["last_year"].zh.format("x") == "上年“x”"


def test_every_message_on_real_documents_comes_from_its_template() -> None:
    """Checks and parsing alike: each finding's messages are an instance of its rule's templates."""
    codes = set()
    for path in sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".json")):
        result = gbreport.parse(path)
        for f in [*result.findings, *gbreport.check(result.report, source=result)]:
            assert _from_template(f), (path.name, f.code, f.message_zh, f.message_en)
            codes.add(f.code)
    assert len(codes) >= 4, codes  # the corpus exercises parse and check messages alike
