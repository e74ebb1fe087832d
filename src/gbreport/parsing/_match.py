"""Match a :class:`Doc` against the declared layout of a format version.

Row labels are anchors: they are searched in declaration order inside the region of
their table, and the values of a row are what lies between its label and the next
anchor (inside a grid: the rest of the label's table row).  Table 4 has no row
label; its values are the data row after its header.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from .._vector import Value
from ..checks import CATALOGUE, Finding
from ..formats import FORMAT_VERSIONS, FORMATS, BlockTable, Format, Node, cells_of, get_format, relations_of
from ..formats._derive import Cell
from ..model import Contact
from ..rendering._i18n import BLANK_NOTE, CONTACT_HEADING
from ._doc import CELL, ROW, Doc, normalise
from ._evidence import Equation
from ._labels import _PREFIX, SECTION_WORDS, compiled, section_pattern, signatures
from ._values import BLANK_MARKS, Token, convert, segmentations, tokens

MAX_JOINT = 50_000
MAX_LISTED = 6


def finding(
    code: str,
    cells: tuple[str, ...],
    zh: str,
    en: str,
    location: str = "",
    *,
    expected: Value = None,
    actual: Value = None,
) -> Finding:
    rule = CATALOGUE[code]
    return Finding(rule.code, rule.severity, cells, expected, actual, zh, en, location)


@dataclass
class RowRead:
    """The readings of one table row: one candidate when the source is clear."""

    cells: tuple[Cell, ...]
    location: str
    source: str
    candidates: list[tuple[tuple[Value, ...], tuple[str, ...]]] = field(default_factory=list)
    segmented: bool = False
    evidence: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cells)


@dataclass
class Match:
    """What the matcher read: values and raw texts per cell, plus findings."""

    version: str
    values: dict[str, Value] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    extras: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    ambiguous: dict[str, tuple[Value, ...]] = field(default_factory=dict)
    headings: list[tuple[str, int, int]] = field(default_factory=list)
    header: dict[str, object] = field(default_factory=dict)


# ---------------------------------------------------------------- format version


def detect_version(doc: Doc) -> tuple[str, list[Finding]]:
    """The format version whose table signature the document carries."""
    a, b = FORMATS["2019-60"], FORMATS["2021-30"]
    score_a = sum(1 for p in signatures(a, b) if p.search(doc.text))
    score_b = sum(1 for p in signatures(b, a) if p.search(doc.text))
    version = "2019-60" if score_a > score_b else "2021-30"
    if score_a == score_b:
        return version, [
            finding(
                "parse.format_version",
                (),
                f"表格特征不能区分格式版本（2019-60 得分 {score_a}，2021-30 得分 {score_b}），按 2021-30 解析。",
                f"The table signatures do not tell the format version apart (2019-60 scores {score_a}, "
                f"2021-30 {score_b}); read as 2021-30.",
            )
        ]
    return version, []


# ---------------------------------------------------------------- regions


def _search(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    if start >= end:
        return None
    return pattern.search(text, start, end)


def _sections(doc: Doc, fmt: Format) -> list[tuple[str, int, int]]:
    """Section headings found in order: (key, start, end)."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    for section in fmt.sections:
        m = _search(section_pattern(section.key, section.number, section.label.zh), doc.text, pos, len(doc.text))
        if m is not None:
            out.append((section.key, m.start(), m.end()))
            pos = m.end()
    return out


def _row_end(doc: Doc, start: int, end: int) -> int:
    if doc.in_table(start):
        cut = doc.text.find(ROW, start, end)
        if cut >= 0:
            return cut
    return end


def _row_tokens(doc: Doc, start: int, end: int) -> tuple[list[Token], bool]:
    """Tokens of the values region; ``True`` when the region is the rest of a grid row."""
    text = doc.text[start:end]
    if doc.in_table(start) and CELL in text:
        pieces = text.split(CELL)[1:]
        out: list[Token] = []
        for piece in pieces:
            found = [t for t in tokens(piece)]
            values = [t for t in found if t.kind != "junk"]
            if not found:
                out.append(Token("blank", ""))
            elif len(found) == 1:
                out.append(found[0])
            elif len(values) == 1 and all(t.text in ("元", "万元") for t in found if t.kind == "junk"):
                out.append(values[0])
            else:
                out.append(Token("junk", " ".join(t.text for t in found)))
        return out, True
    return tokens(text), False


