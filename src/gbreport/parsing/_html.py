"""HTML reader: a small, forgiving DOM over :mod:`html.parser`, tables resolved into grids.

Tables that contain other tables are page layout: their cells are read as running
text.  Every other table becomes a grid with rowspan and colspan resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..errors import LoadError
from ._doc import Doc, DocBuilder

MAX_DEPTH = 256
MAX_SPAN = 200
MAX_GRID_CELLS = 200_000
MAX_NODES = 300_000
"""At most this many elements and runs of text in a page (a report's page has a few thousand; each
costs a few hundred bytes): a larger page is a :class:`LoadError`."""

_VOID = frozenset(
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
_SKIP = frozenset(
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
_BLOCK = frozenset(
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
_CELLS = frozenset(("td", "th"))


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)
    parent: _Node | None = None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.current = self.root
        self.depth = 0
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self.nodes = 0

    def _count(self) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise LoadError(f"more than {MAX_NODES:,} elements and runs of text: too large for an annual report")

    def _close_to(self, tags: frozenset[str], stop: frozenset[str]) -> None:
        node: _Node | None = self.current
        while node is not None and node.tag not in stop:
            if node.tag in tags:
                self.current = node.parent or self.root
                self.depth = _depth(self.current)
                return
            node = node.parent

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = values.get("name", values.get("property", values.get("http-equiv", ""))).lower()
            if name:
                self.meta[name] = values.get("content", "")[:500]
            if "charset" in values:
                self.meta["charset"] = values["charset"][:40]
        if tag == "title":
            self._in_title = True
        if tag in _CELLS:
            self._close_to(_CELLS, frozenset(("tr", "table")))
        elif tag == "tr":
            self._close_to(frozenset(("tr",)), frozenset(("table",)))
        elif tag == "p":
            self._close_to(frozenset(("p",)), frozenset(("td", "th", "table", "div")))
        if self.depth >= MAX_DEPTH:
            return
        self._count()
        node = _Node(tag, values, parent=self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.current.tag == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        node: _Node | None = self.current
        while node is not None and node is not self.root:
            if node.tag == tag:
                self.current = node.parent or self.root
                self.depth = _depth(self.current)
                return
            if tag != "table" and node.tag == "table":
                return
            node = node.parent

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data[:1000]
        if self.depth < MAX_DEPTH:
            self._count()
            self.current.children.append(data)


def _depth(node: _Node) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        depth += 1
        parent = parent.parent
    return depth


def _text(node: _Node, out: list[str]) -> None:
    stack: list[_Node | str] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        if item.tag in _SKIP:
            continue
        if item.tag in _BLOCK or item.tag in _CELLS:
            out.append("\n")
        stack.append("\n" if item.tag in _BLOCK else "")
        stack.extend(reversed(item.children))


def _inner_text(node: _Node) -> str:
    out: list[str] = []
    _text(node, out)
    return squeeze_lines("".join(out)).strip()


_HSPACE = " \t\r\f\v"


def squeeze_lines(text: str) -> str:
    """Blanks before a line break dropped, and the line breaks and blanks that follow it collapsed into
    one line break.  With string operations: a pattern such as ``[ \\t]*\\n\\s*`` rescans a run of
    blanks from each of its positions, quadratic on a long run."""
    parts = text.split("\n")
    if len(parts) == 1:
        return text
    out = [parts[0].rstrip(_HSPACE)]
    for k, part in enumerate(parts[1:], start=1):
        last = k == len(parts) - 1
        body = part.lstrip()
        if not body:
            if last:
                out.append("\n")
            continue
        out.append("\n" + (body if last else body.rstrip(_HSPACE)))
    return "".join(out)


def _has_table(node: _Node) -> bool:
    stack = list(node.children)
    while stack:
        item = stack.pop()
        if isinstance(item, _Node):
            if item.tag == "table":
                return True
            stack.extend(item.children)
    return False


def _rows(table: _Node) -> list[_Node]:
    rows: list[_Node] = []
    stack: list[_Node | str] = list(reversed(table.children))
    while stack:
        item = stack.pop()
        if not isinstance(item, _Node):
            continue
        if item.tag == "tr":
            rows.append(item)
        elif item.tag in ("thead", "tbody", "tfoot") or (item.tag not in _CELLS and item.tag != "table"):
            stack.extend(reversed(item.children))
    return rows


def _span(value: str | None) -> int:
    match = re.match(r"\s*(\d{1,6})", value or "")
    return max(1, min(int(match.group(1)), MAX_SPAN)) if match else 1


def grid_of(table: _Node) -> list[list[str | None]]:
    """The table's cells as a grid: the text at the top-left of each span, ``None`` in covered places."""
    grid: list[list[str | None]] = []
    taken: dict[tuple[int, int], bool] = {}
    cells = 0
    for r, row in enumerate(_rows(table)):
        out: list[str | None] = []
        c = 0
        for cell in row.children:
            if not isinstance(cell, _Node) or cell.tag not in _CELLS:
                continue
            while taken.get((r, c)):
                out.append(None)
                c += 1
            rowspan, colspan = _span(cell.attrs.get("rowspan")), _span(cell.attrs.get("colspan"))
            cells += rowspan * colspan
            if cells > MAX_GRID_CELLS:
                return grid
            out.append(_inner_text(cell))
            out.extend([None] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = True
            c += colspan
        while taken.get((r, c)):
            out.append(None)
            c += 1
        grid.append(out)
    return grid


def read_html(text: str) -> Doc:
    """An HTML page or fragment."""
    parser = _Builder()
    try:
        parser.feed(text)
        parser.close()
    except LoadError:
        raise
    except (AssertionError, ValueError):  # malformed markup the standard parser gives up on
        pass
    builder = DocBuilder("html")
    pending: list[str] = []

    def flush() -> None:
        if pending:
            builder.block("".join(pending), "text")
            pending.clear()

    stack: list[_Node | str] = list(reversed(parser.root.children))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pending.append(item)
            continue
        if item.tag in _SKIP:
            continue
        if item.tag == "table" and not _has_table(item):
            flush()
            builder.table(grid_of(item))
            continue
        if item.tag in _BLOCK or item.tag in _CELLS:
            pending.append("\n")
        stack.append("\n" if item.tag in _BLOCK else "")
        stack.extend(reversed(item.children))
    flush()
    doc = builder.build()
    wanted = ("pubdate", "charset", "publishdate", "firstpublishedtime")
    doc.meta.update({k: v for k, v in parser.meta.items() if k in wanted})
    if parser.title.strip():
        doc.meta["title"] = parser.title.strip()
    return doc


_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,30})""", re.I)


def declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None
