"""PDF reader for documents with a text layer.

The text is taken in content-stream order, which keeps a table row's label and its
values together: with poppler's ``pdftotext -raw`` (Debian package ``poppler-utils``)
(required: without it, reading a PDF is a clear error saying what to install).  The
document is handed to pdftotext on its standard input, so no copy of it is ever
written to disk.  Page footers (``- 4 -``, ``第 4 页``, a bare page number at the foot
of its page) are dropped, so that a table split across pages reads as one.

A blank table cell prints nothing, so the text alone cannot say which cell a value
belongs to.  The reader therefore also takes the position of every word
(``pdftotext -raw -bbox``) and writes each table row with one cell per column, an
empty cell where nothing is printed.  The columns of a table are found from

- its values: values of one column overlap horizontally, values of two columns never
  do (consecutive rows whose values line up form a block of the table);
- its column headings: a heading word right of the row labels, over no column of values
  and with no narrower heading below it (which would make it the heading of a group of
  columns), is the heading of a column left blank in every row of the block;
- the page before: a table continued at the top of a page without its headings takes
  the columns of the table that ended the page before, when they line up.

A row that prints only its label between rows of the table is written with every cell
empty.  A value set apart from its label by no more than a space is running text that
ends in a number, not a table row.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field

from ..errors import LoadError
from ._doc import Doc, DocBuilder, clean

TIMEOUT_SECONDS = 60
_FOOTER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/共]\s*\d{1,4}\s*页?)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


MAX_PAGES = 200
"""At most this many pages (a report has a few dozen at most): a longer PDF is a :class:`LoadError`."""
MAX_OUTPUT = 64 * 1024 * 1024
"""At most this many bytes of text (or of word boxes) read from pdftotext: a PDF whose text is larger
(a text layer far denser than any report's) is a :class:`LoadError`."""
MAX_PAGE_WORDS = 20_000
"""A page with more words than this is read as text, without placing its values in columns."""


def _run(args: list[str], data: bytes) -> bytes:
    """The output of ``args`` given ``data`` on standard input: at most :data:`MAX_OUTPUT` bytes, within
    :data:`TIMEOUT_SECONDS`; the process is killed on every way out (no file is ever written)."""
    proc = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
        args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout

    def feed() -> None:
        try:
            stdin.write(data)
            stdin.close()
        except OSError:  # the process ended before reading everything
            pass

    expired = threading.Event()

    def expire() -> None:
        expired.set()
        proc.kill()

    writer = threading.Thread(target=feed, daemon=True)
    timer = threading.Timer(TIMEOUT_SECONDS, expire)
    writer.start()
    timer.start()
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := stdout.read(1 << 16):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise LoadError(f"the PDF's text is larger than {MAX_OUTPUT // (1 << 20)} MiB: too large to be read")
            chunks.append(chunk)
        proc.wait()
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stdout.close()
        writer.join(timeout=5)
    if expired.is_set():
        raise LoadError(f"the PDF took more than {TIMEOUT_SECONDS} s to read; it may be damaged")
    out = b"".join(chunks)
    if proc.returncode != 0 and not out:
        raise LoadError("not a readable PDF (pdftotext failed); check that the file is a complete PDF")
    return out


def _pdftotext(data: bytes) -> tuple[str, str] | None:
    """The text (``-raw``) and the words with their boxes (``-raw -bbox``) of a PDF, read from standard input
    by two pdftotext processes running at the same time."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    base = [exe, "-raw", "-l", str(MAX_PAGES + 1), "-enc", "UTF-8", "-q"]
    results: dict[str, bytes | BaseException] = {}

    def run(name: str, extra: list[str]) -> None:
        try:
            results[name] = _run([*base, *extra, "-", "-"], data)
        except (LoadError, OSError) as exc:
            results[name] = exc

    boxes = threading.Thread(target=run, args=("bbox", ["-bbox"]), daemon=True)
    boxes.start()
    run("text", [])
    boxes.join()
    for name in ("text", "bbox"):
        outcome = results[name]
        if isinstance(outcome, OSError):
            return None
        if isinstance(outcome, BaseException):
            raise outcome
    text, bbox = results["text"], results["bbox"]
    assert isinstance(text, bytes) and isinstance(bbox, bytes)
    decoded = text.decode("utf-8", errors="replace")
    if decoded.count("\f") > MAX_PAGES:
        raise LoadError(f"the PDF has more than {MAX_PAGES} pages: too long for an annual report")
    return decoded, bbox.decode("utf-8", errors="replace")


def footer_lines(lines: list[str], page_number: int) -> set[int]:
    """Indices of the page-footer lines of one page (``- 4 -``, ``第 4 页``, its number as its last line)."""
    out = {i for i, line in enumerate(lines) if _FOOTER.match(line)}
    last = len(lines) - 1
    while last >= 0 and not lines[last].strip():
        last -= 1
    if last >= 0 and lines[last].strip() == str(page_number):
        out.add(last)
    return out


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
HEADER_LINES = 40
"""How many lines above a table's first row are searched for its column headings."""
TOLERANCE = 0.5
"""Points by which two boxes may miss each other and still count as overlapping."""
MIN_GAP_EM = 0.4
"""A row's values stand apart from its label by at least this share of the text height (a space in
running text is narrower), so that a sentence ending in a number is not read as a table row."""

Column = list[float]
"""A column's extent ``[x0, x1]`` on the page."""


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


def _lines_of(page: list[str], words: list[Word]) -> list[list[Word]] | None:
    """The words of each line of a page (lines of the ``-raw`` text), matched character by character;
    ``None`` when they do not match."""
    lines: list[list[Word]] = []
    k = 0
    for raw in page:
        wanted = "".join(raw.split())
        line: list[Word] = []
        got = ""
        while len(got) < len(wanted) and k < len(words):
            line.append(words[k])
            got += "".join(words[k].text.split())
            k += 1
        if got != wanted:
            return None
        lines.append(line)
    return lines


def _overlap(a0: float, a1: float, b0: float, b1: float) -> bool:
    return a0 < b1 + TOLERANCE and b0 < a1 + TOLERANCE


def _hits(word: Word, columns: list[Column]) -> list[int]:
    return [i for i, (a, b) in enumerate(columns) if _overlap(word.x0, word.x1, a, b)]


@dataclass
class _Block:
    """Consecutive table rows of one page whose values line up: their columns, left to right."""

    first: int
    last: int
    columns: list[Column] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    """Lines that print values."""
    blank_rows: list[int] = field(default_factory=list)
    """Lines that print a label only, between or after the rows (a row left blank, a wrapped label)."""
    head: bool = False
    """The block started at a line of column headings."""

    def place(self, words: list[Word]) -> list[int] | None:
        """The column of each value word (-1: a new column), or ``None`` when they do not fit this block."""
        out: list[int] = []
        for w in words:
            hits = _hits(w, self.columns)
            if len(hits) > 1:
                return None
            out.append(hits[0] if hits else -1)
        taken = [i for i in out if i >= 0]
        return out if len(taken) == len(set(taken)) else None

    def add(self, words: list[Word]) -> None:
        for w in words:
            hits = _hits(w, self.columns)
            if hits:
                column = self.columns[hits[0]]
                column[0], column[1] = min(column[0], w.x0), max(column[1], w.x1)
            else:
                self.columns.append([w.x0, w.x1])
        self.columns.sort()

    @property
    def left(self) -> float:
        return self.columns[0][0] if self.columns else float("inf")


def _split_values(line: list[Word]) -> tuple[list[Word], list[Word]]:
    """A line's label words and its trailing value words (none when they follow the label as closely as
    words of a sentence do)."""
    i = len(line)
    while i > 0 and _VALUE_WORD.match(line[i - 1].text):
        i -= 1
    if 0 < i < len(line) and line[i].x0 - line[i - 1].x1 < MIN_GAP_EM * (line[i].y1 - line[i].y0):
        return line, []
    return line[:i], line[i:]


def _phrases(line: list[Word]) -> list[Word]:
    """The words of a line joined where they stand as close as the words of one phrase (``本年增 / 减``)."""
    out: list[Word] = []
    for w in line:
        last = out[-1] if out else None
        if last is not None and w.x0 - last.x1 < 2 * MIN_GAP_EM * min(w.y1 - w.y0, last.y1 - last.y0):
            out[-1] = Word(last.text + w.text, last.x0, min(last.y0, w.y0), max(last.x1, w.x1), max(last.y1, w.y1))
        else:
            out.append(w)
    return out


def _is_head(line: list[Word]) -> bool:
    """A line of column headings: several phrases set apart from each other like table cells."""
    return len(_phrases(line)) >= 2


def _heading_columns(block: _Block, words: list[Word], label_right: float) -> list[Column]:
    """Columns that no row of ``block`` prints a value in, from the heading ``words`` above its first row.

    A heading word right of the row labels with no narrower heading word below it that
    overlaps it (that would make it the heading of a group of columns, such as 法人或其他组织)
    is the heading of one column; when it lies over no column of values and at least the
    height of its text away from every one (a heading aligned left or right may stand beside
    the values of its own column), the column is blank in every row.  The words of one heading
    printed over several lines make one column.
    """
    words = [w for w in words if not _VALUE_WORD.match(w.text) and w.x0 >= label_right - TOLERANCE]
    leaves = [
        w
        for w in words
        if not any(
            o.y0 >= w.y1 - TOLERANCE and _overlap(w.x0, w.x1, o.x0, o.x1) and (o.x1 - o.x0) < (w.x1 - w.x0) - 1
            for o in words
        )
    ]
    added: list[tuple[Column, float]] = []
    for w in sorted(leaves, key=lambda w: w.x0):
        if added and w.x0 < added[-1][0][1] + TOLERANCE:
            added[-1][0][1] = max(added[-1][0][1], w.x1)
        else:
            added.append(([w.x0, w.x1], w.y1 - w.y0))
    return [c for c, em in added if not any(_overlap(c[0] - em, c[1] + em, a, b) for a, b in block.columns)]


def _merge_columns(block: _Block, columns: list[Column]) -> None:
    """Add the ``columns`` of the same table printed on the page before that ``block`` prints no value in,
    when the two line up one to one (and share at least one column)."""
    shared = 0
    new: list[Column] = []
    for c in columns:
        hits = [m for m in block.columns if _overlap(m[0], m[1], c[0], c[1])]
        if len(hits) > 1:
            return
        shared += len(hits)
        if not hits:
            new.append(list(c))
    for m in block.columns:
        if sum(1 for c in columns if _overlap(m[0], m[1], c[0], c[1])) > 1:
            return
    if shared:
        block.columns = sorted(block.columns + new)


def _blocks(lines: list[list[Word]]) -> list[_Block]:
    """The blocks of table rows of one page, in order."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for i, line in enumerate(lines):
        label, values = _split_values(line)
        if values:
            fits = current is not None and i - current.last <= MAX_GAP_LINES and current.place(values) is not None
            above = lines[i - 1] if i else []
            after_label = bool(above) and not _split_values(above)[1] and values[0].x0 > above[-1].x1
            in_rows = fits and current is not None and bool(current.rows)
            if not label and len(values) == 1 and not in_rows and not after_label:
                current = None  # one number alone on its line, outside a table: running text
                continue
            if current is None or not fits:
                current = _Block(first=i, last=i)
                blocks.append(current)
            current.add(values)
            current.rows.append(i)
            current.last = i
            continue
        if current is not None and line and any(w.x1 > current.left + TOLERANCE for w in line):
            current = None
        elif current is not None and line and i - current.last <= MAX_GAP_LINES:
            current.blank_rows.append(i)
            current.last = i
        if current is None and _is_head(line):
            current = _Block(first=i, last=i, head=True)
            current.add(_phrases(line)[1:])
            blocks.append(current)
    return [b for b in blocks if b.rows or (b.blank_rows and not _under_group(_phrases(lines[b.first]), b, lines))]


def _under_group(head: list[Word], block: _Block, lines: list[list[Word]]) -> bool:
    """True when a word below the ``head`` line of a block without values is narrower than a heading it
    overlaps: the line heads groups of columns whose own headings follow, and the lines below it are
    those headings, not rows left blank."""
    return any(
        _overlap(w.x0, w.x1, h.x0, h.x1) and (w.x1 - w.x0) < (h.x1 - h.x0) - 1
        for i in block.blank_rows
        for w in lines[i]
        for h in head
    )


def _blank_rows_before(block: _Block, lines: list[list[Word]], floor: int) -> None:
    """Take the label-only lines right above the first row of ``block`` (left of its columns, below its
    headings) as lines of the table: rows printing no value before the first one that does, or the first
    lines of a wrapped label."""
    if not any(_split_values(lines[i])[0] for i in block.rows):
        return
    i = block.first - 1
    while i >= max(floor, block.first - MAX_GAP_LINES):
        line = lines[i]
        if not line or _split_values(line)[1] or not all(w.x1 <= block.left + TOLERANCE for w in line):
            break
        block.blank_rows.append(i)
        block.first = i
        i -= 1


@dataclass
class PageTables:
    """The table rows of one page by line index (label, then one text per column), and the columns of
    the table that ends the page, which a table continued on the next page may share."""

    rows: dict[int, list[str]]
    carried: list[Column] | None = None


def table_rows(lines: list[list[Word]], carried: list[Column] | None = None) -> PageTables:
    """Per line index of one page, the line as table cells (label, then one text per column), for the
    lines that are table rows: rows with values, and label-only rows between or after them.

    ``carried``: the columns of the table that ended the page before, for a table continued at the
    top of this page without its headings.
    """
    blocks = _blocks(lines)
    floor = 0
    for n, block in enumerate(blocks):
        labels = [w for i in block.rows for w in _split_values(lines[i])[0]]
        label_right = max((w.x1 for w in labels), default=float("-inf"))
        above = [w for line in lines[max(floor, block.first - HEADER_LINES) : block.first] for w in _phrases(line)]
        headings = [w for w in above if not _VALUE_WORD.match(w.text) and w.x0 >= label_right - TOLERANCE]
        block.columns = sorted(block.columns + _heading_columns(block, above, label_right))
        if n == 0 and carried and not headings and not block.head:
            _merge_columns(block, carried)
        _blank_rows_before(block, lines, floor)
        floor = block.last + 1
    out: dict[int, list[str]] = {}
    for block in blocks:
        width = len(block.columns)
        rows = set(block.rows)
        for i in range(block.first, block.last + 1):
            line = lines[i]
            if i in rows:
                label, values = _split_values(line)
                cells = [""] * width
                for w, c in zip(values, block.place(values) or [], strict=False):
                    if c >= 0:
                        cells[c] = f"{cells[c]} {w.text}".strip()
                out[i] = [" ".join(w.text for w in label), *cells]
            elif i in block.blank_rows and all(w.x1 <= block.left + TOLERANCE for w in line):
                out[i] = [" ".join(w.text for w in line), *[""] * width]
    last = blocks[-1] if blocks else None
    ends = last is not None and bool(last.rows) and not any(lines[last.last + 1 :])
    return PageTables(out, last.columns if last is not None and ends else None)


def _layout(pages: list[list[str]], bbox: str) -> list[dict[int, list[str]]]:
    """Per page, the table rows by line index (none for a page whose word boxes do not match its text)."""
    word_pages = _words_by_page(bbox)
    out: list[dict[int, list[str]]] = []
    carried: list[Column] | None = None
    for p, page in enumerate(pages):
        words = word_pages[p] if p < len(word_pages) else []
        lines = _lines_of(page, words) if len(words) <= MAX_PAGE_WORDS else None
        if lines is None:
            out.append({})
            carried = None
            continue
        for i in footer_lines(page, p + 1):
            lines[i] = []
        tables = table_rows(lines, carried)
        out.append(tables.rows)
        carried = tables.carried
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
    pages = [page.splitlines() for page in text.split("\f")]
    layout = _layout(pages, bbox)
    previous = ""
    for page_number, lines in enumerate(pages, 1):
        rows = layout[page_number - 1]
        footers = footer_lines(lines, page_number)
        end = len(lines)
        while end and not lines[end - 1].strip():
            end -= 1
        for index, line in enumerate(lines[:end]):
            if index in footers:
                continue
            place = f"page {page_number}, line {index + 1}"
            cells = rows.get(index)
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