def _value_row(cells: tuple[Cell, ...], toks: list[Token], grid: bool, location: str, source: str) -> RowRead:
    """Turn the tokens after a row label into the row's candidate readings."""
    row = RowRead(cells, location, source.strip()[:200])
    n = len(cells)
    if grid:
        while len(toks) > n and toks[0].kind == "blank" and not toks[0].text:
            toks = toks[1:]
        if len(toks) > n and all(t.kind == "blank" and not t.text for t in toks[n:]):
            toks = toks[:n]
        values = [t for t in toks if t.kind != "junk"]
        if len(toks) == n:
            _direct(row, toks)
            return row
        if len(values) >= n or not any(t.splittable for t in values):
            _direct(row, toks[:n] if len(toks) >= n else toks)
            return row
        toks = values
    values = [t for t in toks if t.kind != "junk"]
    if len(values) >= n:
        _direct(row, values[:n])
        if len(values) > n:
            extra = " ".join(t.text for t in values[n:])
            row.problems.append(
                finding(
                    "parse.extra_values",
                    row.ids,
                    f"该行多出数值：{extra}（未读入）。",
                    f"More values than cells in this row; not read: {extra}.",
                    location,
                )
            )
        return row
    if not values:
        _direct(row, [])
        return row
    row.segmented = True
    for split in segmentations(values, n):
        converted = [
            convert(text, cell.kind) if text not in BLANK_MARKS else None
            for text, cell in zip(split, cells, strict=True)
        ]
        if any(isinstance(v, str) for v in converted):
            continue
        row.candidates.append((tuple(v for v in converted if not isinstance(v, str)), tuple(split)))
    units = [t.unit for t in values if t.unit]
    if units:
        row.units[cells[-1].id] = units[-1]
    if not row.candidates:
        row.segmented = False
        _direct(row, values)
    return row


def _direct(row: RowRead, toks: list[Token]) -> None:
    """One reading: token i is cell i; missing or unreadable cells are blank with a finding."""
    values: list[Value] = []
    raws: list[str] = []
    for i, cell in enumerate(row.cells):
        if i >= len(toks):
            values.append(None)
            raws.append("")
            row.problems.append(
                finding(
                    "parse.unreadable_cell",
                    (cell.id,),
                    f"该行数值少于列数，“{cell.label.zh}”未读到，记为空白。",
                    f"The row has fewer values than cells; “{cell.label.en}” was not found and is left blank.",
                    row.location,
                )
            )
            continue
        tok = toks[i]
        raws.append(tok.text)
        if tok.kind == "blank":
            values.append(None)
            continue
        value = convert(tok.text, cell.kind) if tok.kind == "num" else f"{tok.text!r} is not a number"
        if isinstance(value, str):
            values.append(None)
            row.problems.append(
                finding(
                    "parse.unreadable_cell",
                    (cell.id,),
                    f"“{cell.label.zh}”无法读取：{tok.text[:60]}，记为空白。",
                    f"“{cell.label.en}” cannot be read: {value[:80]}; left blank.",
                    row.location,
                )
            )
            continue
        values.append(value)
        if tok.unit:
            row.units[cell.id] = tok.unit
    row.candidates = [(tuple(values), tuple(raws))]


# ---------------------------------------------------------------- constraints


