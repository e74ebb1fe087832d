"""Reading the values of one table row: from the text after its label to candidate readings.

In a grid (a table the reader resolved into cells) each cell is one token; in running
text the tokens are what follows the label.  When a row has fewer values than cells,
its digit runs are split every possible way (:mod:`._split`) and the format's sums
choose among the readings later.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from .._vector import Value
from ..checks import Finding, make_finding
from ..formats import Cell, Kind, Label
from ..model import MAX_COUNT
from ._doc import CELL, ROW, Doc, place_text
from ._split import MAX_CANDIDATES, MAX_PIECE_DIGITS, MAX_STEPS, joins, segmentations, windows
from ._values import MAX_MONEY_DIGITS, CellRead, Token, _new, empty, read_token, tokens

Reading = tuple[CellRead, ...]


@dataclass(slots=True)
class RowRead:
    """The readings of one table row: one candidate when the source is clear."""

    cells: tuple[Cell, ...]
    location: str
    source: str
    candidates: list[Reading] = field(default_factory=list)
    segmented: bool = False
    certain: bool = True
    """False when the printed values do not map one to one onto the cells, so that the
    candidates are guesses the row's sums must confirm."""
    tried: int = 0
    """How many readings the sums were asked to choose from (0: none)."""
    how: dict[tuple[Value, ...], str] = field(default_factory=dict)
    """Per candidate's values, how it was read: ``split``, ``joined`` or ``window:<dropped values>``."""
    evidence: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    where: Callable[[int], str] | None = None
    """The place in the source of an offset into the document's text (``None``: the row's location)."""

    ids: tuple[str, ...] = ()
    """The ids of :attr:`cells` (set from them)."""

    def __post_init__(self) -> None:
        self.ids = tuple(c.id for c in self.cells)

    def place(self, token: Token) -> str:
        """Where ``token`` was printed: its own place in the source, else the row's."""
        if self.where is not None and token.pos >= 0:
            return self.where(token.pos) or self.location
        return self.location

    def values(self, k: int) -> tuple[Value, ...]:
        """The values of candidate ``k``."""
        return tuple(c.value for c in self.candidates[k])


def row_end(doc: Doc, start: int, end: int) -> int:
    """The end of the values of a row whose label ends at ``start``: its grid row's end, or ``end``."""
    if doc.in_table(start):
        cut = doc.text.find(ROW, start, end)
        if cut >= 0:
            return cut
    return end


Mode = Literal["grid", "cells", "text"]
"""How a row's values were found: the rest of a grid row (``grid``), a printed line written as one
cell per column by a reader that knows the columns (``cells``), or running text (``text``)."""


def _split(text: str, sep: str, offset: int) -> list[tuple[str, int]]:
    """``text.split(sep)`` with the offset of each piece (``text`` starts at ``offset``)."""
    out: list[tuple[str, int]] = []
    for piece in text.split(sep):
        out.append((piece, offset))
        offset += len(piece) + len(sep)
    return out


MAX_ROW_CHARS = 20_000
"""A row's values are read from at most this many characters after its label (a table row prints a few
dozen; what lies beyond is other text, and reading it would only cost time)."""


def row_tokens(doc: Doc, start: int, end: int) -> tuple[list[Token], Mode]:
    """Tokens of the values region (its first :data:`MAX_ROW_CHARS` characters), and how they were found
    (see :data:`Mode`)."""
    end = min(end, start + MAX_ROW_CHARS)
    text = doc.text[start:end]
    if doc.in_table(start) and CELL in text:
        return _grid_cells(_split(text, CELL, start)[1:]), "grid"
    if CELL not in text:
        return tokens(text, start), "text"
    return _cell_lines(text, start)


_PLAIN_KINDS = frozenset(("count", "signed_count"))


def _plain_count(word: str) -> int | None:
    """The count ``word`` prints when it is digits only and a count the format allows, else ``None``."""
    if len(word) <= MAX_PIECE_DIGITS and word.isdecimal():
        value = int(word)
        if value <= MAX_COUNT:
            return value
    return None


_WORD = re.compile(r"\S+")


