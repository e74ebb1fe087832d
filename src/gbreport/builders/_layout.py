"""The shape of tables 3 and 4 as the builders need it, read from the format declaration.

Nothing here spells a row or column of its own: applicant kinds, outcome rows,
case groups and case results all come from :mod:`gbreport.formats`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._vector import index
from ..formats import Format, Node, derived, get_format
from ..formats._derive import leaf_paths, path_id, sibling_totals

Path = tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class T3Layout:
    """Table 3 of one format version, in the builders' terms."""

    version: str
    applicants: tuple[str, ...]
    """Column keys of the applicant kinds (自然人 and the five 法人或其他组织 kinds)."""
    total_column: str
    received: tuple[str, ...]
    """Row ids of the stated balance's left side: (一 new this year, 二 carried over)."""
    outcomes: tuple[str, ...]
    """Row ids of every outcome row (（一） … （六）), each counted in （七）总计."""
    results_total: str
    pending: str
    """Row id of 四、结转下年度继续办理 (still pending at year end)."""

    def label(self, row: str) -> str:
        """The Chinese label of a row id (with its group heading)."""
        fmt = get_format(self.version)
        for path in leaf_paths(fmt.t3.rows):
            if path_id(path) == row:
                return " ".join(n.label.zh for n in path if n.key is not None)
        raise KeyError(row)

    def cell(self, row: str, column: str) -> str:
        return f"t3.{row}.{column}"


@derived
def t3_layout(fmt: Format) -> T3Layout:
    """Table 3 of a format version in the builders' terms."""
    table = fmt.t3
    columns = [leaf for c in table.columns for leaf in c.leaves()]
    applicants = tuple(c.key for c in columns if not c.total and c.key is not None)
    (total_column,) = (c.key for c in columns if c.total and c.key is not None)
    balance = table.balances[0]
    rows = {path_id(p): p for p in leaf_paths(table.rows)}
    totals = [k for k in balance.right if rows[k][-1].total]
    pending = [k for k in balance.right if not rows[k][-1].total]
    assert len(totals) == 1 and len(pending) == 1, balance
    group = next(parts for total, parts in sibling_totals(table.rows) if path_id(total) == totals[0])
    layout = T3Layout(
        version=fmt.version,
        applicants=applicants,
        total_column=total_column,
        received=balance.left,
        outcomes=tuple(path_id(p) for p in group),
        results_total=totals[0],
        pending=pending[0],
    )
    ids = index(fmt.version)
    assert all(layout.cell(r, c) in ids for r in layout.outcomes for c in applicants)
    return layout


@dataclass(frozen=True, slots=True)
class T4Layout:
    """Table 4 of one format version: its case groups and their result columns."""

    version: str
    groups: tuple[str, ...]
    results: tuple[str, ...]
    total: str

    def cell(self, group: str, result: str) -> str:
        return f"t4.{group}.{result}"


@derived
def t4_layout(fmt: Format) -> T4Layout:
    """Table 4 of a format version in the builders' terms."""
    groups: list[str] = []
    results: set[tuple[str, ...]] = set()
    totals: set[str] = set()

    def walk(nodes: tuple[Node, ...], prefix: Path) -> None:
        for n in nodes:
            if any(c.total for c in n.children):
                groups.append(path_id((*prefix, n)))
                results.add(tuple(c.key for c in n.children if not c.total and c.key is not None))
                totals.update(c.key for c in n.children if c.total and c.key is not None)
            else:
                walk(n.children, (*prefix, n))

    walk(fmt.t4.columns, ())
    assert len(results) == 1 and len(totals) == 1, (results, totals)
    layout = T4Layout(fmt.version, tuple(groups), results.pop(), totals.pop())
    ids = index(fmt.version)
    assert all(layout.cell(g, r) in ids for g in layout.groups for r in (*layout.results, layout.total))
    return layout


def check_version(version: str) -> str:
    """The canonical version string (raises :class:`gbreport.formats.UnknownFormatError`)."""
    return get_format(version).version


__all__ = ["T3Layout", "T4Layout", "check_version", "t3_layout", "t4_layout"]