def _solve(
    rows: list[RowRead], fmt: Format, assume: Mapping[str, Value], evidence: Sequence[Equation] = ()
) -> None:
    """Keep the readings that satisfy the format's sums (within each row, then across rows).

    Outside evidence (``assume`` values, cross-year ``evidence`` equations) only chooses
    among readings; a row it narrows to one reading records where the choice came from.
    """
    where: dict[str, tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row.cells):
            where[cell.id] = (r, c)
    for row in rows:
        if assume and len(row.candidates) > 1:
            kept = [
                cand
                for cand in row.candidates
                if all(cand[0][i] == assume[cid] for i, cid in enumerate(row.ids) if cid in assume)
            ]
            if kept:
                if len(kept) < len(row.candidates):
                    row.evidence.append("values given with assume=")
                row.candidates = kept
        for eq in evidence:
            if len(row.candidates) < 2 or not all(cell in row.ids for _, cell in eq.terms):
                continue
            kept = [cand for cand in row.candidates if eq.holds(dict(zip(row.ids, cand[0], strict=True)))]
            if kept and len(kept) < len(row.candidates):
                row.evidence.append(eq.source)
                row.candidates = kept
    local: dict[int, list[tuple[list[int], list[int]]]] = {}
    cross: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = []
    for rel in relations_of(fmt):
        if not all(c in where for c in rel.cells):
            continue
        involved = {where[c][0] for c in rel.cells}
        if len(involved) == 1:
            r = involved.pop()
            local.setdefault(r, []).append(([where[c][1] for c in rel.parts], [where[c][1] for c in rel.totals]))
        else:
            cross.append(([where[c] for c in rel.parts], [where[c] for c in rel.totals]))
    for r, row in enumerate(rows):
        if len(row.candidates) > 1 and r in local:
            kept = [
                cand
                for cand in row.candidates
                if all(
                    sum(int(cand[0][i] or 0) for i in parts) == sum(int(cand[0][i] or 0) for i in totals)
                    for parts, totals in local[r]
                )
            ]
            if kept:
                row.candidates = kept
    open_rows = [r for r, row in enumerate(rows) if len(row.candidates) > 1]
    if not open_rows or not cross:
        return
    size = 1
    for r in open_rows:
        size *= len(rows[r].candidates)
        if size > MAX_JOINT:
            return
    relevant = [rel for rel in cross if any(r in open_rows for r, _ in rel[0] + rel[1])]
    fixed = {r: rows[r].candidates[0][0] for r in range(len(rows)) if len(rows[r].candidates) == 1}
    survivors: dict[int, set[int]] = {r: set() for r in open_rows}
    for choice in itertools.product(*(range(len(rows[r].candidates)) for r in open_rows)):
        current = dict(fixed)
        for r, k in zip(open_rows, choice, strict=True):
            current[r] = rows[r].candidates[k][0]
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


def _commit(rows: list[RowRead], match: Match) -> None:
    for row in rows:
        match.findings.extend(row.problems)
        if len(row.candidates) == 1:
            values, raws = row.candidates[0]
            for cell, value, raw in zip(row.cells, values, raws, strict=True):
                match.values[cell.id] = value
                match.raw[cell.id] = raw
            for cid, unit in row.units.items():
                match.extras[cid] = unit
            if row.segmented and row.evidence:
                shown = " | ".join(raws)
                used = "; ".join(dict.fromkeys(row.evidence))
                match.findings.append(
                    finding(
                        "parse.resolved_by_evidence",
                        row.ids,
                        f"连写数字“{row.source[:60]}”有多种符合勾稽关系的拆分，依据外部证据（{used}）确定为 {shown}。",
                        f"Run-together digits “{row.source[:60]}” split several ways that fit the sums; "
                        f"outside evidence ({used}) leaves one: {shown}.",
                        row.location,
                    )
                )
            elif row.segmented:
                shown = " | ".join(raws)
                match.findings.append(
                    finding(
                        "parse.segmented",
                        row.ids,
                        f"连写数字“{row.source[:60]}”按勾稽关系唯一拆分为 {shown}。",
                        f"Run-together digits “{row.source[:60]}” split one way only by the sums: {shown}.",
                        row.location,
                    )
                )
            continue
        for cell in row.cells:
            match.values[cell.id] = None
            match.raw[cell.id] = row.source[:200]
        if not row.candidates:
            continue
        listed = ["|".join(raws) for _, raws in row.candidates[:MAX_LISTED]]
        more = len(row.candidates) - len(listed)
        text = "; ".join(listed) + (f"; … ({more} more)" if more > 0 else "")
        text_zh = "；".join(listed) + (f"；……（另有 {more} 种）" if more > 0 else "")
        for i, cell in enumerate(row.cells):
            match.ambiguous[cell.id] = tuple(dict.fromkeys(c[0][i] for c in row.candidates))
        match.findings.append(
            finding(
                "parse.ambiguous_segmentation",
                row.ids,
                f"连写数字“{row.source[:60]}”有 {len(row.candidates)} 种符合勾稽关系的拆分：{text_zh}。"
                "相关单元格记为空白。",
                f"Run-together digits “{row.source[:60]}” split {len(row.candidates)} ways that fit the sums: "
                f"{text}. The cells are left blank.",
                row.location,
            )
        )


