"""Parsing time grows linearly with the size of hostile input: 1 MB of each adversarial shape inside a
real report takes at most 8 times as long as 250 KB (4 times is linear).  A ratio of two sizes measured
in the same run, never an absolute time."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from gbreport import GbreportError
from gbreport.parsing import parse

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SMALL, LARGE = 250_000, 1_000_000
MAX_RATIO = 8.0
FLOOR = 0.05
"""Seconds below which a time is noise, not a measurement (a fast parse of the small input)."""

TEXT = (CORPUS / "sanming-city-2021.txt").read_text(encoding="utf-8")
HTML = (CORPUS / "pingtan-approval_2025.html").read_text(encoding="utf-8")

SHAPES: dict[str, tuple[str, str, Callable[[int], str]]] = {
    # name: (document, text before which the shape goes, shape of n characters)
    "spaces in a line": (TEXT, "根据新修订", lambda n: " " * n),
    "a line of spaces": (TEXT, "根据新修订", lambda n: "\n" + " " * n + "x\n"),
    "digits": (TEXT, "根据新修订", lambda n: "7" * n),
    "digits in a table row": (TEXT, "\n160\n", lambda n: " 1" * (n // 2)),
    "Chinese without punctuation": (TEXT, "根据新修订", lambda n: "政府信息公开工作" * (n // 24)),
    "pipe table rule": (TEXT, "根据新修订", lambda n: "\n|" + " -|" * (n // 3) + "\n"),
    "pipe table cells": (TEXT, "根据新修订", lambda n: "\n|" + " |" * (n // 2) + "\n"),
    "box-drawn border": (TEXT, "根据新修订", lambda n: "\n+" + " |" * (n // 2) + " x\n"),
    "HTML cells": (HTML, "根据《中华人民共和国", lambda n: "<td>" * (n // 4)),
}


def _seconds(document: str, before: str, shape: Callable[[int], str], size: int) -> float:
    at = document.index(before)
    data = (document[:at] + shape(size) + document[at:]).encode("utf-8")
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        with contextlib.suppress(GbreportError):  # an input with no table is refused: the time still counts
            parse(data)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_parsing_time_is_linear_in_the_size_of_hostile_input(name: str) -> None:
    document, before, shape = SHAPES[name]
    ratios = []
    for _ in range(3):  # a busy machine can stall one measurement; a super-linear shape fails every time
        small = _seconds(document, before, shape, SMALL)
        large = _seconds(document, before, shape, LARGE)
        ratios.append(large / max(small, FLOOR))
        if ratios[-1] < MAX_RATIO:
            break
    assert min(ratios) < MAX_RATIO, (name, ratios)


TAILS = ('<a b="', "<a ", "<a\n", "</a", "<!--", "<?x")
"""Shapes html.parser (the fallback HTML reader) tries against the rest of the page from each of their
places when nothing closes them: a page cut off, or made to end in a long run of them."""


@pytest.mark.parametrize("shape", TAILS)
def test_the_fallback_html_reader_is_linear_on_a_page_ending_in_unclosed_tags(shape: str) -> None:
    from gbreport.parsing._html import read_html_stdlib

    def seconds(size: int) -> float:
        text = HTML + shape * (size // len(shape))
        best = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            read_html_stdlib(text)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = 50_000, 200_000  # quadratic, 200 KB took minutes
    ratios = [seconds(large) / max(seconds(small), FLOOR) for _ in range(2)]
    assert min(ratios) < MAX_RATIO, (shape, ratios)
