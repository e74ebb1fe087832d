"""Reading one document against the declared layout of a format version.

The orchestration: locate the tables and rows (:mod:`._locate`), read each row's
values (:mod:`._rows`), keep the readings the sums allow (:mod:`._split`), and record
the values, what each cell was read from, and the findings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .._vector import Value
from ..checks import Finding, make_finding, table_number
from ..formats import Label, cells_of, get_format
from ._doc import Doc
from ._evidence import Equation
from ._locate import RowSpot, locate, row_cells, unmatched_rows
from ._misread import misread_tables
from ._outline import HeadingSpot
from ._rows import RowRead, plain_row, row_tokens, t4_row, value_row
from ._split import row_sums, solve
from ._texts import structure_words
from ._values import CellRead, Mark

__all__ = ["Match", "match_doc", "structure_words"]

MAX_LISTED = 6


@dataclass
class Match:
    """What the matcher read: values and what each cell was read from, plus findings.

    ``found`` is False when no value of any table was found: the document is not a report.
    """

    version: str
    values: dict[str, Value] = field(default_factory=dict)
    read: dict[str, CellRead] = field(default_factory=dict)
    extras: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    ambiguous: dict[str, tuple[Value, ...]] = field(default_factory=dict)
    headings: list[tuple[str, int, int]] = field(default_factory=list)
    outline: list[HeadingSpot] = field(default_factory=list)
    found: bool = True


_NUMBER = re.compile(r"[0-9][0-9.,]*")


def printed_digits(source: str) -> str:
    """The numbers printed in a row's source, as a finding shows them: labels run into the digits
    (``0000000三、本年度办理结果``, a table header run into its values) are left out."""
    numbers = " ".join(_NUMBER.findall(source))
    return (numbers or source)[:60]


def _commit(rows: list[RowRead], match: Match) -> None:
    for row in rows:
        match.findings.extend(row.problems)
        if len(row.candidates) == 1:
            reading = row.candidates[0]
            for cell, read in zip(row.cells, reading, strict=True):
                match.values[cell.id] = read.value
                match.read[cell.id] = read
            for cid, unit in row.units.items():
                match.extras[cid] = unit
            if row.certain:
                continue
            shown = " | ".join(r.raw for r in reading)
            how = row.how.get(tuple(r.value for r in reading), "split")
            if row.evidence:
                used = "; ".join(dict.fromkeys(row.evidence))
                finding = make_finding(
                    "parse.resolved_by_evidence",
                    row.ids,
                    location=row.location,
                    digits=printed_digits(row.source),
                    evidence=used,
                    reading=shown,
                )
            elif how == "joined":
                finding = make_finding(
                    "parse.rejoined", row.ids, location=row.location, digits=printed_digits(row.source), reading=shown
                )
            elif how.startswith("window:"):
                finding = make_finding(
                    "parse.extra_values", row.ids, location=row.location, values=how.removeprefix("window:")
                )
            else:
                finding = make_finding(
                    "parse.segmented", row.ids, location=row.location, digits=printed_digits(row.source), reading=shown
                )
            match.findings.append(finding)
            continue
        mark: Mark = "ambiguous" if row.candidates else "unreadable"
        for cell in row.cells:
            match.values[cell.id] = None
            match.read[cell.id] = CellRead(None, row.source[:200], mark, row.location)
        if not row.candidates:
            if row.tried:
                match.findings.append(
                    make_finding(
                        "parse.inconsistent_row",
                        row.ids,
                        location=row.location,
                        digits=printed_digits(row.source),
                        count=row.tried,
                    )
                )
            continue
        listed = ["|".join(r.raw for r in cand) for cand in row.candidates[:MAX_LISTED]]
        more = len(row.candidates) - len(listed)
        text = "; ".join(listed) + (f"; … ({more} more)" if more > 0 else "")
        text_zh = "；".join(listed) + (f"；……（另有 {more} 种）" if more > 0 else "")
        for i, cell in enumerate(row.cells):
            match.ambiguous[cell.id] = tuple(dict.fromkeys(c[i].value for c in row.candidates))
        match.findings.append(
            make_finding(
                "parse.ambiguous_segmentation",
                row.ids,
                location=row.location,
                digits=printed_digits(row.source),
                count=len(row.candidates),
                readings=Label(text_zh, text),
            )
        )


def match_doc(
    doc: Doc, version: str, assume: Mapping[str, Value] | None = None, evidence: Sequence[Equation] = ()
) -> Match:
    """Read the cells of format ``version`` from ``doc``."""
    fmt = get_format(version)
    assume = assume or {}
    text = doc.text
    match = Match(version)
    cells = cells_of(fmt)
    layout = locate(doc, fmt)

    sums = row_sums(fmt)

    def read(spots: list[RowSpot]) -> list[RowRead]:
        out = []
        for spot in spots:
            location = doc.where(spot.start)
            source = text[spot.begin : spot.end]
            row = plain_row(doc, spot.cells, spot.begin, spot.end, location=location, source=source)
            if row is None:
                toks, mode = row_tokens(doc, spot.begin, spot.end)
                gated = tuple(c.id for c in spot.cells) in sums
                row = value_row(spot.cells, toks, mode, location, source, gated=gated, where=doc.where)
            out.append(row)
        return out

    for spot in layout.missing:
        match.findings.append(
            make_finding(
                "parse.missing_row", tuple(c.id for c in spot.cells), location=doc.where(spot.pos), row=spot.label
            )
        )
    rows2 = read(layout.t2)
    rows3 = read(layout.t3)
    t4_cells = row_cells(fmt)[("t4", "")]
    gated4 = tuple(c.id for c in t4_cells) in sums
    rows4 = [t4_row(doc, t4_cells, *layout.t4, gated=gated4)] if layout.t4 is not None else []
    for rows in (rows2, rows3, rows4):
        solve(rows, fmt, assume, evidence)
        _commit(rows, match)

    for table, has in (("t2", bool(rows2)), ("t3", bool(rows3)), ("t4", bool(rows4) and rows4[0].candidates)):
        if not has:
            ids = tuple(c.id for c in cells if c.table == table)
            match.findings = [f for f in match.findings if not (f.code == "parse.missing_row" and f.cells[0] in ids)]
            match.findings.append(make_finding("parse.missing_table", ids[:1], table=table_number(version, table)))
    for misread in misread_tables(fmt, match.values):
        for cid in misread.cells:
            before = match.read[cid]
            match.values[cid] = None
            match.read[cid] = CellRead(None, before.raw, "unreadable", before.location)
        match.findings.append(
            make_finding(
                "parse.misread_table",
                misread.cells,
                location=match.read[misread.cells[0]].location,
                table=table_number(version, misread.table),
                count=misread.broken,
            )
        )
    for cell in cells:
        match.values.setdefault(cell.id, None)
    t4_values = [v for k in range(min(1, len(rows4[0].candidates) if rows4 else 0)) for v in rows4[0].values(k)]
    if not rows2 and not rows3 and not any(v is not None for v in t4_values):
        match.found = False
    for label, pos in unmatched_rows(doc, version, *layout.tables):
        match.findings.append(make_finding("parse.unmatched_label", (), location=doc.where(pos), row=label[:40]))
    match.headings = layout.headings
    match.outline = layout.outline
    return match
