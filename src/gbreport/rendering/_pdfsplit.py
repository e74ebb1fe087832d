"""Split the PDF of several reports printed in one call into one PDF per report.

Printing is much cheaper per report in a batch: the fonts are embedded once and
Chromium's fixed cost of a print is shared.  Each report of the batch is an
``<article>`` that starts on a new page, and Chromium tags the PDF: the structure
tree's ``Document`` element has one ``Art`` element per article, whose content
says on which pages the report is.  A report's PDF is then the objects reachable
from its pages and its ``Art`` element, with the page tree, the structure root,
its parent tree and ID tree cut down to that report and the document title set.
Objects keep their numbers (the cross-reference table lists the ones kept), so
nothing inside a copied object is rewritten but a page's ``/Parent``.

Only what Chromium (Skia) writes is read: a classic cross-reference table, one
object after another.  Anything else -- a structure that does not match, a page
or object shared between two reports -- raises :class:`SplitError`, and the
caller prints those reports one at a time instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final


class SplitError(Exception):
    """The batch cannot be split safely (the caller prints each report on its own)."""


_REF: Final = re.compile(rb"(\d+)\s+0\s+R")
_STRING: Final = re.compile(rb"\((?:\\.|[^\\()])*\)|<(?!<)[0-9A-Fa-f\s]*>", re.S)
_STREAM: Final = re.compile(rb">>\s*stream\r?\n")
_PARENT: Final = re.compile(rb"/Parent\s+(\d+)\s+0\s+R")
_P: Final = re.compile(rb"/P\s+\d+\s+0\s+R")
_HEX: Final = re.compile(rb"<[0-9A-Fa-f]")


@dataclass
class _Pdf:
    data: bytes
    offsets: dict[int, int] = field(default_factory=dict)
    ends: dict[int, int] = field(default_factory=dict)
    root: int = 0
    info: int | None = None
    _heads: dict[int, bytes] = field(default_factory=dict)
    _refs: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def read(cls, data: bytes) -> _Pdf:
        pdf = cls(data)
        at = data.rfind(b"startxref")
        if at < 0:
            raise SplitError("no startxref")
        xref = int(data[at + 9 :].split()[0])
        if not data.startswith(b"xref", xref):
            raise SplitError("not a classic cross-reference table")
        lines = data[xref:].split(b"\n")
        i = 1
        while True:
            head = lines[i].split()
            if len(head) != 2:
                break
            first, count = int(head[0]), int(head[1])
            for k in range(count):
                entry = lines[i + 1 + k].split()
                if entry[2] == b"n":
                    if entry[1] != b"00000":
                        raise SplitError("object with a generation number")
                    pdf.offsets[first + k] = int(entry[0])
            i += 1 + count
        trailer = b"\n".join(lines[i:])
        root = re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer)
        if root is None:
            raise SplitError("no /Root")
        pdf.root = int(root.group(1))
        info = re.search(rb"/Info\s+(\d+)\s+0\s+R", trailer)
        pdf.info = int(info.group(1)) if info else None
        order = sorted(pdf.offsets, key=pdf.offsets.__getitem__)
        for number, following in zip(order, [*order[1:], None], strict=True):
            pdf.ends[number] = xref if following is None else pdf.offsets[following]
            if not data.startswith(b"%d 0 obj" % number, pdf.offsets[number]):
                raise SplitError(f"object {number} is not where the table says")
        return pdf

    def raw(self, number: int) -> bytes:
        """The object as written, from ``N 0 obj`` to the next object."""
        return self.data[self.offsets[number] : self.ends[number]]

    def head(self, number: int) -> bytes:
        """The object without its stream data: what holds its references."""
        found = self._heads.get(number)
        if found is None:
            raw = self.raw(number)
            body = raw[raw.index(b"obj") + 3 :]
            stream = _STREAM.search(body)
            found = body[: stream.start() + 2] if stream else body[: body.rindex(b"endobj")]
            self._heads[number] = found = found.strip()
        return found

    def children(self, number: int) -> list[int]:
        """What the object refers to, not counting a structure element's parent (``/P``)."""
        found = self._refs.get(number)
        if found is None:
            head = self.head(number)
            found = self._refs[number] = _refs(_P.sub(b"", head) if b"/P " in head else head)
        return found


def _refs(text: bytes) -> list[int]:
    """Object numbers referenced by ``text`` (references inside strings do not count)."""
    if b"(" in text or _HEX.search(text):
        text = _STRING.sub(b"", text)
    return [int(n) for n in _REF.findall(text)]