# ---------------------------------------------------------------- tables


def _first(doc: Doc, patterns: list[re.Pattern[str]], start: int, end: int) -> int | None:
    found = [m.start() for p in patterns if (m := _search(p, doc.text, start, end)) is not None]
    return min(found) if found else None


def match_doc(
    doc: Doc, version: str, assume: Mapping[str, Value] | None = None, evidence: Sequence[Equation] = ()
) -> Match:
    fmt = get_format(version)
    assume = assume or {}
    text = doc.text
    end = len(text)
    match = Match(version)
    cells = cells_of(fmt)
    by_row: dict[tuple[str, str], list[Cell]] = {}
    for cell in cells:
        key = (cell.table, ".".join(cell.id.split(".")[1:-1]) if cell.table != "t4" else "")
        by_row.setdefault(key, []).append(cell)
    sections = _sections(doc, fmt)
    heads = {key: (s, e) for key, s, e in sections}

    # table 2
    t2 = fmt.t2
    captions = [compiled(b.caption.zh) for b in t2.blocks]
    first_rows_t3 = [compiled(n.label.zh) for n in _t3_leaf_labels(fmt)[:1]]
    t2_start = heads.get("proactive", (0, 0))[1]
    cap0 = _search(captions[0], text, t2_start, end)
    if cap0 is not None:
        t2_start = cap0.start()
    t3_anchor = _first(
        doc,
        [compiled(fmt.t3.corner.zh), *first_rows_t3],
        t2_start,
        end,
    )
    if "applications" in heads and heads["applications"][0] > t2_start:
        t3_anchor = min(t3_anchor or end, heads["applications"][0])
    t2_end = t3_anchor if t3_anchor is not None else end
    caps: list[re.Match[str] | None] = []
    cursor = t2_start
    for pattern in captions:
        m = _search(pattern, text, cursor, t2_end)
        caps.append(m)
        if m:
            cursor = m.end()
    rows2: list[RowRead] = []
    found_any = False
    cursor = t2_start
    for b, block in enumerate(t2.blocks):
        cap = caps[b]
        start = max(cap.end() if cap is not None else cursor, cursor)
        nxt = next((c for c in caps[b + 1 :] if c is not None), None)
        block_end = t2_end if nxt is None else max(start, nxt.start())
        found: list[tuple[int, re.Match[str]]] = []
        pos = start
        for r, row in enumerate(block.rows):
            m = _search(compiled(row.label.zh), text, pos, block_end)
            if m is not None:
                found.append((r, m))
                pos = m.end()
        for i, (r, m) in enumerate(found):
            row = block.rows[r]
            stop = found[i + 1][1].start() if i + 1 < len(found) else block_end
            stop = _row_end(doc, m.end(), stop)
            toks, grid = _row_tokens(doc, m.end(), stop)
            row_cells = tuple(by_row[("t2", row.key or "")])
            rows2.append(_value_row(row_cells, toks, grid, doc.where(m.start()), text[m.end() : stop]))
        found_any = found_any or bool(found)
        missing = [block.rows[r] for r in range(len(block.rows)) if r not in {f[0] for f in found}]
        for row in missing:
            _missing_row(match, tuple(by_row[("t2", row.key or "")]), row.label.zh, doc.where(start))
        if found:
            cursor = found[-1][1].end()
    _solve(rows2, fmt, assume, evidence)
    _commit(rows2, match)

    # table 3
    t3_start = t2_end
    t4_head = heads.get("reviews")
    labels = _t3_leaf_labels(fmt)
    t3_limit = t4_head[0] if t4_head and t4_head[0] > t3_start else end
    found3: list[tuple[int, re.Match[str]]] = []
    pos = t3_start
    for r, node in enumerate(labels):
        m = _search(compiled(node.label.zh), text, pos, t3_limit)
        if m is not None:
            found3.append((r, m))
            pos = m.end()
    if t4_head is None or t4_head[0] <= t3_start:
        review = compiled(fmt.t4.columns[0].label.zh)
        m4 = _search(review, text, found3[-1][1].end() if found3 else t3_start, end)
        t4_start = m4.start() if m4 else end
    else:
        t4_start = t4_head[1]
        t4_stop = heads["problems"][0] if "problems" in heads and heads["problems"][0] > t4_start else end
        t4_start = _table_start(doc, fmt, "t4", t4_start, t4_stop) or t4_start
    row_keys = [key for key in _t3_row_keys(fmt)]
    rows3: list[RowRead] = []
    for i, (r, m) in enumerate(found3):
        if i + 1 < len(found3):
            stop = found3[i + 1][1].start()
        else:
            stop = t4_head[0] if t4_head and t4_head[0] > m.end() else t4_start
        stop = _row_end(doc, m.end(), stop)
        toks, grid = _row_tokens(doc, m.end(), stop)
        row_cells = tuple(by_row[("t3", row_keys[r])])
        rows3.append(_value_row(row_cells, toks, grid, doc.where(m.start()), text[m.end() : stop]))
    seen = {r for r, _ in found3}
    for r, node in enumerate(labels):
        if r not in seen and found3:
            _missing_row(match, tuple(by_row[("t3", row_keys[r])]), node.label.zh, doc.where(t3_start))
    _solve(rows3, fmt, assume, evidence)
    _commit(rows3, match)

    # table 4
    t4_cells = tuple(by_row[("t4", "")])
    t4_end = heads["problems"][0] if "problems" in heads and heads["problems"][0] > t4_start else end
    rows4: list[RowRead] = []
    if t4_start < end:
        rows4.append(_t4_row(doc, t4_cells, t4_start, t4_end))
    _solve(rows4, fmt, assume, evidence)
    _commit(rows4, match)

    for table, has in (("t2", bool(rows2)), ("t3", bool(rows3)), ("t4", bool(rows4) and rows4[0].candidates)):
        if not has:
            ids = tuple(c.id for c in cells if c.table == table)
            match.findings = [f for f in match.findings if not (f.code == "parse.missing_row" and f.cells[0] in ids)]
            match.findings.append(
                finding(
                    "parse.missing_table",
                    ids[:1],
                    f"未找到表{'二三四'[int(table[1]) - 2]}，其单元格记为空白。",
                    f"Table {table[1]} was not found; its cells are left blank.",
                )
            )
    for cell in cells:
        match.values.setdefault(cell.id, None)
    t4_values = [v for cand in (rows4[0].candidates if rows4 else [])[:1] for v in cand[0] if v is not None]
    if not found_any and not rows3 and not t4_values:
        match.header["_empty"] = True
    _unmatched(doc, match, t2_start, t4_start)
    match.headings = sections
    return match


