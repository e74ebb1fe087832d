"""Version detection scores every registered version: a version registered at run time parses with no
edit outside ``gbreport.formats``."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator

import pytest

from gbreport import from_cells, render
from gbreport.builders._totals import valid_cells
from gbreport.formats import Label, get_format, register_format, unregister_format, versions
from gbreport.model import Report
from gbreport.parsing import parse
from gbreport.parsing._detect import signatures
from gbreport.parsing._texts import structure_words

THIRD = "test-3"
CHANGED = "行政规范性文件（含政策解读）"


@pytest.fixture
def third() -> Iterator[str]:
    """A copy of 2021-30 under another id whose 行政规范性文件 row has another label."""
    base = get_format("2021-30")
    block = base.t2.blocks[0]
    row = dataclasses.replace(block.rows[1], label=Label(CHANGED, block.rows[1].label.en))
    blocks = (dataclasses.replace(block, rows=(block.rows[0], row)), *base.t2.blocks[1:])
    register_format(dataclasses.replace(base, version=THIRD, t2=dataclasses.replace(base.t2, blocks=blocks)))
    try:
        yield THIRD
    finally:
        unregister_format(THIRD)


def _report(version: str, seed: int) -> Report:
    values = valid_cells(version, random.Random(seed).randint)
    return from_cells(version, values, header={"agency": "某某市某某局", "year": 2023})


@pytest.mark.parametrize("to", ["html", "markdown", "text", "docx"])
def test_third_version_round_trips_and_is_detected(third: str, to: str) -> None:
    report = _report(third, 7)
    result = parse(render(report, to=to))
    assert result.format_version == third
    assert "parse.format_version" not in result.findings.codes()
    assert result.report == report


def test_built_in_versions_still_detected_with_a_third_registered(third: str) -> None:
    for version in ("2019-60", "2021-30"):
        report = _report(version, 3)
        result = parse(render(report, to="html"))
        assert result.format_version == version
        assert "parse.format_version" not in result.findings.codes()
        assert result.report == report


def test_views_follow_the_registry(third: str) -> None:
    assert set(signatures(third)) == set(versions()) - {third}
    assert any(CHANGED in word for word in structure_words())
    unregister_format(third)
    try:
        assert not any(CHANGED in word for word in structure_words())
        assert set(signatures("2021-30")) == {"2019-60"}
    finally:
        register_format(dataclasses.replace(get_format("2021-30"), version=third))


def test_unclear_version_is_a_finding() -> None:
    text = "二、主动公开政府信息情况\n规章 1 0 7\n"
    result = parse(text)
    [found] = [f for f in result.findings if f.code == "parse.format_version"]
    assert result.format_version in found.message_en
    assert all(v in found.message_en for v in versions())