def _value(text: bytes, key: bytes) -> bytes | None:
    """The text of ``key``'s value in a dictionary: a reference, an array, or a simple token."""
    match = re.search(rb"/" + key + rb"(?![A-Za-z0-9])\s*", text)
    if match is None:
        return None
    rest = text[match.end() :]
    if rest.startswith(b"["):
        depth = 0
        for i, ch in enumerate(rest):
            if ch == ord("["):
                depth += 1
            elif ch == ord("]"):
                depth -= 1
                if depth == 0:
                    return rest[: i + 1]
        raise SplitError(f"unterminated array of /{key.decode()}")
    ref = re.match(rb"\d+\s+0\s+R", rest)
    if ref:
        return ref.group(0)
    token = re.match(rb"[^\s/<>\[\]()]+", rest)
    return token.group(0) if token else None


def _ref(text: bytes, key: bytes) -> int:
    value = _value(text, key)
    match = _REF.fullmatch(value or b"")
    if match is None:
        raise SplitError(f"no reference /{key.decode()}")
    return int(match.group(1))


def _pages(pdf: _Pdf, node: int, out: list[int], depth: int = 0) -> None:
    text = pdf.head(node)
    if depth > 32:
        raise SplitError("page tree too deep")
    if re.search(rb"/Type\s*/Pages\b", text):
        kids = _value(text, b"Kids") or b"[]"
        for kid in _refs(kids):
            _pages(pdf, kid, out, depth + 1)
    elif re.search(rb"/Type\s*/Page\b", text):
        out.append(node)
    else:
        raise SplitError(f"object {node} in the page tree is neither /Pages nor /Page")


def _struct_closure(pdf: _Pdf, start: int, pages: set[int]) -> set[int]:
    """The structure elements under ``start`` (parents not followed, pages not entered)."""
    seen: set[int] = set()
    todo = [start]
    while todo:
        number = todo.pop()
        if number in seen or number in pages or number not in pdf.offsets:
            continue
        seen.add(number)
        todo.extend(pdf.children(number))
    return seen


def _nums(pdf: _Pdf, node: int, out: list[tuple[int, bytes]], depth: int = 0) -> None:
    """Every ``(key, value)`` of a number tree, in order."""
    text = pdf.head(node)
    if depth > 32:
        raise SplitError("number tree too deep")
    nums = _value(text, b"Nums")
    if nums is not None:
        for key, value in re.findall(rb"(\d+)\s+(\d+\s+0\s+R|\[[^\]]*\])", nums[1:-1]):
            out.append((int(key), value))
    for kid in _refs(_value(text, b"Kids") or b"[]"):
        _nums(pdf, kid, out, depth + 1)


def _names(pdf: _Pdf, node: int, out: list[tuple[bytes, int]], depth: int = 0) -> None:
    """Every ``(name, object)`` of a name tree, in order."""
    text = pdf.head(node)
    if depth > 32:
        raise SplitError("name tree too deep")
    match = re.search(rb"/Names\s*\[", text)
    if match is not None:
        body = text[match.end() :]
        for name, ref in re.findall(rb"(\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>)\s*(\d+)\s+0\s+R", body):
            out.append((name, int(ref)))
    for kid in _refs(_value(text, b"Kids") or b"[]"):
        _names(pdf, kid, out, depth + 1)


