"""Labels that findings quote, derived from the format declaration."""

from __future__ import annotations

from collections.abc import Iterable

from .._vector import cell_map
from ..formats import Format, Label, derived


@derived
def table_numbers(fmt: Format) -> dict[str, Label]:
    """The printed number of each table: the number of the section that holds it (三 / 3 for ``t3``)."""
    return {s.table: Label(s.number, str(i)) for i, s in enumerate(fmt.sections, start=1) if s.table}


def table_number(version: str, table: str) -> Label:
    """The printed number of ``table`` (``"t3"``) in ``version``: ``Label("三", "3")``."""
    return table_numbers(version)[table]


def cell_label(version: str, cell: str) -> Label:
    return cell_map(version)[cell].label


def quoted(version: str, cells: Iterable[str]) -> Label:
    """The labels of ``cells``, each in quotation marks, joined by `` + ``."""
    labels = [cell_label(version, c) for c in cells]
    return Label(" + ".join(f"“{x.zh}”" for x in labels), " + ".join(f"“{x.en}”" for x in labels))
