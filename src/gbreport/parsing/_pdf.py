"""PDF reader for documents with a text layer.

The text is taken in content-stream order, which keeps a table row's label and its
values together: with poppler's ``pdftotext -raw`` (Debian package ``poppler-utils``)
(required: without it, reading a PDF is a clear error saying what to install).
Page footers (``- 4 -``, ``第 4 页``, a bare page number at the foot of its page)
are dropped, so that a table split across pages reads as one.

A blank table cell prints nothing, so the text alone cannot say which cell a value
belongs to.  The reader therefore also takes the position of every word
(``pdftotext -raw -bbox``): the values of consecutive table rows that line up form
the table's columns (values of one column overlap horizontally, values of two
columns never do), and each row is written with one cell per column, an empty cell
where nothing is printed.  A row that prints only its label between rows of the
table is written with every cell empty.
"""

from __future__ import annotations

import html
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

from ..errors import LoadError
from ._doc import Doc, DocBuilder, clean

TIMEOUT_SECONDS = 60
_FOOTER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/共]\s*\d{1,4}\s*页?)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


def _pdftotext(data: bytes) -> tuple[str, str] | None:
    """The text (``-raw``) and the words with their boxes (``-raw -bbox``) of a PDF."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="gbreport-") as tmp:
        path = os.path.join(tmp, "in.pdf")
        with open(path, "wb") as handle:
            handle.write(data)
        for extra in ([], ["-bbox"]):
            try:
                done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
                    [exe, "-raw", *extra, "-enc", "UTF-8", "-q", path, "-"],
                    capture_output=True,
                    timeout=TIMEOUT_SECONDS,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise LoadError(f"the PDF took more than {TIMEOUT_SECONDS} s to read; it may be damaged") from None
            except OSError:
                return None
            if done.returncode != 0 and not done.stdout:
                raise LoadError("not a readable PDF (pdftotext failed); check that the file is a complete PDF")
            out.append(done.stdout.decode("utf-8", errors="replace"))
    return out[0], out[1]


# ---------------------------------------------------------------- layout of table rows


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


_PAGE = re.compile(r"<page\b")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_VALUE_WORD = re.compile(r"^(?:[+\-]?\d[\d,]*(?:\.\d+)?(?:万?元)?|/+|-+|—+|–+|无)$")
MAX_GAP_LINES = 6
"""Rows of one table are at most this many lines apart (wrapped labels, blank rows, group labels)."""
TOLERANCE = 0.5


def _words_by_page(bbox: str) -> list[list[Word]]:
    pages: list[list[Word]] = []
    for chunk in _PAGE.split(bbox)[1:]:
        pages.append(
            [
                Word(
                    html.unescape(m.group(5)),
                    float(m.group(1)),
                    float(m.group(2)),
                    float(m.group(3)),
                    float(m.group(4)),
                )
                for m in _WORD.finditer(chunk)
            ]
        )
    return pages


@dataclass
class _Block:
    """Consecutive table rows of one page whose values line up: their columns, left to right."""

    columns: list[list[float]] = field(default_factory=list)
    first: int = 0
    last: int = 0

    def place(self, words: list[Word]) -> list[int] | None:
        """The column of each value word, or ``None`` when they do not fit this block's columns."""
        out: list[int] = []
        for w in words:
            hits = [i for i, (a, b) in enumerate(self.columns) if w.x0 < b + TOLERANCE and a < w.x1 + TOLERANCE]
            if len(hits) > 1:
                return None
            out.append(hits[0] if hits else -1)
        taken = [i for i in out if i >= 0]
        return out if len(taken) == len(set(taken)) else None

    def add(self, words: list[Word]) -> None:
        for w in words:
            hits = [c for c in self.columns if w.x0 < c[1] + TOLERANCE and c[0] < w.x1 + TOLERANCE]
            if hits:
                hits[0][0], hits[0][1] = min(hits[0][0], w.x0), max(hits[0][1], w.x1)
            else:
                self.columns.append([w.x0, w.x1])
        self.columns.sort()


def _split_values(line: list[Word]) -> tuple[list[Word], list[Word]]:
    """A line's label words and its trailing value words."""
    i = len(line)
    while i > 0 and _VALUE_WORD.match(line[i - 1].text):
        i -= 1
    return line[:i], line[i:]


HEADER_LINES = 40
"""How many lines above a table's first row are searched for column headings."""