def _missing_row(match: Match, cells: tuple[Cell, ...], label: str, location: str) -> None:
    match.findings.append(
        finding(
            "parse.missing_row",
            tuple(c.id for c in cells),
            f"未找到“{label}”行，该行单元格记为空白。",
            f"No row labelled “{label}” was found; its cells are left blank.",
            location,
        )
    )


def _t3_leaf_labels(fmt: Format) -> list[Node]:
    out: list[Node] = []
    stack = list(reversed(fmt.t3.rows))
    while stack:
        n = stack.pop()
        if n.is_leaf:
            out.append(n)
        else:
            stack.extend(reversed(n.children))
    return out


def _t3_row_keys(fmt: Format) -> list[str]:
    keys: list[str] = []
    seen: set[str] = set()
    for cell in cells_of(fmt):
        if cell.table == "t3":
            key = ".".join(cell.id.split(".")[1:-1])
            if key not in seen:
                seen.add(key)
                keys.append(key)
    return keys


def _t4_row(doc: Doc, cells: tuple[Cell, ...], start: int, end: int) -> RowRead:
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
                if best is None or filled or not _filled(doc.text, best):
                    best = (body_start, body)
        if best is not None:
            grid_toks: list[Token] = []
            for p in best[1].split(CELL):
                found = tokens(p)
                grid_toks.append(found[0] if found else Token("blank", ""))
            return _value_row(cells, grid_toks, True, doc.where(best[0]), best[1])
    return _value_row(cells, tokens(text), False, location, text)


def _filled(text: str, best: tuple[int, str]) -> bool:
    return any(tokens(p) for p in best[1].split(CELL))


