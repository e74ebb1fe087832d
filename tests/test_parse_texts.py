"""Running text as printed: section texts, preamble and headings keep the document's own characters,
even in a document printed as one long line; page furniture and conversion markers are left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from gbreport.parsing import parse

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
TEXTS = sorted(p.name for p in CORPUS.glob("*.txt"))


def _source(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("name", TEXTS)
def test_every_paragraph_read_is_printed_in_the_source(name: str) -> None:
    result = parse(CORPUS / name)
    source = _source(name)
    texts = [result.report.header.preamble, *result.report.sections.model_dump().values()]
    paragraphs = [p for text in texts if text for p in text.split("\n")]
    assert paragraphs
    for paragraph in paragraphs:
        assert paragraph in source, paragraph[:40]
    for heading in result.outline:
        assert heading.text in source


def test_a_document_printed_as_one_line_keeps_its_full_width_punctuation() -> None:
    result = parse(CORPUS / "pingtan-2021.txt")
    preamble = result.report.header.preamble or ""
    assert "（以下简称《条例》）" in preamble and "(" not in preamble
    assert "：" in (result.report.sections.problems or "")


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("pingtan-2021.txt", "根据《中华人民共和国政府信息公开条例》"),
        ("pingtan-approval_2025.html", "根据《中华人民共和国政府信息公开条例》"),
        ("sanming-city-2021.txt", "根据新修订的《中华人民共和国政府信息公开条例》"),
        ("shuyang-county-2025-ocr.txt", "依据《中华人民共和国政府信息公开条例》"),
    ],
)
def test_page_furniture_before_the_text_is_not_part_of_the_preamble(name: str, start: str) -> None:
    """Source, date and time, share links, a byline with its date: left out by shape (a date, a time or a
    web address among the items before the first sentence)."""
    preamble = parse(CORPUS / name).report.header.preamble or ""
    assert preamble.startswith(start), preamble[:60]


def test_short_items_before_the_first_sentence_stay_without_a_date_or_address() -> None:
    text = _source("sanming-city-2021.txt")
    title = "某某市某某局2023年政府信息公开工作年度报告\n"
    body = text[text.index("一、总体情况") :]
    plain = parse(title + "简要 说明\n根据规定，编制本报告。\n" + body)
    assert plain.report.header.preamble == "简要 说明\n根据规定，编制本报告。"
    dated = parse(title + "来源 本局\n2023-01-20 09:30\n根据规定，编制本报告。\n" + body)
    assert dated.report.header.preamble == "根据规定，编制本报告。"


def test_conversion_markers_are_not_text() -> None:
    overview = parse(CORPUS / "pingfang-education-2020.txt").report.sections.overview or ""
    assert "[bookmark" not in overview and overview.startswith("为方便公众全面、及时了解信息")
