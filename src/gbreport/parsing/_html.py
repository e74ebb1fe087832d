"""HTML reader: tables resolved into grids, everything else read as running text.

Two parsers feed one walk (:class:`_Walk`): lxml's HTML parser (``gbreport[html]``) when it is
installed, else the standard library's :mod:`html.parser` with a small, forgiving tree
construction of its own (:class:`_StdlibBuilder`).  Either one hands the walk the elements
properly nested, as start, end and text events, in document order; the walk writes running
text and table grids as it goes, without building a tree.

Tables that contain other tables are page layout: their cells are read as running text.  Every
other table becomes a grid with rowspan and colspan resolved.

The page's furniture after the report (links, navigation, the site's footer) is left out: the walk notes
which text is in a link and which in an element of furniture (:data:`FURNITURE_TAGS`,
:data:`FURNITURE_ROLES`), and the text ends where the lines of :mod:`._furniture`'s judgement, with
that knowledge, are furniture to the end.  HTML conditional comments printed as text are left out too.

Where the two parsers build different trees from the same markup (HTML's own rules in lxml, the
simpler rules of :class:`_StdlibBuilder` here), the documents differ; ``tests/test_html_readers.py``
lists those cases.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from itertools import accumulate
from types import MappingProxyType

from ..errors import LoadError
from ._doc import Doc, DocBuilder
from ._furniture import CONTENT, FURNITURE, chars, line_kind, rows_kind, without_conditionals

MAX_DEPTH = 256
"""Elements nested deeper than this are left out, with their text."""
MAX_SPAN = 200
MAX_GRID_CELLS = 200_000
MAX_NODES = 300_000
"""At most this many elements and runs of text in a page (a report's page has a few thousand; each
costs a few hundred bytes): a larger page is a :class:`LoadError`."""

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "basefont",
        "frame",
        "keygen",
    ]
)
"""Elements without content or end tag."""
SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "select",
        "textarea",
        "head",
        "button",
    ]
)
"""Elements whose content is not read."""
BLOCK = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "pre",
        "blockquote",
        "dt",
        "dd",
        "dl",
        "form",
        "fieldset",
        "figure",
        "figcaption",
        "address",
        "hr",
        "caption",
        "center",
        "title",
    ]
)
"""Elements that start and end a line of running text."""
FURNITURE_TAGS = frozenset(("nav", "footer", "header", "aside"))
"""Elements that hold a page's furniture: their text after the report is not the report's.  A header or
footer inside an :data:`ARTICLE_TAGS` element is the article's own (a signature), not the page's."""
ARTICLE_TAGS = frozenset(("article", "main"))
"""Elements that hold the page's own content."""
FURNITURE_ROLES = frozenset(("navigation", "contentinfo", "banner", "search", "menu", "menubar"))
"""The ``role`` attributes of elements that hold a page's furniture."""
CELLS = frozenset(("td", "th"))
"""Table cells: each starts a line of running text (in a layout table)."""
META = ("pubdate", "charset", "publishdate", "firstpublishedtime")
"""The ``<meta>`` names kept in :attr:`Doc.meta` (with ``title``)."""

_BLOCK_OR_CELL = BLOCK | CELLS
_TABLE_PARTS = frozenset(("tr", "td", "th"))
_NOTED = frozenset(("meta", "title"))
_IS_NOTED, _IS_SKIP, _IS_PART, _IS_TABLE, _IS_LINE, _IS_BLOCK, _IS_IGNORED = 1, 2, 4, 8, 16, 32, 64
_IS_LINK, _IS_FURNITURE, _IS_PAGE_PART, _IS_ARTICLE = 128, 256, 512, 1024
_KIND = {
    tag: (tag in _NOTED) * _IS_NOTED
    + (tag in SKIP) * _IS_SKIP
    + (tag in _TABLE_PARTS) * _IS_PART
    + (tag == "table") * _IS_TABLE
    + (tag in _BLOCK_OR_CELL) * _IS_LINE
    + (tag in BLOCK) * _IS_BLOCK
    + (tag == "a") * _IS_LINK
    + (tag in FURNITURE_TAGS) * _IS_FURNITURE
    + (tag in ("header", "footer")) * _IS_PAGE_PART
    + (tag in ARTICLE_TAGS) * _IS_ARTICLE
    for tag in _NOTED | SKIP | _BLOCK_OR_CELL | ARTICLE_TAGS | {"a"}
}
"""What the walk does with an element, by its tag (0 for the others)."""
_SPAN = re.compile(r"\s*(\d{1,6})")
_HSPACE = " \t\r\f\v"