def _unmatched(doc: Doc, match: Match, start: int, end: int) -> None:
    """Grid rows inside tables 2-3 with numbers but no declared label."""
    for t_start, t_end in doc.tables:
        if t_end <= start or t_start >= end:
            continue
        offset = t_start
        for piece in doc.text[t_start:t_end].split(ROW):
            body = piece.lstrip("\n")
            pos = offset + len(piece) - len(body)
            offset += len(piece) + 1
            parts = body.split(CELL)
            if len(parts) < 2:
                continue
            label = parts[0].strip()
            nums = [t for p in parts[1:] for t in tokens(p) if t.kind == "num"]
            if not label or not nums or any(t.kind == "num" for t in tokens(label)):
                continue
            if _is_known(label, match.version):
                continue
            match.findings.append(
                finding(
                    "parse.unmatched_label",
                    (),
                    f"表格行“{label[:40]}”不是格式规定的行，其数值未读入。",
                    f"Table row “{label[:40]}” is not a row of the format; its values were not read.",
                    doc.where(pos),
                )
            )


def _is_known(label: str, version: str) -> bool:
    fmt = get_format(version)
    names: list[str] = []
    for table in fmt.tables:
        for cell in cells_of(fmt):
            if cell.table == table.id:
                names.extend(n.label.zh for n in cell.row + cell.column)
    compact = re.sub(r"\s+", "", label)
    for name in set(names):
        if name and compiled(name).search(compact):
            return True
    return bool(_KNOWN_ROWS.search(compact))


# ---------------------------------------------------------------- header and sections


_G = "[ \t\n]*"
_TITLE = re.compile(
    r"(?P<agency>[^\s\x1e\x1f:：,，。、;；|_()（）]{2,40}?)"
    + _G
    + r"(?P<year>(?:19|20)\d{2})"
    + _G
    + "年"
    + _G
    + "度?"
    + _G
    + "(?:的)?"
    + _G
    + _G.join("政府信息公开")
    + f"(?:{_G}工{_G}作)?(?:{_G}年{_G}度)?{_G}报{_G}告"
)
_TITLE_LABEL = re.compile(r"^(?:标题|题目|名称)")
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发文日期|时间|日期)[ \t]*[:：][ \t]*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})"
)
_DATE = re.compile(r"(\d{4})[ \t]*年[ \t]*(\d{1,2})[ \t]*月[ \t]*(\d{1,2})[ \t]*日")
_META_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_KNOWN_ROWS = re.compile(r"本年度办理结果|不予公开|无法提供|不予处理|其他处理|第二十条")
_CONTACT_LABELS = {name: f.title or name for name, f in Contact.model_fields.items()}


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _agency_of(m: re.Match[str]) -> str:
    return _TITLE_LABEL.sub("", m.group("agency").strip())[:200]


def header_of(doc: Doc, match: Match) -> dict[str, object]:
    header: dict[str, object] = {}
    for source in (doc.meta.get("title", ""), doc.text[:20000]):
        m = _TITLE.search(source)
        if m:
            header["agency"] = _agency_of(m)
            year = int(m.group("year"))
            if 1990 <= year <= 2100:
                header["year"] = year
            break
    published: dt.date | None = None
    for key in ("pubdate", "publishdate", "firstpublishedtime"):
        m = _META_DATE.search(doc.meta.get(key, ""))
        if m:
            published = _date(*m.groups())
            break
    if published is None:
        m = _PUBLISHED.search(doc.text[:20000])
        if m:
            published = _date(*m.groups())
    if published is None:
        start = max(0, len(doc.text) - 400)
        dates = list(_DATE.finditer(doc.text, start))
        if dates:
            last = dates[-1]
            rest = re.sub(r"[\s\x1e\x1f()（）\d\-—]", "", doc.text[last.end() : last.end() + 400])
            if len(rest) <= 10:
                published = _date(*last.groups())
    if published is not None and 1990 <= published.year <= 2100:
        header["published"] = published
    return header


