"""The command line: exit codes, JSON output, and one clear line for every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

import gbreport
from conftest import EXAMPLE
from gbreport.cli import main
from gbreport.formats import FORMAT_VERSIONS, cells_of, get_format
from gbreport.strategies import reports


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_the_seed_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(EXAMPLE))
    assert code == 0, err
    assert "conforms" in out and "0 error(s)" in out


def _broken_example(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["t3"]["granted"]["natural_person"] = 2
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_check_json_reports_findings_with_the_contract_keys(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", "--json", str(_broken_example(tmp_path)), str(EXAMPLE))
    assert code == 1
    results = json.loads(out)
    assert [r["conforms"] for r in results] == [False, True]
    findings = results[0]["findings"]
    assert {f["code"] for f in findings} == {"t3.row_total", "t3.results_total"}
    for f in findings:
        assert {"code", "severity", "cells", "expected", "actual", "message_zh", "message_en"} <= set(f)
        assert f["severity"] == "error" and "t3.granted.natural_person" in f["cells"]


def test_check_human_output_names_cells_in_both_languages(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", str(_broken_example(tmp_path)))
    assert code == 1
    assert "t3.row_total" in out and "予以公开" in out and "Disclosed" in out


def test_check_with_previous(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["header"]["year"] = 2019
    data["t3"]["carried_forward"]["natural_person"] = 1
    data["sections"] = {}  # last year's texts, if the same as this year's, would be reported as copied
    previous = tmp_path / "2019.json"
    previous.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--json", "--previous", str(previous), str(EXAMPLE))
    assert code == 1
    [result] = json.loads(out)
    assert [f["code"] for f in result["findings"]] == ["year.carry_over"]


def test_cells_tsv_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cells", str(EXAMPLE))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 198
    assert lines[6] == "t2.licensing.items_last_year\t14"
    code, out, _ = run(capsys, "cells", "--json", str(EXAMPLE))
    data = json.loads(out)
    assert list(data) == [c.id for c in cells_of(get_format("2019-60"))]
    assert data["t2.procurement.amount"] == "106.01"


def test_cells_vocabulary_reproduces_the_tsv(capsys: pytest.CaptureFixture[str]) -> None:
    for version in FORMAT_VERSIONS:
        code, out, _ = run(capsys, "cells", "--vocabulary", "--format-version", version)
        assert code == 0
        expected = (Path(__file__).parent / "fixtures" / f"cells-{version}.tsv").read_text(encoding="utf-8")
        assert out == expected


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_schema_is_draft_2020_12(capsys: pytest.CaptureFixture[str], version: str) -> None:
    code, out, _ = run(capsys, "schema", "--format-version", version)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@settings(max_examples=25)
@given(reports())
def test_canonical_json_validates_against_the_schema(report: gbreport.Report) -> None:
    validator = jsonschema.Draft202012Validator(gbreport.json_schema(report.format_version))
    validator.validate(json.loads(gbreport.dumps(report)))


def test_schema_rejects_what_load_rejects() -> None:
    validator = jsonschema.Draft202012Validator(gbreport.json_schema("2019-60"))
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["t3"]["granted"]["natural_person"] = -1
    assert not validator.is_valid(data)
    data["t3"]["granted"]["natural_person"] = 1
    data["t3"]["granted"]["robots"] = 1
    assert not validator.is_valid(data)


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "t3.balance")
    assert code == 0 and "勾稽关系" in out and "error" in out
    code, out, _ = run(capsys, "explain")
    assert code == 0 and "year.carry_over" in out
    code, _, err = run(capsys, "explain", "t9.nothing")
    assert code == 2 and "unknown finding code" in err


def _example_with(change: str) -> str:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    exec(change, {"d": data})  # the change is a literal statement written in this file
    return json.dumps(data, ensure_ascii=False)


BAD_INPUTS: list[tuple[str, bytes | None, str]] = [
    ("malformed", b'{"format_version": "2019-60",', "not valid JSON"),
    ("truncated", EXAMPLE.read_bytes()[:500], "not valid JSON"),
    (
        "wrong type",
        _example_with("d['t3']['granted']['natural_person'] = 'seven'").encode(),
        "t3.granted.natural_person: expected an integer",
    ),
    (
        "float count",
        _example_with("d['t3']['granted']['natural_person'] = 1.5").encode(),
        "t3.granted.natural_person: expected an integer",
    ),
    (
        "negative count",
        _example_with("d['t4']['reconsideration']['upheld'] = -1").encode(),
        "t4.reconsideration.upheld: input should be greater than or equal to 0",
    ),
    ("unknown field", _example_with("d['t3']['granted']['robots'] = 1").encode(), "t3.granted.robots: unknown field"),
    ("missing format_version", _example_with("del d['format_version']").encode(), "format_version is missing"),
    (
        "unknown format_version",
        _example_with("d['format_version'] = '2022-1'").encode(),
        "unknown format_version '2022-1'",
    ),
    ("missing table", _example_with("del d['t4']").encode(), "t4: required field is missing"),
    (
        "missing cell",
        _example_with("del d['t3']['total']['total']").encode(),
        "t3.total.total: required field is missing",
    ),
    (
        "absurd number",
        _example_with("d['t3']['total']['total'] = 10**30").encode(),
        "t3.total.total: input should be less than or equal to 1000000000",
    ),
    ("absurd money", _example_with("d['t2']['procurement']['amount'] = '1e400'").encode(), "t2.procurement.amount"),
    ("money not a number", _example_with("d['t2']['procurement']['amount'] = 'NaN'").encode(), "t2.procurement.amount"),
    ("not an object", b"[1, 2, 3]", "expected a JSON object"),
    ("bad date", _example_with("d['header']['published'] = '2021-13-45'").encode(), "header.published"),
    ("non-UTF-8", '{"format_version": "2019-60", "header": {"agency": "平房"}}'.encode("gb18030"), "not UTF-8 text"),
    ("empty", b"", "empty input"),
    ("missing file", None, "no such file"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_clear_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_bytes(content)
    for command in (["check", str(path)], ["check", "--json", str(path)], ["cells", str(path)]):
        code, out, err = run(capsys, *command)
        assert code == 2, (name, out, err)
        assert err.count("\n") == 1, err
        assert err.startswith("gbreport: error: ")
        assert str(path) in err
        assert message.lower() in err.lower(), err
        assert "Traceback" not in err


def test_directory_and_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2 and "is a directory" in err
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    code, _, err = run(capsys, "cells")
    assert code == 2 and "needs a FILE" in err


def test_one_bad_file_does_not_hide_the_others(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "check", str(tmp_path / "missing.json"), str(EXAMPLE))
    assert code == 2
    assert "no such file" in err and "conforms" in out


def test_module_and_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gbreport", "check", str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "conforms" in result.stdout
    result = subprocess.run(
        [sys.executable, "-m", "gbreport", "check", "/nonexistent/x.json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr


def test_check_and_cells_read_published_documents(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = Path(__file__).parent / "fixtures" / "corpus"
    code, out, err = run(
        capsys, "check", "--json", str(corpus / "pingtan-2021.txt"), str(corpus / "pingtan-finance_2019.html")
    )
    assert code == 0, err
    first, second = json.loads(out)
    assert (first["format_version"], second["format_version"]) == ("2021-30", "2019-60")
    ambiguous = [f for f in first["findings"] if f["code"] == "parse.ambiguous_segmentation"]
    assert ambiguous and all(f["location"] for f in ambiguous)
    code, out, _ = run(capsys, "cells", str(corpus / "pingfang-education-2020.txt"))
    assert code == 0
    assert "t2.procurement.amount\t106.01" in out.splitlines()


def test_unexpected_failures_are_still_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gbreport.reviewing import _one

    def boom(path: str) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(_one, "parse", boom)
    code, _, err = run(capsys, "check", str(EXAMPLE))
    assert code == 2
    assert err.count("\n") == 1 and "internal error (IndexError" in err