def _header_columns(block: _Block, lines: list[list[Word]], floor: int) -> None:
    """Add the columns no row of ``block`` prints a value in, from the headings printed above them.

    Where two neighbouring columns are much further apart than the columns usually are, a
    heading word centred in between (no wider than a column) marks a column left blank in
    every row.
    """
    if len(block.columns) < 3:
        return
    centres = [(a + b) / 2 for a, b in block.columns]
    steps = sorted(b - a for a, b in itertools.pairwise(centres))
    step = steps[len(steps) // 2]
    words = [
        w
        for line in lines[max(floor, block.first - HEADER_LINES) : block.first]
        for w in line
        if not _VALUE_WORD.match(w.text) and w.x1 - w.x0 <= 1.2 * step
    ]
    added: list[list[float]] = []
    for left, right in itertools.pairwise(centres):
        if right - left < 1.6 * step:
            continue
        for w in words:
            middle = (w.x0 + w.x1) / 2
            if left + 0.6 * step <= middle <= right - 0.6 * step and not any(a <= middle <= b for a, b in added):
                added.append([w.x0, w.x1])
    if added:
        block.columns = sorted(block.columns + added)


def table_rows(lines: list[list[Word]]) -> dict[int, list[str]]:
    """Per line index of one page, the line as table cells (label, then one text per column), for the
    lines that are table rows: rows with values, and label-only rows between them."""
    blocks: list[_Block] = []
    of_line: dict[int, _Block] = {}
    heads: set[int] = set()
    open_block = False
    for i, line in enumerate(lines):
        label, values = _split_values(line)
        block = blocks[-1] if blocks else None
        if not values or (not label and len(values) < 2):
            if block is not None and block.columns and any(w.x1 > block.columns[0][0] + TOLERANCE for w in line):
                open_block = False
            elif block is not None and open_block and line and i - block.last <= MAX_GAP_LINES:
                block.last = i
            if len(line) >= 2 and not values and all(w.x0 > line[0].x1 for w in line[1:]):
                head = _Block(first=i, last=i)
                head.add(line[1:])
                blocks.append(head)
                heads.add(i)
                open_block = True
            continue
        if block is None or not open_block or i - block.last > MAX_GAP_LINES or block.place(values) is None:
            block = _Block(first=i)
            blocks.append(block)
            open_block = True
        block.add(values)
        block.last = i
        of_line[i] = block
    floor = 0
    for block in blocks:
        _header_columns(block, lines, floor)
        floor = block.last + 1
    out: dict[int, list[str]] = {}
    for block in blocks:
        width = len(block.columns)
        starts = [lines[i][0].x0 for i, b in of_line.items() if b is block and lines[i]]
        left = min(starts) if starts else 0.0
        right = block.columns[0][0]
        for i in range(block.first, block.last + 1):
            line = lines[i]
            if of_line.get(i) is block:
                label, values = _split_values(line)
                cells = [""] * width
                for w, c in zip(values, block.place(values) or [], strict=False):
                    if c >= 0:
                        cells[c] = f"{cells[c]} {w.text}".strip()
                out[i] = [" ".join(w.text for w in label), *cells]
            elif line and i not in of_line and i not in heads and all(left - 3 <= w.x0 and w.x1 <= right for w in line):
                out[i] = [" ".join(w.text for w in line), *[""] * width]
    return out


def _layout(text_pages: list[str], bbox: str) -> list[dict[int, list[str]]] | None:
    """Per page, the table rows by line index; ``None`` when the word boxes do not match the text."""
    word_pages = _words_by_page(bbox)
    out: list[dict[int, list[str]]] = []
    for p, page in enumerate(text_pages):
        words = word_pages[p] if p < len(word_pages) else []
        lines: list[list[Word]] = []
        k = 0
        for raw in page.splitlines():
            parts = raw.split()
            line = words[k : k + len(parts)]
            if [w.text for w in line] != parts:
                return None
            lines.append(line)
            k += len(parts)
        out.append(table_rows(lines))
    return out


_PARAGRAPH_END = re.compile(r"[。！？!?；;：:…]\s*[”’」』）)]*$")
_PARAGRAPH_START = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]|——|[•·])"
)


def wraps(previous: str, line: str) -> bool:
    """True when printed ``line`` continues the paragraph of ``previous`` (both as printed, stripped).

    A PDF's text layer breaks a paragraph at every printed line end, so a line continues
    the one before unless that one ends a sentence (。！？；： and the like) or this one
    starts a numbered or dashed item.
    """
    return bool(previous) and not _PARAGRAPH_END.search(previous) and not _PARAGRAPH_START.match(line)


def read_pdf(data: bytes) -> Doc:
    """A PDF with a text layer."""
    read = _pdftotext(data)
    if read is None:
        raise LoadError("reading PDF needs poppler's pdftotext: apt-get install poppler-utils")
    text, bbox = read
    builder = DocBuilder("pdf")
    pages = text.split("\f")
    layout = _layout(pages, bbox) or [{} for _ in pages]
    previous = ""
    for page_number, page in enumerate(pages, 1):
        lines = page.splitlines()
        while lines and not lines[-1].strip():
            lines.pop()
        rows = layout[page_number - 1] if page_number <= len(layout) else {}
        for line_number, line in enumerate(lines, 1):
            if _FOOTER.match(line):
                continue
            if line_number == len(lines) and line.strip() == str(page_number):
                continue
            place = f"page {page_number}, line {line_number}"
            cells = rows.get(line_number - 1)
            if cells is not None:
                builder.cells(cells, place)
                previous = ""
                continue
            shown = clean(line).strip()
            builder.line(line, place, continued=wraps(previous, shown))
            if shown:
                previous = shown
    doc = builder.build()
    if not doc.text.strip():
        raise LoadError("the PDF has no text layer (a scanned image?); run OCR on it first")
    return doc
