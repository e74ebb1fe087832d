"""Hardening of the outputs: inert Markdown, a locked-down PDF printer, nothing left behind, any text in Word.

The PDF tests need Debian's ``chromium``, ``poppler-utils`` and a CJK font; when one is
missing they fail and say what to install.
"""

from __future__ import annotations

import html as htmllib
import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt

import gbreport
from conftest import EXAMPLE, ROOT
from gbreport.formats import get_format
from gbreport.model import Report
from gbreport.rendering import RenderError, render, render_many
from gbreport.rendering import _pdf as pdf_module
from gbreport.rendering._text import md_escape

INSTALL = "apt-get install -y chromium poppler-utils fonts-noto-cjk fonts-droid-fallback"

BREAKS = ("\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
INJECTED = "# 标题\n- 条目\n1. 编号\n> 引用\n---\n    代码\n| a | b |"
LINKS = (
    "www.example.gov.cn",
    "https://example.gov.cn/a?b=c",
    "gk@example.gov.cn",
    "mailto:gk@example.cn",
    "example.cn",
)


def seed() -> Report:
    return gbreport.load(EXAMPLE)


# ---------------------------------------------------------------- Markdown


def _hostile_markdown_report(version: str) -> Report:
    def field(i: int) -> str:
        brk = BREAKS[i % len(BREAKS)]
        return f"第{i}项{brk}{INJECTED.replace(chr(10), brk)}{brk}{' '.join(LINKS)}"

    sections = {s.key: field(i) for i, s in enumerate(get_format(version).sections)}
    contact = {k: field(10 + i) for i, k in enumerate(("address", "postcode", "phone", "email", "website"))}
    header = {"agency": field(20), "year": 2021, "preamble": field(21), "contact": contact}
    values = {c.id: 1 for c in gbreport.formats.cells_of(version)}
    return gbreport.from_cells(version, values, header=header, sections=sections)


def _python_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"])


def _markdown_it(text: str) -> str:
    return MarkdownIt("gfm-like").render(text)  # CommonMark + GFM tables, strikethrough and linkify


@pytest.mark.parametrize("engine", [_python_markdown, _markdown_it], ids=["python-markdown", "markdown-it"])
@pytest.mark.parametrize("version", ["2019-60", "2021-30"])
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_markdown_output_is_inert(engine: object, version: str, locale: str) -> None:
    report = _hostile_markdown_report(version)
    md = render(report, to="markdown", locale=locale)
    assert isinstance(md, str)
    html = engine(md)  # type: ignore[operator]
    tags = re.findall(r"<([a-z0-9]+)[\s>]", html)
    sections = len(get_format(version).sections)
    assert tags.count("h1") == 1 and tags.count("h2") == sections + 1  # the document's own headings only
    assert tags.count("table") == 3
    for tag in ("a", "li", "ol", "ul", "blockquote", "pre", "code", "hr", "h3", "img", "script"):
        assert tag not in tags, (tag, html[:2000])
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", html))
    for link in LINKS:  # printed, as text
        assert link in text, link


@pytest.mark.parametrize("brk", BREAKS)
def test_every_line_break_is_escaped_in_markdown(brk: str) -> None:
    escaped = md_escape(f"机关{brk}# 标题")
    assert not any(b in escaped for b in BREAKS)
    assert f"&#{ord(brk[-1])};" in escaped


def test_markdown_escapes_round_trip_through_the_parser() -> None:
    contact = {"email": "gk@example.gov.cn", "website": "https://www.example.gov.cn/gk_2021/index.html"}
    sections = {"other": "详见www.example.gov.cn或来信gk@example.gov.cn（mailto:gk@example.gov.cn）。"}
    report = gbreport.from_cells(
        "2021-30", {}, header={"agency": "某某局", "year": 2021, "contact": contact}, sections=sections
    )
    md = render(report, to="markdown")
    assert "gk@" not in md and "www.example" not in md and "https:" not in md
    assert gbreport.parse(md.encode("utf-8")).report == report


# ---------------------------------------------------------------- PDF printer


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed; these tests need it ({INSTALL})")
    return path


def _pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "out.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60, check=True
    )
    return result.stdout.decode("utf-8")


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css" if self.path.endswith(".css") else "image/png")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def _hostile_page(base: str, secret: Path) -> str:
    """The seed report's HTML with a script, remote loads and local files injected into it."""
    payload = f"""
<script>document.body.insertAdjacentText("afterbegin", "SCRIPT-RAN at " + document.URL);</script>
<img src="{base}/remote.png" alt="">
<link rel="stylesheet" href="{base}/remote.css">
<style>@import url("{base}/imported.css"); .x {{ background: url("{base}/background.png"); }}</style>
<div class="x">x</div>
<iframe src="{secret.as_uri()}"></iframe>
<img src="{secret.with_suffix(".png").as_uri()}" alt="">
<object data="{secret.as_uri()}"></object>
"""
    page = render(seed(), to="html")
    assert isinstance(page, str)
    return page.replace("</article>", payload + "</article>")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.html"
    path.write_text("<p>FILE-SECRET-4711</p>", encoding="utf-8")
    return path


