"""Mutated documents of every input kind: the API answers with a result or a GbreportError, nothing else.

A fixed seed and a bounded number of mutations per kind keep the run repeatable and quick.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import gbreport
from conftest import CORPUS, EXAMPLE

SEED = 20261202
PER_KIND = 25


def _docx() -> bytes:
    data = gbreport.render(gbreport.load(EXAMPLE), to="docx")
    assert isinstance(data, bytes)
    return data


SOURCES: dict[str, Callable[[], bytes]] = {
    "json": EXAMPLE.read_bytes,
    "text": (CORPUS / "pingfang-education-2020.txt").read_bytes,
    "html": (CORPUS / "pingtan-approval_2025.html").read_bytes,
    "markdown": lambda: str(gbreport.render(gbreport.load(EXAMPLE), to="markdown")).encode("utf-8"),
    "pdf": (CORPUS / "huaian-city-2024.pdf").read_bytes,
    "docx": _docx,
}


def _mutate(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not raw:
            break
        at = rng.randrange(len(raw))
        op = rng.choice(("flip", "delete", "insert", "truncate", "duplicate"))
        if op == "flip":
            raw[at] ^= 1 << rng.randrange(8)
        elif op == "delete":
            del raw[at : at + rng.randint(1, 64)]
        elif op == "insert":
            raw[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == "truncate":
            del raw[at:]
        else:
            raw[at:at] = raw[at : at + rng.randint(1, 200)]
    return bytes(raw)


def _flip_inside_document_xml(data: bytes, rng: random.Random) -> bytes:
    """A single bit flipped in the compressed stream of word/document.xml (the zip stays readable)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
    header = 30 + len(info.filename.encode()) + len(info.extra)
    start = info.header_offset + header
    raw = bytearray(data)
    at = start + rng.randrange(max(1, info.compress_size))
    raw[at] ^= 1 << rng.randrange(8)
    return bytes(raw)


def _exercise(data: bytes) -> None:
    try:
        result = gbreport.parse(data)
    except gbreport.GbreportError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    report = result.report
    gbreport.check(report)
    gbreport.cells(report)
    gbreport.dumps(report)
    gbreport.render(report, to="markdown")


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_mutated_documents_give_a_result_or_a_gbreport_error(kind: str) -> None:
    rng = random.Random(f"{SEED}-{kind}")
    original = SOURCES[kind]()
    for _ in range(PER_KIND):
        _exercise(_mutate(original, rng))


def test_bit_flips_inside_a_word_document_are_load_errors() -> None:
    rng = random.Random(SEED)
    original = SOURCES["docx"]()
    for _ in range(PER_KIND * 2):
        _exercise(_flip_inside_document_xml(original, rng))


@pytest.mark.parametrize(
    "call",
    [
        lambda r: gbreport.check(r, previous="x.json"),
        lambda r: gbreport.check("not a report"),
        lambda r: gbreport.render(r, to="odt"),
        lambda r: gbreport.render(r, to="html", locale="xx"),
        lambda r: gbreport.render("not a report", to="html"),
        lambda r: gbreport.parse(12345),
        lambda r: gbreport.cells({"format_version": "2021-30"}),
        lambda r: gbreport.dumps({"format_version": "2021-30"}),
        lambda r: gbreport.convert(r, "1999-01"),
        lambda r: gbreport.next_year("x"),
        lambda r: gbreport.roll_up([r, "x"], agency="甲"),
    ],
)
def test_misused_api_raises_gbreport_errors(call: Callable[[gbreport.Report], object]) -> None:
    report = gbreport.load(EXAMPLE)
    with pytest.raises(gbreport.GbreportError):
        call(report)


def test_a_path_that_does_not_exist_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(gbreport.LoadError, match="no such file"):
        gbreport.parse(tmp_path / "missing.pdf")
