"""Parsers on hostile, truncated and random input: a report or a one-line LoadError, never a crash."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbreport import LoadError, cells
from gbreport.parsing import ParseResult, parse

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
TEXTS = {
    name: (CORPUS / name).read_bytes()
    for name in ("pingfang-education-2020.txt", "pingtan-2019.txt", "pingtan-2021.txt", "pingtan-finance_2019.html")
}
BINARIES = {name: (CORPUS / name).read_bytes() for name in ("template-2021-blank.docx", "huaian-city-2024.pdf")}
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _flat(data: bytes) -> str:
    text = unicodedata.normalize("NFKC", data.decode("utf-8", errors="ignore"))
    return re.sub(r"[^0-9.]", "", text)


def _no_invented_numbers(result: ParseResult, source: bytes) -> None:
    """Every value read comes from digits in the source, or a finding names its cell."""
    flagged = {c for f in result.findings for c in f.cells}
    digits = _flat(source)
    for cid, value in cells(result.report):
        if value is None or cid in flagged:
            continue
        raw = re.sub(r"[^0-9.]", "", result.raw.get(cid, ""))
        assert raw, cid
        assert raw in digits, (cid, value)


def _parse_or_error(data: bytes) -> ParseResult | None:
    try:
        return parse(data)
    except LoadError as exc:
        assert "\n" not in str(exc)
        return None


@FUZZ
@given(name=st.sampled_from(sorted(TEXTS)), data=st.data())
def test_mutated_text_documents(name: str, data: st.DataObject) -> None:
    source = bytearray(TEXTS[name])
    for _ in range(data.draw(st.integers(0, 6))):
        where = data.draw(st.integers(0, len(source)))
        action = data.draw(st.sampled_from(["delete", "insert", "truncate"]))
        if action == "delete":
            del source[where : where + data.draw(st.integers(1, 400))]
        elif action == "insert":
            source[where:where] = data.draw(st.sampled_from([b"7", b"0", b" ", b"\n", b"|", b"<td>", b"\xff", b"/"]))
        else:
            del source[where:]
    result = _parse_or_error(bytes(source))
    if result is not None:
        _no_invented_numbers(result, bytes(source))


@FUZZ
@given(name=st.sampled_from(sorted(BINARIES)), cut=st.floats(0, 1), flips=st.lists(st.integers(0, 10**6), max_size=5))
def test_truncated_and_corrupted_binaries(name: str, cut: float, flips: list[int]) -> None:
    source = bytearray(BINARIES[name][: int(len(BINARIES[name]) * cut)])
    for i in flips:
        if source:
            source[i % len(source)] ^= 0x55
    _parse_or_error(bytes(source))


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    _parse_or_error(data)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("0123456789 /-—|\n规章行政许可总计（）一、.<td>")), max_size=2000))
def test_random_table_like_text(text: str) -> None:
    _parse_or_error(text.encode("utf-8"))


def test_corpus_values_come_from_the_source() -> None:
    for name in ("pingfang-education-2020.txt", "pingtan-2019.txt", "pingtan-2021.txt", "pingtan-approval_2025.html"):
        data = (CORPUS / name).read_bytes()
        _no_invented_numbers(parse(data), data)


def test_long_digit_run_is_bounded() -> None:
    text = (
        "二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章" + "1" * 5000
    )
    result = parse(text + "\n")
    assert result.report.t2.regulations.issued is None


def test_deeply_nested_html() -> None:
    html = "<html><body>" + "<div>" * 5000 + "<table><tr><td>规章</td><td>1</td></tr></table>" + "</div>" * 5000
    _parse_or_error(html.encode())


def test_huge_spans_are_capped() -> None:
    html = '<table><tr><td rowspan="999999999" colspan="999999">本年制发件数</td></tr></table>'
    _parse_or_error(html.encode())


def test_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")
    with pytest.raises(LoadError, match="too"):
        parse(buffer.getvalue())


def test_not_a_docx() -> None:
    with pytest.raises(LoadError, match="Word"):
        parse(b"PK\x03\x04garbage")


def test_empty_and_unrelated_input() -> None:
    for data in (b"", b" \n\t"):
        with pytest.raises(LoadError, match="empty input"):
            parse(data)
    for data in (b"hello world\n", "天气很好。\n".encode()):
        with pytest.raises(LoadError, match="no table"):
            parse(data)


def test_gbk_text_is_decoded() -> None:
    data = (CORPUS / "pingfang-education-2020.txt").read_text(encoding="utf-8").encode("gb18030")
    result = parse(data)
    assert result.report.t2.procurement.projects == 3
    assert "parse.encoding" in result.findings.codes()


def test_label_variants_and_blank_marks() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 ５ / - — 无 0 ５\n"
        "（六）其他处理 1、申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请 1 0 0 0 0 0 1\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    result = parse(text)
    assert result.format_version == "2021-30"
    row = result.report.t3.new_received
    assert (row.natural_person, row.commercial, row.research, row.total) == (5, None, None, 5)
    assert result.raw["t3.new_received.commercial"] == "/"
    assert result.raw["t3.new_received.research"] == "-"
    assert result.raw["t3.new_received.social_org"] == "—"
    assert result.raw["t3.new_received.legal_service"] == "无"
    assert result.raw["t3.new_received.other_org"] == "0"
    assert result.blank_cells["t3.new_received.legal_service"] == "无"
    assert result.report.t3.other.overdue_correction.total == 1


def test_markdown_table() -> None:
    text = (
        "## 二、主动公开政府信息情况\n\n"
        "| 第二十条第（一）项 | | | |\n| --- | --- | --- | --- |\n"
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 1 | | 3 |\n"
    )
    result = parse(text)
    assert result.kind == "markdown"
    assert (result.report.t2.regulations.issued, result.report.t2.regulations.repealed) == (1, None)
    assert result.raw["t2.regulations.repealed"] == ""


def test_cli_parse_and_accuracy(tmp_path: Path) -> None:
    script = (
        "import argparse,sys\n"
        "from gbreport.parsing.cli import add_commands\n"
        "p=argparse.ArgumentParser();s=p.add_subparsers(dest='c',required=True);add_commands(s)\n"
        "a=p.parse_args(sys.argv[1:]);sys.exit(a.run(a))\n"
    )
    out = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-c", script, "parse", str(CORPUS / "pingfang-education-2020.txt"), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"format_version": "2019-60"' in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing here", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", script, "parse", str(bad)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    done = subprocess.run(
        [sys.executable, "-c", script, "accuracy", str(CORPUS)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout
    assert "overall" in done.stdout


def test_header_that_does_not_fit_the_model_is_left_out_with_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    import gbreport.parsing as parsing

    real = parsing.header_of

    def long_agency(*args: Any, **kwargs: Any) -> dict[str, Any]:
        header: dict[str, Any] = real(*args, **kwargs)
        return {**header, "agency": "局" * 600}

    monkeypatch.setattr(parsing, "header_of", long_agency)
    result = parse(CORPUS / "pingfang-education-2020.txt")
    [dropped] = [f for f in result.findings if f.code == "parse.text_dropped"]
    assert dropped.severity == "warning" and dropped.location == "header.agency"
    assert result.report.header.agency == "" and result.report.header.year == 2020
    assert result.report.t2.licensing.items_last_year == 14
