"""The outline of a document: the headings of its sections, and other top-level headings, in order.

The headings of the declared sections are found by their number and title (:func:`._locate.find_sections`).
Besides them, a line of running text that starts like a top-level heading (``七、…``, ``第五部分…``),
is short, is no label of a table, and carries a number that no section found has and that is greater
than that of the heading before it is a heading too: a section the format does not declare, or one
whose title was changed.  Every part of a document -- a table's region, a section's text -- ends at
the next heading of the outline, so that a missing section never pushes its neighbour's text into a
table.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..formats import Format
from ._doc import CELL, ROW, Doc
from ._labels import NUMERALS, known_row_pattern

MAX_HEADING_CHARS = 60
"""A line longer than this is a paragraph, not a heading."""

_LINE = (
    rf"[ \t]*+(?:第[ \t]*(?P<a>[{NUMERALS}]{{1,3}})[ \t]*部分"
    rf"|(?P<b>[{NUMERALS}]{{1,3}})[ \t]*[、.．])[^\n]*"
)
"""A line that starts like a top-level heading (group ``a`` or ``b``: its number), to its end (the blanks
before it taken possessively: nothing after them can start with one, and a page has many blank lines)."""
_FIRST_TOP = re.compile(_LINE)
_TOP = re.compile(f"\n(?P<line>{_LINE})")
"""Such a line after a line break: a pattern that starts with a character is searched for it, where
``^`` in multi-line mode is tried at every place of the text."""


def _tops(text: str) -> Iterator[tuple[int, int, str]]:
    """The lines of ``text`` that start like a top-level heading: start, end, number."""
    first = _FIRST_TOP.match(text)
    if first:
        yield first.start(), first.end(), first.group("a") or first.group("b") or ""
    for m in _TOP.finditer(text):
        yield m.start("line"), m.end(), m.group("a") or m.group("b") or ""


def _number(text: str) -> int:
    """``一`` … ``十``, ``十一`` … ``九十九`` as a number."""
    if len(text) == 1:
        return NUMERALS.index(text) + 1
    tens, _, units = text.partition("十")
    return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(units) + 1 if units else 0)


@dataclass(frozen=True, slots=True)
class HeadingSpot:
    """A heading in :attr:`Doc.text`: where it starts and ends, and the declared section it heads (if any)."""

    start: int
    end: int
    section: str | None = None


def _candidates(doc: Doc, fmt: Format, held: set[int]) -> list[tuple[HeadingSpot, int]]:
    """Lines of running text that start like a top-level heading, with their numbers (none in ``held``)."""
    known = known_row_pattern(fmt)
    out: list[tuple[HeadingSpot, int]] = []
    text = doc.text
    for start, end, number in _tops(text):
        line = text[start:end]
        if CELL in line or ROW in line or len(line.strip()) > MAX_HEADING_CHARS:
            continue
        try:
            value = _number(number)
        except ValueError:
            continue
        if value in held or doc.in_table(start) or known.search("".join(line.split())):
            continue
        out.append((HeadingSpot(start + len(line) - len(line.lstrip(" \t")), end), value))
    return out


def outline(doc: Doc, fmt: Format, sections: list[tuple[str, int, int]]) -> list[HeadingSpot]:
    """The headings of ``doc`` in order: the ``sections`` found (key, start, end), and the other top-level
    headings whose number no section found has and is greater than that of the heading before them
    (an item ``三、`` inside section 一 is not a heading)."""
    numbers = {s.key: i for i, s in enumerate(fmt.sections, start=1)}
    found = [(HeadingSpot(start, end, key), numbers[key]) for key, start, end in sections]
    taken = [(s.start, s.end) for s, _ in found]
    held = {n for _, n in found}
    others = [
        (spot, n)
        for spot, n in _candidates(doc, fmt, held)
        if not any(a < spot.end and spot.start < b for a, b in taken)
    ]
    out: list[HeadingSpot] = []
    last = 0
    for spot, n in sorted(found + others, key=lambda item: item[0].start):
        if spot.section is None and n <= last:
            continue
        out.append(spot)
        last = n
    return out


def next_stop(stops: list[int], pos: int, default: int) -> int:
    """The start of the first heading after ``pos`` (``default`` when there is none)."""
    i = bisect.bisect_right(stops, pos)
    return stops[i] if i < len(stops) else default
