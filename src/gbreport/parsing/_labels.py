"""Label patterns derived from the format declarations (never retyped here).

A label matches the source after normalisation: whitespace, line breaks and cell
boundaries may fall between any two characters; full- and half-width forms are
equal; ``、``/``，``/``.`` and the various quotation marks are interchangeable; the
item number in front of a row label (``1.``, ``（三）``, ``一、``) and a trailing
parenthesised note may be missing.
"""

from __future__ import annotations

import re
from functools import cache

from ..formats import BlockTable, Format, GridTable, Node, cells_of, derived
from ._doc import normalise

GAP = "[ \t\n\x1f]*"
_PUNCT = "[、,.;:．，；：]"
_QUOTE = "[“”\"'‘’「」『』]"
_PREFIX = re.compile(r"^(\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+[.、])")
_SUFFIX = re.compile(r"(\([^()]*\))$")


def _char(c: str) -> str:
    if c in "、,.;:，；：．":
        return _PUNCT
    if c in "“”\"'‘’「」『』":
        return _QUOTE
    if c in "/":
        return "[/／]"
    return re.escape(c)


def _chars(text: str) -> str:
    return GAP.join(_char(c) for c in text if not c.isspace())


def label_pattern(zh: str, *, loose: bool = True) -> str:
    """The regular expression (source) that finds label ``zh`` in normalised text."""
    text = normalise(zh).strip()
    if not loose:
        return _chars(text)
    prefix = ""
    match = _PREFIX.match(text)
    if match:
        prefix, text = match.group(1), text[match.end() :]
    suffix = ""
    match = _SUFFIX.search(text)
    if match and match.start() > 1:
        suffix, text = match.group(1), text[: match.start()]
    core = _chars(text)
    if prefix:
        # an optional number as two alternatives, not "(?:number)?label": a pattern whose alternatives each
        # start with a character is searched for those characters, not tried at every place of the text
        core = f"{_chars(prefix)}{GAP}{core}" if len(text) <= 2 else f"(?:{_chars(prefix)}{GAP}{core}|{core})"
    if suffix:
        core = f"{core}(?:{GAP}{_chars(suffix)})?"
    return core


@cache
def compiled(zh: str) -> re.Pattern[str]:
    return re.compile(label_pattern(zh))


@derived
def labels_of(fmt: Format) -> frozenset[str]:
    """Every label of the tables of ``fmt`` (captions, headers, rows, columns), normalised."""
    out: set[str] = set()
    for table in fmt.tables:
        if isinstance(table, BlockTable):
            out.add(table.header.zh)
            for block in table.blocks:
                out.add(block.caption.zh)
                stack: list[Node] = [*block.rows, *block.columns]
                while stack:
                    n = stack.pop()
                    out.add(n.label.zh)
                    stack.extend(n.children)
        elif isinstance(table, GridTable):
            out.add(table.corner.zh)
            out.update(b.note.zh for b in table.balances)
            if table.column_header is not None:
                out.add(table.column_header.zh)
            stack = [*table.rows, *table.columns]
            while stack:
                n = stack.pop()
                out.add(n.label.zh)
                stack.extend(n.children)
    return frozenset(normalise(label) for label in out if label.strip())


@derived
def row_labels_of(fmt: Format) -> frozenset[str]:
    """The labels of rows (and their groups) and columns that carry cells, with the captions of table 2."""
    out: set[str] = set()
    for cell in cells_of(fmt):
        out.update(n.label.zh for n in cell.row + cell.column)
    out.update(block.caption.zh for block in fmt.t2.blocks)
    return frozenset(label for label in out if label.strip())


@derived
def known_row_patterns(fmt: Format) -> tuple[re.Pattern[str], ...]:
    """Patterns of :func:`row_labels_of`, longest first: a table row carrying one is a row of the format."""
    return tuple(compiled(label) for label in sorted(row_labels_of(fmt), key=lambda t: (-len(t), t)))


@derived
def known_row_pattern(fmt: Format) -> re.Pattern[str]:
    """One pattern finding any of :func:`known_row_patterns` (one search instead of one per label)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in known_row_patterns(fmt)))


NUMERALS = "一二三四五六七八九十"
"""The Chinese numerals of section and item numbers, one to ten in order."""


def _arabic(number: str) -> str:
    """The Arabic form of a section number written ``一`` … ``十`` (other numbers as they are)."""
    return str(NUMERALS.index(number) + 1) if len(number) == 1 and number in NUMERALS else number


SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "reviews": ("行政复议", "行政诉讼"),
    "problems": ("存在的主要问题", "主要问题", "问题及改进"),
    "applications": ("依申请",),
}
"""Words besides its title that identify a section heading (after its number)."""


@cache
def section_pattern(key: str, number: str, title: str) -> re.Pattern[str]:
    """A numbered section heading: its number, then the start of its title (or its key words)."""
    cn, digit = number, _arabic(number)
    title = normalise(title)
    words = list(SECTION_WORDS.get(key, (title[:4],)))
    if key == "applications":
        words = [title[:5], *words]
    alternatives = "|".join(_chars(w) for w in [title, *words])
    return re.compile(f"(?:{cn}|{digit}){GAP}[、.,]{GAP}[^\n\x1e\x1f]{{0,14}}?(?:{alternatives})")
