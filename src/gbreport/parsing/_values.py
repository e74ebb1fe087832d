"""Reading values: the tokens of a row, their conversion to cell values, and what was read per cell.

A :class:`Token` is one printed thing in a row's region: a number (with an optional
unit), a blank mark (``/``, ``-``, ``—``, ``无``), an empty grid cell, or other text.
A :class:`CellRead` is what a cell of the report was read as: its value, the text it was
read from, and a :data:`Mark` saying what kind of thing was printed there.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Literal, NamedTuple

from .._vector import Value
from ..formats import Kind
from ..model import MAX_COUNT

MAX_MONEY_DIGITS = 18

_TOKEN = re.compile(
    # the blanks before a token, taken whole and never given back: a long run of them is crossed at C
    # speed instead of trying every alternative at each of its places (see tokens() for the end)
    r"(?P<gap>\s*+)"
    r"(?:(?P<num>[+\-]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?)(?P<unit>[ \t]*万?元)?"
    r"|(?P<blank>/+|-+|—+|–+|(?:无|不适用)(?![\u4e00-\u9fff]))"
    r"|(?P<junk>[^\s\d/\-—–+\x1e\x1f]+)"
    r"|(?P<other>[^\s\x1e\x1f]))"
)

TokenKind = Literal["num", "blank", "empty", "junk"]


class Token(NamedTuple):
    """One printed thing: ``num`` (a number, ``unit`` 元/万元 if printed), ``blank`` (a blank mark
    such as ``/``), ``empty`` (a grid cell with nothing in it) or ``junk`` (any other text).

    A named tuple: rows make a few hundred of them per document, and a tuple is the cheapest to make."""

    kind: TokenKind
    text: str
    unit: str = ""
    after_break: bool = False
    """Only whitespace with one line break separates this token from the one before: a number
    printed on two lines may continue here."""
    pos: int = -1
    """Where the token was printed (an offset into the document's text; -1: not known)."""

    @property
    def splittable(self) -> bool:
        """A run of digits that may stand for several cells (no sign, no thousands separator)."""
        return self.kind == "num" and self.text[:1] not in "+-" and "," not in self.text


_new = tuple.__new__
"""Makes a named tuple from a tuple of all its fields, without the Python-level ``__new__`` (half the time):
``_new(Token, (kind, text, unit, after_break, pos))``."""

EMPTY = Token("empty", "")


def empty(pos: int = -1) -> Token:
    """The token of a grid cell with nothing in it, at offset ``pos``."""
    return Token("empty", "", pos=pos)


def tokens(text: str, offset: int = 0) -> list[Token]:
    """Value tokens (numbers with an optional unit, blank marks) and other text (``junk``); ``offset`` is
    where ``text`` starts in the document's text."""
    body = text.strip()
    if body.isdecimal():  # one run of digits (a grid cell's value, mostly): the one token the pattern finds
        return [Token("num", body, "", False, offset + len(text) - len(text.lstrip()))]
    if not body:
        return []
    out: list[Token] = []
    pos = offset
    # up to the last token only: after it, a run of blanks taken whole would be taken again from each of
    # its places (every blank is followed by a token before this end, and every non-blank is a token); so
    # the matches follow each other without a gap, and each starts where the one before ended
    for gap, num, unit, blank, junk, other in _TOKEN.findall(text, 0, len(text.rstrip())):
        pos += len(gap)
        # only whitespace with one line break since the token before: a number may continue here
        broken = bool(out) and gap.count("\n") == 1
        if num:
            out.append(_new(Token, ("num", num, unit.strip() if unit else "", broken, pos)))
            pos += len(num) + len(unit)
        elif blank:
            out.append(_new(Token, ("blank", blank, "", broken, pos)))
            pos += len(blank)
        else:
            word = junk or other
            out.append(_new(Token, ("junk", word, "", broken, pos)))
            pos += len(word)
    return out


def convert(text: str, kind: Kind) -> Value | str:
    """The cell value of ``text`` (a number as printed), or an error message."""
    if len(text) <= MAX_MONEY_DIGITS and text.isdecimal() and kind in ("count", "signed_count"):  # most cells
        number = int(text)
        return number if number <= MAX_COUNT else f"{text!r} is larger than any count the format allows"
    raw = text.replace(",", "")
    if kind in ("money", "money_wan"):
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return f"{text!r} is not a number"
        if value < 0 or len(value.as_tuple().digits) > MAX_MONEY_DIGITS:
            return f"{text!r} is not an amount the format allows"
        return value
    if "." in raw:
        return f"{text!r} is not a whole number"
    try:
        number = int(raw)
    except ValueError:
        return f"{text!r} is not a number"
    if kind == "count" and (number < 0 or raw.startswith("+")):
        return f"{text!r} is negative, counts are not"
    if abs(number) > MAX_COUNT:
        return f"{text!r} is larger than any count the format allows"
    return number


Mark = Literal["number", "empty", "blank", "unreadable", "missing", "ambiguous"]
"""What a cell was read from.

``number``
    a number printed in the cell;
``empty``
    nothing printed (an empty grid cell);
``blank``
    a blank mark printed (``/``, ``-``, ``—``, ``无``, ``不适用``): the cell does not apply, and the
    report keeps the mark (``report.marks``);
``unreadable``
    text that is not a value the cell can hold (value blank, with a finding);
``missing``
    no value found for the cell (value blank, with a finding);
``ambiguous``
    the source can be read several ways (value blank, with a finding).
"""

BLANK_MARKS: frozenset[Mark] = frozenset(("empty", "blank"))
"""The marks of a cell printed blank."""


class CellRead(NamedTuple):
    """What one cell was read as: ``value`` (``None`` unless a number), the ``raw`` text it was read
    from (after width normalisation), its :data:`Mark`, and where in the source it was read.

    An immutable named tuple (a document makes a few hundred of them)."""

    value: Value
    raw: str
    mark: Mark
    location: str = ""

    @property
    def printed_blank(self) -> bool:
        """True when the document prints the cell blank (empty or a blank mark)."""
        return self.mark in BLANK_MARKS


def read_token(token: Token, kind: Kind, location: str = "") -> CellRead | str:
    """The reading of one token for a cell of ``kind``, or why it cannot be one."""
    if token.kind == "num":
        value = convert(token.text, kind)
        if isinstance(value, str):
            return value
        return _new(CellRead, (value, token.text, "number", location))
    if token.kind == "empty":
        return CellRead(None, "", "empty", location)
    if token.kind == "blank":
        return CellRead(None, token.text, "blank", location)
    return f"{token.text!r} is not a number"
