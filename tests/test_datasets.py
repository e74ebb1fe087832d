"""Reports as datasets: cells output read back, wide tables (CSV, Excel, Parquet), data frames."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import gbreport
from conftest import CORPUS, EXAMPLE, run_guide
from gbreport.builders import next_year, replace
from gbreport.cli import main
from gbreport.datasets import (
    CONVERTED,
    META,
    read_cells,
    read_cells_mapping,
    to_dataframe,
    version_of,
    wide_table,
)
from gbreport.errors import LoadError
from gbreport.formats import FORMAT_VERSIONS, cell_ids, cells_of
from gbreport.strategies import reports
from gbreport.workbook import write_workbook


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- cells output read back -----------------------------------------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(report=reports())
def test_cells_tsv_and_json_read_back(
    report: gbreport.Report, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "report.json"
    source.write_text(gbreport.dumps(report), encoding="utf-8")
    for flag, name in (([], "cells.tsv"), (["--json"], "cells.json")):
        code, out, _ = _run(capsys, "cells", *flag, str(source))
        assert code == 0
        path = tmp_path / name
        path.write_text(out, encoding="utf-8")
        back = gbreport.load(path)
        assert back.format_version == report.format_version
        assert list(gbreport.cells(back)) == list(gbreport.cells(report))
        assert read_cells(out) == back
        code, checked, _ = _run(capsys, "check", "--json", str(path))
        assert json.loads(checked)[0]["format_version"] == report.format_version


def test_cells_of_a_published_document_read_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = CORPUS / "pingtan-2021.txt"
    code, out, _ = _run(capsys, "cells", str(document))
    assert code == 0
    path = tmp_path / "pingtan.tsv"
    path.write_text(out, encoding="utf-8")
    assert list(gbreport.cells(gbreport.load(path))) == list(gbreport.cells(gbreport.parse(document).report))
    assert gbreport.parse(path).kind == "cells"


def test_a_cells_mapping_loads_like_a_report() -> None:
    report = gbreport.load(EXAMPLE)
    mapping = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in gbreport.cells(report)}
    assert list(gbreport.cells(gbreport.load(mapping))) == list(gbreport.cells(report))
    assert gbreport.load(json.dumps(mapping)) == gbreport.load(mapping)
    # a few cells: the version is the one whose vocabulary has them all
    assert read_cells_mapping({"t2.regulations.made": 3}).format_version == "2019-60"
    assert read_cells_mapping({"t2.regulations.issued": 3}).format_version == "2021-30"


def test_marks_of_cells_that_do_not_apply_survive_the_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = replace(
        gbreport.load(EXAMPLE),
        cells={"t2.fees.change": None, "t4.reconsideration.other": None},
        marks={"t2.fees.change": "/", "t4.reconsideration.other": "不适用"},
    )
    source = tmp_path / "report.json"
    source.write_text(gbreport.dumps(report), encoding="utf-8")
    code, out, _ = _run(capsys, "cells", str(source))
    assert code == 0 and "t2.fees.change\t/" in out.splitlines()
    back = read_cells(out)
    assert back.marks == report.marks and list(gbreport.cells(back)) == list(gbreport.cells(report))
    code, out, _ = _run(capsys, "cells", "--json", str(source))
    assert json.loads(out)["t4.reconsideration.other"] == "不适用"
    assert gbreport.load(json.loads(out)).marks == report.marks
    table = wide_table([report], printed=True)
    [row] = table.records()
    assert row["printed:t2.fees.change"] == "/" and row["t2.fees.change"] is None
    assert row["printed:t3.granted.total"] is None
    converted = wide_table([report], as_version="2021-30", printed=True)
    assert next(converted.records())["printed:t4.reconsideration.other"] == "不适用"


def test_which_version_a_list_of_cells_is() -> None:
    for version in FORMAT_VERSIONS:
        assert version_of(set(cell_ids(version))) == version
    with pytest.raises(LoadError, match="fit several format versions"):
        version_of({"t3.granted.natural_person"})
    with pytest.raises(LoadError, match=r"'t9\.nothing'"):
        version_of({"t9.nothing", "t3.granted.total"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("t2.regulations.made\t0\nt3.granted.natural_person\t1.5\n", "expected a whole number, got '1.5'"),
        ("t3.granted.natural_person\t1\nt3.granted.natural_person\t2\n", "listed twice"),
        ("t3.granted.natural_person 1\n", "expected 'cell_id<TAB>value'"),
        ('{"t3.granted.natural_person": -1, "t2.regulations.made": 0}', "greater than or equal to 0"),
    ],
)
def test_bad_cells_output_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(LoadError) as info:
        read_cells(text)
    assert message in str(info.value) and "\n" not in str(info.value)


# --- wide tables ------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Four reports of one agency (2020 in 2019-60, 2021 and 2022 in 2021-30, one a workbook) and a bad file."""
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    last = gbreport.load(EXAMPLE)
    (root / "a-2020.json").write_text(gbreport.dumps(last), encoding="utf-8")
    y2021 = replace(
        next_year(last, format_version="2021-30"), cells={"t2.fees.amount": "1.50"}, header={"published": "2022-01-20"}
    )
    (root / "b-2021.json").write_text(gbreport.dumps(y2021), encoding="utf-8")
    y2022 = next_year(y2021)
    (root / "sub" / "c-2022.xlsx").write_bytes(write_workbook(y2022))
    (root / "broken.json").write_text('{"format_version": "2021-30", "header": 5}', encoding="utf-8")
    (root / "notes.csv").write_text("not a report", encoding="utf-8")  # not a report suffix: not listed
    return root


