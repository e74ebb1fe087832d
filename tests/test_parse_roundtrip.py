"""Round trips: ``parse(render(r, to=fmt)).report == r`` for reports in the publishable normal form."""

from __future__ import annotations

import datetime as dt
import random
import shutil

import pytest
from hypothesis import HealthCheck, given, settings

from gbreport import cells, from_cells
from gbreport import rendering as render_module
from gbreport.builders._totals import valid_cells
from gbreport.model import Report
from gbreport.parsing import parse
from gbreport.strategies import publishable_reports, reports

TEXT_AND_WORD = ["html", "markdown", "text", "docx"]


@pytest.mark.parametrize("to", TEXT_AND_WORD)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_render_then_parse_keeps_every_cell(to: str, report: Report) -> None:
    rendered = render_module.render(report, to=to)
    result = parse(rendered)
    assert result.format_version == report.format_version
    assert dict(cells(result.report)) == dict(cells(report))


@pytest.mark.parametrize("to", TEXT_AND_WORD)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=publishable_reports())
def test_render_then_parse_gives_the_report_back(to: str, report: Report) -> None:
    result = parse(render_module.render(report, to=to))
    assert result.report == report


def _fixed(version: str, seed: int, *, full: bool) -> Report:
    """A conforming report in the PDF normal form: each paragraph ends a sentence (。！？；：),
    long ones wrap over several printed lines, and no space stands next to an ideograph."""
    values = valid_cells(version, random.Random(seed).randint)
    header: dict[str, object] = {"agency": "某某市某某局", "year": 2021 + seed % 3}
    sections: dict[str, str | None] = {"other": "无。"}
    if full:
        header |= {
            "published": dt.date(2022 + seed % 3, 1, 20),
            "preamble": "本报告依照规范编写。\n如有疑问，请与我们联系。",
            "contact": {
                "address": "某某路1号",
                "postcode": "350400",
                "phone": "0591-23165250",
                "email": "gk@example.cn",
                "website": "www.example.cn",
            },
        }
        sections = {
            "overview": "今年各项工作稳步推进。\n（一）做好日常公开。"
            + "围绕重点领域持续发布政策文件和解读材料，及时回应社会关切，" * 4
            + "全年未发生泄密事件。\n（二）做好平台维护。",
            "proactive": "全年主动公开251条。",
            "applications": "全年办理依规进行。",
            "reviews": "没有被纠错的案件。",
            "problems": "部分栏目更新不够及时。\n下一步将加快更新。",
            "other": "无。",
        }
    return from_cells(version, values, header=header, sections=sections)


PDF_REPORTS = [("2019-60", 1, True), ("2021-30", 2, True), ("2021-30", 3, False)]


@pytest.mark.parametrize(("version", "seed", "full"), PDF_REPORTS)
def test_pdf_round_trip(version: str, seed: int, full: bool) -> None:
    assert shutil.which("pdftotext"), "reading PDF needs poppler's pdftotext: apt-get install -y poppler-utils"
    report = _fixed(version, seed, full=full)
    try:
        pdf = render_module.render(report, to="pdf")
    except render_module.RenderError as exc:
        pytest.fail(f"PDF round trip cannot run: {exc}")
    assert parse(pdf).report == report
