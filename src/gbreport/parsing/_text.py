"""Plain text and Markdown readers, and decoding of text bytes."""

from __future__ import annotations

import html
import re

from ..checks import Finding, make_finding
from ..formats import Label
from ._doc import Doc, DocBuilder


def decode(data: bytes, declared: str | None = None) -> tuple[str, list[Finding]]:
    """Text from bytes: UTF-8 (with or without BOM), else the declared charset, else GB18030."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for encoding in (declared, "gb18030"):
        if not encoding:
            continue
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return text, [_encoding_finding(f"decoded as {encoding}", f"按 {encoding} 解码")]
    text = data.decode("gb18030", errors="replace")
    lost = _encoding_finding("decoded as GB18030 with replacement characters", "按 GB18030 解码，部分字节无法解码")
    return text, [lost]


def _encoding_finding(en: str, zh: str) -> Finding:
    return make_finding("parse.encoding", how=Label(zh, en))


_BOX_LINE = re.compile(r"^\s*[+|]")
_BOX_BORDER = re.compile(r"^\s*[+|][-=+:| ]*[+|]\s*$")


def _box_rows(lines: list[str]) -> list[list[str | None]]:
    """A box-drawn text table (``+---+`` borders, ``|`` between cells) as a grid of logical rows.

    Lines between two borders form one row; a cell's text is joined across them.
    """
    grid: list[list[str | None]] = []
    current: list[list[str]] = []

    def close() -> None:
        if current:
            width = max(len(parts) for parts in current)
            row: list[str | None] = []
            for i in range(width):
                row.append("".join(parts[i].strip() for parts in current if i < len(parts)))
            grid.append(row)
            current.clear()

    for line in lines:
        if _BOX_BORDER.match(line) and ("-" in line or "=" in line):
            close()
            continue
        body = line.strip()
        body = body[1:] if body.startswith("|") else body
        body = body[:-1] if body.endswith("|") else body
        current.append(body.split("|"))
    close()
    return grid


def read_text(text: str) -> Doc:
    """Plain text, e.g. exported from Word (one cell per line) or copied from a web page.

    Box-drawn tables (``+----+`` borders) are read as grids.
    """
    builder = DocBuilder("text")
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if _BOX_BORDER.match(line) and "-" in line:
            j = i
            while j < len(lines) and _BOX_LINE.match(lines[j]):
                j += 1
            builder.table(_box_rows(lines[i:j]), f"line {i + 1}: ")
            i = j
            continue
        builder.line(line, f"line {i + 1}")
        i += 1
    return builder.build()


_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_SPLIT = re.compile(r"(?<!\\)\|")
_MD_MARKUP = re.compile(r"\*\*|__|`|<br\s*/?>")


def looks_like_markdown(text: str) -> bool:
    """True when the text has at least one pipe table (a row and a ``|---|`` rule)."""
    lines = text.splitlines()[:5000]
    return any(_MD_RULE.match(line) and "-" in line and "|" in line for line in lines) and any(
        _MD_ROW.match(line) for line in lines
    )


def _md_cells(line: str) -> list[str | None]:
    body = line.strip()
    body = body.removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    out: list[str | None] = []
    for cell in _MD_SPLIT.split(body):
        text = _MD_MARKUP.sub(lambda m: "\n" if m.group().startswith("<") else "", cell)
        text = re.sub(r"\\(.)", r"\1", text)
        out.append(text.strip())
    return out


_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def md_unescape(line: str) -> str:
    """Running Markdown text as shown: backslash escapes and character references undone."""
    return html.unescape(_MD_ESCAPE.sub(r"\1", line))


def read_markdown(text: str) -> Doc:
    """Markdown: pipe tables become grids, other lines running text (heading marks dropped)."""
    builder = DocBuilder("markdown")
    rows: list[list[str | None]] = []
    start = 0
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        if _MD_ROW.match(line):
            if not rows:
                start = number
            if not _MD_RULE.match(line):
                rows.append(_md_cells(line))
            continue
        if rows:
            builder.table(rows, f"line {start}: ")
            rows = []
        shown = md_unescape(re.sub(r"^\s{0,3}#{1,6}\s*|^\s*>\s?", "", line).replace("**", ""))
        builder.line(shown, f"line {number}")
    if rows:
        builder.table(rows, f"line {start}: ")
    return builder.build()