def plain_row(doc: Doc, cells: tuple[Cell, ...], start: int, end: int, *, location: str, source: str) -> RowRead | None:
    """The reading of the commonest row, without tokens: one plain number (digits only, a count the
    format allows) for each cell and nothing else, in a grid row (where a cell may also be empty) or
    in running text; ``None`` for any other row.

    What :func:`row_tokens` and :func:`value_row` give such a row, cell ``i`` read from value ``i``
    (``tests/test_parse_fastpaths.py`` holds the two to the same result).
    """
    if any(cell.kind not in _PLAIN_KINDS for cell in cells):
        return None
    end = min(end, start + MAX_ROW_CHARS)
    text = doc.text[start:end]
    where = doc.where
    reads: list[CellRead] = []
    if CELL in text:
        if not doc.in_table(start):
            return None
        first, *pieces = text.split(CELL)
        if len(pieces) != len(cells):
            return None
        # each piece is one grid cell with its own mark, not running text: its place is where() of any
        # offset inside it, and the next piece has the next mark
        first_mark = bisect_right(doc.marks, start + len(first) + 1) - 1
        places = doc.places
        for i, piece in enumerate(pieces, first_mark):
            body = piece.strip()
            value = _plain_count(body) if body else None
            if value is None and body:
                return None
            place = places[i]
            if type(place) is not str:
                place = place_text(place, i)
            reads.append(_new(CellRead, (value, body, "number" if body else "empty", place or location)))
    else:
        words = list(_WORD.finditer(text))
        if len(words) != len(cells):
            return None
        values = [_plain_count(m.group()) for m in words]
        if None in values:
            return None
        reads = [
            _new(CellRead, (value, m.group(), "number", where(start + m.start()) or location))
            for value, m in zip(values, words, strict=True)
        ]
    row = RowRead(cells, location, source.strip()[:200], where=where)
    row.candidates = [tuple(reads)]
    return row


def _grid_cells(pieces: list[tuple[str, int]]) -> list[Token]:
    """One token per grid cell (its text and offset): its value, ``empty``, or ``junk`` for any other text."""
    out: list[Token] = []
    for piece, at in pieces:
        found = tokens(piece, at)
        values = [t for t in found if t.kind != "junk"]
        if not found:
            out.append(empty(at))
        elif len(found) == 1:
            out.append(found[0])
        elif len(values) == 1 and all(t.text in ("元", "万元") for t in found if t.kind == "junk"):
            out.append(values[0])
        else:
            out.append(Token("junk", " ".join(t.text for t in found), pos=at))
    return out


def _cell_lines(text: str, offset: int) -> tuple[list[Token], Mode]:
    """The tokens of a region whose lines carry table cells but which does not start in a grid.

    A reader that knows the columns of a printed table writes a row's printed line as its label,
    then one cell per column, an empty cell where nothing is printed (a line with cell markers and
    no row marker).  The row's cells are those of the first such line that prints a value; the
    other lines of the region are labels wrapped over lines, group labels, or rows left blank.
    When no such line prints a value, the row is blank: the cells of the first one, unless the
    region prints values elsewhere.

    Other lines (running text, and rows of grids the region runs into) give their tokens in order,
    an empty grid cell an ``empty`` token; a line with only empty cells gives none when another
    line of the region prints values (it is a label wrapped over lines or a group label).
    """
    text_lines = _split(text, "\n", offset)
    placed = [_split(line, CELL, at)[1:] for line, at in text_lines if CELL in line and ROW not in line]
    for cells in placed:
        found = _grid_cells(cells)
        if any(t.kind in ("num", "blank") for t in found):
            return found, "cells"
    lines: list[list[Token]] = []
    for line, at in text_lines:
        if CELL not in line:
            lines.append(tokens(line, at))
            continue
        if ROW not in line:
            continue
        (head, head_at), *cells = _split(line, CELL, at)
        found = tokens(head, head_at)
        for cell, cell_at in cells:
            inside = [t for t in tokens(cell, cell_at) if t.kind != "junk"]
            found.extend(inside[:1] if len(inside) == 1 else inside if inside else [empty(cell_at)])
        lines.append(found)
    printed = any(t.kind in ("num", "blank") for line in lines for t in line)
    if placed and not printed:
        return _grid_cells(placed[0]), "cells"
    out: list[Token] = []
    taken = False
    for found_line in lines:
        only_empty = any(t.kind == "empty" for t in found_line) and all(t.kind in ("empty", "junk") for t in found_line)
        if only_empty and (printed or taken):
            out.extend(t for t in found_line if t.kind == "junk")
            continue
        taken = taken or only_empty
        out.extend(found_line)
    return out, "text"


