"""The conformance checks: valid reports pass, every single-cell change is caught."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gbreport
from gbreport.checks import CATALOGUE
from gbreport.formats import FORMAT_VERSIONS, cells_of, get_format, relations_of
from gbreport.strategies import reports


def _set(report: gbreport.Report, cell_id: str, value: Any) -> gbreport.Report:
    values = dict(gbreport.cells(report))
    values[cell_id] = value
    return gbreport.from_cells(report.format_version, values, header=report.header)


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
@given(data=st.data())
def test_generated_reports_pass_every_check(version: str, data: st.DataObject) -> None:
    report = data.draw(reports(version))
    assert gbreport.check(report) == ()
    gbreport.ensure_conforms(report)


@given(data=st.data())
def test_any_single_cell_change_in_tables_3_and_4_is_caught(data: st.DataObject) -> None:
    report = data.draw(reports())
    fmt = gbreport.get_format(report.format_version)
    cell_id = data.draw(st.sampled_from([c.id for c in cells_of(fmt) if c.table in ("t3", "t4")]))
    old = dict(gbreport.cells(report))[cell_id]
    assert isinstance(old, int)
    delta = data.draw(st.integers(-old, 50).filter(lambda d: d != 0))
    findings = gbreport.check(_set(report, cell_id, old + delta))
    assert any(f.severity == "error" and cell_id in f.cells for f in findings), findings
    # each finding is one violated equation: its expected and actual differ by exactly the change
    for f in findings.errors:
        assert f.difference in (delta, -delta)


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_one_finding_per_violated_equation(version: str) -> None:
    zero = gbreport.from_cells(version, {c.id: 0 for c in cells_of(get_format(version))})
    assert gbreport.check(zero) == ()
    # a leaf outcome cell breaks its row total and its column's results total; the printed
    # totals still balance, so the stated identity holds
    findings = gbreport.check(_set(zero, "t3.granted.commercial", 2))
    assert sorted(f.code for f in findings) == ["t3.results_total", "t3.row_total"]
    row = next(f for f in findings if f.code == "t3.row_total")
    assert (row.expected, row.actual, row.difference) == (2, 0, -2)
    assert row.cells[-1] == "t3.granted.total"
    assert "（一）予以公开" in row.message_zh and "(1) Disclosed" in row.message_en
    # 一 without anything else: breaks the row total of 一 and the balance of that column
    findings = gbreport.check(_set(zero, "t3.new_received.natural_person", 5))
    assert sorted(f.code for f in findings) == ["t3.balance", "t3.row_total"]
    balance = next(f for f in findings if f.code == "t3.balance")
    assert (balance.expected, balance.actual) == (5, 0)
    assert balance.cells == (
        "t3.new_received.natural_person",
        "t3.carried_over.natural_person",
        "t3.total.natural_person",
        "t3.carried_forward.natural_person",
    )
    # a table-4 total
    findings = gbreport.check(_set(zero, "t4.litigation_direct.total", 3))
    assert [(f.code, f.expected, f.actual) for f in findings] == [("t4.group_total", 0, 3)]
    assert "未经复议直接起诉" in findings[0].message_zh


def test_blank_is_counted_as_zero_and_reported_as_info() -> None:
    values = {c.id: 0 for c in cells_of(get_format("2019-60"))}
    values["t3.granted.research"] = None
    values["t3.granted.natural_person"] = 4
    values["t3.granted.total"] = 4
    values["t3.total.natural_person"] = 4
    values["t3.total.total"] = 4
    values["t3.new_received.natural_person"] = 4
    values["t3.new_received.total"] = 4
    report = gbreport.from_cells("2019-60", values)
    findings = gbreport.check(report)
    assert [(f.code, f.severity, f.cells) for f in findings] == [("cell.blank", "info", ("t3.granted.research",))]
    assert findings.conforms


def test_ensure_conforms_raises_one_exception_with_all_errors() -> None:
    zero = gbreport.from_cells("2021-30", {c.id: 0 for c in cells_of(get_format("2021-30"))})
    broken = _set(_set(zero, "t4.reconsideration.total", 1), "t3.other.unpaid_fee.total", 2)
    with pytest.raises(gbreport.ConformanceError) as info:
        gbreport.ensure_conforms(broken)
    codes = sorted(f.code for f in info.value.findings)
    assert codes == ["t3.results_total", "t3.row_total", "t4.group_total"]
    assert "t4.reconsideration.total" in str(info.value)


def test_every_relation_rule_is_catalogued() -> None:
    for version in FORMAT_VERSIONS:
        fmt = get_format(version)
        for r in relations_of(fmt):
            assert r.rule in CATALOGUE
        for rule in fmt.cross_year:
            assert rule.rule in CATALOGUE
    for rule in CATALOGUE.values():
        assert rule.title_zh and rule.title_en and rule.explanation_zh and rule.explanation_en


# --- cross-year --------------------------------------------------------------------------------


def _zero(version: str, year: int | None, agency: str = "某市某局", **cells: Any) -> gbreport.Report:
    values: dict[str, Any] = {c.id: 0 for c in cells_of(get_format(version))}
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    from gbreport.builders._totals import fill_totals

    return gbreport.from_cells(version, fill_totals(version, values), header={"agency": agency, "year": year})


@pytest.mark.parametrize("previous_version", FORMAT_VERSIONS)
@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_carry_over_is_checked_per_column_across_versions(previous_version: str, version: str) -> None:
    last = _zero(
        previous_version,
        2020,
        t3__carried_forward__natural_person=3,
        t3__new_received__natural_person=3,
    )
    good = _zero(version, 2021, t3__carried_over__natural_person=3, t3__granted__natural_person=3)
    assert gbreport.check(good) == ()
    assert gbreport.check(last) == ()
    assert gbreport.check(good, previous=last).codes() == []
    bad = _zero(version, 2021, t3__carried_over__research=3, t3__granted__research=3)
    findings = gbreport.check(bad, previous=last)
    # 自然人 and 科研机构 differ; the 总计 column (3 both years) still carries over
    assert sorted((f.code, f.cells[-1], f.expected, f.actual) for f in findings) == [
        ("year.carry_over", "t3.carried_over.natural_person", 3, 0),
        ("year.carry_over", "t3.carried_over.research", 0, 3),
    ]
    assert all(f.severity == "error" for f in findings)
    assert findings[0].cells[0].startswith("previous.t3.carried_forward.")


def test_2019_items_rolled_forward_is_a_warning() -> None:
    last = _zero("2019-60", 2019, t2__licensing__items_last_year=14, t2__licensing__change=-2)
    ok = _zero("2019-60", 2020, t2__licensing__items_last_year=12)
    assert gbreport.check(ok, previous=last) == ()
    bad = _zero("2019-60", 2020, t2__licensing__items_last_year=14)
    [finding] = gbreport.check(bad, previous=last)
    assert (finding.code, finding.severity, finding.expected, finding.actual) == (
        "year.items_rolled",
        "warning",
        12,
        14,
    )
    assert finding.cells == (
        "previous.t2.licensing.items_last_year",
        "previous.t2.licensing.change",
        "t2.licensing.items_last_year",
    )


def test_2021_documents_in_force_is_a_warning() -> None:
    last = _zero("2021-30", 2021, t2__normative_documents__in_force=665)
    ok = _zero(
        "2021-30",
        2022,
        t2__normative_documents__issued=10,
        t2__normative_documents__repealed=5,
        t2__normative_documents__in_force=670,
    )
    assert gbreport.check(ok, previous=last) == ()
    bad = _zero("2021-30", 2022, t2__normative_documents__issued=10, t2__normative_documents__in_force=665)
    [finding] = gbreport.check(bad, previous=last)
    assert (finding.code, finding.severity, finding.expected, finding.actual) == ("year.in_force", "warning", 675, 665)
    # across versions the 2019-60 table 2 has no documents in force: no such rule runs
    assert gbreport.check(bad, previous=_zero("2019-60", 2021)) == ()


def test_years_must_follow_and_agencies_should_match() -> None:
    last = _zero("2021-30", 2020, t3__carried_forward__natural_person=9, t3__new_received__natural_person=9)
    gap = _zero("2021-30", 2022)
    # a gap between the years is no error of this year's report: the cross-year rules are not assessable
    [finding] = gbreport.check(gap, previous=last)
    assert (finding.code, finding.severity, finding.expected, finding.actual) == (
        "year.not_consecutive",
        "info",
        2021,
        2020,
    )
    assert not finding.assessable and gbreport.check(gap, previous=last).not_assessable == (finding,)
    [unknown] = gbreport.check(_zero("2021-30", 2022), previous=_zero("2021-30", None))  # type: ignore[arg-type]
    assert (
        unknown.message_en
        == "The previous report is for an unknown year, expected 2021; no cross-year comparison was made."
    )
    other = _zero("2021-30", 2021, agency="另一个局", t3__carried_over__natural_person=9, t3__granted__natural_person=9)
    findings = gbreport.check(other, previous=last)
    assert findings.codes() == ["year.agency_differs"]
    assert findings.conforms


def test_a_blank_cell_last_year_makes_the_rule_not_assessable_for_that_cell() -> None:
    """No "off by +665" when last year's report left the cell blank."""
    last = _zero("2021-30", 2021, t2__normative_documents__in_force=None)
    this = _zero("2021-30", 2022, t2__normative_documents__issued=10, t2__normative_documents__in_force=665)
    [finding] = gbreport.check(this, previous=last)
    assert (finding.code, finding.severity, finding.assessable) == ("year.not_assessable", "info", False)
    assert finding.expected is None and finding.actual is None and finding.difference is None
    assert finding.cells[0] == "previous.t2.normative_documents.in_force"
    assert "上年“第二十条第（一）项 / 行政规范性文件 / 现行有效件数”为空白" in finding.message_zh
    assert "cannot be assessed" in finding.message_en
    # last year's carried forward blank in one column: only that column is not assessable
    last = _zero("2021-30", 2021, t3__carried_forward__research=None)
    this = _zero("2021-30", 2022, t3__carried_over__natural_person=2, t3__granted__natural_person=2)
    findings = gbreport.check(this, previous=last)
    assert sorted((f.code, f.cells[-1]) for f in findings) == [
        ("year.carry_over", "t3.carried_over.natural_person"),
        ("year.carry_over", "t3.carried_over.total"),
        ("year.not_assessable", "t3.carried_over.research"),
    ]
    # marked not applicable last year: counted as 0 and assessed
    marked = last.model_copy(update={"marks": {"t3.carried_forward.research": "/"}})
    assert sorted(f.code for f in gbreport.check(this, previous=marked)) == ["year.carry_over"] * 2


def test_table_3_copied_from_last_year_is_a_warning() -> None:
    last = _zero("2021-30", 2021, t3__new_received__natural_person=4, t3__granted__natural_person=4)
    same = _zero("2021-30", 2022, t3__new_received__natural_person=4, t3__granted__natural_person=4)
    [copied] = gbreport.check(same, previous=last)
    assert (copied.code, copied.severity) == ("year.copied_table", "warning")
    assert "表三与上年报告的表三完全相同" in copied.message_zh
    # all zero both years is what an agency without applications prints: not flagged
    assert gbreport.check(_zero("2021-30", 2022), previous=_zero("2021-30", 2021)) == ()
    # one cell differs: not copied (the carried over column now follows last year's carried forward)
    other = _zero("2021-30", 2022, t3__new_received__natural_person=5, t3__granted__natural_person=5)
    assert gbreport.check(other, previous=last) == ()
