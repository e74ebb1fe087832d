"""load / dumps / from_cells / cells, and the corpus ground truth."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given

import gbreport
from conftest import EXAMPLE, load_truth, truth_files
from gbreport.strategies import reports


@given(reports())
def test_dumps_load_round_trip_is_identity(report: gbreport.Report) -> None:
    text = gbreport.dumps(report)
    again = gbreport.load(text)
    assert again == report
    assert gbreport.dumps(again) == text


@given(reports())
def test_cells_are_in_vocabulary_order_and_rebuild_the_report(report: gbreport.Report) -> None:
    pairs = list(gbreport.cells(report))
    fmt = gbreport.get_format(report.format_version)
    from gbreport.formats import cells_of

    assert [cell_id for cell_id, _ in pairs] == [c.id for c in cells_of(fmt)]
    rebuilt = gbreport.from_cells(
        report.format_version, dict(pairs), header=report.header, sections=report.sections.model_dump()
    )
    assert rebuilt == report


def test_blank_cells_survive_a_round_trip() -> None:
    report = gbreport.from_cells("2021-30", {"t3.new_received.natural_person": 3, "t2.fees.amount": "1.50"})
    text = gbreport.dumps(report)
    assert '"natural_person": null' in text
    again = gbreport.load(text)
    values = dict(gbreport.cells(again))
    assert values["t3.new_received.natural_person"] == 3
    assert values["t3.carried_over.natural_person"] is None
    assert values["t2.fees.amount"] == Decimal("1.50")
    assert '"amount": "1.50"' in text  # money keeps the decimals it was given


def test_attribute_paths_spell_cell_ids() -> None:
    report = gbreport.load(EXAMPLE)
    values = dict(gbreport.cells(report))
    assert report.t2.licensing.items_last_year == values["t2.licensing.items_last_year"] == 14
    assert report.t3.withheld.state_secret.natural_person == values["t3.withheld.state_secret.natural_person"]
    assert report.t4.litigation_direct.total == values["t4.litigation_direct.total"]


def test_load_accepts_path_text_bytes_and_mapping() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    from_path = gbreport.load(EXAMPLE)
    assert gbreport.load(str(EXAMPLE)) == from_path
    assert gbreport.load(text) == from_path
    assert gbreport.load(text.encode()) == from_path
    assert gbreport.load(json.loads(text)) == from_path


def test_models_are_frozen() -> None:
    report = gbreport.load(EXAMPLE)
    with pytest.raises(ValueError, match="frozen"):
        report.t3.granted.natural_person = 5  # type: ignore[misc]


def test_seed_example_conforms() -> None:
    report = gbreport.load(EXAMPLE)
    assert report.format_version == "2019-60"
    assert report.header.agency == "哈尔滨市平房区教育局"
    assert gbreport.check(report) == ()


def test_from_cells_rejects_unknown_ids() -> None:
    with pytest.raises(gbreport.LoadError, match=r"t3\.granted\.robots"):
        gbreport.from_cells("2019-60", {"t3.granted.robots": 1})


def test_from_cells_rejects_bad_values_with_the_cell_named() -> None:
    with pytest.raises(gbreport.LoadError, match=r"t3\.granted\.natural_person: .*greater than or equal to 0"):
        gbreport.from_cells("2019-60", {"t3.granted.natural_person": -1})
    with pytest.raises(gbreport.LoadError, match=r"t2\.licensing\.change"):
        gbreport.from_cells("2019-60", {"t2.licensing.change": "x"})
    # 本年增/减 is signed
    report = gbreport.from_cells("2019-60", {"t2.licensing.change": -8})
    assert report.t2.licensing.change == -8


@pytest.mark.parametrize("truth_path", truth_files(), ids=lambda p: p.name.split(".")[0])
def test_corpus_truth_loads_and_gives_exactly_its_listed_violations(truth_path: Path) -> None:
    truth = load_truth(truth_path)
    report = gbreport.from_cells(
        truth["format_version"],
        truth["cells"],
        header={"agency": truth["agency"], "year": truth["year"], "published": truth["published"]},
    )
    assert [cell_id for cell_id, _ in gbreport.cells(report)] == list(truth["cells"])
    for cell_id, value in gbreport.cells(report):
        expected = truth["cells"][cell_id]
        if isinstance(value, Decimal):
            assert value == Decimal(expected)
        else:
            assert value == expected, cell_id
    findings = gbreport.check(report)
    violations = [f.code for f in findings if f.severity != "info"]
    assert violations == list(truth["invariant_violations_as_printed"])
    # every null cell is reported as blank at info level, and nothing else is
    nulls = {c for c, v in truth["cells"].items() if v is None}
    assert {f.cells[0] for f in findings if f.code == "cell.blank"} == nulls