def squeeze_lines(text: str) -> str:
    """Blanks before a line break dropped, and the line breaks and blanks that follow it collapsed into
    one line break.  With string operations: a pattern such as ``[ \\t]*\\n\\s*`` rescans a run of
    blanks from each of its positions, quadratic on a long run."""
    parts = text.split("\n")
    if len(parts) == 1:
        return text
    last = len(parts) - 1
    out = [parts[0].rstrip(_HSPACE)]
    for k in range(1, last):
        body = parts[k].lstrip()
        if body:
            out.append("\n" + body.rstrip(_HSPACE))
    body = parts[last].lstrip()
    out.append("\n" + body if body else "\n")
    return "".join(out)


def read_meta(values: Mapping[str, str], meta: dict[str, str]) -> None:
    """What a ``<meta>`` element with attributes ``values`` (names in lower case) says, into ``meta``."""
    name = values.get("name", values.get("property", values.get("http-equiv", ""))).lower()
    if name:
        meta[name] = values.get("content", "")[:500]
    if "charset" in values:
        meta["charset"] = values["charset"][:40]


def _span(value: str | None) -> int:
    if value is None:
        return 1
    match = _SPAN.match(value)
    return max(1, min(int(match.group(1)), MAX_SPAN)) if match else 1


def cell_text(text: str) -> str:
    """A cell's text: :func:`squeeze_lines`, stripped (without a line break inside, only stripped)."""
    text = text.strip()
    return squeeze_lines(text).strip() if "\n" in text else text


class _Table:
    """A table being read: its rows, each a list of cells."""

    __slots__ = ("block_depth", "cell", "depth", "layout", "row_depth", "rows", "start")

    def __init__(self, depth: int, start: int) -> None:
        self.depth = depth
        self.start = start
        """Where the table's text starts in the walk's output."""
        self.layout = False
        """The table contains a table: its cells are running text."""
        self.rows: list[list[_Cell]] = []
        self.row_depth = -1
        """Depth of the row open now (a ``tr`` of this table), -1 when none is."""
        self.block_depth = -1
        """Depth of the outermost ``tr``, ``td`` or ``th`` open now inside the table, -1 when none is."""
        self.cell: _Cell | None = None
        """The cell of the open row open now."""


class _Cell:
    """A cell of a table: its span attributes, and where its text is (``text[first:stop]``)."""

    __slots__ = ("colspan", "first", "rowspan", "stop", "text")

    def __init__(self, rowspan: str | None, colspan: str | None, text: list[str]) -> None:
        self.rowspan = rowspan
        self.colspan = colspan
        self.text = text
        self.first = len(text)
        self.stop = self.first


class _Grid:
    """A table read as a grid (:meth:`_Walk._grid`), among the walk's blocks of running text."""

    __slots__ = ("rows",)

    def __init__(self, rows: list[list[str | None]]) -> None:
        self.rows = rows


