"""Provenance of what the parser read: the outline of headings, where every cell was read, and parts of
a document ending at the next heading (a missing section never pushes text into a table)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import gbreport
from gbreport import cells
from gbreport.checks import Heading
from gbreport.formats import get_format
from gbreport.parsing import parse

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
NAMES = sorted(p.name.removesuffix(".truth.json") for p in CORPUS.glob("*.truth.json"))
SANMING = "sanming-city-2021.txt"


def _truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / f"{name}.truth.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", NAMES)
def test_outline_has_the_sections_present_in_order(name: str) -> None:
    result = parse(CORPUS / name)
    fmt = get_format(result.format_version)
    numbers = {s.key: s.number for s in fmt.sections}
    found = [numbers[h.section] for h in result.outline if h.section is not None]
    assert found == _truth(name)["sections_present"]
    for heading in result.outline:
        assert isinstance(heading, Heading) and heading.location and heading.text
    assert (
        gbreport.check(result.report, source=result).codes()
        == gbreport.check(result.report, source=[(h.text, h.location) for h in result.outline]).codes()
    )


def _sanming_lines() -> list[str]:
    return (CORPUS / SANMING).read_text(encoding="utf-8").splitlines()


def _without(lines: list[str], number: str, following: str) -> str:
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{number}、"))
    end = next(i for i, line in enumerate(lines) if line.startswith(f"{following}、"))
    return "\n".join(lines[:start] + lines[end:]) + "\n"


def test_a_report_without_section_5_reads_table_4_and_section_6_as_printed() -> None:
    """Without 五, the text of 六 (with its dates and numbers) must not run into table 4."""
    truth = _truth(SANMING)
    full = parse(CORPUS / SANMING)
    result = parse(_without(_sanming_lines(), "五", "六"))
    got = {cid: None if v is None else str(v) for cid, v in cells(result.report)}
    assert got == {cid: None if v is None else str(v) for cid, v in truth["cells"].items()}
    assert [f.code for f in result.findings if f.severity != "info"] == []
    assert [h.section for h in result.outline] == ["overview", "proactive", "applications", "reviews", "other"]
    assert result.report.sections.problems is None
    assert result.report.sections.other == full.report.sections.other
    assert result.report.sections.reviews == full.report.sections.reviews
    missing = [f for f in gbreport.check(result.report, source=result) if f.code.startswith("sections.")]
    assert [f.code for f in missing] == ["sections.missing"] and "第五部分" in missing[0].message_zh


def test_an_undeclared_top_level_heading_ends_the_section_before_it() -> None:
    """A heading the format does not declare (七、附件) is in the outline and ends section 六."""
    lines = _sanming_lines()
    last = max(i for i, line in enumerate(lines) if line.startswith("六、"))
    edited = [*lines[: last + 2], "七、附件说明", "附件中的数字 2021 年 3 月 5 日不属于任何表格。", *lines[last + 2 :]]
    result = parse("\n".join(edited) + "\n")
    assert [h.text for h in result.outline if h.section is None] == ["七、附件说明"]
    assert "附件" not in (result.report.sections.other or "")
    assert dict(cells(result.report)) == dict(cells(parse(CORPUS / SANMING).report))


def test_items_numbered_inside_a_section_are_not_headings() -> None:
    lines = _sanming_lines()
    two = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    edited = [*lines[:two], "三、加强队伍建设。", *lines[two:]]
    result = parse("\n".join(edited) + "\n")
    assert all(h.section is not None for h in result.outline)
    assert "三、加强队伍建设。" in (result.report.sections.overview or "")


_LINE = re.compile(r"^line (\d+)(?:, character (\d+))?$")


@pytest.mark.parametrize("name", ["sanming-city-2021.txt", "pingtan-2021.txt", "pingfang-education-2020.txt"])
def test_every_cell_read_from_text_is_where_its_location_says(name: str) -> None:
    """The location of a cell read from a text file points at the line (and character) that prints it."""
    result = parse(CORPUS / name)
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    assert set(result.locations) == set(result.read)
    for cid, read in result.read.items():
        m = _LINE.match(result.locations[cid])
        assert m, (cid, result.locations[cid])
        if read.mark != "number":
            continue
        at = int(m.group(2) or 1) - 1
        following = re.sub(r"[\s,]", "", "\n".join(lines[int(m.group(1)) - 1 :])[at : at + 400])
        digits = read.raw.replace(",", "")
        # a number broken across lines reads on from its first line; a cell split off a run of digits is
        # located at the start of the run
        run = re.match(r"[\d.]*", following)
        assert following.startswith(digits) or (run is not None and digits in run.group()), (cid, following[:20])


def test_every_cell_read_from_a_pdf_names_its_page_line_and_column() -> None:
    result = parse(CORPUS / "huaian-city-2024.pdf")
    pattern = re.compile(r"^page \d+, line \d+, column \d+$")
    assert len(result.locations) == len(list(cells(result.report)))
    assert all(pattern.match(where) for where in result.locations.values())
    t3 = [result.locations[c] for c in ("t3.granted.natural_person", "t3.granted.commercial", "t3.granted.total")]
    assert [w.rsplit(" ", 1)[1] for w in t3] == ["2", "3", "8"]