def test_a_wide_table_of_a_folder(folder: Path) -> None:
    table = wide_table([folder])
    assert table.columns[: len(META)] == META
    rows = {Path(r["file"]).name: r for r in table.records()}
    assert sorted(rows) == ["a-2020.json", "b-2021.json", "broken.json", "c-2022.xlsx"]
    assert rows["broken.json"]["status"] == "unusable" and "header" in rows["broken.json"]["reason"]
    assert rows["a-2020.json"]["format_version"] == "2019-60" and rows["a-2020.json"]["year"] == 2020
    assert rows["b-2021.json"]["t2.fees.amount"] == Decimal("1.50")
    assert rows["c-2022.xlsx"]["year"] == 2022 and rows["c-2022.xlsx"]["agency"] == "哈尔滨市平房区教育局"
    example = dict(gbreport.cells(gbreport.load(EXAMPLE)))
    assert all(rows["a-2020.json"][cell] == value for cell, value in example.items())
    # mixed versions: the union of both vocabularies, and a note saying so
    union = set(cell_ids("2019-60")) | set(cell_ids("2021-30"))
    assert set(table.columns[len(META) :]) == union
    assert rows["a-2020.json"]["t2.regulations.issued"] is None
    assert any("several format versions" in n for n in table.notes)


def test_as_version_converts_and_lists_the_losses(folder: Path) -> None:
    table = wide_table([folder], as_version="2021-30")
    assert table.columns[: len(META) + 2] == META + CONVERTED
    assert table.columns[len(META) + 2 :] == tuple(c.id for c in cells_of("2021-30"))
    rows = {Path(r["file"]).name: r for r in table.records()}
    old = rows["a-2020.json"]
    result = gbreport.convert(gbreport.load(EXAMPLE), "2021-30")
    assert old["converted_from"] == "2019-60" and old["format_version"] == "2021-30"
    assert old["lost"] == "; ".join(f"{d.cell}={d.value}" for d in result.lost)
    assert old["t3.other.other.total"] == gbreport.load(EXAMPLE).t3.other.total
    assert rows["b-2021.json"]["converted_from"] is None


def test_reports_objects_make_rows_with_their_check_status() -> None:
    good = gbreport.load(EXAMPLE)
    bad = replace(good, cells={"t3.total.total": 999})
    table = wide_table([good, bad])
    assert [r["status"] for r in table.records()] == ["conforms", "fails"]
    assert [r["file"] for r in table.records()] == [None, None]