class _Walk:
    """Running text and table grids from properly nested start, end and text events.

    The events of one element are ``start(tag, attributes)``, the events of its content, then
    ``end(tag)``; text may come in several pieces (a new run of text starts after an element's start or
    end, or after :meth:`new_run`).  The walk counts the elements and runs of text (at most
    :data:`MAX_NODES`), leaves out elements nested deeper than :data:`MAX_DEPTH` with their text, and
    notes what ``<meta>`` and ``<title>`` say.

    Text goes into :attr:`out`; a table without a table inside is taken out of it again when it ends
    and becomes a grid; :attr:`ops` collects the blocks of running text (their pieces) and the grids in
    document order.  The content of an element that is not read (:data:`SKIP`) is dropped; in a table
    that may become a grid, rows and cells in it are still rows and cells of the grid: its text goes to a
    list of its own instead (the text of a cell around it goes on in the list it was in).

    Where links and elements of furniture start and end is noted by place (the piece in the block of
    running text), without looking at the text; :meth:`finish` reads the places only for the text at the
    end of the page, to tell where the page's furniture starts.
    """

    __slots__ = (
        "article_depth",
        "depth",
        "dropped",
        "furniture_depth",
        "furniture_marks",
        "hidden",
        "in_text",
        "in_title",
        "kinds",
        "link_depth",
        "link_marks",
        "mark_counts",
        "meta",
        "nodes",
        "ops",
        "out",
        "saved",
        "skip",
        "tables",
        "title",
    )

    def __init__(self) -> None:
        self.out: list[str] = []
        self.ops: list[list[str] | _Grid] = []
        self.depth = 0
        """Elements open now."""
        self.dropped = 0
        """Elements open now that are left out (nested too deep)."""
        self.nodes = 0
        self.in_text = False
        self.skip = 0
        """Elements open in the element not read now (counting it), 0 when none is."""
        self.hidden: list[int] = []
        """Depths of the elements not read open now inside a table that may become a grid."""
        self.saved: list[list[str]] = []
        """For each of :attr:`hidden`, the text list it interrupted."""
        self.tables: list[_Table] = []
        self.kinds = _KIND
        self.meta: dict[str, str] = {}
        self.in_title = False
        self.title: list[str] = []
        self.link_depth = -1
        """Depth of the outermost link open now, -1 when none is (outside the elements not read)."""
        self.furniture_depth = -1
        """Depth of the outermost element of furniture open now, -1 when none is (the same)."""
        self.article_depth = -1
        """Depth of the outermost :data:`ARTICLE_TAGS` element open now, -1 when none is (the same)."""
        self.link_marks: list[int] = []
        """Where the outermost links start and end, in turn: the place (piece) in the block of :attr:`ops`."""
        self.furniture_marks: list[int] = []
        """Where the outermost elements of furniture start and end, the same way."""
        self.mark_counts: list[tuple[int, int]] = []
        """For each of :attr:`ops`, how many :attr:`link_marks` and :attr:`furniture_marks` are up to its
        end (the marks of a grid are before it)."""

    def note(self, tag: str, attrs: Mapping[str, str]) -> None:
        """What a ``<meta>`` says; the start of a ``<title>``."""
        if tag == "meta":
            read_meta(attrs, self.meta)
        else:
            self.in_title = True

    def new_run(self) -> None:
        """The next text is a new run of text."""
        self.in_text = False

    def _layout(self, depth: int) -> None:
        """A table starts at ``depth`` inside the innermost open table, in an element not read."""
        self.tables[-1].layout = True
        if self.hidden:
            self.skip = depth - self.hidden[0] + 1
            self.out = self.saved[0]
            self.hidden.clear()
            self.saved.clear()

    def ignore(self, tags: frozenset[str]) -> None:
        """Leave out the elements ``tags``, not their content (the elements a parser adds itself)."""
        self.kinds = {**self.kinds, **{tag: _IS_IGNORED for tag in tags}}

    def start(self, tag: str, attrs: Mapping[str, str]) -> None:
        kind = self.kinds.get(tag, 0)
        if kind:
            if kind & _IS_IGNORED:
                return
            if kind & _IS_NOTED:
                self.note(tag, attrs)
        self.in_text = False
        depth = self.depth
        if depth >= MAX_DEPTH:
            self.dropped += 1
            return
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise too_many_nodes()
        self.depth = depth + 1
        if self.skip:
            self.skip += 1
            if kind & _IS_TABLE and self.tables:
                self._layout(depth)
            return
        if kind & _IS_LINK:  # an element of no other kind
            if self.link_depth < 0 and not self.hidden:
                self.link_depth = depth
                self.link_marks.append(len(self.out))
            return
        if (
            self.furniture_depth < 0
            and (
                (kind & _IS_FURNITURE and not (kind & _IS_PAGE_PART and self.article_depth >= 0))
                or (attrs and attrs.get("role", "").lower() in FURNITURE_ROLES)
            )
            and not kind & _IS_SKIP
            and not self.hidden
        ):
            self.furniture_depth = depth
            self.furniture_marks.append(len(self.out))
        elif kind & _IS_ARTICLE and self.article_depth < 0 and not self.hidden:
            self.article_depth = depth
        if not kind:
            return
        tables = self.tables
        if kind & _IS_SKIP:
            if tables and not tables[-1].layout:
                self.hidden.append(depth)
                self.saved.append(self.out)
                self.out = []
            else:
                self.skip = 1
            return
        out = self.out
        if kind & _IS_PART:
            if tables:
                table = tables[-1]
                if table.block_depth < 0:
                    table.block_depth = depth
                    if tag == "tr":
                        table.row_depth = depth
                        table.rows.append([])
                elif table.row_depth == depth - 1 and tag != "tr":
                    table.cell = _Cell(attrs.get("rowspan"), attrs.get("colspan"), out)
                    table.rows[-1].append(table.cell)
        elif kind & _IS_TABLE:
            if tables:
                if self.hidden:
                    self._layout(depth)
                    return
                tables[-1].layout = True
            tables.append(_Table(depth, len(out)))
        if kind & _IS_LINE:
            out.append("\n")

    def end(self, tag: str) -> None:
        kind = self.kinds.get(tag, 0)
        if kind:
            if kind & _IS_IGNORED:
                return
            if tag == "title":
                self.in_title = False
        self.in_text = False
        if self.dropped:
            self.dropped -= 1
            return
        depth = self.depth - 1
        self.depth = depth
        if self.skip:
            self.skip -= 1
            return
        if self.hidden and depth == self.hidden[-1]:
            self.hidden.pop()
            self.out = self.saved.pop()
            return
        if depth == self.link_depth:
            self.link_depth = -1
            self.link_marks.append(len(self.out))
        if self.tables:
            table = self.tables[-1]
            if depth == table.depth:
                self.tables.pop()
                if not table.layout:
                    self._grid(table)
                    if depth == self.furniture_depth:
                        self._unfurnish()
                    return
            elif depth == table.block_depth:
                table.block_depth = table.row_depth = -1
            elif depth == table.row_depth + 1 and table.cell is not None:
                table.cell.stop = len(self.out)
                table.cell = None
        if depth == self.furniture_depth:
            self._unfurnish()
        elif depth == self.article_depth:
            self.article_depth = -1
        self.out.append("\n" if kind & _IS_BLOCK else "")

    def _unfurnish(self) -> None:
        """The outermost element of furniture ends."""
        self.furniture_depth = -1
        self.furniture_marks.append(len(self.out))

    def data(self, text: str) -> None:
        if self.in_text:  # the next piece of the same run
            if self.in_title and len(self.title[-1]) < 1000:
                self.title[-1] += text
            if not self.skip and self.depth < MAX_DEPTH:
                self.out.append(text)
            return
        self.in_text = True
        if self.in_title:
            self.title.append(text)
        if self.depth >= MAX_DEPTH:
            return
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise too_many_nodes()
        if not self.skip:
            self.out.append(text)

    def close(self) -> None:
        """The end of the events (the parser's own end: :meth:`finish` ends the walk)."""

    def flush(self) -> None:
        """The running text read so far, as one block."""
        if self.out:
            self.ops.append(self.out)
            self.out = []
            self.mark_counts.append((len(self.link_marks), len(self.furniture_marks)))

    def finish(self) -> Doc:
        """The document read, without the page's furniture at its end (:meth:`furniture_start`), without
        conditional comments printed as text."""
        self.flush()
        ops = self.ops
        texts = ["" if isinstance(op, _Grid) else "".join(op) for op in ops]
        end, offset = self.furniture_start(texts)
        builder = DocBuilder("html")
        for k, op in enumerate(ops[: end + 1]):
            if isinstance(op, _Grid):
                if k < end:
                    builder.table(op.rows)
                continue
            text = texts[k] if k < end else texts[k][:offset]
            if k == end and not text:
                break
            builder.block(without_conditionals(text) if "<!" in text else text, "text")
        doc = builder.build()
        doc.meta.update({k: v for k, v in self.meta.items() if k in META})
        title = "".join(run[:1000] for run in self.title).strip()
        if title:
            doc.meta["title"] = title
        return doc

    def _grid(self, table: _Table) -> None:
        """The table's cells as a grid: the text at the top-left of each span, ``None`` in covered places."""
        grid: list[list[str | None]] = []
        taken: set[tuple[int, int]] = set()
        cells = 0
        for r, row in enumerate(table.rows):
            line: list[str | None] = []
            c = 0
            for cell in row:
                while (r, c) in taken:
                    line.append(None)
                    c += 1
                rowspan, colspan = _span(cell.rowspan), _span(cell.colspan)
                cells += rowspan * colspan
                if cells > MAX_GRID_CELLS:
                    break
                text = cell_text("".join(cell.text[cell.first : cell.stop]))
                line.append(cell_text(without_conditionals(text)) if "<!" in text else text)
                if colspan > 1:
                    line.extend([None] * (colspan - 1))
                for dr in range(1, rowspan):
                    for dc in range(colspan):
                        taken.add((r + dr, c + dc))
                c += colspan
            else:
                while (r, c) in taken:
                    line.append(None)
                    c += 1
                grid.append(line)
                continue
            break
        counts = self.mark_counts[-1] if self.mark_counts else (0, 0)
        for marks, done in zip((self.link_marks, self.furniture_marks), counts, strict=True):
            while len(marks) > done and marks[-1] > table.start:  # in the table
                marks.pop()
        del self.out[table.start :]
        self.flush()
        self.ops.append(_Grid(grid))
        self.mark_counts.append((len(self.link_marks), len(self.furniture_marks)))

    def furniture_start(self, texts: list[str], *, structure: bool = True) -> tuple[int, int]:
        """Where the page's furniture at the end of the text starts: (index in :attr:`ops`, offset of a
        line start in its text), ``(len(ops), 0)`` when the text does not end in furniture.

        The lines are judged from the last one back (:func:`._furniture.kind_of`), up to the first that is
        content, each with the share of its characters in links and whether most of them are in an
        element of furniture; a grid as a whole (:func:`._furniture.rows_kind`).  The furniture starts at
        the earliest furniture line (or grid) on the way.  When the content is in an element of furniture
        (a report's heading, date or table in an element left open by broken markup), the elements of
        furniture tell nothing: the lines are judged again without them (``structure``).
        """
        ops, counts = self.ops, self.mark_counts
        found = (len(ops), 0)
        for k in range(len(ops) - 1, -1, -1):
            link_from, furniture_from = counts[k - 1] if k else (0, 0)
            link_to, furniture_to = counts[k]
            if not structure:
                furniture_from = furniture_to = 0
            op = ops[k]
            if isinstance(op, _Grid):
                kind = rows_kind(op.rows, furniture_to % 2 == 1)
                if kind == CONTENT:
                    return self.furniture_start(texts, structure=False) if furniture_to % 2 else found
                if kind == FURNITURE:
                    found = (k, 0)
                continue
            text = texts[k]
            links = self.link_marks[link_from:link_to]
            furnishings = self.furniture_marks[furniture_from:furniture_to] if structure else []
            if links or furnishings:  # the places as offsets in the text
                at = list(accumulate(map(len, op), initial=0))
                links = list(map(at.__getitem__, links))
                furnishings = list(map(at.__getitem__, furnishings))
            end = len(text)
            seen_links, seen_furnishings = len(links), len(furnishings)  # the marks before the line's end
            for raw in reversed(text.split("\n")):
                start = end - len(raw)
                if raw and not raw.isspace():
                    while seen_links and links[seen_links - 1] >= end:
                        seen_links -= 1
                    while seen_furnishings and furnishings[seen_furnishings - 1] >= end:
                        seen_furnishings -= 1
                    if seen_links and links[seen_links - 1] > start:  # a link starts or ends in the line
                        linked = _share(text, start, end, links, link_from % 2)
                    else:
                        linked = (link_from + seen_links) % 2
                    if seen_furnishings and furnishings[seen_furnishings - 1] > start:
                        structural = _share(text, start, end, furnishings, furniture_from % 2) > 0.5
                    else:
                        structural = (furniture_from + seen_furnishings) % 2 == 1
                    judged = line_kind(raw, linked, structural)
                    if judged == CONTENT:
                        return self.furniture_start(texts, structure=False) if structural else found
                    if judged == FURNITURE:
                        found = (k, start)
                end = start - 1
        return found


