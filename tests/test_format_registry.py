"""The registry of format versions: every consumer works for every registered version.

A contract in the style of python-stdnum's: each registered version gives models, checks, the
JSON Schema, render layouts, English labels, parser detection, strategies and conversion what
they need.  A throw-away third version (a copy of 2021-30 under another id, with one row label
changed so that documents can tell it apart) is registered with no edit outside ``formats/``
and goes through the whole library.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gbreport
from gbreport.builders import complete, next_year
from gbreport.formats import (
    Format,
    cells_of,
    get_format,
    register_format,
    relations_of,
    unregister_format,
    versions,
)
from gbreport.formats._spec import node
from gbreport.model import report_class
from gbreport.strategies import publishable_reports, reports

THIRD = "2099-01"
FEES_LABEL = "政府性基金收费"


def third_version() -> Format:
    """2021-30 under another id, its fee row relabelled (the only thing that tells it apart)."""
    base = get_format("2021-30")
    fees = base.t2.blocks[-1]
    relabelled = dataclasses.replace(fees, rows=(node(fees.rows[0].key, FEES_LABEL, "Government fund charges"),))
    t2 = dataclasses.replace(base.t2, blocks=(*base.t2.blocks[:-1], relabelled))
    return dataclasses.replace(base, version=THIRD, model="ReportV2099", t2=t2, converts_from=())


@pytest.fixture
def third() -> Iterator[Format]:
    fmt = third_version()
    register_format(fmt)
    try:
        yield fmt
    finally:
        unregister_format(THIRD)


def _example(version: str, *, publishable: bool = False) -> gbreport.Report:
    """One deterministic report of ``version`` with non-zero cells and some text."""
    strategy = publishable_reports(version) if publishable else reports(version)
    found: list[gbreport.Report] = []

    @settings(max_examples=1, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def take(report: gbreport.Report) -> None:
        found.append(report)

    take()
    return found[0]


# --- the contract, for every registered version -------------------------------------------


@pytest.mark.parametrize("version", versions())
def test_every_registered_version_has_what_every_consumer_needs(version: str) -> None:
    _contract(version)


def test_the_third_version_meets_the_contract(third: Format) -> None:
    assert THIRD in versions()
    _contract(THIRD)


def _contract(version: str) -> None:
    fmt = get_format(version)
    ids = [cell.id for cell in cells_of(version)]
    # models: every cell is an attribute path of the report class
    cls = report_class(version)
    report = gbreport.from_cells(version, {})
    assert type(report) is cls and report.format_version == version
    assert [cell_id for cell_id, _ in gbreport.cells(report)] == ids
    # checks: a generated report conforms; every relation is checked
    sample = _example(version)
    assert gbreport.check(sample).conforms
    assert relations_of(version)
    # JSON and JSON Schema
    assert gbreport.load(gbreport.dumps(sample)) == sample
    schema = gbreport.json_schema(version)
    assert schema["properties"]["format_version"]["const"] == version
    # layouts and labels: every output renders, in both locales
    last_row = fmt.t2.blocks[-1].rows[0].label
    for locale, label in (("zh_CN", last_row.zh), ("en", last_row.en)):
        html = gbreport.render(sample, to="html", locale=locale)
        assert isinstance(html, str) and label in html, locale
    # parser detection and round trip
    text = _example(version, publishable=True)
    for to in ("html", "text", "markdown"):
        rendered = gbreport.render(text, to=to)
        assert isinstance(rendered, str)
        result = gbreport.parse(rendered.encode("utf-8"))
        assert result.report.format_version == version, to
        assert result.report == text, to
    # conversion: the version converts from what it declares, and to itself
    for conversion in fmt.converts_from:
        source = _example(conversion.source)
        assert gbreport.convert(source, version).report.format_version == version
    assert gbreport.convert(sample, version).report is sample


# --- the third version through the whole library ------------------------------------------------


def test_third_version_check_finds_a_broken_total(third: Format) -> None:
    values = dict(gbreport.cells(_example(THIRD)))
    values["t3.granted.total"] = (values["t3.granted.total"] or 0) + 1
    findings = gbreport.check(gbreport.from_cells(THIRD, values))
    assert "t3.row_total" in findings.codes() and not findings.conforms


def test_third_version_cross_year_rules_run(third: Format) -> None:
    last = complete(_example(THIRD))
    last = last.model_copy(update={"header": last.header.model_copy(update={"year": 2098, "agency": "甲"})})
    this = next_year(last)
    assert this.format_version == THIRD
    assert gbreport.check(this, previous=last).conforms
    values = dict(gbreport.cells(this))
    values["t3.carried_over.total"] = (values["t3.carried_over.total"] or 0) + 7
    values["t3.carried_over.natural_person"] = (values["t3.carried_over.natural_person"] or 0) + 7
    broken = gbreport.from_cells(THIRD, values, header=this.header)
    codes = gbreport.check(broken, previous=last).codes()
    assert "year.carry_over" in codes


def test_third_version_is_detected_and_not_confused_with_2021_30(third: Format) -> None:
    mine = _example(THIRD, publishable=True)
    theirs = gbreport.convert(mine, THIRD).report
    assert gbreport.parse(gbreport.render(mine, to="text").encode()).report.format_version == THIRD
    as_2021 = gbreport.from_cells("2021-30", dict(gbreport.cells(theirs)), header=mine.header)
    assert gbreport.parse(gbreport.render(as_2021, to="text").encode()).report.format_version == "2021-30"


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_strategies_cover_a_registered_version(data: st.DataObject) -> None:
    register_format(third_version())
    try:
        report = data.draw(reports(THIRD))
        assert report.format_version == THIRD and gbreport.check(report).conforms
    finally:
        unregister_format(THIRD)


def test_unregistering_forgets_the_version(third: Format) -> None:
    unregister_format(THIRD)
    try:
        with pytest.raises(gbreport.UnknownFormatError):
            gbreport.from_cells(THIRD, {})
        with pytest.raises(gbreport.LoadError, match="format_version"):
            gbreport.load(f'{{"format_version": "{THIRD}"}}')
    finally:
        register_format(third)