def _layers(monkeypatch: pytest.MonkeyPatch, *, csp: bool, devtools: bool, flags: bool) -> None:
    """Switch off some of the printer's defences, to show that each of the others holds alone."""
    if not csp:
        monkeypatch.setattr(pdf_module, "CSP", "default-src * data: file: 'unsafe-inline'")
    if not flags:
        monkeypatch.setattr(pdf_module, "LOCKED_FLAGS", ())
    if not devtools:
        original = pdf_module.Browser.ask

        def ask(self: pdf_module.Browser, method: str, params: dict[str, object] | None = None, **kw: bool) -> int:
            if method in ("Emulation.setScriptExecutionDisabled", "Fetch.enable"):
                method, params = "Runtime.evaluate", {"expression": "0"}
            return original(self, method, params, **kw)

        monkeypatch.setattr(pdf_module.Browser, "ask", ask)


def _print_hostile(server: tuple[str, list[str]], secret: Path, tmp_path: Path) -> tuple[str, list[str]]:
    base, seen = server
    try:
        printed = pdf_module.html_to_pdf(_hostile_page(base, secret))
    except RenderError as exc:
        pytest.fail(f"{exc} ({INSTALL})")
    time.sleep(1.0)  # a request the page made would have reached the server by now
    return _pdf_text(printed, tmp_path), list(seen)


@pytest.mark.parametrize(
    ("csp", "devtools", "flags"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, True)],
    ids=["all-defences", "csp-alone", "devtools-alone", "flags-alone"],
)
def test_printed_page_runs_no_script_loads_nothing_and_reads_no_file(
    monkeypatch: pytest.MonkeyPatch,
    server: tuple[str, list[str]],
    secret: Path,
    tmp_path: Path,
    csp: bool,
    devtools: bool,
    flags: bool,
) -> None:
    _layers(monkeypatch, csp=csp, devtools=devtools, flags=flags)
    text, requests = _print_hostile(server, secret, tmp_path)
    assert "哈尔滨市平房区教育局" in text  # the report itself is printed
    assert "SCRIPT-RAN" not in text
    assert requests == []
    assert "FILE-SECRET" not in text


def test_without_its_defences_the_same_page_runs_the_script_and_loads(
    monkeypatch: pytest.MonkeyPatch, server: tuple[str, list[str]], secret: Path, tmp_path: Path
) -> None:
    """The control: the hostile page does what it tries once every defence is off (so the tests above can fail)."""
    _layers(monkeypatch, csp=False, devtools=False, flags=False)
    text, requests = _print_hostile(server, secret, tmp_path)
    assert "SCRIPT-RAN at about:blank" in text  # and the page is not a file: it is set from memory
    assert requests
    assert "FILE-SECRET" not in text  # a page that is not a file cannot show local files in any case


def test_printed_page_carries_the_policy_first() -> None:
    page = pdf_module.locked_page("<html><head><title>t</title></head><body></body></html>", ())
    head = page[page.index("<head>") :]
    assert head.startswith(f'<head>\n<meta http-equiv="Content-Security-Policy" content="{pdf_module.CSP}">')
    assert "script-src" not in pdf_module.CSP and "default-src 'none'" in pdf_module.CSP
    with pytest.raises(RenderError, match="no <head>"):
        pdf_module.locked_page("<p>no head</p>", ())


# ---------------------------------------------------------------- nothing left behind