def _share(text: str, start: int, end: int, marks: list[int], inside: int) -> float:
    """The share of the characters of ``text[start:end]`` other than whitespace that are inside: from each
    of ``marks`` (offsets in ``text``) on they are inside or not in turn, ``inside`` (1 or 0) before the first."""
    first, stop = bisect_right(marks, start), bisect_left(marks, end)
    inside = (inside + first) % 2
    if first == stop:
        return float(inside)
    total = covered = 0
    at = start
    for mark in [*marks[first:stop], end]:
        size = chars(text[at:mark])
        total += size
        covered += size * inside
        inside ^= 1
        at = mark
    return covered / total if total else 0.0


def too_many_nodes() -> LoadError:
    return LoadError(f"more than {MAX_NODES:,} elements and runs of text: too large for an annual report")


_CELL_STOP = frozenset(("tr", "table"))
_TR = frozenset(("tr",))
_TR_STOP = frozenset(("table",))
_P = frozenset(("p",))
_P_STOP = frozenset(("td", "th", "table", "div"))
_READ_ATTRS = CELLS | {"meta"}
"""The elements whose attributes the walk reads."""
_NO_ATTRS: Mapping[str, str] = MappingProxyType({})


class _StdlibBuilder(HTMLParser):
    """A forgiving tree construction over :mod:`html.parser`: a cell closes the open cell of its row, a
    row the open row of its table, a paragraph the open paragraph (not across a cell, table or
    ``div``); an end tag closes the nearest open element of its name (not across a table); elements
    deeper than :data:`MAX_DEPTH` are left out.  Every piece of text :mod:`html.parser` gives is a run
    of text."""

    def __init__(self, walk: _Walk) -> None:
        super().__init__(convert_charrefs=True)
        self.walk = walk
        self.open: list[str] = []

    def close_all(self, at: int = 0) -> None:
        """Close the open elements from index ``at`` on (a ``<title>`` closed this way still takes the
        text up to its end tag)."""
        open_ = self.open
        walk = self.walk
        in_title = walk.in_title
        while len(open_) > at:
            walk.end(open_.pop())
        walk.in_title = in_title

    def _close_to(self, tags: frozenset[str], stop: frozenset[str]) -> None:
        open_ = self.open
        for at in range(len(open_) - 1, -1, -1):
            tag = open_[at]
            if tag in stop:
                return
            if tag in tags:
                self.close_all(at)
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _READ_ATTRS:
            values: Mapping[str, str] = {k.lower(): (v or "") for k, v in attrs}
        else:
            values = _NO_ATTRS
            for name, value in attrs:  # the role, which tells an element of furniture
                if name == "role":
                    values = {"role": value or ""}
                    break
        if tag in CELLS:
            self._close_to(CELLS, _CELL_STOP)
        elif tag == "tr":
            self._close_to(_TR, _TR_STOP)
        elif tag == "p":
            self._close_to(_P, _P_STOP)
        if len(self.open) >= MAX_DEPTH:
            if tag in _NOTED:
                self.walk.note(tag, values)
            return
        self.walk.start(tag, values)
        if tag in VOID:
            self.walk.end(tag)
        else:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.walk.in_title = False
        open_ = self.open
        for at in range(len(open_) - 1, -1, -1):
            name = open_[at]
            if name == tag:
                self.close_all(at)
                return
            if name == "table" and tag != "table":
                return

    def handle_data(self, data: str) -> None:
        self.walk.new_run()
        self.walk.data(data)


