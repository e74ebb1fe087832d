"""Plain text and Markdown readers, and decoding of text bytes."""

from __future__ import annotations

import codecs
import html
import re
from typing import NamedTuple

from ..checks import Finding, make_finding
from ..errors import LoadError
from ..formats import Label
from ._doc import MAX_PLACES, Doc, DocBuilder

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
MIN_PLAUSIBLE = 0.95
"""UTF-16 without a byte order mark: at least this share of the characters decoded are printable ASCII,
whitespace, CJK characters or CJK punctuation."""
MIN_GB2312 = 0.9
"""Text decoded as GB18030 is taken when at least this share of its Chinese characters are in GB2312 (the
common characters): bytes in another encoding (Big5, Shift-JIS) decode as rare characters."""


def _bom(data: bytes) -> tuple[int, str, str] | None:
    """The length of the byte order mark, the codec and the encoding's name, when ``data`` starts with one."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return len(bom), codec, name
    return None


def _plausible(text: str) -> bool:
    """True when ``text`` is mostly what a Chinese document is made of (see :data:`MIN_PLAUSIBLE`)."""
    sample = text[:32768]
    good = sum(
        1 for c in sample if " " <= c <= "~" or c in "\t\r\n" or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"
    )
    return bool(sample) and good >= MIN_PLAUSIBLE * len(sample)


def _utf16(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` for text in UTF-16 without a byte order mark, else ``None``.

    Only data with NUL bytes is considered (text in any 8-bit encoding has none); of the two byte
    orders, the one that decodes to plausible text (:func:`_plausible`) is taken.
    """
    sample = data[:65536]
    if b"\0" not in sample or len(sample) < 2:
        return None
    sample = sample[: len(sample) // 2 * 2]
    for codec in ("utf-16-le", "utf-16-be"):
        if _plausible(sample.decode(codec, errors="replace")):
            return codec
    return None


def sniff(data: bytes) -> str:
    """Text of ``data`` for telling its kind: decoded by its byte order mark, as UTF-16 when it is, else as
    UTF-8 with undecodable bytes dropped."""
    bom = _bom(data)
    if bom is not None:
        return data[bom[0] :].decode(bom[1], errors="ignore")
    return data.decode(_utf16(data) or "utf-8", errors="ignore")


def _common(text: str) -> bool:
    """True when the Chinese characters of ``text`` are mostly common ones (in GB2312)."""
    han = [c for c in text[:200_000] if ord(c) > 0x2E7F]
    if not han:
        return True
    common = 0
    for c in han:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common >= MIN_GB2312 * len(han)


class Decoded(NamedTuple):
    """Text decoded from bytes: the text, findings about its encoding, and the encoding's name (``None`` when
    no encoding fits: decoded as GB18030 with replacement characters)."""

    text: str
    findings: list[Finding]
    encoding: str | None


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Text from bytes, its encoding detected: a byte order mark (UTF-8, UTF-16, UTF-32), UTF-16 without one,
    UTF-8, the charset the document declares, else GB18030 (which reads GBK and GB2312) when the
    characters it gives are common Chinese ones.  Anything else is decoded as GB18030 with replacement
    characters, with a finding saying so."""
    bom = _bom(data)
    if bom is not None:
        size, codec, name = bom
        try:
            text = data[size:].decode(codec)
        except UnicodeDecodeError:
            text = data[size:].decode(codec, errors="replace")
            lost = _encoding_finding(f"{name}（部分字节无法解码，已替换）", f"{name}, undecodable bytes replaced")
            return Decoded(text, [lost], name)
        how = Label(f"按字节顺序标记以 {name} 解码", f"decoded as {name} (byte order mark)")
        return Decoded(text, [] if name == "UTF-8" else [_encoding_finding(how.zh, how.en)], name)
    wide = _utf16(data)
    if wide is not None:
        try:
            return Decoded(data.decode(wide), [_encoding_finding("以 UTF-16 解码", "decoded as UTF-16")], "UTF-16")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), [], "UTF-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            declared_text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            found = [_encoding_finding(f"按声明的 {declared} 解码", f"decoded as the declared {declared}")]
            return Decoded(declared_text, found, declared)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _common(text):
            return Decoded(text, [_encoding_finding("按 GB18030 解码", "decoded as GB18030")], "GB18030")
    text = data.decode("gb18030", errors="replace")
    lost = _encoding_finding(
        "按 GB18030 解码，部分字节无法解码或不是常用汉字",
        "decoded as GB18030 with replacement characters or rare characters",
    )
    return Decoded(text, [lost], None)


def _encoding_finding(zh: str, en: str) -> Finding:
    return make_finding("parse.encoding", how=Label(zh, en))


_BOX_LINE = re.compile(r"^\s*[+|]")
_BORDER_CHARS = frozenset("-=+:| ")


def _is_border(line: str) -> bool:
    """A border line of a box-drawn table: ``+`` or ``|`` at both ends, only ``-=+:|`` and spaces between.

    (String tests, not a regular expression: a pattern like ``[-=+:| ]*[+|]\\s*$`` backtracks over
    runs of spaces, quadratic on a long line.)
    """
    body = line.strip()
    return len(body) >= 2 and body[0] in "+|" and body[-1] in "+|" and _BORDER_CHARS.issuperset(body)


def _box_rows(lines: list[str]) -> list[list[str | None]]:
    """A box-drawn text table (``+---+`` borders, ``|`` between cells) as a grid of logical rows.

    Lines between two borders form one row; a cell's text is joined across them.
    """
    grid: list[list[str | None]] = []
    current: list[list[str]] = []
    cells = 0

    def close() -> None:
        if current:
            columns: list[list[str]] = [[] for _ in range(max(len(parts) for parts in current))]
            for parts in current:
                for i, part in enumerate(parts):
                    columns[i].append(part.strip())
            grid.append(["".join(column) for column in columns])
            current.clear()

    for line in lines:
        if _is_border(line) and ("-" in line or "=" in line):
            close()
            continue
        body = line.strip()
        body = body[1:] if body.startswith("|") else body
        body = body[:-1] if body.endswith("|") else body
        current.append(body.split("|"))
        cells += len(current[-1])
        if cells > MAX_PLACES:
            raise LoadError(f"more than {MAX_PLACES:,} table cells: too large for an annual report")
    close()
    return grid


def _lines(text: str) -> list[str]:
    """The lines of ``text``; more than :data:`MAX_PLACES` of them is a :class:`LoadError` (counted before
    the text is split, so that a hostile input never becomes millions of strings)."""
    if text.count("\n") + text.count("\r") // 2 > MAX_PLACES:
        raise LoadError(f"more than {MAX_PLACES:,} lines: too large for an annual report (a report has a few thousand)")
    return text.splitlines()


def read_text(text: str) -> Doc:
    """Plain text, e.g. exported from Word (one cell per line) or copied from a web page.

    Box-drawn tables (``+----+`` borders) are read as grids.
    """
    builder = DocBuilder("text")
    lines = _lines(text)
    i = run = 0  # lines[run:i] are running text not yet added
    while i < len(lines):
        line = lines[i]
        if ("+" in line or "|" in line) and _is_border(line) and "-" in line:
            builder.numbered_lines(lines[run:i], run + 1)
            j = i
            while j < len(lines) and _BOX_LINE.match(lines[j]):
                j += 1
            builder.table(_box_rows(lines[i:j]), f"line {i + 1}: ")
            i = run = j
            continue
        i += 1
    builder.numbered_lines(lines[run:], run + 1)
    return builder.build()


_RULE_CELL = re.compile(r":?-{3,}:?")


def _is_row(line: str) -> bool:
    """A pipe-table line: ``|`` first and last (blanks aside)."""
    body = line.strip()
    return len(body) >= 2 and body[0] == "|" and body[-1] == "|"


def _is_rule(line: str) -> bool:
    """The rule under a pipe table's header: cells of ``---`` (``:---:`` for alignment) between pipes.

    Cell by cell with string operations and an anchored pattern per cell, never one pattern over the
    whole line (``\\s*\\|?\\s*`` in one pattern backtracks over runs of spaces: quadratic).
    """
    body = line.strip()
    if "-" not in body:
        return False
    body = body.removeprefix("|")
    body = body.removesuffix("|")
    return all(_RULE_CELL.fullmatch(cell.strip()) for cell in body.split("|"))


_MD_SPLIT = re.compile(r"(?<!\\)\|")
_MD_MARKUP = re.compile(r"\*\*|__|`|<br\s*/?>")


def looks_like_markdown(text: str) -> bool:
    """True when the text has at least one pipe table (a row and a ``|---|`` rule)."""
    if "|" not in text or "---" not in text:  # a rule has both (a cell of at least three dashes)
        return False
    lines = text.splitlines()[:5000]
    return any("|" in line and _is_rule(line) for line in lines) and any(_is_row(line) for line in lines)


_MD_BACKSLASH = re.compile(r"\\(.)")


def _md_cells(line: str) -> list[str | None]:
    body = line.strip()
    body = body.removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    escaped = "\\" in body
    if not escaped and "*" not in body and "_" not in body and "`" not in body and "<" not in body:
        return [cell.strip() for cell in body.split("|")]  # no markup and no escapes: the cells as they are
    out: list[str | None] = []
    for cell in _MD_SPLIT.split(body) if escaped else body.split("|"):
        text = cell
        if "*" in text or "_" in text or "`" in text or "<" in text:
            text = _MD_MARKUP.sub(lambda m: "\n" if m.group().startswith("<") else "", text)
        if escaped:
            text = _MD_BACKSLASH.sub(r"\1", text)
        out.append(text.strip())
    return out


_MD_BLOCK_MARK = re.compile(r"\s{0,3}#{1,6}\s*|\s*>\s?")
"""A heading's or a quotation's mark at the start of a line."""
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def md_unescape(line: str) -> str:
    """Running Markdown text as shown: backslash escapes and character references undone."""
    return html.unescape(_MD_ESCAPE.sub(r"\1", line) if "\\" in line else line)


def read_markdown(text: str) -> Doc:
    """Markdown: pipe tables become grids, other lines running text (heading marks dropped)."""
    builder = DocBuilder("markdown")
    rows: list[list[str | None]] = []
    start = 0
    cells = 0
    lines = _lines(text)
    shown: list[str] = []  # running text lines not yet added, the first one numbered first_shown
    first_shown = 1
    for number, line in enumerate(lines, 1):
        if _is_row(line):
            if not rows:
                start = number
            if not _is_rule(line):
                rows.append(_md_cells(line))
                cells += len(rows[-1])
                if cells > MAX_PLACES:
                    raise LoadError(f"more than {MAX_PLACES:,} table cells: too large for an annual report")
            continue
        if rows:
            builder.numbered_lines(shown, first_shown)
            builder.table(rows, f"line {start}: ")
            rows, shown = [], []
        if not shown:
            first_shown = number
        mark = _MD_BLOCK_MARK.match(line) if "#" in line or ">" in line else None
        body = line[mark.end() :] if mark else line
        body = body.replace("**", "") if "*" in body else body
        shown.append(md_unescape(body) if "\\" in body or "&" in body else body)  # nothing to undo else
    builder.numbered_lines(shown, first_shown)
    if rows:
        builder.table(rows, f"line {start}: ")
    return builder.build()
