"""Text documents in UTF-16, UTF-32 and GB18030/GBK are read like their UTF-8 originals, the encoding
detected (byte order marks, NUL patterns, common Chinese characters), not guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from gbreport import LoadError, cells
from gbreport.parsing import detect_kind, parse

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
DOCUMENTS = ["sanming-city-2021.txt", "pingtan-approval_2025.html", "shuyang-county-2025-ocr.txt"]
ENCODINGS = ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "gbk"]


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_document_in_another_encoding_reads_like_the_original(name: str, encoding: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    original = parse(CORPUS / name)
    data = text.encode(encoding)
    assert detect_kind(data) == original.kind
    result = parse(data)
    assert result.kind == original.kind
    assert dict(cells(result.report)) == dict(cells(original.report))
    assert result.report.header == original.report.header
    assert result.report.sections == original.report.sections
    notes = [f.message_en for f in result.findings if f.code == "parse.encoding"]
    if encoding.startswith("utf-8"):
        assert notes == []
    else:
        assert len(notes) == 1 and ("UTF-16" in notes[0] or "UTF-32" in notes[0] or "GB18030" in notes[0])


def test_text_in_an_encoding_not_recognised_is_named_in_the_error() -> None:
    """Big5 bytes decode as GB18030 without error, but as rare characters: not taken for Chinese text."""
    text = (CORPUS / "sanming-city-2021.txt").read_text(encoding="utf-8")
    with pytest.raises(LoadError, match="none of the encodings recognised"):
        parse(text.encode("big5", errors="replace"))
