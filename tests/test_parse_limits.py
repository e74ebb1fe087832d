"""Limits on hostile input: the number of lines and table cells, HTML elements, Word XML elements, PDF
pages and text, the peak memory of a maximal document; and no copy of a PDF left on disk when the
process is killed while reading it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import gbreport
from gbreport import LoadError, load, render
from gbreport.parsing import MAX_DOCUMENT_BYTES, _docx, _pdf, parse
from gbreport.parsing._doc import MAX_PLACES
from gbreport.parsing._html import MAX_NODES

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
EXAMPLE = Path(__file__).parent.parent / "examples" / "pingfang-education-2020.json"
PDF = CORPUS / "huaian-city-2024.pdf"
TITLE = "某某市某某局2023年政府信息公开工作年度报告\n"


def test_more_lines_than_the_limit_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="200,000 lines"):
        parse(TITLE + "1\n" * (MAX_PLACES + 1))


def test_more_table_cells_than_the_limit_is_a_load_error() -> None:
    rows = "|" + "1|" * 1000 + "\n"
    with pytest.raises(LoadError, match="table cells"):
        parse(TITLE + "|a|b|\n|---|---|\n" + rows * (MAX_PLACES // 1000 + 1))


def test_more_html_elements_than_the_limit_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="elements"):
        parse("<html><body>" + "<b></b>" * (MAX_NODES + 1) + "</body></html>")


def test_more_word_elements_than_the_limit_is_a_load_error(monkeypatch: pytest.MonkeyPatch) -> None:
    data = render(load(EXAMPLE), to="docx")
    assert parse(data).report == load(EXAMPLE)
    monkeypatch.setattr(_docx, "MAX_ELEMENTS", 100)
    with pytest.raises(LoadError, match="more than 100 elements"):
        parse(data)


def test_a_pdf_with_more_pages_than_the_limit_is_a_load_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pdf, "MAX_PAGES", 2)
    with pytest.raises(LoadError, match="more than 2 pages"):
        parse(PDF)


def test_a_pdf_with_more_text_than_the_limit_is_a_load_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pdf, "MAX_OUTPUT", 10_000)
    with pytest.raises(LoadError, match="larger than"):
        parse(PDF)


def test_a_maximal_document_stays_within_a_few_hundred_megabytes() -> None:
    """The largest input accepted, as one long line of text (the costliest shape measured), read in a
    fresh process: its peak resident memory, interpreter included (``VmHWM``: the process's own peak;
    ``ru_maxrss`` would keep the peak of the test runner that started it)."""
    script = textwrap.dedent(
        f"""
        import re
        from gbreport import GbreportError
        from gbreport.parsing import parse
        base = open({str(CORPUS / "sanming-city-2021.txt")!r}, encoding="utf-8").read().encode()
        filler = "字 ".encode() * (({MAX_DOCUMENT_BYTES} - len(base) - 16) // 4)
        try:
            parse(base + filler)
        except GbreportError:
            pass
        status = open("/proc/self/status", encoding="ascii").read()
        print(int(re.search(r"VmHWM:\\s*(\\d+) kB", status).group(1)) // 1024)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300)
    assert int(done.stdout.split()[-1]) < 512


def test_killing_the_process_while_it_reads_a_pdf_leaves_no_file_behind(tmp_path: Path) -> None:
    """The PDF goes to pdftotext on its standard input: there is no temporary copy to clean up, whatever
    way the process ends (here SIGTERM in the middle of reading)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    script = textwrap.dedent(
        f"""
        import sys
        from gbreport.parsing import parse
        data = open({str(PDF)!r}, "rb").read()
        print("reading", flush=True)
        while True:
            parse(data)
        """
    )
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "reading"
    time.sleep(0.5)
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=30) == -signal.SIGTERM
    time.sleep(0.2)
    assert list(temp.iterdir()) == []


def test_parse_refuses_an_argument_of_the_wrong_kind() -> None:
    for wrong in (12345, None, ["report.pdf"]):
        with pytest.raises(gbreport.ArgumentError):
            parse(wrong)  # type: ignore[arg-type]
