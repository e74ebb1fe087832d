"""The common intermediate form of every input: one normalised text with cell and row
markers, and a map from text offsets back to places in the source.

Every reader (plain text, Markdown, HTML, Word, PDF) produces a :class:`Doc`.  Text
outside tables is kept line by line; a table is written row by row, its cells
separated by :data:`CELL` and each row ended by :data:`ROW`.  Cells covered by a
rowspan or colspan are left out, so that every value of the table appears once.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, repeat
from typing import NamedTuple

from ..checks import Finding
from ..errors import LoadError

MAX_PLACES = 200_000
"""At most this many lines of text and table cells in one document (a report has a few thousand; each
costs some 150 bytes of memory and the matching some time): a larger input is a :class:`LoadError`."""

CELL = "\x1f"
ROW = "\x1e"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")


def clean(text: str) -> str:
    """Line ends unified and control characters replaced by spaces; nothing else changed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)  # a tab is not in the class: it stays


def _index_map(printed: str, line: str) -> array[int] | None:
    """For each character of the normalised ``line``, the index of the character of ``printed`` it comes
    from; ``None`` when normalising character by character does not give as many characters (a sequence
    that composes).  Runs of characters that normalise to one character each map one to one."""
    out: array[int] = array("I")
    last = 0
    for m in _unicode_classes().irregular.finditer(printed):
        at = m.start()
        out.extend(range(last, at))
        out.extend([at] * len(unicodedata.normalize("NFKC", m.group())))
        last = at + 1
    out.extend(range(last, len(printed)))
    return out if len(out) == len(line) else None


_JAMO = ((0x1100, 0x11FF), (0xA960, 0xA97F), (0xD7B0, 0xD7FF))
"""Hangul jamo: they compose by rule, not by the decomposition table."""


class _Classes(NamedTuple):
    irregular: re.Pattern[str]
    """A character whose normalised form is not one character (``…`` → ``...``), that may combine with its
    neighbours (combining marks, Hangul jamo), or lies outside the Basic Multilingual Plane."""
    unstable: re.Pattern[str]
    """Runs of characters that NFKC may change or that may change the character before them.  A character
    outside them is its own NFKC form (it has no decomposition, or recomposes to itself), has combining
    class 0 and is never the second of a canonical composition, so the text between runs is already
    normalised."""
    unsafe: re.Pattern[str]
    """A character of such a run whose decomposition does not start with a character that stands on its own
    (combining class 0, never the second of a composition, no Hangul jamo).  Before every other character
    NFKC may cut the text in two; in a text without these, each character is normalised on its own."""
    runs: re.Pattern[str]
    """Runs of characters that NFKC changes or that are :attr:`unsafe`, as the one group of the pattern
    (``split`` keeps them)."""


@cache
def _unicode_classes() -> _Classes:
    """The classes of characters normalisation needs, from one pass over the running Python's Unicode
    database (the Basic Multilingual Plane; every character outside it counts as irregular, unstable and
    unsafe: no composition pairs a character outside the plane with one inside)."""
    seconds: set[int] = set()
    changed: list[int] = []
    irregular: list[int] = []
    firsts: dict[int, int] = {}  # a changed character: the first of its full compatibility decomposition
    for code in range(0x10000):
        char = chr(code)
        decomposition = unicodedata.decomposition(char)
        odd = bool(unicodedata.combining(char)) or _is_jamo(code)
        if decomposition:
            if not decomposition.startswith("<"):
                parts = decomposition.split()
                if len(parts) == 2:
                    seconds.add(int(parts[1], 16))
            normal = unicodedata.normalize("NFKC", char)
            if normal != char:
                changed.append(code)
                firsts[code] = ord(unicodedata.normalize("NFKD", char)[0])
            odd = odd or len(normal) != 1
        if odd:
            irregular.append(code)
    unstable = sorted(set(changed) | set(irregular) | seconds | set(range(0xD800, 0xE000)))

    def stands_alone(code: int) -> bool:
        return not unicodedata.combining(chr(code)) and code not in seconds and not _is_jamo(code)

    unsafe = [c for c in unstable if c not in firsts or not stands_alone(firsts[c])]
    plane = "\U00010000-\U0010ffff"
    touched = f"[{_char_class(sorted(set(changed) | set(unsafe)))}{plane}]"
    return _Classes(
        re.compile(f"[{_char_class(irregular)}{plane}]"),
        re.compile(f"[{_char_class(unstable)}{plane}]+"),
        re.compile(f"[{_char_class(unsafe)}{plane}]"),
        re.compile(f"({touched}{touched}*)"),  # not "+": a pattern that starts with the class is searched for it
    )


