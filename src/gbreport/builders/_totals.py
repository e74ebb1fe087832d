"""Derived cells: which cells are totals of others, and how to compute them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .._vector import Value, index
from ..formats import Format, Relation, cells_of, derived, get_format, relations_of


@dataclass(frozen=True, slots=True)
class Derivation:
    cell: str
    parts: tuple[str, ...]


@derived
def derivations(fmt: Format) -> tuple[Derivation, ...]:
    """Every derived (total) cell with the cells it sums, in an order where parts come first.

    A cell that is the single total of a relation (a 总计 cell) is derived; the
    stated balance of table 3 derives nothing (both its sides are printed data).
    """
    balances = {b.rule for table in (fmt.t3, fmt.t4) for b in table.balances}
    by_cell: dict[str, Relation] = {}
    for relation in relations_of(fmt):
        if len(relation.totals) == 1 and relation.rule not in balances:
            by_cell.setdefault(relation.totals[0], relation)
    ordered: list[Derivation] = []
    done: set[str] = set()

    def visit(cell: str) -> None:
        if cell in done:
            return
        done.add(cell)
        for part in by_cell[cell].parts:
            if part in by_cell:
                visit(part)
        ordered.append(Derivation(cell, by_cell[cell].parts))

    for cell in by_cell:
        visit(cell)
    order = index(fmt)
    assert all(d.cell in order for d in ordered)
    return tuple(ordered)


@derived
def derived_cells(fmt: Format) -> frozenset[str]:
    """The ids of the cells that :func:`fill_totals` computes."""
    return frozenset(d.cell for d in derivations(fmt))


def fill_totals(version: str, values: Mapping[str, Value]) -> dict[str, Value]:
    """A copy of ``values`` (cell id -> value) with every derived cell computed.

    Blank leaves count as 0 in the sums; a derived cell is blank only when all
    its parts are blank.
    """
    out: dict[str, Value] = dict(values)
    for d in derivations(version):
        parts = [out.get(p) for p in d.parts]
        if all(p is None for p in parts):
            out[d.cell] = None
        else:
            out[d.cell] = sum(p or 0 for p in parts)
    return out


Draw = Callable[[int, int], int]
"""Draw an integer in ``[lo, hi]`` (hypothesis ``draw(integers(lo, hi))`` or ``Random.randint``)."""


def valid_cells(version: str, draw: Draw, *, scale: int = 60) -> dict[str, Any]:
    """Cell values of a conforming report, drawn leaf by leaf with ``draw``; totals are derived.

    Table 3 is built per column: outcomes and carried-forward counts are drawn,
    then their sum is split between 一 (new) and 二 (carried over), so the stated
    balance holds by construction, not by filtering.
    """
    fmt = get_format(version)
    computed = derived_cells(version)
    values: dict[str, Any] = {}
    balance = fmt.t3.balances[0]
    left_prefixes = tuple(f"t3.{k}." for k in balance.left)
    for cell in cells_of(fmt):
        cell_id, kind = cell.id, cell.kind
        if cell_id in computed or cell_id.startswith(left_prefixes):
            continue
        if kind == "count":
            values[cell_id] = draw(0, scale)
        elif kind == "signed_count":
            values[cell_id] = draw(-scale, scale)
        else:
            values[cell_id] = Decimal(draw(0, 10**8)).scaleb(-draw(0, 6))
    values = fill_totals(version, values | {c: 0 for c in index(version) if c.startswith(left_prefixes)})
    for column in fmt.t3.columns:
        for leaf in column.leaves():
            if leaf.total:
                continue
            right = sum(int(values[f"t3.{k}.{leaf.key}"] or 0) for k in balance.right)
            remaining = right
            for k in balance.left[:-1]:
                share = draw(0, remaining)
                values[f"t3.{k}.{leaf.key}"] = share
                remaining -= share
            values[f"t3.{balance.left[-1]}.{leaf.key}"] = remaining
    return fill_totals(version, values)
