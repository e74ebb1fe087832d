"""Choosing among readings: splits of run-together digits, and the sums that decide between them.

A run of digits that stands for several cells (``713000074`` for 71, 3, 0, 0, 0,
0, 74) is split into every reading with the right number of values, where no value
has a leading zero; :func:`solve` then keeps the readings that satisfy the format's
sums (and any outside evidence).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..formats import Format, derived, relations_of
from ..model import MAX_COUNT
from ._evidence import Equation
from ._values import CellRead, Token

if TYPE_CHECKING:
    from ._rows import RowRead

MAX_SPLIT_DIGITS = 60
MAX_CANDIDATES = 20_000
MAX_STEPS = 200_000
MAX_JOINT = 50_000
MAX_JOINS = 3
"""At most this many numbers broken across lines are joined back in one row."""

Sums = tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
"""Relations inside one row, as (part indices, total indices) into the row's cells."""


@derived
def row_sums(fmt: Format) -> dict[tuple[str, ...], Sums]:
    """Per row (its cell ids, in order): the format's relations whose cells all lie in that row."""
    from ._locate import row_cells

    out: dict[tuple[str, ...], Sums] = {}
    for cells in row_cells(fmt).values():
        ids = tuple(c.id for c in cells)
        index = {cid: i for i, cid in enumerate(ids)}
        found = tuple(
            (tuple(index[c] for c in rel.parts), tuple(index[c] for c in rel.totals))
            for rel in relations_of(fmt)
            if all(c in index for c in rel.cells)
        )
        if found:
            out[ids] = found
    return out


def fits(reading: tuple[CellRead, ...], sums: Sums) -> bool:
    """True when ``reading`` satisfies every relation of ``sums`` (blank counts as 0)."""
    return all(
        sum(int(reading[i].value or 0) for i in parts) == sum(int(reading[i].value or 0) for i in totals)
        for parts, totals in sums
    )


def joins(items: list[Token], joinable: list[bool], count: int) -> Iterator[list[Token]]:
    """Readings of ``items`` as ``count`` numbers by joining numbers broken across lines.

    ``joinable[i]`` says that item ``i`` may continue item ``i - 1`` (a line break alone
    between two plain digit runs).  At most :data:`MAX_JOINS` joins; a joined number
    must not start with 0 (a number is not printed ``0`` / ``62``).
    """
    surplus = len(items) - count
    if surplus < 1 or surplus > MAX_JOINS:
        return
    places = [
        i
        for i in range(1, len(items))
        if joinable[i] and items[i].splittable and items[i - 1].splittable and "." not in items[i - 1].text
    ]
    # a number printed with a leading zero must be joined to the one before it
    leading = {i for i, t in enumerate(items) if t.kind == "num" and t.text != "0" and t.text[:1] == "0"}
    for chosen in itertools.combinations(places, surplus):
        if not leading.issubset(chosen):
            continue
        out = list(items)
        for i in reversed(chosen):  # from the right: each join is at an index the ones before it keep
            before, item = out[i - 1], out[i]
            out[i - 1 : i + 1] = [Token("num", before.text + item.text, item.unit, pos=before.pos)]
        if all(out[i - 1 - k].text[:1] != "0" for k, i in enumerate(chosen)):
            yield out


MAX_STRAY = 24
"""A row's values are looked for among at most this many other values printed before or after them;
with more, the region is not one row's (a whole table, running text) and no run is taken."""


def windows(items: list[Token], count: int) -> Iterator[tuple[int, list[Token]]]:
    """Every run of ``count`` consecutive items, with its offset (text before or after a row's values);
    none when more than :data:`MAX_STRAY` items are left over."""
    if len(items) - count > MAX_STRAY:
        return
    for start in range(len(items) - count + 1):
        yield start, items[start : start + count]


class _Budget(Exception):
    """Raised when enumerating readings takes more steps than allowed."""


MAX_PIECE_DIGITS = len(str(MAX_COUNT))
"""A count has at most this many digits (the model's largest count)."""


def _compositions(digits: str, parts: int, widest: int, steps: list[int]) -> Iterator[list[str]]:
    """Splits of ``digits`` into ``parts`` numbers of at most ``widest`` digits, without leading zeros
    (``0`` alone is fine).  Only cuts that leave the rest splittable are tried: each piece is 1 to
    ``widest`` digits and leaves between ``parts - 1`` and ``(parts - 1) * widest`` digits."""
    steps[0] += 1
    if steps[0] > MAX_STEPS:
        raise _Budget
    if parts == 1:
        if digits and len(digits) <= widest and (digits == "0" or digits[0] != "0"):
            yield [digits]
        return
    if digits[:1] == "0":
        for rest in _compositions(digits[1:], parts - 1, widest, steps):
            yield ["0", *rest]
        return
    first = max(1, len(digits) - (parts - 1) * widest)
    last = min(widest, len(digits) - (parts - 1))
    for cut in range(first, last + 1):
        for rest in _compositions(digits[cut:], parts - 1, widest, steps):
            yield [digits[:cut], *rest]


@dataclass
class Search:
    """The readings of a row's items as a number of values, and whether every one was enumerated."""

    readings: list[list[Token]] = field(default_factory=list)
    complete: bool = True
    """False when the enumeration stopped at :data:`MAX_CANDIDATES` readings or :data:`MAX_STEPS` steps:
    a reading not enumerated might fit the sums as well, so none may be taken."""


