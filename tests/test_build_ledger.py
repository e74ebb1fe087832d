"""Ledgers of applications and cases build tables 3 and 4 that conform and match their counts."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gbreport
from gbreport.builders import (
    Application,
    BuildError,
    Case,
    CaseLog,
    Ledger,
    UnknownKeyError,
    applicant_kinds,
    case_groups,
    case_results,
    derived_cells,
    next_year,
    outcomes,
)
from gbreport.errors import GbreportError
from gbreport.formats import FORMAT_VERSIONS, cells_of, get_format
from gbreport.strategies import case_logs, ledgers


def _t3_row_ids(version: str) -> set[str]:
    return {c.id.removeprefix("t3.").rsplit(".", 1)[0] for c in cells_of(get_format(version)) if c.table == "t3"}


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_vocabulary_comes_from_the_declaration(version: str) -> None:
    kinds = applicant_kinds(version)
    assert kinds == ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org")
    rows = _t3_row_ids(version)
    assert set(outcomes(version)) == rows - {"new_received", "carried_over", "total", "carried_forward"}
    assert case_groups(version) == ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    assert case_results(version) == ("upheld", "corrected", "other", "pending")


def test_the_other_row_differs_between_versions() -> None:
    assert "other" in outcomes("2019-60")
    assert "other.unpaid_fee" not in outcomes("2019-60")
    assert {"other.overdue_correction", "other.unpaid_fee", "other.other"} <= set(outcomes("2021-30"))
    assert "other" not in outcomes("2021-30")


def test_unknown_outcome_is_a_clear_error_listing_the_valid_ones() -> None:
    ledger = Ledger("2019-60")
    with pytest.raises(UnknownKeyError) as info:
        ledger.record("natural_person", "other.unpaid_fee")
    message = str(info.value)
    assert "'other.unpaid_fee'" in message and "2019-60" in message
    for outcome in outcomes("2019-60"):
        assert repr(outcome) in message
    assert isinstance(info.value, GbreportError)
    assert len(ledger) == 0


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: Ledger("2021-30").record("company", "granted"), "unknown applicant kind 'company'"),
        (lambda: Ledger("2021-30").record("natural_person", "granted", count=-1), "non-negative"),
        (lambda: CaseLog("2021-30").record("appeal", "upheld"), "unknown case group 'appeal'"),
        (lambda: CaseLog("2021-30").record("reconsideration", "total"), "unknown case result 'total'"),
    ],
)
def test_bad_input_is_a_gbreport_error(call: object, needle: str) -> None:
    with pytest.raises(GbreportError, match=needle):
        call()  # type: ignore[operator]


def test_unknown_format_version_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="2019-60, 2021-30"):
        Ledger("2020-1")


def test_pending_is_none_or_the_carried_forward_row() -> None:
    ledger = Ledger("2021-30")
    ledger.record("research")
    ledger.record("research", "carried_forward")
    assert ledger.cells()["t3.carried_forward.research"] == 2
    assert all(a.outcome is None for a in ledger)


def test_a_small_ledger_by_hand() -> None:
    ledger = Ledger("2019-60")
    ledger.record("natural_person", "granted", count=2)
    ledger.record("commercial", "other", carried_over=True)
    ledger.record("other_org", None)
    cells = ledger.cells()
    assert cells["t3.new_received.natural_person"] == 2
    assert cells["t3.new_received.total"] == 3
    assert cells["t3.carried_over.commercial"] == 1
    assert cells["t3.other.total"] == 1
    assert cells["t3.total.total"] == 3
    assert cells["t3.carried_forward.total"] == 1
    assert cells["t3.withheld.state_secret.research"] == 0
    report = ledger.to_report(header={"agency": "某局", "year": 2020})
    assert set(gbreport.check(report).codes()) == {"cell.blank"}  # only tables 2 and 4 are blank
    assert all(value is not None for cell, value in gbreport.cells(report) if cell.startswith("t3."))


def _expected_counts(ledger: Ledger) -> Counter[str]:
    expected: Counter[str] = Counter()
    for a in ledger:
        expected[f"t3.{'carried_over' if a.carried_over else 'new_received'}.{a.applicant}"] += 1
        expected[f"t3.{a.outcome or 'carried_forward'}.{a.applicant}"] += 1
    return expected


@given(ledgers(), st.data())
def test_ledger_reports_conform_and_match_the_ledger(ledger: Ledger, data: st.DataObject) -> None:
    version = ledger.format_version
    cases = data.draw(case_logs(version))
    report = ledger.to_report(cases=cases, header={"agency": "某局", "year": 2024})
    findings = gbreport.check(report)
    assert findings.conforms, findings
    assert [f for f in findings if f.code != "cell.blank"] == []
    table = dict(gbreport.cells(report))
    expected = _expected_counts(ledger)
    kinds = applicant_kinds(version)
    for cell, value in table.items():
        if not cell.startswith("t3.") or cell in derived_cells(version):
            continue
        assert value == expected[cell], cell
    assert table["t3.total.total"] == sum(1 for a in ledger if a.outcome is not None)
    assert table["t3.new_received.total"] + table["t3.carried_over.total"] == len(ledger)
    for kind in kinds:
        assert table[f"t3.new_received.{kind}"] + table[f"t3.carried_over.{kind}"] == sum(
            1 for a in ledger if a.applicant == kind
        )
    case_counts = Counter(cases)
    for group in case_groups(version):
        for result in case_results(version):
            assert table[f"t4.{group}.{result}"] == case_counts[Case(group, result)]
        assert table[f"t4.{group}.total"] == sum(n for c, n in case_counts.items() if c.group == group)


@given(ledgers())
def test_ledger_round_trips_through_its_applications(ledger: Ledger) -> None:
    again = Ledger(ledger.format_version, list(ledger))
    assert again.cells() == ledger.cells()
    assert again.counts() == ledger.counts()


def test_ledger_against_a_base_report_checks_the_carry_over() -> None:
    last = Ledger("2021-30")
    last.record("natural_person", None, count=2)
    last_report = last.to_report(header={"agency": "某局", "year": 2023})
    base = next_year(last_report)
    wrong = Ledger("2021-30", [Application("natural_person", "granted", carried_over=True)])
    with pytest.raises(BuildError, match=r"t3\.carried_over\.natural_person: report says 2, ledger has 1"):
        wrong.to_report(base=base)
    right = Ledger("2021-30")
    right.record("natural_person", "granted", carried_over=True, count=2)
    this = right.to_report(base=base)
    assert this.header.year == 2024
    findings = gbreport.check(this, previous=last_report)
    assert findings.conforms and "year.carry_over" not in findings.codes()


def test_ledger_and_base_must_share_the_format() -> None:
    base = Ledger("2019-60").to_report()
    with pytest.raises(BuildError, match="2019-60"):
        Ledger("2021-30").to_report(base=base)
    with pytest.raises(BuildError, match="case log"):
        Ledger("2021-30").to_report(cases=CaseLog("2019-60"))


def test_case_log_fills_table_4_onto_a_base() -> None:
    base = Ledger("2019-60").to_report(header={"agency": "某局", "year": 2020})
    log = CaseLog("2019-60")
    log.record("litigation_after_reconsideration", "corrected", count=2)
    report = log.to_report(base=base)
    assert report.t4.litigation_after_reconsideration.total == 2
    assert report.t3 == base.t3
    assert gbreport.check(report).conforms
