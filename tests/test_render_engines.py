"""The outputs as real engines see them: HTML laid out by headless Chromium, PDF read back by pdftotext.

These tests need Debian's ``chromium``, ``poppler-utils`` and a CJK font
(``fonts-noto-cjk``); when one is missing they fail and say what to install.
"""

from __future__ import annotations

import html as htmllib
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import gbreport
from gbreport.builders._totals import valid_cells
from gbreport.formats import get_format
from gbreport.model import Report
from gbreport.parsing import parse
from gbreport.rendering import document, layout, render, render_many
from gbreport.rendering._pdf import CHROMIUM_FLAGS, chromium, cjk_fonts
from test_render import FIXED

INSTALL = "apt-get install -y chromium poppler-utils fonts-noto-cjk"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; these tests need it ({INSTALL})")
    return path


def _chromium() -> str:
    try:
        return chromium()
    except Exception as exc:
        pytest.fail(f"{exc} ({INSTALL})")


PROBE = """
<script>
window.addEventListener("load", () => {
  const tables = [...document.querySelectorAll("table")].map((t) => {
    const cells = [...t.querySelectorAll("th, td")];
    const boxes = cells.map((c) => c.getBoundingClientRect());
    return {
      id: t.id,
      rows: t.rows.length,
      cells: cells.length,
      values: t.querySelectorAll("td").length,
      visible: boxes.filter((b) => b.width > 0 && b.height > 0).length,
      columns: new Set(boxes.map((b) => Math.round(b.left))).size,
      rights: new Set(t.querySelectorAll("tr")
        .values().map((tr) => Math.round(tr.getBoundingClientRect().right))).size,
    };
  });
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify({
    tables,
    pageWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  });
  document.body.append(out);
});
</script>
"""


