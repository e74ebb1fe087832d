"""gbreport.reviewing: a status for every file of a set of reports, year pairing, locations, executors."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import gbreport
from conftest import CORPUS, EXAMPLE
from gbreport import dumps, load, next_year
from gbreport.parsing import KINDS
from gbreport.reviewing import (
    STATUSES,
    ReviewResult,
    _compat,
    _discover,
    _one,
    discover,
    report_suffixes,
    review,
    review_file,
)
from gbreport.strategies import report_chains

SCANNED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _example(**header: object) -> dict[str, object]:
    data: dict[str, object] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["header"] = {**data["header"], **header}  # type: ignore[dict-item]
    return data


def junk_folder(root: Path) -> dict[str, str]:
    """A folder of what real folders hold besides reports; file name -> expected status."""
    _write(root / "good" / "report.json", EXAMPLE.read_text(encoding="utf-8"))
    shutil.copy(CORPUS / "pingtan-finance_2019.html", root / "good" / "finance.html")
    shutil.copy(CORPUS / "pingtan-finance_2019.html.truth.json", root / "good" / "finance.html.truth.json")
    _write(root / "README.md", "# 2023 年度报告\n\n这里是各单位的年度报告。\n")
    _write(root / "empty.txt", b"")
    _write(root / "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    _write(root / "scan.pdf", SCANNED_PDF)
    _write(root / "truncated.pdf", (CORPUS / "huaian-city-2024.pdf").read_bytes()[:3000])
    _write(root / "notes.json", '{"title": "not a report"}')
    _write(root / "list.json", "[1, 2, 3]")
    _write(root / "broken.json", "{not json")
    _write(root / "latin1.txt", "caf\xe9 ".encode("latin-1") * 50)
    _write(root / "photo.jpg", b"\xff\xd8\xff\xe0 jpeg data")  # not a report kind: not picked up
    _write(root / ".hidden.json", "{}")  # hidden: not picked up
    return {
        "report.json": "conforms",
        "finance.html": "conforms",
        "finance.html.truth.json": "unusable",
        "README.md": "unusable",
        "empty.txt": "unusable",
        "old.doc": "unusable",
        "scan.pdf": "unusable",
        "truncated.pdf": "unusable",
        "notes.json": "unusable",
        "list.json": "unusable",
        "broken.json": "unusable",
        "latin1.txt": "unusable",
    }


def test_suffixes_follow_the_parsers_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    suffixes = report_suffixes()
    for expected in (".json", ".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".doc"):
        assert expected in suffixes
    assert len(suffixes) == len(set(suffixes))
    monkeypatch.setattr(_discover.parsing, "KINDS", (*KINDS, "xlsx"))
    assert ".xlsx" in report_suffixes()


def test_discovery_recurses_filters_and_keeps_named_files(tmp_path: Path) -> None:
    expected = junk_folder(tmp_path)
    found = [Path(p).name for p in discover(tmp_path)]
    assert sorted(found) == sorted(expected)
    assert found == [Path(p).name for p in discover(tmp_path)], "the order is stable"
    assert [Path(p).name for p in discover(tmp_path, include=["*.pdf"])] == ["scan.pdf", "truncated.pdf"]
    assert "README.md" not in [Path(p).name for p in discover(tmp_path, exclude=["README*", "*.truth.json"])]
    named = list(discover([tmp_path / "photo.jpg", tmp_path / "missing.json"]))
    assert named == [str(tmp_path / "photo.jpg"), str(tmp_path / "missing.json")]


def test_every_file_of_a_junk_folder_gets_a_row_and_a_reason(tmp_path: Path) -> None:
    expected = junk_folder(tmp_path)
    results = list(review(tmp_path))
    assert sorted(r.index for r in results) == list(range(len(expected)))
    got = {Path(r.path).name: r for r in results}
    assert {name: r.status for name, r in got.items()} == expected
    for r in results:
        assert r.status in STATUSES
        if r.status == "unusable":
            assert r.reason and "\n" not in r.reason and r.report is None
            assert "conform" not in r.reason
        else:
            assert not r.reason and r.report is not None
    assert got["old.doc"].reason.startswith("a legacy Word .doc")
    assert got["empty.txt"].reason.startswith("empty input")
    assert "no text layer" in got["scan.pdf"].reason
    assert "PDF" in got["truncated.pdf"].reason
    for sidecar in ("finance.html.truth.json", "notes.json"):
        assert got[sidecar].reason.startswith("not a report"), got[sidecar].reason
    assert "no table" in got["README.md"].reason


def test_a_missing_file_and_a_folder_named_directly(tmp_path: Path) -> None:
    [missing] = review(tmp_path / "nope.json")
    assert missing.status == "unusable" and "no such file" in missing.reason


def _reviewed_json(tmp_path: Path, name: str, data: Mapping[str, object]) -> ReviewResult:
    [result] = review(_write(tmp_path / name, json.dumps(data, ensure_ascii=False)), pair_years=False)
    return result


def test_statuses(tmp_path: Path) -> None:
    good = _reviewed_json(tmp_path, "good.json", _example())
    assert (good.status, good.conforms, good.counts["error"]) == ("conforms", True, 0)
    data = _example()
    data["t3"]["granted"]["natural_person"] = 2  # type: ignore[index]
    bad = _reviewed_json(tmp_path, "bad.json", data)
    assert bad.status == "fails" and bad.conforms is False
    assert set(bad.codes) == {"t3.row_total", "t3.results_total"}
    # the parser could not read some cells: no error, but needs review
    ambiguous = review_file(str(CORPUS / "pingtan-2021.txt"))
    assert ambiguous.status == "needs_review" and ambiguous.counts["error"] == 0
    assert set(ambiguous.unread) >= {"t2.normative_documents.in_force"}


def test_a_rule_that_cannot_be_assessed_means_needs_review() -> None:
    base = review_file(str(EXAMPLE))
    finding = gbreport.Finding("cell.blank", "info", (), None, None, "无法评估。", "Not assessable.")
    assert not _compat.is_not_assessable(finding)
    undecided = dataclasses.replace(finding, code="sections.not_assessable")
    assert _compat.is_not_assessable(undecided)
    from gbreport.reviewing._result import status_of

    assert status_of((*base.findings, undecided), (), parser_warned=False, gap=False) == "needs_review"
    assert status_of(base.findings, (), parser_warned=False, gap=False) == "conforms"


def test_internal_errors_are_a_row_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(path: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(_one, "parse", boom)
    [result] = review(EXAMPLE)
    assert result.status == "unusable" and "internal error (IndexError" in result.reason


# --- year pairing ----------------------------------------------------------------------


def _series(tmp_path: Path, years: list[int], agency: str = "某某市某某局") -> list[Path]:
    report = load(EXAMPLE).model_copy(update={"header": load(EXAMPLE).header.model_copy(update={"agency": agency})})
    by_year = {}
    current = report.model_copy(update={"header": report.header.model_copy(update={"year": min(years)})})
    for year in range(min(years), max(years) + 1):
        by_year[year] = current
        current = next_year(current)
    return [_write(tmp_path / f"{agency}-{y}.json", dumps(by_year[y])) for y in years]


def test_consecutive_years_are_paired_in_any_order(tmp_path: Path) -> None:
    paths = _series(tmp_path, [2019, 2020, 2021])
    for order in (paths, paths[::-1], [paths[1], paths[2], paths[0]]):
        results = {Path(r.path).name: r for r in review(order)}
        first, second, third = (results[p.name] for p in paths)
        assert first.pairing == "first" and first.previous is None
        assert (second.pairing, second.previous) == ("paired", str(paths[0]))
        assert (third.pairing, third.previous) == ("paired", str(paths[1]))
        assert all(r.status in ("conforms", "needs_review") for r in results.values())


def test_a_cross_year_error_is_found_and_located_through_the_pair(tmp_path: Path) -> None:
    older, newer = _series(tmp_path, [2020, 2021])
    data = json.loads(newer.read_text(encoding="utf-8"))
    data["t3"]["carried_over"]["natural_person"] = (data["t3"]["carried_over"]["natural_person"] or 0) + 3
    newer.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    results = {Path(r.path).name: r for r in review([newer, older])}
    paired = results[newer.name]
    assert paired.pairing == "paired" and paired.status == "fails"
    assert "year.carry_over" in paired.codes
    alone = {Path(r.path).name: r for r in review([newer])}[newer.name]
    assert "year.carry_over" not in alone.codes


def test_a_missing_year_is_not_assessable_not_an_error(tmp_path: Path) -> None:
    paths = _series(tmp_path, [2019, 2021])
    results = {Path(r.path).name: r for r in review(paths)}
    later = results[paths[1].name]
    assert later.pairing == "gap" and later.status == "needs_review"
    assert later.counts["error"] == 0 and later.previous == str(paths[0])
    gap = [f for f in later.findings if f.code.startswith("year.")]
    assert gap and all(_compat.is_not_assessable(f) for f in gap), "the checker says it could not assess"
    assert results[paths[0].name].status == "conforms"


def test_other_agencies_and_previous_override(tmp_path: Path) -> None:
    mine = _series(tmp_path, [2020, 2021], agency="甲局")
    theirs = _series(tmp_path, [2020], agency="乙局")
    results = {Path(r.path).name: r for r in review([mine[1], theirs[0]])}
    assert results[mine[1].name].pairing == "first"
    given = list(review([mine[1]], previous=mine[0]))
    assert [(r.pairing, r.previous) for r in given] == [("given", str(mine[0]))]
    with pytest.raises(gbreport.LoadError):
        list(review([mine[1]], previous=tmp_path / "missing.json"))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chain=report_chains(length=3, scale=5))
def test_generated_chains_pair_without_cross_year_findings(tmp_path: Path, chain: list[gbreport.Report]) -> None:
    folder = tmp_path / f"chain-{id(chain)}"
    chain = [
        r.model_copy(update={"header": r.header.model_copy(update={"agency": "某区某局", "year": 2020 + i})})
        for i, r in enumerate(chain)
    ]
    paths = [_write(folder / f"{i}.json", dumps(r)) for i, r in enumerate(chain)]
    results = sorted(review(paths[::-1]), key=lambda r: r.path)
    assert [r.pairing for r in results] == ["first", "paired", "paired"]
    assert [r.previous for r in results] == [None, str(paths[0]), str(paths[1])]
    assert all(f.severity != "error" for r in results for f in r.findings)


# --- source locations ------------------------------------------------------------------


def _broken_document(tmp_path: Path) -> Path:
    """The seed example with one table-3 cell changed, published as a web page."""
    data = _example()
    data["t3"]["granted"]["natural_person"] = 2  # type: ignore[index]
    return _write(tmp_path / "broken.html", gbreport.render(load(data), to="html"))


def test_check_findings_name_where_each_cell_was_read(tmp_path: Path) -> None:
    """Every check finding on a parsed document names the place the parser read each of its cells."""
    result = review_file(str(_broken_document(tmp_path)))
    assert result.status == "fails"
    checked = [f for f in result.findings if f.code.startswith("t3.")]
    assert {f.code for f in checked} == {"t3.row_total", "t3.results_total"}
    for f in checked:
        for cell in f.cells:
            place = result.locations.get(cell)
            assert place, cell
            assert f"{cell}: {place}" in f.location, f.location
    assert "table" in result.locations["t3.granted.natural_person"]


def test_cross_year_findings_name_the_place_in_each_years_file(tmp_path: Path) -> None:
    older_json, newer_json = _series(tmp_path / "json", [2020, 2021])
    older = load(older_json)
    data = json.loads(newer_json.read_text(encoding="utf-8"))
    data["t3"]["carried_over"]["natural_person"] = (data["t3"]["carried_over"]["natural_person"] or 0) + 3
    newer = load(data)
    paths = [_write(tmp_path / f"{r.header.year}.html", gbreport.render(r, to="html")) for r in (older, newer)]
    results = {Path(r.path).name: r for r in review(paths[::-1])}
    paired, earlier = results["2021.html"], results["2020.html"]
    [carry] = [f for f in paired.findings if f.code == "year.carry_over"]
    previous_cells = [c for c in carry.cells if c.startswith("previous.")]
    assert previous_cells and carry.location
    for cell in previous_cells:
        place = earlier.locations[cell.removeprefix("previous.")]
        assert f"{cell}: {paths[0]}: {place}" in carry.location, carry.location
    for cell in (c for c in carry.cells if not c.startswith("previous.")):
        assert f"{cell}: {paired.locations[cell]}" in carry.location, carry.location


def test_parser_findings_keep_their_locations_and_json_has_none() -> None:
    result = review_file(str(CORPUS / "pingtan-2021.txt"))
    parser = [f for f in result.findings if f.code.startswith("parse.") and f.cells]
    assert parser and all(f.location for f in parser)
    assert review_file(str(EXAMPLE)).locations == {}


# --- executors ------------------------------------------------------------------------


def _key(results: list[ReviewResult]) -> list[tuple[object, ...]]:
    return sorted((r.path, r.index, r.status, r.reason, r.codes, r.pairing, r.previous, r.findings) for r in results)


def test_executors_give_the_serial_results(tmp_path: Path) -> None:
    junk_folder(tmp_path / "junk")
    _series(tmp_path / "series", [2019, 2020, 2022])
    shutil.copy(CORPUS / "pingtan-2021.txt", tmp_path / "pingtan-2021.txt")
    serial = list(review(tmp_path))
    with ThreadPoolExecutor(2) as pool:
        threaded = list(review(tmp_path, executor=pool, batch_size=3, max_pending=2))
    with ProcessPoolExecutor(2) as pool:
        processes = list(review(tmp_path, executor=pool, batch_size=4))
    assert _key(serial) == _key(threaded) == _key(processes)
    assert len(serial) == len(list(discover(tmp_path)))


def test_a_failed_batch_still_gives_every_file_a_row(tmp_path: Path) -> None:
    class Broken(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
            return super().submit(lambda: (_ for _ in ()).throw(MemoryError("worker ran out of memory")))

    junk_folder(tmp_path)
    with Broken(1) as pool:
        results = list(review(tmp_path, executor=pool, batch_size=5))
    assert len(results) == len(list(discover(tmp_path)))
    assert all(r.status == "unusable" and "worker" in r.reason for r in results)


def test_results_stream(tmp_path: Path) -> None:
    """The first result comes before the later files are read (nothing is collected first)."""
    paths = [
        _write(tmp_path / f"{i}.json", json.dumps(_example(agency=f"局{i}"), ensure_ascii=False)) for i in range(3)
    ]
    seen: list[int] = []
    results = review(iter(paths), pair_years=False, progress=seen.append)
    first = next(results)
    assert first.path == str(paths[0]) and seen == [1]
    assert len(list(results)) == 2 and seen == [1, 1, 1]
