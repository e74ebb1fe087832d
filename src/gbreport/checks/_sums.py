"""The format's summation relations, compiled once per version into straight-line code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .._vector import Value, cell_map, index, reader
from ..formats import Format, Relation, cells_of, derived, relations_of
from ._findings import Finding
from ._labels import cell_label, quoted, table_number
from .catalogue import CATALOGUE


@dataclass(frozen=True, slots=True)
class Compiled:
    relations: tuple[Relation, ...]
    run: Callable[[tuple[Value, ...]], list[int]]
    parts: tuple[tuple[int, ...], ...]
    totals: tuple[tuple[int, ...], ...]


@derived
def compiled(fmt: Format) -> Compiled:
    """Turn the relations of ``fmt`` into one straight-line function over the vector.

    The function returns the indices of the violated relations; it is generated
    from the declared relations, so checking a report is a few hundred integer
    additions and no walk over nested objects.
    """
    relations = relations_of(fmt)
    idx = index(fmt.version)
    parts = tuple(tuple(idx[c] for c in r.parts) for r in relations)
    totals = tuple(tuple(idx[c] for c in r.totals) for r in relations)
    lines = ["def run(v):", "    bad = []"]
    for i, (p, t) in enumerate(zip(parts, totals, strict=True)):
        lhs = " + ".join(f"v[{j}]" for j in p)
        rhs = " + ".join(f"v[{j}]" for j in t)
        lines.append(f"    if {lhs} != {rhs}: bad.append({i})")
    lines.append("    return bad")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<gbreport relations {fmt.version}>", "exec"), namespace)  # noqa: S102
    return Compiled(relations, namespace["run"], parts, totals)


@derived
def conforming(fmt: Format) -> Callable[[Any], bool]:
    """A function telling, in one straight-line pass, that a report has nothing to find.

    True when no cell of the report is blank and every relation holds: then
    :func:`blank_findings` and :func:`sum_findings` find nothing.  Generated from
    the declared relations like :func:`compiled`, but reading the cells straight
    into locals (:func:`gbreport._vector.reader`).  A blank cell in a sum raises
    ``TypeError``; a blank cell in no sum of two or more terms is tested on its own.
    False (the caller then takes the general path) for anything else: a violated
    relation, a blank cell, an object without the declared shape.
    """
    code = reader(fmt)
    if code is None:
        return lambda report: False
    program = compiled(fmt)
    names = code.names
    summed = {j for terms in (*program.parts, *program.totals) if len(terms) > 1 for j in terms}
    lines = ["def conforming(r):", "    try:"]
    lines.extend("    " + line for line in code.lines)
    alone = [names[j] for j in range(len(names)) if j not in summed]
    if alone:
        lines.append(f"        if {' or '.join(f'{name} is None' for name in alone)}:")
        lines.append("            return False")
    for p, t in zip(program.parts, program.totals, strict=True):
        lhs = " + ".join(names[j] for j in p)
        rhs = " + ".join(names[j] for j in t)
        lines.append(f"        if {lhs} != {rhs}:")
        lines.append("            return False")
    lines.append("    except (TypeError, ValueError, AttributeError):")
    lines.append("        return False")
    lines.append("    return True")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<gbreport conforming {fmt.version}>", "exec"), namespace)  # noqa: S102
    function: Callable[[Any], bool] = namespace["conforming"]
    return function


def relation_finding(version: str, relation: Relation, expected: int, actual: int) -> Finding:
    table = cell_map(version)[relation.totals[0]].table
    return CATALOGUE[relation.rule].finding(
        relation.cells,
        expected=expected,
        actual=actual,
        table=table_number(version, table),
        totals=quoted(version, relation.totals),
        parts=quoted(version, relation.parts),
        where=relation.where,
    )


def sum_findings(version: str, values: tuple[Value, ...]) -> list[Finding]:
    """One finding per violated relation (``values`` with blanks already counted as 0)."""
    program = compiled(version)
    out = []
    for i in program.run(values):
        expected = sum(int(values[j] or 0) for j in program.parts[i])
        actual = sum(int(values[j] or 0) for j in program.totals[i])
        out.append(relation_finding(version, program.relations[i], expected, actual))
    return out


@derived
def totals_mask(fmt: Format) -> tuple[bool, ...]:
    """Per cell, in vector order: whether the cell is a total (a row or column marked ``total``)."""
    return tuple(any(n.total for n in (*c.row, *c.column)) for c in cells_of(fmt))


def is_empty(version: str, values: tuple[Value, ...]) -> bool:
    """Every cell but the totals blank, and the totals blank or 0: an unfilled template."""
    return all(
        value is None or (total and value == 0) for value, total in zip(values, totals_mask(version), strict=True)
    )


def blank_findings(version: str, values: tuple[Value, ...], marks: Mapping[str, str]) -> list[Finding]:
    """For an unfilled template, ``report.empty``; otherwise a ``cell.blank`` finding for every
    blank cell not marked not applicable."""
    if is_empty(version, values):
        count = sum(not total for total in totals_mask(version))
        return [CATALOGUE["report.empty"].finding(count=count)]
    rule = CATALOGUE["cell.blank"]
    return [
        rule.finding((cell_id,), cell=cell_label(version, cell_id))
        for cell_id, value in zip(index(version), values, strict=True)
        if value is None and cell_id not in marks
    ]


def incomplete_findings(blank: list[Finding]) -> list[Finding]:
    """One ``report.incomplete`` naming every blank cell (given their ``cell.blank`` findings)."""
    cells = tuple(f.cells[0] for f in blank if f.code == "cell.blank")
    return [CATALOGUE["report.incomplete"].finding(cells, count=len(cells))] if cells else []