@cache
def structure_words() -> tuple[str, ...]:
    """Every fixed word the parser reads as structure of a document.

    Section numbers and headings, table labels and captions of both format
    versions, the words of the title, date and publication-date patterns, the
    contact heading and labels and the blank-cell note.  Text that contains none
    of their characters cannot be mistaken for structure.
    """
    words: list[str] = [p.pattern for p in (_TITLE, _TITLE_LABEL, _PUBLISHED, _DATE, _KNOWN_ROWS, _PREFIX)]
    words += [w for ws in SECTION_WORDS.values() for w in ws]
    words += [*_CONTACT_LABELS.values(), CONTACT_HEADING, BLANK_NOTE]
    for version in FORMAT_VERSIONS:
        fmt = get_format(version)
        words += [w for s in fmt.sections for w in (s.number, s.label.zh)]
        for cell in cells_of(fmt):
            words += [n.label.zh for n in cell.row + cell.column]
        for table in fmt.tables:
            if isinstance(table, BlockTable):
                words += [table.header.zh, *(b.caption.zh for b in table.blocks)]
            else:
                words += [table.corner.zh, *(b.note.zh for b in table.balances)]
                words += [table.column_header.zh] if table.column_header else []
    return tuple(sorted({w for w in words if w}))


# ---------------------------------------------------------------- running text


@dataclass(frozen=True)
class Texts:
    """The running text of a document: sections, preamble and contact lines."""

    sections: dict[str, str]
    preamble: str | None
    contact: dict[str, str]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", normalise(text))


def _lines(doc: Doc, start: int, end: int) -> list[tuple[int, str, str]]:
    """The lines of ``doc.text[start:end]``: (offset, normalised, as printed), table markers as spaces.

    A whole line of running text is given as printed (full-width punctuation kept); a
    line cut by ``start`` or ``end`` and table text only in normalised form.
    """
    text = doc.text
    out: list[tuple[int, str, str]] = []
    pos = start
    while pos < end:
        cut = text.find("\n", pos, end)
        stop = end if cut < 0 else cut
        norm = text[pos:stop]
        whole = (pos == 0 or text[pos - 1] == "\n") and stop < len(text) and text[stop] == "\n"
        shown = doc.printed.get(pos, norm) if whole else norm
        out.append((pos, norm.replace(CELL, " ").replace(ROW, ""), shown.replace(CELL, " ").replace(ROW, "")))
        pos = stop + 1
    return out


_PARAGRAPH_END = re.compile(r"[。！？!?；;：:…]\s*[”’」』）)]*$")
_PARAGRAPH_START = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]|——|[•·])"
)


def _paragraphs(lines: list[tuple[int, str, str]], kind: str = "text") -> list[str]:
    """The non-empty lines, stripped; in a PDF, lines wrapped inside a paragraph are joined.

    A PDF's text layer breaks a paragraph at every printed line end, so its lines are
    joined until one ends a sentence (。！？；： and the like) or the next starts a
    numbered or dashed item.
    """
    texts = [shown.strip() for _, _, shown in lines if shown.strip()]
    if kind != "pdf":
        return texts
    out: list[str] = []
    for line in texts:
        if out and not _PARAGRAPH_END.search(out[-1]) and not _PARAGRAPH_START.match(line):
            out[-1] += line
        else:
            out.append(line)
    return out


def _at_line_start(text: str, pos: int, start: int = 0) -> bool:
    """Only blanks between the start of the line (or ``start``, if later) and ``pos``."""
    before = text[max(text.rfind("\n", 0, pos) + 1, start) : pos]
    return not before.strip(" \t\x1f\u3000")


def _heading_end(doc: Doc, fmt: Format, key: str, start: int, end: int) -> int:
    """The end of a heading whose pattern matched only the start of its title: after the title's last words."""
    label = normalise(next(s.label.zh for s in fmt.sections if s.key == key))
    if _compact(doc.text[start:end]).endswith(_compact(label[-4:])):
        return end
    line_end = doc.text.find("\n", end)
    line_end = len(doc.text) if line_end < 0 else line_end
    m = compiled(label[-4:]).search(doc.text, end, min(line_end, end + 20))
    return m.end() if m else end


def _table_heads(fmt: Format, table_id: str) -> list[re.Pattern[str]]:
    """Labels one of which starts the printed table ``table_id``: caption, corner, first column and row."""
    table = next(t for t in fmt.tables if t.id == table_id)
    if isinstance(table, BlockTable):
        block = table.blocks[0]
        labels = [table.header.zh, block.caption.zh, block.columns[0].label.zh, block.rows[0].label.zh]
    else:
        labels = [table.corner.zh, table.columns[0].label.zh]
        labels += [table.column_header.zh] if table.column_header else []
        labels += [n.label.zh for n in _t3_leaf_labels(fmt)[:1]] if table_id == "t3" else []
    return [compiled(label) for label in labels if label.strip()]


