"""Year over year: diff of two reports, its outputs, and key figures by year."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gbreport
from conftest import CORPUS, EXAMPLE
from gbreport.builders import next_year, replace
from gbreport.cli import main
from gbreport.diffing import diff, key_cells, series, series_cells, to_csv, to_html, to_json, to_text
from gbreport.formats import FORMAT_VERSIONS, cells_of
from gbreport.rendering._layout import layout
from gbreport.strategies import reports

SOME = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SOME
@given(data=st.data())
def test_changed_cells_are_exactly_the_cells_that_differ(data: st.DataObject) -> None:
    version = data.draw(st.sampled_from(FORMAT_VERSIONS))
    a, b = data.draw(reports(version)), data.draw(reports(version))
    d = diff(a, b)
    before, after = dict(gbreport.cells(a)), dict(gbreport.cells(b))
    assert [c.cell for c in d.cells] == [c.id for c in cells_of(version)]
    assert {c.cell for c in d.changed_cells} == {k for k in before if before[k] != after[k]}
    for c in d.changed_cells:
        assert (c.before, c.after) == (before[c.cell], after[c.cell])
        assert c.change == after[c.cell] - before[c.cell]  # type: ignore[operator]
        if before[c.cell]:
            assert c.relative == pytest.approx(float(Decimal(c.change) / Decimal(before[c.cell])))  # type: ignore[arg-type]
        else:
            assert c.relative is None
    assert [t.cell for t in d.totals] == list(key_cells(version))


def test_a_report_against_itself_has_no_change() -> None:
    report = gbreport.load(EXAMPLE)
    d = diff(report, report)
    assert d.changed_cells == () and d.header == () and d.conversion == ()
    assert all(t.similarity == 1.0 and t.paragraphs == () for t in d.texts)


def test_totals_are_the_table_totals() -> None:
    totals = key_cells("2021-30")
    assert totals[0] == "t3.new_received.total" and "t3.total.total" in totals
    assert "t3.withheld.state_secret.total" not in totals
    assert totals[-3:] == (
        "t4.reconsideration.total",
        "t4.litigation_direct.total",
        "t4.litigation_after_reconsideration.total",
    )


def test_a_blank_cell_is_not_zero() -> None:
    report = gbreport.load(EXAMPLE)
    blanked = replace(report, cells={"t3.granted.natural_person": None})
    [change] = [c for c in diff(blanked, report).changed_cells if c.cell == "t3.granted.natural_person"]
    assert change.before is None and change.change is None and change.relative is None


def test_texts_are_compared_paragraph_by_paragraph() -> None:
    last = gbreport.load(EXAMPLE)
    assert last.sections.problems is not None
    paragraphs = last.sections.problems.split("\n")
    rewritten = "\n".join([paragraphs[0], "今年新增的一段。", *paragraphs[2:]])
    this = replace(last, sections={"problems": rewritten, "other": None})
    d = diff(last, this)
    texts = {t.key: t for t in d.texts}
    problems = texts["sections.problems"]
    assert problems.changed and 0 < problems.similarity < 1
    [change] = problems.paragraphs
    assert (
        change.op == "replace" and change.after == ("今年新增的一段。",) and change.before == (paragraphs[1].strip(),)
    )
    assert texts["sections.overview"].similarity == 1.0 and not texts["sections.overview"].changed
    if last.sections.other:
        assert texts["sections.other"].paragraphs[0].op == "delete"


def test_reports_of_two_format_versions_are_compared_after_conversion() -> None:
    before = gbreport.parse(CORPUS / "pingtan-2019.txt").report
    after = gbreport.parse(CORPUS / "pingtan-2021.txt").report
    d = diff(before, after)
    assert d.format_version == "2021-30" and d.before.format_version == "2021-30"
    lost = gbreport.convert(before, "2021-30").lost
    note, unfilled = d.conversion
    assert f"{len(gbreport.convert(before, '2021-30').unfilled)} cell(s) of 2021-30" in unfilled
    assert note.startswith("the before report was converted from 2019-60 to 2021-30")
    assert all(f"{x.cell}={x.value}" in note for x in lost)
    totals = {c.cell: c for c in d.totals}
    assert totals["t3.total.total"].before == before.t3.total.total
    assert totals["t3.total.total"].after == after.t3.total.total
    assert diff(after, before).conversion[0].startswith("the after report was converted")


def _hostile() -> tuple[gbreport.Report, gbreport.Report]:
    last = gbreport.load(EXAMPLE)
    this = replace(
        next_year(last, keep_text=True),
        cells={"t3.granted.natural_person": 5},
        header={"agency": "<script>alert(1)</script>局"},
        sections={"other": '<img src=x onerror="alert(2)"> & 其他'},
    )
    return last, this


def test_outputs_text_json_csv() -> None:
    last, this = _hostile()
    d = diff(last, this)
    text = to_text(d)
    assert "t3.granted.natural_person" in text and "表格合计" in text
    assert "Table totals" in to_text(d, "en")
    data = json.loads(to_json(d))
    assert data == json.loads(json.dumps(d.to_dict(), ensure_ascii=False))
    assert {c["cell"] for c in data["changed_cells"]} == {c.cell for c in d.changed_cells}
    rows = list(csv.DictReader(io.StringIO(to_csv(d))))
    assert len(rows) == len(cells_of(last.format_version))
    [granted] = [r for r in rows if r["cell"] == "t3.granted.natural_person"]
    assert granted["after"] == "5" and granted["changed"] == "1"
    assert sum(int(r["total"]) for r in rows) == len(d.totals)


def test_html_is_the_official_layout_with_changes_marked_and_everything_escaped() -> None:
    last, this = _hostile()
    d = diff(last, this)
    page = to_html(d)
    assert "<script>" not in page and "<img" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;局" in page and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    )
    for table in ("t2", "t3", "t4"):
        for lc in layout(d.format_version, table).cells():
            if lc.label is not None and lc.label.zh:
                assert lc.label.zh in page or lc.label.zh.replace("“", "&ldquo;") in page
    marked = re.findall(r'<td class="v changed[^"]*"[^>]*title="([^"]+)"', page)
    assert {m.split(":")[0] for m in marked} == {c.cell for c in d.changed_cells}
    assert '<html lang="en">' in to_html(d, "en")


def test_series_of_one_agency() -> None:
    last = gbreport.load(EXAMPLE)
    y2021 = replace(next_year(last, format_version="2021-30"), cells={"t3.carried_forward.total": 5})
    y2022 = replace(next_year(y2021), cells={"t3.carried_over.total": 99})  # breaks the carry-over
    s = series([y2022, last, y2021], sources=["c", "a", "b"])
    assert s.years == (2020, 2021, 2022) and s.sources == ("a", "b", "c")
    assert s.format_version == "2021-30" and s.figures == series_cells("2021-30")
    values = s.values()
    assert values["t3.carried_over.total"] == (last.t3.carried_over.total, y2021.t3.carried_over.total, 99)
    assert any(n.startswith("2021 → 2022: year.carry_over") for n in s.notes)
    assert any("converted from 2019-60" in n for n in s.notes)
    rows = list(csv.reader(io.StringIO(s.to_csv())))
    assert rows[0] == ["cell", "label_zh", "label_en", "2020", "2021", "2022"]
    assert len(rows) == 1 + len(s.figures)
    assert json.loads(s.to_json())["years"] == [2020, 2021, 2022]
    other = replace(y2021, header={"agency": "另一个局"})
    assert any("2 agencies" in n for n in series([last, other]).notes)


def test_diff_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last, this = _hostile()
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(gbreport.dumps(last), encoding="utf-8")
    b.write_text(gbreport.dumps(this), encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 0
    assert "t3.granted.natural_person" in capsys.readouterr().out
    for form in ("json", "csv", "html"):
        out = tmp_path / f"d.{form}"
        assert main(["diff", str(a), str(b), "--format", form, "-o", str(out)]) == 0
        assert out.stat().st_size > 100
    assert main(["diff", str(a)]) == 2
    assert "compares two reports" in capsys.readouterr().err
    assert main(["diff", str(a), str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err
    assert main(["diff", "--series", str(a), str(b), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("cell,label_zh,label_en,2020,2021")
    folder = tmp_path / "agency"
    folder.mkdir()
    for path in (a, b):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "junk.json").write_text("{", encoding="utf-8")
    assert main(["diff", "--series", str(folder), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["years"] == [2020, 2021]
    assert "skipped" in err and "junk.json" in err
    (folder / "a.json").unlink()
    (folder / "b.json").unlink()
    assert main(["diff", "--series", str(folder)]) == 2
    assert "no usable report" in capsys.readouterr().err


def test_a_cell_newly_marked_not_applicable_is_a_change() -> None:
    last = gbreport.load(EXAMPLE)
    this = replace(last, cells={"t2.fees.change": None}, marks={"t2.fees.change": "/"})
    [change] = diff(last, this).changed_cells
    assert (change.cell, change.before, change.after, change.after_mark) == (
        "t2.fees.change",
        last.t2.fees.change,
        None,
        "/",
    )
    assert f"{last.t2.fees.change} → /" in to_text(diff(last, this))
    unmarked = replace(this, marks={"t2.fees.change": None})
    [change] = diff(this, unmarked).changed_cells
    assert change.before_mark == "/" and change.after_mark is None