def _ours(folder: Path) -> list[str]:
    """Processes whose command line names ``folder`` (the browsers started with a profile inside it)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            state = next((line for line in (proc / "status").read_text().splitlines() if line.startswith("State:")), "")
        except OSError:
            continue
        if str(folder).encode() in cmdline and "zombie" not in state:
            found.append(proc.name)
    return found


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("gbreport-pdf-"))


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary folder with a short path (a long one makes the browser use a second folder in /tmp)."""
    folder = Path(tempfile.mkdtemp(prefix="gbt-", dir="/tmp"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(predicate: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    pytest.fail("timed out waiting")


SCRIPT = """
import sys
import gbreport
from gbreport.rendering import render_many
from gbreport.rendering import _pdf
report = gbreport.load(sys.argv[1])
for i, _ in enumerate(render_many([report] * 500, to="pdf")):
    folders = [str(f) for browser in _pdf._LIVE for f in browser.folders]
    print("printed", i, *folders, flush=True)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_during_a_pdf_batch_leaves_nothing_behind(signum: int, tmp_path: Path) -> None:
    """``tmp_path`` is long: the browser keeps a second, short folder in /tmp (see _LONGEST_TMPDIR)."""
    _tool("chromium")
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(EXAMPLE)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the first batch is out: the browser is printing the next one
        assert first.startswith("printed 0"), proc.stderr.read() if proc.stderr else ""
        folders = [Path(f) for f in first.split()[2:]]
        assert folders and all(f.is_dir() for f in folders)
        assert _leftovers(tmp_path) and _ours(tmp_path)
        proc.send_signal(signum)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signum  # the process still ends by the signal, as without gbreport
    assert _leftovers(tmp_path) == [] and not any(f.exists() for f in folders)
    _wait_for(lambda: _ours(tmp_path) == [], 10)


def test_ctrl_c_during_a_pdf_render_is_one_line_and_leaves_nothing_behind(short_tmp: Path, tmp_path: Path) -> None:
    _tool("chromium")
    env = {**os.environ, "TMPDIR": str(short_tmp), "PYTHONPATH": str(ROOT / "src")}
    out = tmp_path / "out.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gbreport", "render", str(EXAMPLE), "--to", "pdf", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_for(lambda: _ours(short_tmp) != [])  # the browser is up
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends to the foreground process group
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 2
    assert err == "gbreport: error: interrupted\n"
    assert not out.exists()
    assert _leftovers(short_tmp) == []
    _wait_for(lambda: _ours(short_tmp) == [], 10)


def test_a_browser_that_does_not_answer_in_time_is_stopped_and_removed(
    monkeypatch: pytest.MonkeyPatch, short_tmp: Path
) -> None:
    _tool("chromium")
    monkeypatch.setattr(tempfile, "tempdir", str(short_tmp))
    with pytest.raises(RenderError, match=r"did not answer \(Target.createTarget\) within 0.001 s"):
        pdf_module.Browser(timeout=0.001)
    assert _leftovers(short_tmp) == []
    _wait_for(lambda: _ours(short_tmp) == [], 10)


def test_a_batch_given_up_half_way_stops_its_browser(monkeypatch: pytest.MonkeyPatch, short_tmp: Path) -> None:
    _tool("chromium")
    monkeypatch.setattr(tempfile, "tempdir", str(short_tmp))
    outputs = render_many([seed()] * 30, to="pdf")
    assert next(outputs).startswith(b"%PDF-")
    assert _leftovers(short_tmp) and _ours(short_tmp)
    outputs.close()  # type: ignore[attr-defined]
    assert _leftovers(short_tmp) == []
    _wait_for(lambda: _ours(short_tmp) == [], 10)


def test_an_error_while_printing_stops_the_browser(monkeypatch: pytest.MonkeyPatch, short_tmp: Path) -> None:
    _tool("chromium")
    monkeypatch.setattr(tempfile, "tempdir", str(short_tmp))
    with pytest.raises(RenderError, match="no <head>"), pdf_module.Browser() as browser:
        browser.print_page("<p>a page without a head</p>")
    assert _leftovers(short_tmp) == []
    _wait_for(lambda: _ours(short_tmp) == [], 10)


def test_signal_handlers_are_put_back(short_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tool("chromium")
    monkeypatch.setattr(tempfile, "tempdir", str(short_tmp))
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    with pdf_module.Browser():
        during = {s: signal.getsignal(s) for s in before}
    assert {s: signal.getsignal(s) for s in before} == before
    assert all(h is pdf_module._on_signal for s, h in during.items() if before[s] is signal.SIG_DFL)


def test_a_long_temporary_folder_gets_a_short_one_for_the_browser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _tool("chromium")
    long = tmp_path / ("x" * 40)
    long.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    with pdf_module.Browser() as browser:
        assert len(browser.folders) == 2 and len(str(browser.folders[1])) <= 60
        assert browser.print_page("<html><head></head><body><p>你好</p></body></html>").startswith(b"%PDF-")
    assert not any(f.exists() for f in browser.folders)