def _dump_dom(page: str, tmp_path: Path, width: int, height: int) -> dict[str, object]:
    path = tmp_path / "page.html"
    path.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    command = [
        _chromium(),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--window-size={width},{height}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        path.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    match = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert match, f"Chromium produced no probe output (exit {result.returncode}): {result.stderr[-500:]}"
    data: dict[str, object] = json.loads(htmllib.unescape(match.group(1)))
    return data


@pytest.mark.parametrize("name", sorted(FIXED))
def test_chromium_lays_out_the_three_tables(name: str, tmp_path: Path) -> None:
    report = FIXED[name]()
    version = report.format_version
    data = _dump_dom(render(report, to="html"), tmp_path, 1200, 1600)
    tables = data["tables"]
    assert isinstance(tables, list)
    assert [t["id"] for t in tables] == ["t2", "t3", "t4"]
    for t in tables:
        lay = layout(version, t["id"])
        n_cells = sum(1 for _ in lay.cells())
        n_values = sum(1 for _ in lay.values())
        assert t["rows"] == lay.height
        assert t["cells"] == t["visible"] == n_cells, t
        assert t["values"] == n_values
        # every grid column starts somewhere, and every row ends at the same right edge
        assert t["columns"] == lay.width, t
        assert t["rights"] == 1, t
    expected = {"2019-60": (22, 161, 15), "2021-30": (10, 175, 15)}[version]
    assert tuple(t["values"] for t in tables) == expected
    assert sum(1 for _ in get_format(version).tables) == 3


def test_html_fits_a_phone_screen(tmp_path: Path) -> None:
    data = _dump_dom(render(FIXED["pingtan-2021"](), to="html"), tmp_path, 390, 844)
    # the page itself never scrolls sideways; wide tables scroll inside their own box
    assert isinstance(data["pageWidth"], int) and isinstance(data["viewport"], int)
    assert data["viewport"] <= 520  # headless Chromium does not go narrower than about 500 px
    assert data["pageWidth"] <= data["viewport"], data


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text in content order (``-raw``: a table cell's wrapped lines stay together)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("name", "locale"), [("pingfang-education-2020", "zh_CN"), ("pingtan-2021", "en")])
def test_pdf_contains_every_label_and_value(name: str, locale: str, tmp_path: Path) -> None:
    _chromium()
    try:
        cjk_fonts()
    except Exception as exc:
        pytest.fail(f"{exc} ({INSTALL})")
    report = FIXED[name]()
    pdf = render(report, to="pdf", locale=locale)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    text = _squash(_pdf_text(pdf, tmp_path))
    doc = document(report, locale)
    assert _squash(doc.title) in text
    for section in doc.sections:
        assert _squash(section.heading) in text
        for p in section.paragraphs:
            assert _squash(p) in text
        if section.table is None:
            continue
        for row in section.table.rows:
            for cell in row:
                assert _squash(cell.text) in text, (section.table.id, cell.text)
    assert doc.published is not None and _squash(doc.published) in text


# ---------------------------------------------------------------- PDF in batches


def _pdfinfo(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([_tool("pdfinfo"), "-enc", "UTF-8", str(path)], capture_output=True, check=True, timeout=60)
    lines = result.stdout.decode("utf-8").splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def _normal_form() -> Report:
    """A report whose texts read back from a PDF exactly: paragraphs that end a sentence."""
    values = valid_cells("2021-30", random.Random(2).randint)
    header = {"agency": "某某市某某局", "year": 2022, "published": "2023-01-20", "preamble": "本报告依照规范编写。"}
    sections = {"overview": "今年各项工作稳步推进。\n（一）做好日常公开。", "other": "无。"}
    return gbreport.from_cells("2021-30", values, header=header, sections=sections)


def _batch() -> list[Report]:
    return [FIXED["pingtan-2021"](), FIXED["pingfang-education-2020"](), _normal_form()]


def test_render_many_prints_each_report_as_render_does(tmp_path: Path) -> None:
    _chromium()
    reports = _batch()
    many = list(render_many(reports, to="pdf"))
    assert len(many) == len(reports)
    for report, pdf in zip(reports, many, strict=True):
        single = render(report, to="pdf")
        assert isinstance(single, bytes)
        assert _pdf_text(pdf, tmp_path) == _pdf_text(single, tmp_path)
        info, alone = _pdfinfo(pdf, tmp_path), _pdfinfo(single, tmp_path)
        assert info["Title"] == alone["Title"] == document(report).title
        assert info["Pages"] == alone["Pages"] and info["Tagged"] == alone["Tagged"] == "yes"
        assert info["Page size"].endswith("(A4)")
    assert parse(many[2]).report == reports[2]


def test_pdf_batch_that_cannot_be_split_is_printed_report_by_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _chromium()
    from gbreport.rendering import _pdf, _pdfsplit

    def refuse(data: bytes, count: int, *, titles: list[str]) -> list[bytes]:
        raise _pdfsplit.SplitError("refused for the test")

    monkeypatch.setattr(_pdf, "split_pdf", refuse)
    reports = _batch()[:2]
    many = list(render_many(reports, to="pdf"))
    for report, pdf in zip(reports, many, strict=True):
        assert _pdfinfo(pdf, tmp_path)["Title"] == document(report).title


def test_pdf_fonts_are_embedded_truetype_when_one_is_installed(tmp_path: Path) -> None:
    from gbreport.rendering._pdf import TRUETYPE_CJK

    fonts = cjk_fonts()
    installed = [f for f in TRUETYPE_CJK if f in fonts]
    if not installed:
        pytest.fail(
            f"no TrueType Chinese font is installed ({', '.join(TRUETYPE_CJK)}); "
            "apt-get install -y fonts-droid-fallback"
        )
    path = tmp_path / "fonts.pdf"
    path.write_bytes(render(FIXED["pingtan-2021"](), to="pdf"))
    listing = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    assert "CID TrueType" in listing and installed[0].replace(" ", "") in listing
