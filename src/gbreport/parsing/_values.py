"""Reading values: tokens of a row, conversion to cell values, and segmentation of digit runs.

A run of digits that stands for several cells (``713000074`` for 71, 3, 0, 0, 0,
0, 74) is split into every reading with the right number of values, where no value
has a leading zero and every value fits its cell; the caller then keeps the readings
that satisfy the format's sums.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .._vector import Value
from ..formats import Kind
from ..model import MAX_COUNT

MAX_SPLIT_DIGITS = 60
MAX_CANDIDATES = 20_000
MAX_MONEY_DIGITS = 18

_TOKEN = re.compile(
    r"(?P<num>[+\-]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?)(?P<unit>[ \t]*万?元)?"
    r"|(?P<blank>/+|-+|—+|–+|无(?![\u4e00-\u9fff]))"
    r"|(?P<junk>[^\s\d/\-—–+\x1e\x1f]+)"
    r"|(?P<other>[^\s\x1e\x1f])"
)

BLANK_MARKS = frozenset(("", "/", "-", "—", "–", "无"))


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "num", "blank", "junk"
    text: str
    unit: str = ""

    @property
    def splittable(self) -> bool:
        return self.kind == "num" and self.text[:1] not in "+-" and "," not in self.text


def tokens(text: str) -> list[Token]:
    """Value tokens (numbers with an optional unit, blank marks) and other text (``junk``)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        if m.group("num"):
            out.append(Token("num", m.group("num"), (m.group("unit") or "").strip()))
        elif m.group("blank"):
            out.append(Token("blank", m.group("blank")))
        else:
            out.append(Token("junk", m.group()))
    return out


def convert(text: str, kind: Kind) -> Value | str:
    """The cell value of ``text`` (a number as printed), or an error message."""
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


class _Budget(Exception):
    """Raised when enumerating readings takes more steps than allowed."""


MAX_STEPS = 200_000


def _compositions(digits: str, parts: int, steps: list[int]) -> Iterator[list[str]]:
    """Splits of ``digits`` into ``parts`` numbers without leading zeros (``0`` alone is fine)."""
    steps[0] += 1
    if steps[0] > MAX_STEPS:
        raise _Budget
    if parts == 1:
        if digits and (digits == "0" or digits[0] != "0"):
            yield [digits]
        return
    if digits[:1] == "0":
        for rest in _compositions(digits[1:], parts - 1, steps):
            yield ["0", *rest]
        return
    for cut in range(1, len(digits) - parts + 2):
        for rest in _compositions(digits[cut:], parts - 1, steps):
            yield [digits[:cut], *rest]


def segmentations(items: list[Token], count: int) -> Iterator[list[str]]:
    """Every way to read ``items`` as exactly ``count`` values (digit runs may stand for several)."""

    def walk(i: int, need: int) -> Iterator[list[str]]:
        if i == len(items):
            if need == 0:
                yield []
            return
        token = items[i]
        remaining = len(items) - i - 1
        if token.kind != "num" or not token.splittable:
            if need >= 1:
                for rest in walk(i + 1, need - 1):
                    yield [token.text, *rest]
            return
        whole, _, fraction = token.text.partition(".")
        if len(whole) > MAX_SPLIT_DIGITS:
            return
        for parts in range(1, min(len(whole), need - remaining) + 1):
            for pieces in _compositions(whole, parts, steps):
                split = [*pieces[:-1], f"{pieces[-1]}.{fraction}"] if fraction else pieces
                for rest in walk(i + 1, need - parts):
                    yield [*split, *rest]

    steps = [0]
    produced = 0
    try:
        for candidate in walk(0, count):
            produced += 1
            if produced > MAX_CANDIDATES:
                return
            yield candidate
    except _Budget:
        return
