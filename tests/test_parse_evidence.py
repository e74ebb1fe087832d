"""Readings that the sums leave open, chosen with the agency's reports of adjacent years."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import gbreport
from gbreport.builders import fill_totals

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / f"{name}.truth.json").read_text(encoding="utf-8"))
    return data


def _report(version: str, year: int, **cells: Any) -> gbreport.Report:
    values = {c.id: 0 for c in gbreport.formats.cells_of(gbreport.get_format(version))}
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    return gbreport.from_cells(version, fill_totals(version, values), header={"agency": "平潭综合实验区", "year": year})


def test_previous_year_in_force_selects_the_reading() -> None:
    plain = gbreport.parse(CORPUS / "pingtan-2021.txt")
    assert len(plain.ambiguous["t2.normative_documents.in_force"]) > 2
    # 2021 现行有效 = 2020 现行有效 + 2021 制发 − 2021 废止: with 599 last year only 69|3|665 fits
    last = _report("2021-30", 2020, t2__normative_documents__in_force=599)
    result = gbreport.parse(CORPUS / "pingtan-2021.txt", previous=last)
    docs = result.report.t2.normative_documents
    assert (docs.issued, docs.repealed, docs.in_force) == (69, 3, 665)
    assert result.ambiguous == {}
    [resolved] = [f for f in result.findings if f.code == "parse.resolved_by_evidence"]
    assert resolved.severity == "info" and "2020" in resolved.message_en and resolved.location
    truth = _truth("pingtan-2021.txt")
    assert {k: (None if v is None else str(v)) for k, v in gbreport.cells(result.report)} == {
        k: (None if v is None else str(v)) for k, v in truth["cells"].items()
    }


def test_following_year_narrows_without_guessing() -> None:
    # 2022 现行有效 670 with 10 issued and 5 repealed fixes 2021 现行有效 at 665; two readings keep it
    following = _report(
        "2021-30",
        2022,
        t2__normative_documents__in_force=670,
        t2__normative_documents__issued=10,
        t2__normative_documents__repealed=5,
    )
    result = gbreport.parse(CORPUS / "pingtan-2021.txt", following=following)
    assert result.report.t2.normative_documents.in_force is None
    assert set(result.ambiguous["t2.normative_documents.issued"]) == {6, 69}
    assert "parse.ambiguous_segmentation" in result.findings.codes()


def test_following_year_items_resolve_2019_rows() -> None:
    following = _report(
        "2019-60",
        2020,
        t2__licensing__items_last_year=396,
        t2__other_services__items_last_year=10,
        t2__penalties__items_last_year=2648,
        t2__coercion__items_last_year=126,
        t2__fees__items_last_year=35,
    )
    result = gbreport.parse(CORPUS / "pingtan-2019.txt", following=following)
    truth = _truth("pingtan-2019.txt")["cells"]
    for row in ("licensing", "other_services", "penalties", "coercion"):
        for column in ("items_last_year", "change", "decisions"):
            assert getattr(getattr(result.report.t2, row), column) == truth[f"t2.{row}.{column}"], (row, column)
    assert (result.report.t2.fees.items_last_year, result.report.t2.fees.change) == (35, 0)
    # 规范性文件 '898989' has no cross-year identity in 2019-60: it stays open, with its finding
    assert "t2.normative_documents.made" in result.ambiguous


def test_evidence_never_replaces_a_printed_value() -> None:
    # evidence that contradicts every reading of a row leaves the row as the sums left it
    last = _report("2021-30", 2020, t2__normative_documents__in_force=1)
    result = gbreport.parse(CORPUS / "pingtan-2021.txt", previous=last)
    assert result.report.t2.normative_documents.in_force is None
    plain = gbreport.parse(CORPUS / "pingtan-2021.txt")
    assert result.ambiguous == plain.ambiguous
    # values printed once are never touched by evidence
    assert result.report.t2.licensing.decisions == plain.report.t2.licensing.decisions == 2293


@pytest.mark.parametrize("name", ["pingfang-education-2020.txt", "pingtan-finance_2019.html"])
def test_evidence_changes_nothing_in_clear_documents(name: str) -> None:
    last = _report("2019-60", 2019, t3__carried_forward__natural_person=4, t3__new_received__natural_person=4)
    assert gbreport.parse(CORPUS / name, previous=last).report == gbreport.parse(CORPUS / name).report


def test_cli_parse_with_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gbreport.cli import main

    last = tmp_path / "2020.json"
    last.write_text(gbreport.dumps(_report("2021-30", 2020, t2__normative_documents__in_force=599)), encoding="utf-8")
    out = tmp_path / "2021.json"
    code = main(["parse", str(CORPUS / "pingtan-2021.txt"), "--previous", str(last), "-o", str(out)])
    assert code == 0
    assert "parse.resolved_by_evidence" in capsys.readouterr().err
    assert gbreport.load(out).t2.normative_documents.in_force == 665