def test_dataframe_types(folder: Path) -> None:
    df = to_dataframe([folder], as_version="2021-30")
    assert str(df["t3.total.total"].dtype) == "Int64" and str(df["year"].dtype) == "Int64"
    assert df["t2.fees.amount"].dtype == object
    usable = df[df["status"] != "unusable"].set_index("year")
    assert usable.loc[2021, "t2.fees.amount"] == Decimal("1.50")
    assert pd.isna(usable.loc[2020, "t2.regulations.issued"])  # blank is <NA>, never 0
    assert str(usable.loc[2021, "published"].date()) == "2022-01-20"
    floats = to_dataframe([folder], as_version="2021-30", money="float")
    assert str(floats["t2.fees.amount"].dtype) == "Float64"
    assert floats.set_index("year").loc[2021, "t2.fees.amount"] == 1.5
    with pytest.raises(ValueError, match="money"):
        to_dataframe([folder], money="cents")  # type: ignore[arg-type]


def test_cells_wide_command_writes_csv_xlsx_and_parquet(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "table.csv"
    code, _, err = _run(capsys, "cells", "--wide", str(folder), "--as", "2021-30", "-o", str(out))
    assert code == 0
    assert "1 of 4 file(s) unusable" in err and "converted to 2021-30" in err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 4 and list(rows[0])[: len(META) + 2] == [*META, *CONVERTED]
    by_year = {r["year"]: r for r in rows}
    assert by_year["2021"]["t2.fees.amount"] == "1.50" and by_year["2020"]["t2.regulations.issued"] == ""

    xlsx = tmp_path / "table.xlsx"
    assert _run(capsys, "cells", "--wide", str(folder), "--as", "2021-30", "-o", str(xlsx))[0] == 0
    sheet = openpyxl.load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    assert header[: len(META)] == list(META) and sheet.max_row == 5

    parquet = tmp_path / "table.parquet"
    assert _run(capsys, "cells", "--wide", str(folder), "--as", "2021-30", "-o", str(parquet))[0] == 0
    frame = pd.read_parquet(parquet)
    assert list(frame.columns) == [*META, *CONVERTED, *(c.id for c in cells_of("2021-30"))]
    assert frame.set_index("year").loc[2021, "t2.fees.amount"] == Decimal("1.50")

    code, out_json, _ = _run(capsys, "cells", "--wide", "--format", "json", str(folder))
    assert code == 0 and len(json.loads(out_json)) == 4


def test_cells_command_usage(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "cells", str(folder))
    assert code == 2 and "add --wide" in err
    code, _, err = _run(capsys, "cells", "--wide", str(folder / "sub" / "missing"))
    assert code == 0  # a named file that does not exist is a row that says so
    code, out, _ = _run(capsys, "cells", "--wide", "--format", "json", str(folder / "missing.json"))
    assert json.loads(out)[0]["status"] == "unusable"
    code, out, _ = _run(capsys, "cells", "--as", "2021-30", str(EXAMPLE))
    assert code == 0 and out.splitlines()[0].startswith("t2.regulations.issued\t")


def test_the_corpus_folder_gives_one_row_per_document(capsys: pytest.CaptureFixture[str]) -> None:
    table = wide_table([CORPUS], as_version="2021-30")
    names = {Path(r["file"]).name: r for r in table.records()}
    documents = [p.name for p in CORPUS.iterdir() if not p.name.endswith(".truth.json")]
    assert set(documents) <= set(names)
    assert names["pingtan-2021.txt"]["agency"] and names["pingtan-2021.txt"]["year"] == 2021
    assert {r["status"] for r in table.records()} <= {"conforms", "fails", "needs_review", "unusable"}


# --- the guide ----------------------------------------------------------------------------


def test_dataset_guide_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run_guide("guide-dataset.md", tmp_path, monkeypatch, min_blocks=5)
    assert "t3.total.total" in capsys.readouterr().out
    # the shell commands of the guide
    for argv in (
        ["cells", "--wide", "reports/", "-o", "table.csv"],
        ["cells", "--wide", "reports/", "--as", "2021-30", "-o", "table.xlsx"],
        ["cells", "--wide", "reports/", "--as", "2021-30", "-o", "table.parquet"],
        ["diff", "reports/平房区教育局/2021.json", "reports/平房区教育局/2022.json"],
        ["diff", "--series", "reports/平房区教育局/"],
    ):
        assert main(argv) == 0, argv
    assert len(pd.read_parquet("table.parquet")) == 4