def _text_string(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def split_pdf(data: bytes, count: int, *, titles: list[str]) -> list[bytes]:
    """The PDF of each of the ``count`` reports printed in ``data``, in order."""
    try:
        return _split(data, count, titles)
    except SplitError:
        raise
    except (ValueError, IndexError, KeyError) as exc:  # anything unexpected in the file: do not guess
        raise SplitError(str(exc)) from None


def _split(data: bytes, count: int, titles: list[str]) -> list[bytes]:
    pdf = _Pdf.read(data)
    catalog = pdf.head(pdf.root)
    pages_root = _ref(catalog, b"Pages")
    pages: list[int] = []
    _pages(pdf, pages_root, pages)
    page_set = set(pages)
    position = {page: i for i, page in enumerate(pages)}
    struct_root = _ref(catalog, b"StructTreeRoot")
    root_text = pdf.head(struct_root)
    document = _ref(root_text, b"K")
    arts = _refs(_value(pdf.head(document), b"K") or b"")
    if len(arts) != count:
        raise SplitError(f"{len(arts)} articles tagged for {count} reports")
    subtrees = [_struct_closure(pdf, art, page_set) for art in arts]
    first_page = []
    for tree in subtrees:
        shown = {n for element in tree for n in pdf.children(element) if n in page_set}
        if not shown:
            raise SplitError("an article on no page")
        first_page.append(min(position[n] for n in shown))
    if first_page[0] != 0 or first_page != sorted(set(first_page)):
        raise SplitError("articles not in page order")
    bounds = [*first_page, len(pages)]
    parent_tree = _ref(root_text, b"ParentTree")
    nums: list[tuple[int, bytes]] = []
    _nums(pdf, parent_tree, nums)
    id_tree = _ref(root_text, b"IDTree") if _value(root_text, b"IDTree") else None
    ids: list[tuple[bytes, int]] = []
    if id_tree is not None:
        _names(pdf, id_tree, ids)
    rewritten = {pages_root, document, parent_tree, *([id_tree] if id_tree is not None else [])}
    out = []
    for k in range(count):
        own = pages[bounds[k] : bounds[k + 1]]
        own_set = set(own)
        new: dict[int, bytes] = {}
        kids = b" ".join(b"%d 0 R" % p for p in own)
        new[pages_root] = b"<</Type /Pages\n/Count %d\n/Kids [%s]>>" % (len(own), kids)
        for page in own:
            head = pdf.head(page)
            if len(_PARENT.findall(head)) != 1:
                raise SplitError(f"page {page} without one /Parent")
            new[page] = _PARENT.sub(b"/Parent %d 0 R" % pages_root, head, count=1)
        document_text = pdf.head(document)
        old_kids = _value(document_text, b"K") or b""
        new[document] = document_text.replace(b"/K " + old_kids, b"/K [%d 0 R]" % arts[k], 1)
        keys = set()
        for page in own:
            key = _value(pdf.head(page), b"StructParents")
            if key is not None:
                keys.add(int(key))
        kept = b" ".join(b"%d %s" % (key, value) for key, value in nums if key in keys)
        new[parent_tree] = b"<</Type /ParentTree\n/Nums [%s]>>" % kept
        if id_tree is not None:
            names = b" ".join(b"%s %d 0 R" % (name, ref) for name, ref in ids if ref in subtrees[k])
            new[id_tree] = b"<</Names [%s]>>" % names
        if pdf.info is not None:
            info = re.sub(rb"/Title\s*(<[^>]*>|\((?:\\.|[^\\()])*\))\s*", b"", pdf.head(pdf.info), count=1)
            new[pdf.info] = b"<</Title " + _text_string(titles[k]) + b"\n" + info.removeprefix(b"<<")
        objects = _closure(pdf, [pdf.root, *([pdf.info] if pdf.info is not None else [])], new)
        foreign = (page_set - own_set) & objects
        if foreign:
            raise SplitError(f"report {k} reaches pages of another report")
        if any(not objects.isdisjoint(tree) for tree_k, tree in enumerate(subtrees) if tree_k != k):
            raise SplitError(f"report {k} reaches the structure of another report")
        out.append(_write(pdf, sorted(objects), new))
    del rewritten
    return out


def _closure(pdf: _Pdf, start: list[int], new: dict[int, bytes]) -> set[int]:
    seen: set[int] = set()
    todo = list(start)
    while todo:
        number = todo.pop()
        if number in seen or number not in pdf.offsets:
            continue
        seen.add(number)
        head = new.get(number)
        # a structure element's parent is reached from above
        todo.extend(pdf.children(number) if head is None else _refs(_P.sub(b"", head)))
    return seen


def _write(pdf: _Pdf, numbers: list[int], new: dict[int, bytes]) -> bytes:
    header = pdf.data[: pdf.data.index(b"\n", pdf.data.index(b"\n") + 1) + 1]  # %PDF-1.x and the binary comment
    parts = [header]
    offsets: dict[int, int] = {}
    at = len(header)
    for number in numbers:
        offsets[number] = at
        chunk = b"%d 0 obj\n%s\nendobj\n" % (number, new[number]) if number in new else pdf.raw(number)
        parts.append(chunk)
        at += len(chunk)
    xref = [b"xref\n0 1\n0000000000 65535 f \n"]
    runs: list[list[int]] = []
    for number in numbers:  # consecutive numbers form one subsection; the numbers not kept are left out
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        xref.append(b"%d %d\n" % (run[0], len(run)))
        xref.extend(b"%010d 00000 n \n" % offsets[n] for n in run)
    size = max(numbers) + 1
    info = b"\n/Info %d 0 R" % pdf.info if pdf.info is not None and pdf.info in offsets else b""
    trailer = b"trailer\n<</Size %d\n/Root %d 0 R%s>>\nstartxref\n%d\n%%%%EOF" % (size, pdf.root, info, at)
    return b"".join(parts) + b"".join(xref) + trailer


__all__ = ["SplitError", "split_pdf"]