def value_row(
    cells: tuple[Cell, ...],
    toks: list[Token],
    mode: Mode,
    location: str,
    source: str,
    *,
    gated: bool = False,
    where: Callable[[int], str] | None = None,
) -> RowRead:
    """Turn the tokens after a row label into the row's candidate readings.

    ``gated``: the row has sums of its own, which can confirm a reading when the printed
    values do not map one to one onto the cells (more values than cells: a number broken
    over two lines, or other numbers printed before or after the row's values).
    """
    row = RowRead(cells, location, source.strip()[:200], where=where)
    n = len(cells)
    if mode == "cells":
        _placed(row, toks)
        return row
    if mode == "grid":
        while len(toks) > n and toks[0].kind == "empty":
            toks = toks[1:]
        if len(toks) > n and all(t.kind == "empty" for t in toks[n:]):
            toks = toks[:n]
        cells_read = [t for t in toks if t.kind != "junk"]
        if len(toks) == n:
            direct(row, toks)
            return row
        if len(toks) > n:
            _unplaced(row, len(toks), "列", "columns")
            return row
        if not any(t.splittable for t in cells_read):
            direct(row, toks)
            return row
        toks = cells_read
    while len(toks) > n and toks[0].kind == "empty":
        toks = toks[1:]
    if len([t for t in toks if t.kind != "junk"]) > n:
        kept = [t for t in toks if t.kind != "junk"]
        if all(t.kind == "empty" for t in kept[n:]):
            last = kept[n - 1] if n else None
            toks = toks[: toks.index(last) + 1] if last is not None else []
    values: list[Token] = []
    joinable: list[bool] = []
    previous: Token | None = None
    for tok in toks:
        if tok.kind != "junk":
            joinable.append(tok.after_break and previous is not None and previous.kind != "junk")
            values.append(tok)
        previous = tok
    if len(values) > n and gated:
        _over_full(row, values, joinable)
        if row.candidates:
            return row
        row.candidates, row.how, row.certain = [], {}, True
    if len(values) >= n:
        direct(row, values[:n])
        if len(values) > n:
            extra = " ".join(t.text for t in values[n:])
            row.problems.append(make_finding("parse.extra_values", row.ids, location=location, values=extra))
        return row
    if not values:
        direct(row, [])
        return row
    row.segmented = True
    row.certain = False
    widest = max(MAX_MONEY_DIGITS if c.kind in ("money", "money_wan") else MAX_PIECE_DIGITS for c in cells)
    search = segmentations(values, n, widest)
    if not search.complete:
        row.segmented = False
        row.certain = True
        problem = Label(
            f"连写数字的拆分方式超过 {MAX_CANDIDATES} 种（或搜索超过 {MAX_STEPS} 步），无法确定唯一读法",
            f"the run-together digits split more than {MAX_CANDIDATES} ways (or take more than {MAX_STEPS} "
            "steps to enumerate), so no reading can be singled out",
        )
        _unplaced(row, len(values), "个数值", "values", problem)
        return row
    for split in search.readings:
        reading = [read_token(tok, cell.kind, row.place(tok)) for tok, cell in zip(split, cells, strict=True)]
        if any(isinstance(r, str) for r in reading):
            continue
        cand = tuple(r for r in reading if isinstance(r, CellRead))
        row.candidates.append(cand)
        row.how[tuple(c.value for c in cand)] = "split"
    units = [t.unit for t in values if t.unit]
    if units:
        row.units[cells[-1].id] = units[-1]
    if not row.candidates:
        row.segmented = False
        row.certain = True
        direct(row, values)
    return row


def _placed(row: RowRead, toks: list[Token]) -> None:
    """The reading of a printed line whose cells a reader placed in the table's columns: cell i is column i.

    Columns empty in this row at either end may be surplus (a heading over the row labels taken for a
    column); when the line still has more or fewer columns than the row has cells, which value belongs
    to which cell is not known, and the row is left blank with a finding.
    """
    n = len(row.cells)
    while len(toks) > n and toks[0].kind == "empty":
        toks = toks[1:]
    while len(toks) > n and toks[-1].kind == "empty":
        toks = toks[:-1]
    if len(toks) == n:
        direct(row, toks)
        return
    _unplaced(row, len(toks), "列", "columns")


def _unplaced(row: RowRead, printed: int, unit_zh: str, unit_en: str, problem: Label | None = None) -> None:
    """Every cell of ``row`` blank with a finding: it prints ``printed`` values (or columns) for more or
    fewer cells, and which value belongs to which cell is not known (or ``problem`` says why not)."""
    n = len(row.cells)
    problem = problem or Label(
        f"本行印出 {printed} {unit_zh}，该行有 {n} 个单元格，无法确定各数值所属的单元格",
        f"the row prints {printed} {unit_en} for its {n} cells, so which value is whose is not known",
    )
    row.candidates = [tuple(CellRead(None, row.source, "unreadable", row.location) for _ in row.cells)]
    for cell in row.cells:
        row.problems.append(
            make_finding("parse.unreadable_cell", (cell.id,), location=row.location, cell=cell.label, problem=problem)
        )


