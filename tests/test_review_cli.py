"""gbreport check on many files: folders, outputs (text, JSON, JSON lines, CSV, Excel), exit codes."""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path

import pytest

from conftest import CORPUS, EXAMPLE
from gbreport.cli import main
from test_review import junk_folder

openpyxl = pytest.importorskip("openpyxl")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _broken(tmp_path: Path, name: str = "broken.json", agency: str | None = None) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["t3"]["granted"]["natural_person"] = 2
    if agency is not None:
        data["header"]["agency"] = agency
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_folder_is_reviewed_and_the_text_ends_with_totals(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    expected = junk_folder(tmp_path)
    code, out, err = run(capsys, "check", str(tmp_path))
    lines = out.splitlines()
    assert lines[-1].startswith(f"Total: {len(expected)} file(s): 2 conforms, 0 fails, 0 needs_review, 10 unusable")
    for name in expected:
        assert any(line.startswith(str(tmp_path)) and name in line for line in lines), name
    assert code == 2, "unusable files and no failing report"
    assert err.count("gbreport: error: ") == 10 and "Traceback" not in err


def test_exit_codes_for_batches(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = _broken(tmp_path)
    missing = str(tmp_path / "missing.json")
    assert run(capsys, "check", str(EXAMPLE))[0] == 0
    assert run(capsys, "check", missing, str(broken), str(EXAMPLE))[0] == 1, "an unusable file never hides a failure"
    assert run(capsys, "check", missing)[0] == 2
    assert run(capsys, "check", missing, str(EXAMPLE))[0] == 2
    needs_review = str(CORPUS / "pingtan-2021.txt")
    assert run(capsys, "check", needs_review)[0] == 0
    assert run(capsys, "check", "--strict", needs_review)[0] == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "check", str(empty))
    assert code == 2 and "is a directory with no report files" in err and err.count("\n") == 1


def test_json_lists_every_file_unusable_ones_included(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    expected = junk_folder(tmp_path)
    code, out, _ = run(capsys, "check", "--json", str(tmp_path))
    rows = json.loads(out)
    assert {Path(r["file"]).name: r["status"] for r in rows} == expected
    for row in rows:
        assert {"file", "status", "reason", "agency", "year", "format_version", "counts", "codes", "findings"} <= set(
            row
        )
        assert (row["conforms"] is None) == (row["status"] == "unusable")
    code2, out2, _ = run(capsys, "check", "--format", "json", str(tmp_path))
    assert (code2, out2) == (code, out)
    _, lines, _ = run(capsys, "check", "--format", "jsonl", str(tmp_path))
    assert [json.loads(line) for line in lines.splitlines()] == rows


def test_min_severity_and_quiet_keep_a_big_run_readable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blanks = str(CORPUS / "pingtan-2021.txt")
    _, full, _ = run(capsys, "check", blanks)
    _, warnings, _ = run(capsys, "check", "--min-severity", "warning", blanks)
    assert "cell.blank" in full and "cell.blank" not in warnings and "parse.ambiguous_segmentation" in warnings
    _, out, _ = run(capsys, "check", "--json", "--min-severity", "warning", blanks)
    [row] = json.loads(out)
    assert {f["severity"] for f in row["findings"]} == {"warning"}
    assert row["counts"]["info"] > 0, "the counts stay complete"
    code, quiet, _ = run(capsys, "check", "-q", str(EXAMPLE), blanks, str(_broken(tmp_path)))
    lines = quiet.splitlines()
    assert code == 1 and len(lines) == 3, quiet
    assert str(EXAMPLE) not in quiet and "needs review" in lines[0] and "fails" in lines[1]
    assert lines[-1].startswith("Total: 3 file(s): 1 conforms, 1 fails, 1 needs_review, 0 unusable")


def test_csv_opens_in_excel_with_chinese_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junk_folder(tmp_path / "in")
    _broken(tmp_path / "in", "bad-sums.json", agency='=HYPERLINK("http://x")某局')
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "check", "--format", "csv", "-o", str(out), str(tmp_path / "in"))
    assert code == 1 and stdout == ""
    for name in ("reports.csv", "findings.csv"):
        data = (out / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    with (out / "reports.csv").open(encoding="utf-8-sig", newline="") as handle:
        reports = list(csv.DictReader(handle))
    assert len(reports) == 13
    agencies = {r["agency"] for r in reports}
    assert "哈尔滨市平房区教育局" in agencies
    assert '\'=HYPERLINK("http://x")某局' in agencies, "text is never a formula"
    with (out / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
        findings = list(csv.DictReader(handle))
    assert {f["code"] for f in findings if f["file"].endswith("bad-sums.json")} == {"t3.row_total", "t3.results_total"}
    assert all(f["message_zh"] and f["message_en"] for f in findings)
    errors = sum(int(r["error"]) for r in reports)
    assert errors == sum(1 for f in findings if f["severity"] == "error")
    code, _, err = run(capsys, "check", "--format", "csv", str(EXAMPLE))
    assert code == 2 and "-o DIR" in err


def test_xlsx_has_both_sheets_with_a_frozen_header(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junk_folder(tmp_path / "in")
    _broken(tmp_path / "in", "bad-sums.json", agency="=1+1")
    out = tmp_path / "review.xlsx"
    code, _, _ = run(capsys, "check", "--format", "xlsx", "-o", str(out), str(tmp_path / "in"))
    assert code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["reports", "findings"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.b
        assert sheet.column_dimensions["A"].width >= 30
    reports = list(book["reports"].values)
    header, rows = reports[0], reports[1:]
    assert len(rows) == 13 and header[:2] == ("file", "status")
    by_file = {Path(r[0]).name: dict(zip(header, r, strict=True)) for r in rows}
    assert by_file["bad-sums.json"]["agency"] == "=1+1" and by_file["bad-sums.json"]["error"] == 2
    assert by_file["report.json"]["agency"] == "哈尔滨市平房区教育局" and by_file["report.json"]["year"] == 2020
    assert by_file["old.doc"]["status"] == "unusable" and "legacy Word" in by_file["old.doc"]["reason"]
    findings = list(book["findings"].values)
    assert findings[0][:3] == ("file", "code", "severity") and len(findings) > 2


def test_xlsx_without_openpyxl_names_the_extra(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def without_openpyxl(name: str, package: str | None = None) -> object:
        if name.startswith("openpyxl"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_openpyxl)
    code, _, err = run(capsys, "check", "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"), str(EXAMPLE))
    assert code == 2 and err.count("\n") == 1 and "gbreport[xlsx]" in err
    assert not (tmp_path / "r.xlsx").exists()


def test_output_files_are_written_whole_and_never_over_an_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "review.txt"
    code, stdout, _ = run(capsys, "check", "-o", str(out), str(EXAMPLE))
    assert code == 0 and stdout == "" and out.read_text(encoding="utf-8").splitlines()[-1].startswith("Total: 1 ")
    copy = tmp_path / "report.json"
    copy.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "check", "--json", "-o", str(copy), str(copy))
    assert code == 2 and "is the input file" in err
    assert copy.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


def test_jobs_give_the_serial_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junk_folder(tmp_path)
    _broken(tmp_path, "bad-sums.json")
    serial = run(capsys, "check", "--json", str(tmp_path))
    parallel = run(capsys, "check", "--json", "--jobs", "2", "--batch-size", "3", str(tmp_path))
    assert parallel[0] == serial[0] == 1
    key = lambda out: sorted(json.dumps(r, sort_keys=True) for r in json.loads(out))  # noqa: E731
    assert key(parallel[1]) == key(serial[1])
    with pytest.raises(SystemExit) as info:
        main(["check", "--jobs", "0", str(EXAMPLE)])
    assert info.value.code == 2
    capsys.readouterr()


def test_years_in_a_folder_are_paired(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["header"]["year"] = 2019
    data["t3"]["carried_forward"]["natural_person"] = 1
    (tmp_path / "2019.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "2020.json").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--json", str(tmp_path))
    rows = {Path(r["file"]).name: r for r in json.loads(out)}
    assert code == 1 and rows["2020.json"]["status"] == "fails" and "year.carry_over" in rows["2020.json"]["codes"]
    assert rows["2019.json"]["cross_year"]["state"] == "first"
    code, out, _ = run(capsys, "check", "--json", "--no-pairing", str(tmp_path))
    rows = {Path(r["file"]).name: r for r in json.loads(out)}
    assert rows["2020.json"]["status"] == "conforms", "without pairing no cross-year rule runs"
    assert all(r["cross_year"]["state"] == "" for r in rows.values())


def test_the_guide_documents_every_column_and_its_python_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from gbreport.reviewing.outputs import FINDING_COLUMNS, REPORT_COLUMNS

    root = Path(__file__).resolve().parent.parent
    guide = (root / "docs" / "guide-review.md").read_text(encoding="utf-8")
    for column in (*REPORT_COLUMNS, *FINDING_COLUMNS):
        assert f"`{column.name}`" in guide, column.name
    blocks = re.findall(r"^```python\n(.*?)^```", guide, flags=re.S | re.M)
    assert len(blocks) == 2
    monkeypatch.chdir(root)
    for block in blocks:
        exec(compile(block, "docs/guide-review.md", "exec"), {})


class _Terminal:
    """A stand-in for standard error on a terminal."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = junk_folder(tmp_path)
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    code = main(["check", "-q", str(tmp_path)])
    assert code == 2
    assert f"/{len(expected)}" in terminal.text, terminal.text
    monkeypatch.undo()
    _, _, err = run(capsys, "check", "-q", str(tmp_path))
    assert f"/{len(expected)}" not in err


def test_agency_kind_sets_the_deadline(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["header"]["published"] = "2021-03-01"  # after a department's deadline, before a government's
    path = tmp_path / "late.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    codes = {}
    for kind in ("department", "government"):
        _, out, _ = run(capsys, "check", "--json", "--agency-kind", kind, str(path))
        [row] = json.loads(out)
        codes[kind] = {c for c in row["codes"] if c.startswith("timeliness")}
    assert codes["department"] and not codes["government"]
