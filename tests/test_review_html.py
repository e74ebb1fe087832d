"""gbreport check --html: annotated pages checked in headless Chromium's DOM."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import gbreport
from conftest import CORPUS, EXAMPLE
from gbreport.cli import main
from gbreport.rendering._pdf import CHROMIUM_FLAGS, chromium
from gbreport.reviewing import ReviewResult, review
from gbreport.reviewing.html import page_name


class _Dom(HTMLParser):
    """The elements of a dumped DOM: tag and attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def dom(url: str) -> list[tuple[str, dict[str, str]]]:
    """The DOM after load (scripts run) as Chromium sees it."""
    done = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, "--dump-dom", url], capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    parser = _Dom()
    parser.feed(done.stdout.decode("utf-8"))
    return parser.elements


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, ReviewResult]]:
    root = tmp_path_factory.mktemp("review-html")
    inputs = root / "in"
    inputs.mkdir()
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["t3"]["granted"]["natural_person"] = 2
    data["t4"]["reconsideration"]["upheld"] = 5
    data["header"]["agency"] = '<img src="x" onerror="alert(1)">某局'
    (inputs / "broken.html").write_text(gbreport.render(gbreport.load(data), to="html"), encoding="utf-8")
    (inputs / "escaped.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copy(CORPUS / "pingtan-2021.txt", inputs / "pingtan-2021.txt")
    shutil.copy(EXAMPLE, inputs / "good.json")
    (inputs / "empty.txt").write_bytes(b"")
    out = root / "out"
    assert main(["check", "-q", "--html", str(out), str(inputs)]) == 1
    results = {Path(r.path).name: r for r in review(inputs)}
    return out, results


def _cells(elements: list[tuple[str, dict[str, str]]], css: str) -> set[str]:
    return {a["data-cell"] for tag, a in elements if tag == "td" and css in a.get("class", "").split()}


def test_highlighted_cells_are_exactly_the_cells_of_the_error_findings(
    reviewed: tuple[Path, dict[str, ReviewResult]],
) -> None:
    out, results = reviewed
    for name in ("broken.html", "escaped.json"):
        result = results[name]
        assert result.status == "fails"
        elements = dom((out / "reports" / page_name(result)).as_uri())
        on_page = {a["data-cell"] for tag, a in elements if tag == "td" and "data-cell" in a}
        errors = {c for f in result.findings if f.severity == "error" for c in f.cells}
        assert errors and errors <= on_page
        assert _cells(elements, "sev-error") == errors
        links = {a["href"] for tag, a in elements if tag == "a" and a.get("href", "").startswith("#cell-")}
        ids = {a["id"] for tag, a in elements if tag == "td" and "id" in a}
        assert links == {f"#cell-{c}" for f in result.findings for c in f.cells if c in on_page}
        assert {link[1:] for link in links} <= ids, "every link in the list lands on its cell"
        titled = {a["data-cell"]: a["title"] for tag, a in elements if tag == "td" and "title" in a}
        for f in result.findings:
            for cell in f.cells:
                assert f.message_zh in titled[cell] and f.message_en in titled[cell]


def test_cells_the_parser_could_not_read_are_marked_differently(
    reviewed: tuple[Path, dict[str, ReviewResult]],
) -> None:
    out, results = reviewed
    result = results["pingtan-2021.txt"]
    assert result.unread
    elements = dom((out / "reports" / page_name(result)).as_uri())
    assert _cells(elements, "unread") == set(result.unread)
    assert not _cells(elements, "sev-error")
    text = (out / "reports" / page_name(result)).read_text(encoding="utf-8")
    located = [f for f in result.findings if f.location]
    assert located and all(f.location in text for f in located), "the source location is shown"


def test_pages_escape_the_input_and_load_nothing(reviewed: tuple[Path, dict[str, ReviewResult]]) -> None:
    out, results = reviewed
    for page in [out / "index.html", *(out / "reports").iterdir()]:
        parser = _Dom()  # the report pages run no script: their source is their DOM
        parser.feed(page.read_text(encoding="utf-8"))
        elements = dom(page.as_uri()) if page.name == "index.html" else parser.elements
        assert not [tag for tag, _ in elements if tag in ("img", "iframe", "object", "embed", "link")], page
        assert not [a for _, a in elements if "onerror" in a or "src" in a], page
        metas = [a for tag, a in elements if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert metas and "default-src 'none'" in metas[0]["content"]
    assert results["escaped.json"].agency == '<img src="x" onerror="alert(1)">某局'


def test_the_index_lists_every_file_and_filters_by_status(reviewed: tuple[Path, dict[str, ReviewResult]]) -> None:
    out, results = reviewed
    index = out / "index.html"
    elements = dom(index.as_uri())
    rows = [a for tag, a in elements if tag == "tr" and "data-status" in a]
    assert sorted(r["data-status"] for r in rows) == sorted(r.status for r in results.values())
    assert not any("hidden" in r for r in rows)
    links = [a["href"] for tag, a in elements if tag == "a" and a.get("href", "").startswith("reports/")]
    assert sorted(links) == sorted(f"reports/{page_name(r)}" for r in results.values())
    assert all((out / link).is_file() for link in links)
    filtered = [a for tag, a in dom(index.as_uri() + "#status=fails") if tag == "tr" and "data-status" in a]
    shown = sorted(r["data-status"] for r in filtered if "hidden" not in r)
    assert shown == ["fails", "fails"]
    assert len(filtered) == len(rows)