def _over_full(row: RowRead, values: list[Token], joinable: list[bool]) -> None:
    """Readings of a row with more values than cells: numbers broken across lines joined back, or the
    run of consecutive values that is the row's (the others printed before or after it)."""
    n = len(row.cells)
    kinds = [cell.kind for cell in row.cells]
    reads: dict[tuple[Token, Kind], CellRead | str] = {}  # the options share their tokens: each read once

    def reading(toks: list[Token]) -> tuple[CellRead, ...] | None:
        out: list[CellRead] = []
        for tok, kind in zip(toks, kinds, strict=True):
            found = reads.get((tok, kind))
            if found is None:
                found = reads[(tok, kind)] = read_token(tok, kind, row.place(tok))
            if isinstance(found, str):
                return None
            out.append(found)
        return tuple(out)

    def add(cand: tuple[CellRead, ...] | None, how: Callable[[], str]) -> None:
        if cand is not None:
            key = tuple(c.value for c in cand)
            if key not in row.how:
                row.candidates.append(cand)
                row.how[key] = how()

    for joined in joins(values, joinable, n):
        add(reading(joined), lambda: "joined")
    for start, window in windows(values, n):
        dropped = values[:start] + values[start + n :]
        add(reading(window), partial(_window_how, dropped))
    row.certain = not row.candidates


def _window_how(dropped: list[Token]) -> str:
    """How a row read as a run of its values was read: ``window:`` and the values left out."""
    return "window:" + " ".join(t.text for t in dropped)


def direct(row: RowRead, toks: list[Token]) -> None:
    """One reading: token i is cell i; unreadable cells are blank with a finding.

    A row that prints some values but fewer than it has cells is blank in every cell, each with a
    finding: which cells the printed values belong to is not known (they are not simply the first
    ones).  A row that prints nothing has every cell ``missing``, each with a finding.
    """
    if 0 < len(toks) < len(row.cells) and any(t.kind != "junk" for t in toks):
        _unplaced(row, len(toks), "个数值", "values")
        return
    reads: list[CellRead] = []
    printed = len(toks)
    for i, cell in enumerate(row.cells):
        if i >= printed:
            reads.append(CellRead(None, "", "missing", row.location))
            row.problems.append(
                make_finding(
                    "parse.unreadable_cell", (cell.id,), location=row.location, variant="short_row", cell=cell.label
                )
            )
            continue
        tok = toks[i]
        read = read_token(tok, cell.kind, row.place(tok))
        if isinstance(read, str):
            reads.append(CellRead(None, tok.text, "unreadable", row.place(tok)))
            row.problems.append(
                make_finding(
                    "parse.unreadable_cell",
                    (cell.id,),
                    location=row.location,
                    cell=cell.label,
                    problem=Label(tok.text[:60], read[:80]),
                )
            )
            continue
        reads.append(read)
        if tok.unit:
            row.units[cell.id] = tok.unit
    row.candidates = [tuple(reads)]


def t4_row(doc: Doc, cells: tuple[Cell, ...], start: int, end: int, *, gated: bool = False) -> RowRead:
    """Table 4's one data row: the grid row of values after its header, or the numbers in ``[start, end)``
    (its first :data:`MAX_ROW_CHARS` characters)."""
    text = doc.text[start:end]
    location = doc.where(start)
    if doc.in_table(start) or ROW in text:
        best: tuple[int, str] | None = None
        offset = start
        for piece in text.split(ROW):
            body = piece.lstrip("\n")
            body_start = offset + (len(piece) - len(body))
            offset += len(piece) + 1
            if not doc.in_table(body_start) or not body:
                continue
            parts = body.split(CELL)
            if len(parts) < len(cells) // 2:
                continue
            kinds = [tokens(p) for p in parts]
            if all(len(k) <= 1 and all(t.kind != "junk" for t in k) for k in kinds):
                filled = any(k for k in kinds)
                if best is None or filled or not _filled(best[1]):
                    best = (body_start, body)
        if best is not None:
            grid_toks: list[Token] = []
            for p, at in _split(best[1], CELL, best[0]):
                found = tokens(p, at)
                grid_toks.append(found[0] if found else empty(at))
            return value_row(cells, grid_toks, "grid", doc.where(best[0]), best[1], where=doc.where)
    mode: Mode = "text"
    if doc.in_table(start):
        toks = tokens(text[:MAX_ROW_CHARS], start)
    else:
        toks, mode = row_tokens(doc, start, end)
    return value_row(cells, toks, mode, location, text[:200], gated=gated, where=doc.where)


def _filled(body: str) -> bool:
    return any(tokens(p) for p in body.split(CELL))
