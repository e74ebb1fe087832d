"""complete, next_year, roll_up and convert."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gbreport
from conftest import EXAMPLE
from gbreport._vector import Value
from gbreport.builders import (
    BuildError,
    ConversionError,
    IncompatibleReportsError,
    Ledger,
    TotalsConflictError,
    complete,
    convert,
    derived_cells,
    next_year,
    roll_up,
)
from gbreport.formats import FORMAT_VERSIONS
from gbreport.model import Report
from gbreport.strategies import report_chains, reports


def _values(report: Report) -> dict[str, Value]:
    return dict(gbreport.cells(report))


def _no_errors(report: Report, previous: Report | None = None) -> list[str]:
    return [f.code for f in gbreport.check(report, previous=previous) if f.severity == "error"]


# --- complete ------------------------------------------------------------------------------


@given(reports())
def test_complete_restores_every_derived_cell(report: Report) -> None:
    version = report.format_version
    derived = derived_cells(version)
    leaves_only = gbreport.from_cells(
        version,
        {k: v for k, v in _values(report).items() if k not in derived},
        header=report.header,
        sections=report.sections.model_dump(),
    )
    assert complete(leaves_only) == report
    assert complete(report) is report


def test_complete_keeps_a_total_whose_parts_are_all_blank() -> None:
    report = gbreport.from_cells("2021-30", {"t3.granted.total": 4})
    assert complete(report).t3.granted.total == 4


def test_complete_reports_every_conflict() -> None:
    report = gbreport.from_cells(
        "2021-30",
        {
            "t3.new_received.natural_person": 2,
            "t3.granted.natural_person": 2,
            "t3.granted.total": 3,
            "t4.reconsideration.upheld": 1,
            "t4.reconsideration.total": 0,
        },
    )
    with pytest.raises(TotalsConflictError) as info:
        complete(report)
    assert info.value.conflicts == (("t3.granted.total", 3, 2), ("t4.reconsideration.total", 0, 1))
    assert "overwrite=True" in str(info.value)
    fixed = complete(report, overwrite=True)
    assert _no_errors(fixed) == []


# --- next_year ------------------------------------------------------------------------------


@given(reports())
def test_next_year_carries_over_without_findings(report: Report) -> None:
    new = next_year(report)
    assert new.format_version == report.format_version
    assert new.header.year == report.header.year + 1  # type: ignore[operator]
    assert new.header.agency == report.header.agency
    assert new.t3.carried_over == report.t3.carried_forward
    year_codes = [c for c in gbreport.check(new, previous=report).codes() if c.startswith("year.")]
    if report.format_version == "2021-30":
        assert year_codes == []
        assert new.t2.regulations.in_force == report.t2.regulations.in_force
    else:
        # 上一年项目数量 + 本年增/减 below zero cannot be carried (left blank, and the check warns)
        negative = [
            row
            for row in ("licensing", "other_services", "penalties", "coercion", "fees")
            if getattr(report.t2, row).items_last_year + getattr(report.t2, row).change < 0
        ]
        assert year_codes == ["year.items_rolled"] * len(negative)
        for row in ("licensing", "fees"):
            last = getattr(report.t2, row)
            expected = last.items_last_year + last.change
            assert getattr(new.t2, row).items_last_year == (expected if expected >= 0 else None)


@given(report_chains(length=4))
def test_a_next_year_chain_has_no_carry_over_findings(chain: list[Report]) -> None:
    assert len(chain) == 4
    for last, this in itertools.pairwise(chain):
        findings = gbreport.check(this, previous=last)
        assert findings.conforms, findings
        assert "year.carry_over" not in findings.codes()
        assert this.header.year == last.header.year + 1  # type: ignore[operator]


@given(reports("2019-60"))
def test_next_year_into_the_other_format(report: Report) -> None:
    new = next_year(report, format_version="2021-30")
    assert new.format_version == "2021-30"
    assert new.t3.carried_over.model_dump() == report.t3.carried_forward.model_dump()
    assert [c for c in gbreport.check(new, previous=report).codes() if c.startswith("year.")] == []


def test_next_year_needs_a_year() -> None:
    with pytest.raises(BuildError, match=r"header\.year"):
        next_year(Ledger("2021-30").to_report())


def test_next_year_of_the_bundled_example() -> None:
    report = gbreport.load(EXAMPLE)
    new = next_year(report)
    assert new.header.contact == report.header.contact
    assert new.header.published is None and new.header.preamble is None
    assert _no_errors(new, report) == []


# --- roll_up --------------------------------------------------------------------------------


@given(st.sampled_from(FORMAT_VERSIONS).flatmap(lambda v: st.lists(reports(v), min_size=1, max_size=4)), st.data())
def test_roll_up_conforms_and_is_the_cell_by_cell_sum(items: list[Report], data: st.DataObject) -> None:
    year = items[0].header.year
    items = [r.model_copy(update={"header": r.header.model_copy(update={"year": year})}) for r in items]
    summary = roll_up(items, agency="汇总")
    assert gbreport.check(summary).conforms
    assert summary.header.agency == "汇总" and summary.header.year == year
    columns = [_values(r) for r in items]
    for cell, value in gbreport.cells(summary):
        present = [c[cell] for c in columns if c[cell] is not None]
        assert value == (sum(present) if present else None), cell  # type: ignore[arg-type]
    for key in type(summary.sections).model_fields:
        text = getattr(summary.sections, key)
        written = [r for r in items if (getattr(r.sections, key) or "").strip()]
        assert (text is None) == (not written)
        if text is not None:
            assert text.count("【") >= len(written)


def test_roll_up_keeps_blank_plus_blank_blank() -> None:
    a = gbreport.from_cells("2021-30", {"t2.licensing.decisions": 3}, header={"year": 2022, "agency": "甲"})
    b = gbreport.from_cells("2021-30", {}, header={"year": 2022, "agency": "乙"})
    summary = roll_up([a, b], agency="丙")
    assert summary.t2.licensing.decisions == 3
    assert summary.t2.penalties.decisions is None


def test_roll_up_refuses_mixed_formats_and_years() -> None:
    a = gbreport.from_cells("2021-30", {}, header={"year": 2022, "agency": "甲局"})
    b = gbreport.from_cells("2019-60", {}, header={"year": 2022, "agency": "乙局"})
    c = gbreport.from_cells("2021-30", {}, header={"year": 2023, "agency": "丙局"})
    with pytest.raises(IncompatibleReportsError, match=r"甲局.*2021-30.*乙局.*2019-60"):
        roll_up([a, b], agency="x")
    with pytest.raises(IncompatibleReportsError, match=r"2022.*丙局.*2023"):
        roll_up([a, c], agency="x")
    with pytest.raises(IncompatibleReportsError, match="at least one"):
        roll_up([], agency="x")


def test_roll_up_money_units() -> None:
    def procurement(amount: str, unit: str | None, agency: str) -> Report:
        return gbreport.from_cells(
            "2019-60",
            {"t2.procurement.amount": amount},
            header={"year": 2020, "agency": agency},
            extras={"t2.procurement.amount_unit": unit},
        )

    same = roll_up([procurement("1.5", "万元", "甲"), procurement("2", "万元", "乙")], agency="x")
    assert same.t2.procurement.amount == Decimal("3.5") and same.t2.procurement.amount_unit == "万元"  # type: ignore[union-attr]
    mixed = roll_up([procurement("1.5", "万元", "甲"), procurement("200", "元", "乙")], agency="x")
    assert mixed.t2.procurement.amount == Decimal("15200") and mixed.t2.procurement.amount_unit == "元"  # type: ignore[union-attr]
    with pytest.raises(IncompatibleReportsError, match="unit is unknown in “乙”"):
        roll_up([procurement("1.5", "万元", "甲"), procurement("200", None, "乙")], agency="x")


# --- convert --------------------------------------------------------------------------------


@given(reports("2019-60"))
def test_conversion_keeps_every_convertible_cell_and_lists_the_rest(report: Report) -> None:
    result = convert(report)
    new = result.report
    assert new.format_version == "2021-30"
    assert new.header == report.header and new.sections == report.sections
    assert gbreport.check(new).conforms
    old, converted = _values(report), _values(new)
    # every source cell is either carried (to exactly one target) or listed as dropped
    sources = [m.source for m in result.mappings] + [d.cell for d in result.dropped]
    assert sorted(sources) == sorted(old)
    for m in result.mappings:
        assert converted[m.target] == old[m.source]
    for d in result.dropped:
        assert d.value == old[d.cell] and d.reason
    # every target cell is either filled by a mapping or listed as unfilled (and blank)
    targets = [m.target for m in result.mappings] + [u.cell for u in result.unfilled]
    assert sorted(targets) == sorted(converted)
    assert all(converted[u.cell] is None and u.reason for u in result.unfilled)
    # the overlap: table 4 and table 3 (except the （六） split) keep their ids
    for cell in old:
        if cell.startswith("t4.") or (cell.startswith("t3.") and not cell.startswith("t3.other.")):
            assert converted[cell] == old[cell], cell
        if cell.startswith("t3.other."):
            assert converted["t3.other.other." + cell.removeprefix("t3.other.")] == old[cell]


def test_conversion_choices_are_explicit() -> None:
    result = convert(gbreport.load(EXAMPLE))
    notes = {m.source: m.note for m in result.mappings if m.note}
    assert set(notes) == {f"t3.other.{k}" for k in (*gbreport.builders.applicant_kinds("2019-60"), "total")}
    assert "3.其他" in notes["t3.other.total"]
    dropped = {d.cell: d for d in result.dropped}
    assert dropped["t2.procurement.amount"].value == Decimal("106.01")
    assert "政府集中采购" in dropped["t2.procurement.amount"].reason
    assert "本年新制作数量" in dropped["t2.regulations.made"].reason
    assert {d.cell for d in result.lost} <= set(dropped)
    unfilled = {u.cell: u.reason for u in result.unfilled}
    assert "t2.fees.amount" in unfilled and "t3.other.unpaid_fee.natural_person" in unfilled
    assert ("t2.licensing.decisions", "t2.licensing.decisions") in {(m.source, m.target) for m in result.mappings}


def test_conversion_directions() -> None:
    report = Ledger("2021-30").to_report()
    same = convert(report, "2021-30")
    assert same.report is report and not same.dropped and not same.unfilled
    with pytest.raises(ConversionError, match="2019-60 → 2021-30"):
        convert(report, "2019-60")
