"""Inputs and outputs of the command line and of load(): bounded, never destructive, one-line errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gbreport
from gbreport import _api
from gbreport._cliutil import write_output
from gbreport.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "pingfang-education-2020.json"
TEXT = ROOT / "tests" / "fixtures" / "corpus" / "pingfang-education-2020.txt"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    return code, err


# --- outputs never destroy inputs ----------------------------------------------------------


@pytest.mark.parametrize("command", ["parse", "render"])
@pytest.mark.parametrize("through_link", [False, True])
def test_output_over_the_input_is_refused(
    command: str, through_link: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / ("doc.txt" if command == "parse" else "r.json")
    shutil.copy(TEXT if command == "parse" else EXAMPLE, source)
    before = source.read_bytes()
    out = source
    if through_link:
        out = tmp_path / "link"
        out.symlink_to(source)
    argv = [command, str(source), "-o", str(out)] + (["--to", "html"] if command == "render" else [])
    code, err = _run(argv, capsys)
    assert code == 2
    assert "is the input file" in err and err.count("\n") == 1
    assert source.read_bytes() == before


def test_a_failed_write_leaves_the_previous_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"the good old file")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(gbreport.OutputError, match="previous file is unchanged"):
        write_output(target, b"new content that never lands")
    assert target.read_bytes() == b"the good old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]  # no temporary file left behind


def test_write_output_replaces_atomically_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_output(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_render_output_to_a_missing_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["render", str(EXAMPLE), "--to", "html", "-o", str(tmp_path / "no" / "x.html")], capsys)
    assert code == 2 and "cannot write the output" in err and err.count("\n") == 1


# --- bounded reads ----------------------------------------------------------------------------


def test_devices_are_refused_without_reading(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["check", "/dev/zero"], capsys)
    assert code == 2 and "not a regular file" in err


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "gbreport", "check", str(fifo)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2 and "not a regular file" in result.stderr


def test_standard_input_is_read_with_a_bound() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gbreport", "cells", "-"],
        input=EXAMPLE.read_bytes(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"t3.granted.total" in result.stdout


def test_text_bytes_and_files_share_one_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_api, "MAX_INPUT_BYTES", 1000)
    big = EXAMPLE.read_bytes()
    assert len(big) > 1000
    for source in (big, big.decode("utf-8")):
        with pytest.raises(gbreport.LoadError, match="more than the 1,000 accepted"):
            gbreport.load(source)
    path = tmp_path / "r.json"
    path.write_bytes(big)
    with pytest.raises(gbreport.LoadError, match="more than the 1,000 accepted"):
        gbreport.load(path)


# --- JSON that is not a report ------------------------------------------------------------------


def test_a_key_given_twice_is_refused_by_name() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        '"format_version": "2019-60",', '"format_version": "2019-60", "format_version": "2019-60",', 1
    )
    with pytest.raises(gbreport.LoadError, match="'format_version' appears twice"):
        gbreport.load(text)
    nested = EXAMPLE.read_text(encoding="utf-8").replace('"upheld": ', '"upheld": 0, "upheld": ', 1)
    for source in (nested, nested.encode("utf-8")):
        with pytest.raises(gbreport.LoadError, match="'upheld' appears twice"):
            gbreport.load(source)
    spaced = EXAMPLE.read_text(encoding="utf-8").replace('"upheld": ', '"upheld" : 0, "upheld" : ', 1)
    with pytest.raises(gbreport.LoadError, match="'upheld' appears twice"):
        gbreport.load(spaced)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deep_nesting_is_a_load_error(depth: int) -> None:
    with pytest.raises(gbreport.LoadError):
        gbreport.load("[" * depth + "]" * depth)
    nested: dict[str, object] = {}
    node = nested
    for _ in range(min(depth, 5_000)):
        node["header"] = {}
        node = node["header"]  # type: ignore[assignment]
    with pytest.raises(gbreport.LoadError):
        gbreport.load(nested)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("2021-30", ["t3.granted.total"]), {}),
        (("2021-30", {1: 2}), {}),
        (("2021-30", {}), {"header": "甲"}),
        (("2021-30", {}), {"sections": ["x"]}),
        (("2021-30", {}), {"extras": {"t3.granted.total": 1}}),
        (("2021-30", {}), {"extras": {"t2.fees.amount.x": 1}}),
        ((None, {}), {}),
    ],
)
def test_from_cells_bad_arguments_are_load_errors(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    with pytest.raises(gbreport.GbreportError):
        gbreport.from_cells(*args, **kwargs)  # type: ignore[arg-type]


def test_load_of_something_else_is_a_load_error() -> None:
    with pytest.raises(gbreport.LoadError, match="takes a path"):
        gbreport.load(3.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["{odd.json", "<odd.json", "|odd.json", "line\nbreak.json", "x" * 200 + ".json"])
def test_a_path_argument_is_always_a_path(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / name
    shutil.copy(EXAMPLE, source)
    code = main(["render", str(source), "--to", "text"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "政府信息公开工作年度报告" in out.out
    missing = tmp_path / ("missing" + name)
    code, err = _run(["render", str(missing), "--to", "text"], capsys)
    assert code == 2 and "no such file" in err and err.count("\n") == 1


def test_terminal_output_is_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = gbreport.load(EXAMPLE)
    hostile = "甲\x1b[2J\x1b]0;pwned\x07乙\u202e丙\r\n# heading"
    broken = gbreport.replace(report, header={"agency": hostile}, cells={"t4.reconsideration.total": 99})
    path = tmp_path / "r.json"
    path.write_text(gbreport.dumps(broken), encoding="utf-8")
    code = main(["check", str(path)])
    out = capsys.readouterr()
    assert code == 1
    for text in (out.out, out.err):
        assert "\x1b" not in text and "\u202e" not in text and "\r" not in text and "\x07" not in text
    assert "\\x1b[2J" in out.out and "\\u202e" in out.out
