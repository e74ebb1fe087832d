"""A clerk's year: next year's draft (API and `gbreport new`), editing a frozen report with replace()."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import gbreport
from conftest import EXAMPLE, run_guide
from gbreport.builders import DRAFT_NOTE, draft_texts, next_year, replace
from gbreport.cli import main
from gbreport.errors import LoadError
from gbreport.strategies import reports
from gbreport.workbook import read_workbook


def _year_errors(report: gbreport.Report, previous: gbreport.Report) -> list[str]:
    return [
        f.code
        for f in gbreport.check(report, previous=previous)
        if f.code.startswith("year.") and f.severity == "error"
    ]


# --- next year's draft --------------------------------------------------------------------


def test_next_year_keeps_last_years_texts_as_a_marked_draft() -> None:
    last = gbreport.load(EXAMPLE)
    draft = next_year(last, keep_text=True)
    note = DRAFT_NOTE.format(year=2020)
    assert draft.header.year == 2021 and draft.header.published is None
    assert draft.header.agency == last.header.agency and draft.header.contact == last.header.contact
    assert last.sections.overview is not None
    assert draft.sections.overview == f"{note}\n{last.sections.overview}"
    assert draft.header.preamble == f"{note}\n{last.header.preamble}"
    kept = [key for key, text in last.sections.model_dump().items() if text and text.strip()]
    assert draft_texts(draft) == ("header.preamble", *(f"sections.{k}" for k in kept))
    assert _year_errors(draft, last) == []
    # revising a text removes it from the list
    revised = replace(draft, sections={"overview": "本年度，我局……"})
    assert "sections.overview" not in draft_texts(revised)


def test_without_keep_text_the_texts_are_blank() -> None:
    draft = next_year(gbreport.load(EXAMPLE))
    assert draft.sections.model_dump() == dict.fromkeys(draft.sections.model_dump())
    assert draft.header.preamble is None and draft_texts(draft) == ()


def test_a_draft_of_a_draft_carries_one_note_for_the_newest_year() -> None:
    first = next_year(gbreport.load(EXAMPLE), keep_text=True)
    second = next_year(first, keep_text=True)
    assert second.sections.overview is not None
    assert second.sections.overview.count("【草稿") == 1
    assert second.sections.overview.startswith(DRAFT_NOTE.format(year=2021))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_a_kept_text_draft_is_ready_for_the_cross_year_check(report: gbreport.Report) -> None:
    draft = next_year(report, keep_text=True)
    assert draft.header.agency == report.header.agency
    for key, text in report.sections.model_dump().items():
        kept = getattr(draft.sections, key)
        if text is None or not text.strip():
            assert kept == text
        else:
            assert kept is not None and kept.endswith(text) and f"sections.{key}" in draft_texts(draft)
    if report.format_version == "2021-30":
        assert _year_errors(draft, report) == []
    assert draft.t3.carried_over == report.t3.carried_forward


def test_new_command_writes_a_json_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "draft.json"
    assert main(["new", "--from", str(EXAMPLE), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "2021 report of 哈尔滨市平房区教育局" in err and "【草稿…】" in err
    draft = gbreport.load(out)
    last = gbreport.load(EXAMPLE)
    assert draft.header.year == 2021 and draft_texts(draft)
    assert _year_errors(draft, last) == []
    assert main(["check", str(out), "--previous", str(EXAMPLE), "--json"]) in (0, 1)
    [result] = json.loads(capsys.readouterr().out)
    assert not [f for f in result["findings"] if f["code"].startswith("year.") and f["severity"] == "error"]


def test_new_command_writes_an_excel_draft_in_the_new_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "draft.xlsx"
    assert main(["new", "--from", str(EXAMPLE), "--format-version", "2021-30", "-o", str(out)]) == 0
    draft = read_workbook(out)
    last = gbreport.load(EXAMPLE)
    assert draft.format_version == "2021-30" and draft.header.year == 2021
    assert draft.t3.carried_over.model_dump() == last.t3.carried_forward.model_dump()
    assert draft.sections.overview is not None and draft.sections.overview.startswith("【草稿")
    assert _year_errors(draft, last) == []
    # and a draft started from the workbook (last year's filled form) is the same draft a year on
    again = tmp_path / "again.json"
    assert main(["new", "--from", str(out), "--no-text", "-o", str(again)]) == 0
    assert gbreport.load(again).header.year == 2022 and draft_texts(gbreport.load(again)) == ()


def test_new_command_refuses_other_outputs_and_bad_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--from", str(EXAMPLE), "-o", str(tmp_path / "draft.docx")]) == 2
    assert ".json or .xlsx" in capsys.readouterr().err
    assert main(["new", "--from", str(tmp_path / "missing.json"), "-o", str(tmp_path / "d.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err
    assert main(["new", "--from", str(EXAMPLE), "-o", str(EXAMPLE)]) == 2
    assert "is the input file" in capsys.readouterr().err


# --- replace ------------------------------------------------------------------------------


def test_replace_changes_only_what_it_names() -> None:
    report = gbreport.load(EXAMPLE)
    new = replace(
        report,
        cells={"t3.granted.natural_person": 7, "t2.procurement.amount": "12.50"},
        header={"published": "2021-01-29", "contact": {"phone": "0451-00000000"}},
        sections={"other": "无。"},
    )
    assert new.t3.granted.natural_person == 7 and new.t2.procurement.amount == Decimal("12.50")
    assert new.header.published == dt.date(2021, 1, 29)
    assert new.header.contact.phone == "0451-00000000"
    assert new.header.contact.address == report.header.contact.address
    assert new.sections.other == "无。" and new.sections.overview == report.sections.overview
    assert gbreport.dumps(report) == gbreport.dumps(gbreport.load(EXAMPLE))  # the original is untouched
    unchanged = {
        k: v for k, v in gbreport.cells(report) if k not in ("t3.granted.natural_person", "t2.procurement.amount")
    }
    assert unchanged.items() <= dict(gbreport.cells(new)).items()


def test_replace_with_whole_parts_and_extras() -> None:
    report = gbreport.load(EXAMPLE)
    new = replace(report, header=gbreport.Header(agency="某局", year=2020), sections=gbreport.Sections())
    assert new.header.contact == gbreport.Contact() and new.sections.overview is None
    assert replace(report, extras={"t2.procurement.amount_unit": "元"}).t2.procurement.amount_unit == "元"


@pytest.mark.parametrize(
    ("kwargs", "location", "message"),
    [
        ({"cells": {"t3.granted.natural_person": -1}}, "t3.granted.natural_person", "greater than or equal to 0"),
        ({"cells": {"t3.granted.natural_person": "5"}}, "t3.granted.natural_person", "expected an integer"),
        ({"cells": {"t9.nothing": 1}}, "t9.nothing", "not a cell of format 2019-60"),
        ({"header": {"year": "2021"}}, "header.year", "expected an integer"),
        ({"header": {"published": "2021-02-30"}}, "header.published", ""),
        ({"header": {"agnecy": "x"}}, "header.agnecy", "unknown field"),
        ({"sections": {"summary": "x"}}, "sections.summary", "unknown field"),
        ({"sections": {"other": 5}}, "sections.other", "string"),
        ({"extras": {"t2.procurement.amount_unit": "千元"}}, "t2.procurement.amount_unit", ""),
        ({"extras": {"t3.granted.natural_person": 1}}, "t3.granted.natural_person", "cells go in cells="),
        ({"extras": {"header.agency": "x"}}, "header.agency", "not a non-cell field"),
    ],
)
def test_replace_is_validated_like_a_load(kwargs: dict[str, object], location: str, message: str) -> None:
    with pytest.raises(LoadError) as info:
        replace(gbreport.load(EXAMPLE), **kwargs)  # type: ignore[arg-type]
    assert info.value.location == location
    assert message.lower() in str(info.value).lower()
    assert "\n" not in str(info.value)


# --- the guide ----------------------------------------------------------------------------


def test_clerk_guide_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    namespace = run_guide("guide-clerk.md", tmp_path, monkeypatch, min_blocks=6)
    report = namespace["report"]
    assert isinstance(report, gbreport.ReportV2019) and draft_texts(report) == ()
    assert gbreport.load(tmp_path / "report-2021.json") == report
    # the shell commands of the guide work on the files the code made
    assert main(["new", "--from", "examples/pingfang-education-2020.json", "-o", "draft-2021.json"]) == 0
    assert main(["check", "filled-2021.xlsx", "--previous", "examples/pingfang-education-2020.json"]) == 0
    assert main(["render", "filled-2021.xlsx", "--to", "docx", "-o", "report.docx"]) == 0
    assert main(["template", "--format-version", "2021-30", "-o", "form.xlsx"]) == 0


def test_arguments_of_the_wrong_kind_are_argument_errors() -> None:
    from gbreport.datasets import wide_table
    from gbreport.diffing import diff, series
    from gbreport.errors import ArgumentError
    from gbreport.workbook import write_workbook

    report = gbreport.load(EXAMPLE)
    for call in (
        lambda: replace("report.json"),  # type: ignore[arg-type]
        lambda: replace(report, cells=[("t3.granted.total", 1)]),  # type: ignore[arg-type]
        lambda: next_year("report.json"),  # type: ignore[arg-type]
        lambda: draft_texts({"format_version": "2021-30"}),  # type: ignore[arg-type]
        lambda: diff(report, "report.json"),  # type: ignore[arg-type]
        lambda: series([report, 5]),  # type: ignore[list-item]
        lambda: write_workbook("report.json"),  # type: ignore[arg-type]
        lambda: wide_table([report, 5]),  # type: ignore[list-item]
    ):
        with pytest.raises(ArgumentError):
            call()
