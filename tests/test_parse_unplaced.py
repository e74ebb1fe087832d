"""Values whose cells are not known are never guessed: short rows, grid rows with surplus columns, and
tables that break many of their sums at once while their printed totals agree."""

from __future__ import annotations

import random

import pytest

from gbreport import cells, from_cells, render
from gbreport.builders._totals import valid_cells
from gbreport.formats import get_format, relations_of, versions
from gbreport.parsing import ParseResult, parse
from gbreport.parsing._locate import row_cells, t3_leaf_labels, t3_row_keys
from gbreport.parsing._misread import MIN_BROKEN, misread_tables, table_sums

HEADER = {"agency": "某某市某某局", "year": 2023}


def _values(version: str, seed: int) -> dict[str, object]:
    return dict(valid_cells(version, random.Random(seed).randint))


def _flagged(result: ParseResult) -> set[str]:
    return {c for f in result.findings if f.severity != "info" for c in f.cells}


def _running_text(version: str, values: dict[str, object], short: str) -> str:
    """Tables 2 and 3 as web-page text: each row's label, then its values separated by spaces; the row
    ``short`` prints only ``5 7``."""
    lines = [f"某某市某某局{HEADER['year']}年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    for block in get_format(version).t2.blocks:
        lines.append(block.caption.zh)
        for row in block.rows:
            ids = [c.id for c in row_cells(version)[("t2", row.key or "")]]
            lines.append(" ".join([row.label.zh, *(str(values[c]) for c in ids)]))
    lines.append("三、收到和处理政府信息公开申请情况")
    for node, key in zip(t3_leaf_labels(version), t3_row_keys(version), strict=True):
        ids = [c.id for c in row_cells(version)[("t3", key)]]
        printed = ["5", "7"] if key == short else [str(values[c]) for c in ids]
        lines.append(" ".join([node.label.zh, *printed]))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("version", versions())
def test_a_row_printing_fewer_values_than_cells_is_blank_with_findings(version: str) -> None:
    """``一、本年新收… 5 7`` gives two values for seven cells: which cells they are is not known."""
    values = _values(version, 1)
    short = t3_row_keys(version)[0]
    result = parse(_running_text(version, values, short))
    flagged = _flagged(result)
    got = dict(cells(result.report))
    row = [c.id for c in row_cells(version)[("t3", short)]]
    for cid in row:
        assert got[cid] is None and cid in flagged and result.read[cid].mark == "unreadable", cid
    assert all(got[c] == v for c, v in values.items() if c.startswith("t3.") and c not in row)


@pytest.mark.parametrize("version", versions())
def test_a_grid_row_with_more_columns_than_cells_is_blank_with_findings(version: str) -> None:
    """An HTML table 3 whose first row prints one column too many (a local extra column) is not shifted."""
    report = from_cells(version, _values(version, 2), header=HEADER)
    html = str(render(report, to="html"))
    row = row_cells(version)[("t3", t3_row_keys(version)[0])]
    label = row[0].row[-1].label.zh
    at = html.index(label)
    cell_end = html.index("</td>", html.index("<td", at)) + len("</td>")
    html = html[:cell_end] + "<td>99</td>" + html[cell_end:]
    result = parse(html)
    flagged = _flagged(result)
    got = dict(cells(result.report))
    for cell in row:
        assert got[cell.id] is None and cell.id in flagged, cell.id
    assert all(got[c] == v for c, v in cells(report) if c not in {cell.id for cell in row})


def _rotated(version: str, seed: int) -> dict[str, object]:
    """Valid values with the applicant columns of the outcome rows and of 四、结转 in table 3 rotated by one
    (row totals kept): what a reader that put each value one column to the right would produce, while the
    totals printed (the total column, the （七）总计 row) agree with each other."""
    values = _values(version, seed)
    rels = relations_of(version)
    outcomes = {c for r in rels if r.rule == "t3.results_total" for c in r.parts}
    forward = {c for r in rels if r.rule == "t3.balance" for c in r.totals}
    forward -= {c for r in rels if r.rule == "t3.results_total" for c in r.totals}
    for key in t3_row_keys(version):
        row = [c.id for c in row_cells(version)[("t3", key)]]
        if row[0] in outcomes | forward:
            parts = row[:-1]
            values.update(zip(parts, [values[parts[-1]], *(values[c] for c in parts[:-1])], strict=True))
    return values


@pytest.mark.parametrize("version", versions())
def test_many_broken_sums_with_agreeing_totals_is_a_misread_table(version: str) -> None:
    values = _rotated(version, 3)
    found = misread_tables(version, values)
    assert [m.table for m in found] == ["t3"]
    misread = found[0]
    assert misread.broken >= MIN_BROKEN
    grand = {c for rel in table_sums(version)["t3"].grand for c in rel.cells}
    assert misread.cells and not set(misread.cells) & grand
    result = parse(str(render(from_cells(version, values, header=HEADER), to="markdown")))
    codes = [f.code for f in result.findings]
    assert "parse.misread_table" in codes
    got = dict(cells(result.report))
    assert all(got[c] is None and result.read[c].mark == "unreadable" for c in misread.cells)
    assert all(got[c] == values[c] for c in grand)


@pytest.mark.parametrize("version", versions())
def test_a_report_with_a_few_wrong_sums_is_read_as_printed(version: str) -> None:
    """A typo breaks a few sums: that is the report's error, for the checker to report, not a misread."""
    values = _values(version, 4)
    for cid in [c for rel in relations_of(version) for c in rel.parts if c.startswith("t3.")][:2]:
        values[cid] = int(str(values[cid] or 0)) + 1
    assert misread_tables(version, values) == []
    result = parse(str(render(from_cells(version, values, header=HEADER), to="markdown")))
    assert "parse.misread_table" not in [f.code for f in result.findings]
    assert dict(cells(result.report)) == dict(cells(from_cells(version, values, header=HEADER)))
