"""The parsers on the real published reports: every cell as in the hand-checked truth files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from gbreport import cells, check
from gbreport.parsing import ParseResult, detect_kind, load_any, parse

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
NAMES = sorted(p.name.removesuffix(".truth.json") for p in CORPUS.glob("*.truth.json"))
DOCUMENTS = NAMES


def test_pdftotext_is_installed() -> None:
    assert shutil.which("pdftotext"), "reading PDF needs poppler's pdftotext: apt-get install poppler-utils"


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)


def _truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / f"{name}.truth.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParseResult]:
    return {name: parse(CORPUS / name) for name in NAMES}


def test_corpus_present() -> None:
    assert len(NAMES) == 8


@pytest.mark.parametrize("name", DOCUMENTS)
def test_cells_match_truth(parsed: dict[str, ParseResult], name: str) -> None:
    """Every cell equals the truth, except cells the parser flags as ambiguous; for those the truth is a candidate."""
    result, truth = parsed[name], _truth(name)
    assert result.format_version == truth["format_version"]
    got = {cid: _plain(v) for cid, v in cells(result.report)}
    assert list(got) == list(truth["cells"])
    wrong = {
        cid: (got[cid], value)
        for cid, value in truth["cells"].items()
        if got[cid] != _plain(value) and cid not in result.ambiguous
    }
    assert wrong == {}
    for cid, candidates in result.ambiguous.items():
        if truth["cells"][cid] is not None:
            assert _plain(truth["cells"][cid]) in {_plain(c) for c in candidates}, cid


@pytest.mark.parametrize("name", DOCUMENTS)
def test_cells_match_truth_exactly_with_outside_evidence(name: str) -> None:
    """Given the truth's values of the ambiguous cells only (the evidence the notes cite), every cell is exact."""
    truth = _truth(name)
    first = parse(CORPUS / name)
    assume = {cid: truth["cells"][cid] for cid in first.ambiguous if truth["cells"][cid] is not None}
    result = parse(CORPUS / name, assume=assume)
    got = {cid: _plain(v) for cid, v in cells(result.report)}
    assert got == {cid: _plain(v) for cid, v in truth["cells"].items()}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_header_matches_truth(parsed: dict[str, ParseResult], name: str) -> None:
    header, truth = parsed[name].report.header, _truth(name)
    assert header.agency == truth["agency"]
    assert header.year == truth["year"]
    assert (header.published.isoformat() if header.published else None) == truth["published"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_check_reports_exactly_the_printed_violations(parsed: dict[str, ParseResult], name: str) -> None:
    codes = [f.code for f in check(parsed[name].report) if f.severity != "info"]
    assert codes == [v if isinstance(v, str) else v["code"] for v in _truth(name)["invariant_violations_as_printed"]]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_blank_and_unreadable_cells(parsed: dict[str, ParseResult], name: str) -> None:
    result, truth = parsed[name], _truth(name)
    assert result.blank_cells == truth["blank_cells"]
    assert set(truth["unreadable_cells"]) <= set(result.unreadable_cells)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_findings_have_locations(parsed: dict[str, ParseResult], name: str) -> None:
    for f in parsed[name].findings:
        assert f.code.startswith("parse.")
        if f.cells:
            assert f.location


def test_ambiguities_are_only_the_documented_ones(parsed: dict[str, ParseResult]) -> None:
    flagged = {name: sorted({c.rsplit(".", 1)[0] for c in r.ambiguous}) for name, r in parsed.items() if r.ambiguous}
    assert flagged == {
        "pingtan-2019.txt": [
            "t2.coercion",
            "t2.fees",
            "t2.licensing",
            "t2.normative_documents",
            "t2.other_services",
            "t2.penalties",
            "t2.procurement",
        ],
        "pingtan-2021.txt": ["t2.normative_documents"],
    }
    codes = {f.code for f in parsed["pingtan-2019.txt"].findings}
    assert "parse.ambiguous_segmentation" in codes


def test_run_together_table_3_uses_the_sums(parsed: dict[str, ParseResult]) -> None:
    report = parsed["pingtan-2021.txt"].report
    assert report.t3.granted.natural_person == 27
    assert report.t3.granted.social_org == 2
    assert report.t3.unavailable.not_held.natural_person == 22
    assert report.t4.litigation_direct.total == 12
    segmented = [f for f in parsed["pingtan-2021.txt"].findings if f.code == "parse.segmented"]
    assert segmented and all(f.severity == "info" for f in segmented)


def test_missing_row_is_blank_not_zero(parsed: dict[str, ParseResult]) -> None:
    result = parsed["pingtan-approval_2025.html"]
    assert result.report.t2.regulations.issued is None
    assert "t2.regulations.issued" not in result.blank_cells
    assert any(f.code == "parse.missing_row" and "t2.regulations.issued" in f.cells for f in result.findings)


def test_procurement_unit_recorded(parsed: dict[str, ParseResult]) -> None:
    report = parsed["pingtan-finance_2019.html"].report
    assert report.t2.procurement.amount_unit == "元"


def test_blank_template() -> None:
    result = parse(CORPUS / "template-2021-blank.docx")
    assert result.format_version == "2021-30"
    assert result.kind == "docx"
    assert all(value is None for _, value in cells(result.report))
    assert set(result.blank_cells) >= {cid for cid, _ in cells(result.report) if not cid.startswith("t2.licensing")}


def test_kind_detected_from_content(tmp_path: Path) -> None:
    for name, kind in [
        ("pingtan-2019.txt", "text"),
        ("pingtan-finance_2019.html", "html"),
        ("template-2021-blank.docx", "docx"),
    ]:
        data = (CORPUS / name).read_bytes()
        assert detect_kind(data) == kind
        renamed = tmp_path / f"{name}.bin"
        renamed.write_bytes(data)
        assert parse(renamed).kind == kind


def test_sections_extracted(parsed: dict[str, ParseResult]) -> None:
    sections = parsed["pingfang-education-2020.txt"].report.sections
    assert sections.overview and sections.problems and sections.other
    assert sections.other.startswith("无")


def test_load_any_accepts_documents_and_json(tmp_path: Path, parsed: dict[str, ParseResult]) -> None:
    from gbreport import dumps

    report = load_any(CORPUS / "pingtan-finance_2019.html")
    assert report == parsed["pingtan-finance_2019.html"].report
    path = tmp_path / "r.json"
    path.write_text(dumps(report), encoding="utf-8")
    assert load_any(path) == report