def _is_jamo(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in _JAMO)


def _char_class(codes: list[int]) -> str:
    """The body of a character class matching exactly ``codes`` (sorted), as ranges."""
    ranges: list[tuple[int, int]] = []
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_RUNS: dict[str, str] = {}
"""NFKC of runs of changed characters seen (full-width punctuation, mostly: a few dozen kinds)."""
MAX_RUNS = 4096


def _runs(pieces: list[str], unsafe: re.Pattern[str]) -> str | None:
    """``pieces`` (unchanged text and runs of :attr:`_Classes.runs`, alternately) joined, each run
    normalised; ``None`` when a run holds an unsafe character."""
    known = _RUNS.get
    for i in range(1, len(pieces), 2):
        run = pieces[i]
        normal = known(run)
        if normal is None:
            if unsafe.search(run):
                return None
            normal = unicodedata.normalize("NFKC", run)
            if len(_RUNS) < MAX_RUNS:
                _RUNS[run] = normal
        pieces[i] = normal
    return "".join(pieces)


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)`` (which costs some 80 ns a character), normalising only what
    can change: in a text without :attr:`_Classes.unsafe` characters (a report in Chinese, mostly), the runs
    of changed characters alone; else the runs of unstable characters, each with the character before it,
    which a combining mark may join."""
    classes = _unicode_classes()
    pieces = classes.runs.split(text)
    if len(pieces) == 1:
        return text
    normal = _runs(pieces, classes.unsafe)
    if normal is not None:
        return normal
    out: list[str] = []
    last = 0
    normalize = unicodedata.normalize
    for m in classes.unstable.finditer(text):
        start, end = m.span()
        if start > last:
            out.append(text[last : start - 1])
            start -= 1
        out.append(normalize("NFKC", text[start:end]))
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def normalise(text: str) -> str:
    """Width, compatibility forms and control characters normalised (NFKC plus a few more).

    Full-width digits, letters and brackets become ASCII, the ideographic space and
    the no-break space become a plain space; tabs and newlines stay.
    """
    return _finish(nfkc(clean(text)))


_JOIN = "\ue000"
"""Joins texts normalised in one pass (a private-use character: stable under NFKC, kept by :func:`clean`)."""


def normalise_many(texts: list[str]) -> list[str]:
    """``[normalise(t) for t in texts]``, in one pass over the joined texts."""
    if len(texts) < 2:
        return [normalise(t) for t in texts]
    out = normalise(_JOIN.join(texts)).split(_JOIN)
    return out if len(out) == len(texts) else [normalise(t) for t in texts]


def _finish(text: str) -> str:
    """What :func:`normalise` does after NFKC: the minus sign and the horizontal bar as the dash they print."""
    return text.replace("\u2212", "-").replace("\u2015", "\u2014")


Place = str | int | tuple[str, int] | tuple[str, int, int, int]
"""Where a mark is in the source: text (``page 2, line 3``), a line number (``line 12``), a later line of a
block as (place, index of the block's first mark) (``paragraph 4, line 2``), or a table cell as (prefix,
table, row, column) (``line 40: table 1, row 2, column 3``); all but text are made into text only when
asked for (a document has thousands of marks, and few places are ever shown)."""


def place_text(place: Place, index: int) -> str:
    """A :data:`Place` as text; ``index`` is the index of its mark."""
    if isinstance(place, str):
        return place
    if isinstance(place, int):
        return f"line {place}"
    if len(place) == 2:
        return f"{place[0]}, line {index - place[1] + 1}"
    prefix, table, row, column = place
    return f"{prefix}table {table}, row {row}, column {column}"


@dataclass
class Doc:
    """A source document as one normalised text with locations."""

    kind: str
    text: str = ""
    marks: list[int] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    """The place in the source of each mark (see :data:`Place`; :meth:`where` gives it as text)."""
    tables: list[tuple[int, int]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    printed: dict[int, str] = field(default_factory=dict)
    """Lines of running text as printed (before normalisation), by the offset of the line in
    :attr:`text`, for the lines whose normalised form differs."""
    maps: dict[int, array[int] | None] = field(default_factory=dict)
    """For a line of :attr:`printed`, the index in the printed line of each character of the normalised one
    (made when first needed)."""
    continued: set[int] = field(default_factory=set)
    """Offsets of lines that continue the paragraph of the line before (a reader that knows its
    lines are wrapped, such as PDF's, says so; paragraphs are joined back from them)."""

    running: bytearray = field(default_factory=bytearray)
    """Per mark, 1 when it starts a line of running text (a place inside it adds its character), else 0."""

    def where(self, pos: int) -> str:
        """The place in the source (line, table/row/column or page) of text offset ``pos``; inside a line of
        running text, with the character (``line 10, character 2345``)."""
        marks = self.marks
        i = bisect.bisect_right(marks, pos) - 1
        if i < 0:
            return ""
        place = self.places[i]
        if type(place) is not str:
            place = place_text(place, i)
        start = marks[i]
        if pos > start and self.running[i]:
            return f"{place}, character {pos - start + 1}"
        return place

    def shown(self, start: int, end: int) -> str:
        """``text[start:end]`` (inside one line) as printed: the document's own characters where the line's
        printed form is known, else the normalised text."""
        line = self.text.rfind("\n", 0, start) + 1
        printed = self.printed.get(line)
        if printed is None or end <= start:
            return self.text[start:end]
        if line not in self.maps:
            stop = self.text.find("\n", line)
            self.maps[line] = _index_map(printed, self.text[line : len(self.text) if stop < 0 else stop])
        index = self.maps[line]
        if index is None:
            return self.text[start:end]
        return printed[index[start - line] : index[end - line - 1] + 1]

    def in_table(self, pos: int) -> bool:
        """True when ``pos`` falls inside a table read as a grid."""
        i = bisect.bisect_right(self.tables, (pos, 1 << 62)) - 1
        return i >= 0 and self.tables[i][0] <= pos < self.tables[i][1]


_RUNNING = b"\x01"


class DocBuilder:
    """Accumulates text lines and tables into a :class:`Doc`."""

    def __init__(self, kind: str) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._tables = 0
        self.doc = Doc(kind)

    def _room(self, places: int) -> None:
        """Raise :class:`LoadError` unless ``places`` more lines or cells stay within :data:`MAX_PLACES`."""
        if len(self.doc.marks) + places > MAX_PLACES:
            raise LoadError(
                f"more than {MAX_PLACES:,} lines and table cells: too large for an annual report "
                "(a report has a few thousand)"
            )

    def _mark(self, place: str, *, running: bool = False) -> None:
        self._room(1)
        self.doc.marks.append(self._size)
        self.doc.places.append(place)
        self.doc.running.append(running)

    def _add(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)

    def _printed(self, line: str, printed: str | None) -> None:
        if printed is not None and printed != line:
            self.doc.printed[self._size] = printed

    def line(self, text: str, place: str, *, continued: bool = False) -> None:
        """One line of running text (``text`` must not contain markers; it is normalised here).

        ``continued``: the line continues the paragraph of the line before (a printed line wrap).
        """
        self._mark(place, running=True)
        if continued:
            self.doc.continued.add(self._size)
        line = normalise(text).replace("\n", " ")
        self._printed(line, clean(text).replace("\n", " "))
        self._add(line + "\n")

    def numbered_lines(self, texts: list[str], first: int) -> None:
        """Lines of running text numbered ``first``, ``first + 1``, … in the source (place ``line N``):
        :meth:`line` for each, normalised in one pass."""
        if not texts:
            return
        self._room(len(texts))
        joined = "\n".join(texts)
        if "\r" in joined or joined.count("\n") != len(texts) - 1:  # a line break inside a text
            for k, text in enumerate(texts):
                self.line(text, f"line {first + k}")
            return
        cleaned = clean(joined)
        self.doc.places.extend(range(first, first + len(texts)))
        self._running_lines(_finish(nfkc(cleaned)).split("\n"), cleaned.split("\n"))

    def _running_lines(self, lines: list[str], printed: list[str]) -> None:
        """Normalised ``lines`` of running text, each with its mark (their places already added); ``printed``,
        the lines as printed, are kept where they differ (not at all when there are not as many)."""
        doc = self.doc
        starts = list(accumulate(map((1).__add__, map(len, lines)), initial=self._size))  # each line and "\n"
        doc.marks.extend(starts[:-1])
        doc.running.extend(_RUNNING * len(lines))
        if len(printed) == len(lines):
            doc.printed.update(
                {at: orig for at, line, orig in zip(starts[:-1], lines, printed, strict=True) if line != orig}
            )
        self._size = starts[-1]
        self._parts.append("\n".join(lines) + "\n")

    def cells(self, cells: list[str], place: str) -> None:
        """One printed line of a table row: its label, then one text per column (``""`` for a blank cell).

        Unlike :meth:`table`, the line stays running text (a label may wrap over several
        lines); its cells are separated by :data:`CELL`.
        """
        for column, cell in enumerate(normalise_many(cells)):  # the markers are control characters: spaces now
            if column:
                self._add(CELL)
            self._mark(f"{place}, column {column + 1}" if column else place)
            self._add(cell.replace("\n", " "))
        self._add("\n")

    def block(self, text: str, place: str) -> None:
        """A block of running text that may span several lines (places ``place``, ``place, line 2``, …)."""
        lines = normalise(text).split("\n")
        self._room(len(lines))
        self.doc.places.append(place)
        self.doc.places.extend(repeat((place, len(self.doc.marks)), len(lines) - 1))
        self._running_lines(lines, clean(text).split("\n"))

    def table(self, grid: list[list[str | None]], place: str = "") -> None:
        """A table as a grid of cell texts; ``None`` marks a cell covered by a span."""
        self._tables += 1
        number = self._tables
        texts = [cell for row in grid for cell in row if cell is not None]
        self._room(len(texts))
        normal = normalise_many(texts)  # control characters, the markers among them, are spaces now
        self.doc.running.extend(bytes(len(texts)))
        marks, places = self.doc.marks, self.doc.places
        start = size = self._size
        parts: list[str] = []
        taken = 0
        for r, row in enumerate(grid, 1):  # a row: its cells' texts joined by CELL, then ROW and a line break
            columns = (
                range(1, len(row) + 1) if None not in row else [c for c, cell in enumerate(row, 1) if cell is not None]
            )
            if columns:
                cells = normal[taken : taken + len(columns)]
                taken += len(columns)
                marks.extend(accumulate([len(text) + 1 for text in cells[:-1]], initial=size))
                places.extend([(place, number, r, c) for c in columns])
                line = CELL.join(cells)
                parts.append(line)
                size += len(line)
            parts.append(ROW + "\n")
            size += 2
        self._parts.append("".join(parts))
        self._size = size
        self.doc.tables.append((start, size))

    def build(self) -> Doc:
        self.doc.text = "".join(self._parts)
        return self.doc
