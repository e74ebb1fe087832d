"""Labels run into digits ("0000000三、本年度办理结果", a table header run into its values): a finding
quotes the printed numbers, never the label text as if it were digits."""

from __future__ import annotations

import re

import pytest

import gbreport
from conftest import CORPUS

QUOTED = re.compile(r"“([^”]*)”")
CJK = re.compile(r"[\u4e00-\u9fff]")
CODES = ("parse.segmented", "parse.ambiguous_segmentation", "parse.rejoined", "parse.inconsistent_row")


@pytest.mark.parametrize("name", ["pingtan-2019.txt", "pingtan-2021.txt"])
def test_findings_quote_only_the_printed_numbers(name: str) -> None:
    result = gbreport.parse(CORPUS / name)
    quoted = [QUOTED.search(f.message_en) for f in result.findings if f.code in CODES]
    assert quoted, "the run-together document gives findings on its digit splits"
    for match in quoted:
        assert match is not None
        assert not CJK.search(match.group(1)), match.group(1)
        assert re.fullmatch(r"[0-9., ]+", match.group(1)), match.group(1)


def test_a_label_fused_to_the_digits_before_it_is_left_out() -> None:
    text = (CORPUS / "pingtan-2019.txt").read_text(encoding="utf-8")
    assert "0000000三、本年度办理结果" in text  # the shape this test is about
    result = gbreport.parse(text.encode("utf-8"))
    digits = [QUOTED.search(f.message_zh) for f in result.findings if f.code == "parse.segmented"]
    assert all(m is not None and "本年度办理结果" not in m.group(1) for m in digits)
