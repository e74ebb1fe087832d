"""Reading the values of one table row: from the text after its label to candidate readings.

In a grid (a table the reader resolved into cells) each cell is one token; in running
text the tokens are what follows the label.  When a row has fewer values than cells,
its digit runs are split every possible way (:mod:`._split`) and the format's sums
choose among the readings later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .._vector import Value
from ..checks import Finding, make_finding
from ..formats import Cell, Label
from ._doc import CELL, ROW, Doc
from ._split import joins, segmentations, windows
from ._values import EMPTY, CellRead, Token, read_token, tokens

Reading = tuple[CellRead, ...]


@dataclass
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

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cells)

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


def row_tokens(doc: Doc, start: int, end: int) -> tuple[list[Token], bool]:
    """Tokens of the values region; ``True`` when the region is the rest of a grid row."""
    text = doc.text[start:end]
    if doc.in_table(start) and CELL in text:
        pieces = text.split(CELL)[1:]
        out: list[Token] = []
        for piece in pieces:
            found = tokens(piece)
            values = [t for t in found if t.kind != "junk"]
            if not found:
                out.append(EMPTY)
            elif len(found) == 1:
                out.append(found[0])
            elif len(values) == 1 and all(t.text in ("元", "万元") for t in found if t.kind == "junk"):
                out.append(values[0])
            else:
                out.append(Token("junk", " ".join(t.text for t in found)))
        return out, True
    if CELL not in text:
        return tokens(text), False
    return _cell_lines(text), False


def _cell_lines(text: str) -> list[Token]:
    """Tokens of running text whose lines may carry table cells (a reader that knows the columns
    of a printed table writes a row's line as label and cells): an empty cell is an ``empty`` token.

    A line that has only empty cells (a label printed on a line of its own) gives no tokens when
    another line of the region prints values: it is part of a label wrapped over lines, or of a
    group label, not a row of its own; when no line prints a value, the first such line's empty
    cells are the row's.
    """
    lines: list[list[Token]] = []
    for line in text.split("\n"):
        if CELL not in line:
            lines.append(tokens(line))
            continue
        head, *cells = line.split(CELL)
        found = tokens(head)
        for cell in cells:
            inside = [t for t in tokens(cell) if t.kind != "junk"]
            found.extend(inside[:1] if len(inside) == 1 else inside if inside else [EMPTY])
        lines.append(found)
    printed = any(t.kind in ("num", "blank") for line in lines for t in line)
    out: list[Token] = []
    taken = False
    for found_line in lines:
        only_empty = any(t.kind == "empty" for t in found_line) and all(t.kind in ("empty", "junk") for t in found_line)
        if only_empty and (printed or taken):
            out.extend(t for t in found_line if t.kind == "junk")
            continue
        taken = taken or only_empty
        out.extend(found_line)
    return out


def value_row(
    cells: tuple[Cell, ...], toks: list[Token], grid: bool, location: str, source: str, *, gated: bool = False
) -> RowRead:
    """Turn the tokens after a row label into the row's candidate readings.

    ``gated``: the row has sums of its own, which can confirm a reading when the printed
    values do not map one to one onto the cells (more values than cells: a number broken
    over two lines, or other numbers printed before or after the row's values).
    """
    row = RowRead(cells, location, source.strip()[:200])
    n = len(cells)
    if grid:
        while len(toks) > n and toks[0].kind == "empty":
            toks = toks[1:]
        if len(toks) > n and all(t.kind == "empty" for t in toks[n:]):
            toks = toks[:n]
        cells_read = [t for t in toks if t.kind != "junk"]
        if len(toks) == n:
            direct(row, toks)
            return row
        if len(cells_read) >= n or not any(t.splittable for t in cells_read):
            direct(row, toks[:n] if len(toks) >= n else toks)
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
    for split in segmentations(values, n):
        reading = [read_token(tok, cell.kind, location) for tok, cell in zip(split, cells, strict=True)]
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


def _over_full(row: RowRead, values: list[Token], joinable: list[bool]) -> None:
    """Readings of a row with more values than cells: numbers broken across lines joined back, or the
    run of consecutive values that is the row's (the others printed before or after it)."""
    n = len(row.cells)
    options: list[tuple[list[Token], str]] = [(joined, "joined") for joined in joins(values, joinable, n)]
    for start, window in windows(values, n):
        dropped = [t.text for t in values[:start] + values[start + n :]]
        options.append((window, "window:" + " ".join(dropped)))
    for toks, how in options:
        reading = [read_token(tok, cell.kind, row.location) for tok, cell in zip(toks, row.cells, strict=True)]
        if any(isinstance(r, str) for r in reading):
            continue
        cand = tuple(r for r in reading if isinstance(r, CellRead))
        key = tuple(c.value for c in cand)
        if key not in row.how:
            row.candidates.append(cand)
            row.how[key] = how
    row.certain = not row.candidates


def direct(row: RowRead, toks: list[Token]) -> None:
    """One reading: token i is cell i; missing or unreadable cells are blank with a finding."""
    reads: list[CellRead] = []
    for i, cell in enumerate(row.cells):
        if i >= len(toks):
            reads.append(CellRead(None, "", "missing", row.location))
            row.problems.append(
                make_finding(
                    "parse.unreadable_cell", (cell.id,), location=row.location, variant="short_row", cell=cell.label
                )
            )
            continue
        tok = toks[i]
        read = read_token(tok, cell.kind, row.location)
        if isinstance(read, str):
            reads.append(CellRead(None, tok.text, "unreadable", row.location))
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
    """Table 4's one data row: the grid row of values after its header, or the numbers in ``[start, end)``."""
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
            for p in best[1].split(CELL):
                found = tokens(p)
                grid_toks.append(found[0] if found else EMPTY)
            return value_row(cells, grid_toks, True, doc.where(best[0]), best[1])
    toks, _ = row_tokens(doc, start, end) if not doc.in_table(start) else (tokens(text), False)
    return value_row(cells, toks, False, location, text, gated=gated)


def _filled(body: str) -> bool:
    return any(tokens(p) for p in body.split(CELL))
