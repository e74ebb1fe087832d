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

from ..formats import BlockTable, Format, GridTable, Node
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
        core = f"{_chars(prefix)}{GAP}{core}" if len(text) <= 2 else f"(?:{_chars(prefix)}{GAP})?{core}"
    if suffix:
        core = f"{core}(?:{GAP}{_chars(suffix)})?"
    return core


@cache
def compiled(zh: str) -> re.Pattern[str]:
    return re.compile(label_pattern(zh))


def _labels(fmt: Format) -> set[str]:
    out: set[str] = set()
    for table in fmt.tables:
        if isinstance(table, BlockTable):
            for block in table.blocks:
                out.add(block.caption.zh)
                out.update(n.label.zh for n in block.rows + block.columns)
        elif isinstance(table, GridTable):
            stack: list[Node] = list(table.rows)
            while stack:
                n = stack.pop()
                out.add(n.label.zh)
                stack.extend(n.children)
    return {normalise(label) for label in out if label}


@cache
def signatures(fmt: Format, other: Format) -> tuple[re.Pattern[str], ...]:
    """Labels of ``fmt`` that ``other`` does not have (nor contain), as patterns: its table signature."""
    mine, theirs = _labels(fmt), _labels(other)
    keep = [
        label
        for label in sorted(mine - theirs)
        if len(re.sub(r"\W", "", label)) > 3 and not any(label in t for t in theirs)
    ]
    return tuple(re.compile(label_pattern(label, loose=False)) for label in keep)


_NUMBERS = {
    "overview": ("一", "1"),
    "proactive": ("二", "2"),
    "applications": ("三", "3"),
    "reviews": ("四", "4"),
    "problems": ("五", "5"),
    "other": ("六", "6"),
}


SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "reviews": ("行政复议", "行政诉讼"),
    "problems": ("存在的主要问题", "主要问题", "问题及改进"),
    "applications": ("依申请",),
}
"""Words besides its title that identify a section heading (after its number)."""


@cache
def section_pattern(key: str, number: str, title: str) -> re.Pattern[str]:
    """A numbered section heading: its number, then the start of its title (or its key words)."""
    cn, digit = _NUMBERS.get(key, (number, number))
    title = normalise(title)
    words = list(SECTION_WORDS.get(key, (title[:4],)))
    if key == "applications":
        words = [title[:5], *words]
    alternatives = "|".join(_chars(w) for w in [title, *words])
    return re.compile(f"(?:{cn}|{digit}){GAP}[、.,]{GAP}[^\n\x1e\x1f]{{0,14}}?(?:{alternatives})")