def segmentations(items: list[Token], count: int, widest: int = MAX_PIECE_DIGITS) -> Search:
    """Every way to read ``items`` as exactly ``count`` values: a run of digits may stand for several,
    each of at most ``widest`` digits.

    Each item is bounded by how many values it can supply: one for a value that cannot be split, and
    from ``ceil(digits / widest)`` to ``digits`` for a run of digits.  A run takes only a number of
    values that leaves the items after it able to supply the rest (at least their lower bounds, at
    most their upper ones), so no branch of the search is a dead end for want of digits.
    """
    lows: list[int] = []
    highs: list[int] = []
    for token in items:
        if token.splittable:
            whole = token.text.partition(".")[0]
            lows.append(-(-len(whole) // widest))
            highs.append(len(whole) if len(whole) <= MAX_SPLIT_DIGITS else 0)
        else:
            lows.append(1)
            highs.append(1)
    low_after = [0] * (len(items) + 1)
    high_after = [0] * (len(items) + 1)
    for i in range(len(items) - 1, -1, -1):
        low_after[i] = low_after[i + 1] + lows[i]
        high_after[i] = high_after[i + 1] + highs[i]

    def walk(i: int, need: int) -> Iterator[list[Token]]:
        if i == len(items):
            if need == 0:
                yield []
            return
        if not low_after[i] <= need <= high_after[i]:
            return
        token = items[i]
        if not token.splittable:
            for rest in walk(i + 1, need - 1):
                yield [token, *rest]
            return
        whole, _, fraction = token.text.partition(".")
        first = max(lows[i], need - high_after[i + 1])
        last = min(highs[i], need - low_after[i + 1])
        for parts in range(first, last + 1):
            for pieces in _compositions(whole, parts, widest, steps):
                texts = [*pieces[:-1], f"{pieces[-1]}.{fraction}"] if fraction else pieces
                split = [Token("num", t, pos=token.pos) for t in texts]
                for rest in walk(i + 1, need - parts):
                    yield [*split, *rest]

    steps = [0]
    search = Search()
    try:
        for candidate in walk(0, count):
            if len(search.readings) >= MAX_CANDIDATES:
                search.complete = False
                break
            search.readings.append(candidate)
    except _Budget:
        search.complete = False
    return search


def solve(rows: list[RowRead], fmt: Format, assume: Mapping[str, object], evidence: Sequence[Equation] = ()) -> None:
    """Keep the readings that satisfy the format's sums (within each row, then across rows).

    Outside evidence (``assume`` values, cross-year ``evidence`` equations) only chooses
    among readings; a row it narrows to one reading records where the choice came from.
    """
    for row in rows:
        if assume and len(row.candidates) > 1:
            kept = [
                cand
                for cand in row.candidates
                if all(cand[i].value == assume[cid] for i, cid in enumerate(row.ids) if cid in assume)
            ]
            if kept:
                if len(kept) < len(row.candidates):
                    row.evidence.append("values given with assume=")
                row.candidates = kept
        for eq in evidence:
            if len(row.candidates) < 2 or not all(cell in row.ids for _, cell in eq.terms):
                continue
            kept = [
                cand
                for cand in row.candidates
                if eq.holds({cid: c.value for cid, c in zip(row.ids, cand, strict=True)})
            ]
            if kept and len(kept) < len(row.candidates):
                row.evidence.append(eq.source)
                row.candidates = kept
    local = row_sums(fmt)
    for row in rows:
        sums = local.get(row.ids)
        if row.certain or not sums:
            continue
        row.tried = len(row.candidates)
        row.candidates = [cand for cand in row.candidates if fits(cand, sums)]
    open_rows = [r for r, row in enumerate(rows) if len(row.candidates) > 1]
    if not open_rows:
        return
    where: dict[str, tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row.cells):
            where[cell.id] = (r, c)
    cross: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = []
    for rel in relations_of(fmt):
        if not all(c in where for c in rel.cells):
            continue
        if len({where[c][0] for c in rel.cells}) > 1:
            cross.append(([where[c] for c in rel.parts], [where[c] for c in rel.totals]))
    if not cross:
        return
    size = 1
    for r in open_rows:
        size *= len(rows[r].candidates)
        if size > MAX_JOINT:
            return
    relevant = [rel for rel in cross if any(r in open_rows for r, _ in rel[0] + rel[1])]
    fixed = {r: rows[r].values(0) for r in range(len(rows)) if len(rows[r].candidates) == 1}
    survivors: dict[int, set[int]] = {r: set() for r in open_rows}
    for choice in itertools.product(*(range(len(rows[r].candidates)) for r in open_rows)):
        current = dict(fixed)
        for r, k in zip(open_rows, choice, strict=True):
            current[r] = rows[r].values(k)
        ok = True
        for parts, totals in relevant:
            if any(r not in current for r, _ in parts + totals):
                continue
            if sum(int(current[r][c] or 0) for r, c in parts) != sum(int(current[r][c] or 0) for r, c in totals):
                ok = False
                break
        if ok:
            for r, k in zip(open_rows, choice, strict=True):
                survivors[r].add(k)
    if all(survivors.values()):
        for r in open_rows:
            rows[r].candidates = [rows[r].candidates[k] for k in sorted(survivors[r])]