def _table_start(doc: Doc, fmt: Format, table_id: str, start: int, end: int) -> int | None:
    """Where the printed table starts in ``[start, end)``: its grid, or one of its head labels at a line start."""
    found = [t for t, _ in doc.tables if start <= t < end][:1]
    for pattern in _table_heads(fmt, table_id):
        for m in pattern.finditer(doc.text, start, end):
            if _at_line_start(doc.text, m.start(), start):
                found.append(m.start())
                break
    return min(found) if found else None


def _exact_line(doc: Doc, text: str, start: int, end: int) -> int | None:
    """Offset of the first line in ``[start, end)`` that reads exactly ``text`` (whitespace aside)."""
    wanted = _compact(text)
    for pos, norm, _ in _lines(doc, start, end):
        if _compact(norm) == wanted and _at_line_start(doc.text, pos):
            return pos
    return None


def _contact(doc: Doc, start: int) -> dict[str, str]:
    """The ``label：value`` lines after the contact heading, labels as the model declares them."""
    labels = sorted(_CONTACT_LABELS.items(), key=lambda item: -len(item[1]))
    out: dict[str, str] = {}
    for _, _, shown in _lines(doc, start, len(doc.text)):
        line = shown.strip()
        if not line:
            continue
        for key, label in labels:
            m = re.match(re.escape(label) + r"\s*[:：]\s*(.*\S)", line)
            if m:
                out.setdefault(key, m.group(1))
                break
        else:
            break
    return out


def _preamble(doc: Doc, match: Match, agency: object) -> str | None:
    """The text between the title (the last one naming ``agency``) and the first section heading."""
    if not match.headings or not isinstance(agency, str) or not agency:
        return None
    first = match.headings[0][1]
    titles = [m for m in _TITLE.finditer(doc.text, 0, min(first, 20000)) if _agency_of(m) == agency]
    if not titles:
        return None
    body = "\n".join(_paragraphs(_lines(doc, titles[-1].end(), first), doc.kind))
    return body or None


def texts_of(doc: Doc, match: Match, header: Mapping[str, object]) -> Texts:
    """Sections, preamble and contact lines of ``doc``; paragraphs joined with one line break.

    The last section ends at the blank-cell note or the contact heading, whichever
    comes first; without them, at the signature (a date at the end, and above it
    a line with the agency of the title), which is not part of the section.
    """
    fmt = get_format(match.version)
    headings = match.headings
    text = doc.text
    out: dict[str, str] = {}
    contact: dict[str, str] = {}
    agency = header.get("agency")
    for i, (key, start, end) in enumerate(headings):
        stop = headings[i + 1][1] if i + 1 < len(headings) else len(text)
        begin = _heading_end(doc, fmt, key, start, end)
        section = next(s for s in fmt.sections if s.key == key)
        if section.table is not None:
            stop = _table_start(doc, fmt, section.table, begin, stop) or stop
        signed = False
        if i + 1 == len(headings):
            note = _exact_line(doc, BLANK_NOTE, begin, stop)
            heading = _exact_line(doc, CONTACT_HEADING, begin, stop)
            if heading is not None:
                after = text.find("\n", heading)
                contact = _contact(doc, after + 1 if after >= 0 else len(text))
            tail = min((p for p in (note, heading) if p is not None), default=None)
            if tail is not None:
                stop = tail
            else:
                signed = True
                region = text[begin:stop].replace(CELL, " ").replace(ROW, "\n")
                dates = list(_DATE.finditer(region))
                if dates and len(re.sub(r"[\s()（）\d\-—]", "", region[dates[-1].end() :])) <= 10:
                    stop = begin + dates[-1].start()
        lines = _lines(doc, begin, stop)
        if lines and lines[0][2].strip().startswith(("。", ".")):
            pos, norm, shown = lines[0]
            lines[0] = (pos, norm, shown.strip()[1:])
        paragraphs = _paragraphs(lines, doc.kind)
        signature = agency if signed and isinstance(agency, str) and agency else None
        if signature and paragraphs and _compact(paragraphs[-1]) == _compact(signature):
            paragraphs.pop()
        body = "\n".join(paragraphs)
        if body:
            out[key] = body
    return Texts(out, _preamble(doc, match, agency), contact)
