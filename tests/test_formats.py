"""The declarations derive exactly the published cell vocabulary."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from gbreport.formats import FORMAT_VERSIONS, cells_of, get_format, relations_of
from gbreport.formats._codegen import TARGET, generate


def _tsv(version: str) -> list[tuple[str, ...]]:
    lines = (FIXTURES / f"cells-{version}.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "cell_id\trow_zh\tcolumn_zh\ttype\tlabel_en"
    return [tuple(line.split("\t")) for line in lines[1:]]


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_vocabulary_matches_tsv_exactly(version: str) -> None:
    derived = [(c.id, c.row_zh, c.column_zh, c.kind, c.label_en) for c in cells_of(get_format(version))]
    assert derived == _tsv(version)


def test_cell_counts() -> None:
    assert len(cells_of(get_format("2019-60"))) == 198
    assert len(cells_of(get_format("2021-30"))) == 200


@pytest.mark.parametrize(("version", "rows"), [("2019-60", 23), ("2021-30", 25)])
def test_relations_cover_the_invariants(version: str, rows: int) -> None:
    relations = relations_of(get_format(version))
    by_rule: dict[str, int] = {}
    for r in relations:
        by_rule[r.rule] = by_rule.get(r.rule, 0) + 1
    # one row total per table-3 row, a results total and a balance per column, one total per table-4 group
    assert by_rule == {"t3.row_total": rows, "t3.results_total": 7, "t3.balance": 7, "t4.group_total": 3}
    results = next(r for r in relations if r.rule == "t3.results_total")
    assert len(results.parts) == rows - 4  # every row but 一, 二, （七）总计 and 四
    assert all(c.startswith("t3.") for r in relations if r.rule.startswith("t3") for c in r.cells)


def test_every_t3_and_t4_cell_is_in_some_relation() -> None:
    for version in FORMAT_VERSIONS:
        fmt = get_format(version)
        covered = {c for r in relations_of(fmt) for c in r.cells}
        for cell in cells_of(fmt):
            if cell.table in ("t3", "t4"):
                assert cell.id in covered, cell.id


def test_unknown_version_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="2019-60, 2021-30"):
        get_format("2020-1")


def test_generated_models_are_up_to_date() -> None:
    assert TARGET.read_text(encoding="utf-8") == generate(), "run: python -m gbreport.formats._codegen"