def read_html_stdlib(text: str) -> Doc:
    """An HTML page or fragment, read with the standard library's :mod:`html.parser`.

    A ``<`` after the page's last ``>`` can start no tag, and html.parser, which gives it as text,
    first tries it against the rest of the page: quadratic on a page that ends in a long run of them
    (``<a b="`` repeated).  They are given to it as ``&lt;``, which reads as the same text.
    """
    last = text.rfind(">")
    if text.find("<", last + 1) >= 0:
        text = text[: last + 1] + text[last + 1 :].replace("<", "&lt;")
    walk = _Walk()
    parser = _StdlibBuilder(walk)
    try:
        parser.feed(text)
        parser.close()
    except LoadError:
        raise
    except (AssertionError, ValueError):  # malformed markup the standard parser gives up on
        pass
    parser.close_all()
    return walk.finish()


lxml_reader: Callable[[str], Doc] | None = None
"""The reader on lxml, ``None`` when lxml is not installed (then :func:`read_html` is
:func:`read_html_stdlib`)."""


def read_html(text: str) -> Doc:
    """An HTML page or fragment: with lxml when it is installed, else with :mod:`html.parser`."""
    reader = lxml_reader
    return reader(text) if reader is not None else read_html_stdlib(text)


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,30})""", re.I)


def declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


with contextlib.suppress(ImportError):  # lxml is not installed; the reader on lxml uses the definitions above
    from ._html_lxml import read_html_lxml as lxml_reader
