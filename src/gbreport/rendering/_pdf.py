"""PDF output: the HTML rendering printed by headless Chromium, driven over the DevTools protocol.

Chromium is the engine because it lays out the same HTML and print CSS that
browsers show (rowspan/colspan tables, A4 ``@page``, CJK line breaking and font
fallback through fontconfig), it is packaged and security-maintained by Debian
(``apt-get install chromium``), and it needs no Python package.  The PDF is only
as good as the fonts installed: without a Chinese font every character would come
out as an empty box, so a missing font is an error, detected with
``fc-list :lang=zh`` before printing.

One browser serves a whole batch (:class:`Browser`): it is started once, talks to
us over a pipe (``--remote-debugging-pipe``: no port, nothing another process can
reach), and prints many reports in one call, a page break between them; the PDF
is then split into one file per report (:mod:`._pdfsplit`).  The page it prints is
locked down: it is set from memory (never a ``file://`` URL), carries a
Content-Security-Policy that allows nothing but its inline style, JavaScript is
disabled, and every request the page would make is failed before it leaves the
browser.  The browser runs in a temporary folder (profile, cache, ``HOME``,
``TMPDIR``) that is removed on every way out: normal end, error, timeout, Ctrl-C,
and SIGTERM or SIGHUP (the signal is then delivered again once the folder is gone).
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, Final

from ..errors import RenderError
from ._pdfsplit import SplitError, split_pdf

CHROMIUM_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Executables tried in turn; ``GBREPORT_CHROMIUM`` names another one."""

NO_SANDBOX_VARIABLE: Final = "GBREPORT_CHROMIUM_NO_SANDBOX"


def sandbox_flags() -> tuple[str, ...]:
    """``--no-sandbox`` as root (Chromium refuses its sandbox there) or when the variable asks for it; else none."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return ("--no-sandbox",) if as_root or os.environ.get(NO_SANDBOX_VARIABLE) == "1" else ()


CHROMIUM_FLAGS: Final[tuple[str, ...]] = (
    "--headless",
    *sandbox_flags(),
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-crash-reporter",
    "--disable-breakpad",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--run-all-compositor-stages-before-draw",
)
"""Flags of every Chromium we start (the engine tests use them too)."""

LOCKED_FLAGS: Final[tuple[str, ...]] = (
    "--blink-settings=scriptEnabled=false",
    "--proxy-server=http://127.0.0.1:9",  # a closed port: a request that got past the page would go nowhere
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--deny-permission-prompts",
)
"""Further flags of the printing browser: no scripts, no network even if a request got through."""

CSP: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)
"""The Content-Security-Policy of the printed page: its inline style, nothing else."""

_LONGEST_TMPDIR: Final = 60
"""Longest TMPDIR given to Chromium: its singleton socket's path (TMPDIR plus 46 bytes) must fit in 107."""

INSTALL_HINT: Final = "apt-get install -y chromium fonts-noto-cjk"
TIMEOUT_SECONDS: Final = 120
"""Longest wait for one answer of the browser (starting, printing a batch) before giving up."""
BATCH: Final = 12
"""Reports printed per call in a batch: enough to share the fonts, few enough to keep memory low."""

TRUETYPE_CJK: Final = ("Droid Sans Fallback", "WenQuanYi Micro Hei")
"""TrueType Chinese fonts (Debian ``fonts-droid-fallback``, ``fonts-wqy-microhei``; Apache-2.0).

Chromium embeds a TrueType font as a real font, subset, but draws every glyph of a
CFF-flavoured font (Noto CJK) as a Type 3 procedure: twice the time and a larger
file.  When one of these is installed, the printed page uses it for regular text
in place of Noto CJK; bold text keeps Noto CJK's real bold faces.
"""


def chromium() -> str:
    """Path of the Chromium executable, or :class:`RenderError` saying how to install it."""
    override = os.environ.get("GBREPORT_CHROMIUM")
    if override:
        found = shutil.which(override)
        if found is None:
            raise RenderError(f"GBREPORT_CHROMIUM={override!r} is not an executable; fix the variable or unset it")
        return found
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RenderError(f"PDF output needs Chromium, which is not installed; install it (Debian: {INSTALL_HINT})")


@cache
def _cjk_fonts() -> tuple[str, ...]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise RenderError(
            "PDF output needs fontconfig to find a Chinese font; install it (Debian: apt-get install -y fontconfig "
            "fonts-noto-cjk)"
        )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=60
    )
    families = {name.strip() for line in result.stdout.splitlines() for name in line.split(",") if name.strip()}
    return tuple(sorted(families))


def cjk_fonts() -> tuple[str, ...]:
    """The installed font families that cover Chinese, or :class:`RenderError` if there is none."""
    fonts = _cjk_fonts()
    if not fonts:
        raise RenderError(
            "no Chinese font is installed (`fc-list :lang=zh` lists none), so the PDF would show empty boxes; "
            "install one (Debian: apt-get install -y fonts-noto-cjk)"
        )
    return fonts


def print_css(fonts: tuple[str, ...]) -> str:
    """CSS of the printed page only: Noto CJK's regular faces stand for an installed TrueType Chinese font."""
    truetype = next((f for f in TRUETYPE_CJK if f in fonts), None)
    rules = ["article.report + article.report { break-before: page; }"]
    if truetype is not None:
        for family in ("Noto Serif CJK SC", "Noto Sans CJK SC"):
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: 400; src: local("{truetype}"); }}')
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: 700; src: local("{family} Bold"); }}')
    return "\n".join(rules)


def locked_page(html: str, fonts: tuple[str, ...]) -> str:
    """``html`` with the Content-Security-Policy first in its ``<head>`` and the print-only CSS."""
    policy = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    head = f"<head>\n{policy}\n<style>\n{print_css(fonts)}\n</style>\n"
    page, found = re.subn(r"<head>\s*", lambda _: head, html, count=1)
    if not found:
        raise RenderError("the page to print has no <head>")
    return page


def combined_page(pages: list[str]) -> str:
    """Several rendered reports as one page: the first one's head, every report's ``<article>`` in turn."""
    first = pages[0]
    start = first.index("<body>") + len("<body>")
    end = first.rindex("</body>")
    articles = []
    for page in pages:
        body = page[page.index("<body>") + len("<body>") : page.rindex("</body>")]
        articles.append(body)
    return first[:start] + "".join(articles) + first[end:]


# ---------------------------------------------------------------------------------------- cleanup

_LIVE: set[Browser] = set()
_LIVE_LOCK = threading.RLock()  # re-entrant: the signal handler runs in the thread that may hold it
_SIGNALS: Final = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s)
_installed: dict[int, Any] = {}


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """SIGTERM/SIGHUP while a browser runs: stop every browser, remove its folder, then die of the signal."""
    for browser in list(_LIVE):
        browser.close(graceful=False)
    _restore_handlers()
    os.kill(os.getpid(), signum)


def _install_handlers() -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; atexit still cleans up
    for signum in _SIGNALS:
        if signum in _installed:
            continue
        with contextlib.suppress(ValueError, OSError):
            if signal.getsignal(signum) is signal.SIG_DFL:  # an application's own handler is left alone
                _installed[signum] = signal.signal(signum, _on_signal)


def _restore_handlers() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    for signum, previous in list(_installed.items()):
        with contextlib.suppress(ValueError, OSError):
            if signal.getsignal(signum) is _on_signal:
                signal.signal(signum, previous)
        del _installed[signum]


@atexit.register
def _close_all() -> None:
    for browser in list(_LIVE):
        browser.close(graceful=False)


# ---------------------------------------------------------------------------------------- browser


class _Closed(Exception):
    """The pipe to the browser is closed (it exited or was stopped)."""


class Browser:
    """One headless Chromium printing pages to PDF over ``--remote-debugging-pipe``.

    Use as a context manager (or call :meth:`close`)::

        with Browser() as browser:
            pdf = browser.print_page(html)
    """

    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.fonts = cjk_fonts()
        executable = chromium()
        self.timeout = timeout
        self.folder = Path(tempfile.mkdtemp(prefix="gbreport-pdf-"))
        self.folders = [self.folder]
        self.pid: int | None = None
        self._write: int | None = None
        self._read: int | None = None
        self._buffer = b""
        self._next_id = 0
        self._session = ""
        self._frame = ""
        self._answers: dict[int, dict[str, Any]] = {}
        with _LIVE_LOCK:
            _LIVE.add(self)
            _install_handlers()
        try:
            self._start(executable)
            self._open_page()
        except BaseException:
            self.close(graceful=False)
            raise

    # -- process

    def _start(self, executable: str) -> None:
        commands_read, commands_write = os.pipe()
        answers_read, answers_write = os.pipe()
        # the child sees the pipe on fds 3 and 4; keep ours out of that range
        commands_read, answers_write = (_above(fd, 10) for fd in (commands_read, answers_write))
        log = os.open(self.folder / "chromium.log", os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600)
        null = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
        home = str(self.folder)
        runtime = home
        if len(runtime) > _LONGEST_TMPDIR:
            # Chromium's singleton socket lives in TMPDIR, and a socket path is at most 107 bytes long
            runtime = tempfile.mkdtemp(prefix="gbreport-pdf-", dir="/tmp")
            self.folders.append(Path(runtime))
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "TMPDIR": runtime,
            "XDG_CONFIG_HOME": str(self.folder / ".config"),
            "XDG_CACHE_HOME": str(self.folder / ".cache"),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
        }
        for name in ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "LD_LIBRARY_PATH"):
            if name in os.environ:
                env[name] = os.environ[name]
        argv = [
            executable,
            *(flag for flag in CHROMIUM_FLAGS if flag != "--no-sandbox"),
            *sandbox_flags(),
            *LOCKED_FLAGS,
            "--remote-debugging-pipe",
            f"--user-data-dir={self.folder / 'profile'}",
            f"--crash-dumps-dir={self.folder / 'crash'}",
            "about:blank",
        ]
        try:
            self.pid = os.posix_spawn(
                executable,
                argv,
                env,
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, null, 0),
                    (os.POSIX_SPAWN_DUP2, log, 1),
                    (os.POSIX_SPAWN_DUP2, log, 2),
                    (os.POSIX_SPAWN_DUP2, commands_read, 3),
                    (os.POSIX_SPAWN_DUP2, answers_write, 4),
                ],
                setsid=True,  # its own process group: Ctrl-C reaches us, not it; we stop the whole group
            )
        except OSError as exc:
            raise RenderError(f"cannot start Chromium ({executable}): {exc.strerror or exc}") from None
        finally:
            for fd in (commands_read, answers_write, log, null):
                os.close(fd)
        self._write, self._read = commands_write, answers_read

    def _log_tail(self) -> str:
        try:
            lines = (self.folder / "chromium.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return "no output"
        useful = [line for line in lines if "FATAL" in line] or [line for line in lines if "ERROR" in line] or lines
        if any("sandbox" in line.lower() for line in useful):
            return (
                f"{useful[-1][:200]} (Chromium's sandbox cannot start here; allow unprivileged user namespaces, "
                f"or set {NO_SANDBOX_VARIABLE}=1 to print without it)"
            )
        return useful[-1][:300] if useful else "no output"

    def close(self, *, graceful: bool = True) -> None:
        """Stop the browser and every process it started, and remove its folder (idempotent)."""
        pid, self.pid = self.pid, None
        if pid is not None:
            if graceful and self._write is not None:
                with contextlib.suppress(Exception):
                    self._send("Browser.close", {})
                    deadline = time.monotonic() + 2
                    while time.monotonic() < deadline and os.waitpid(pid, os.WNOHANG) == (0, 0):
                        time.sleep(0.02)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        for fd in (self._write, self._read):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._write = self._read = None
        for folder in self.folders:
            for _ in range(3):
                shutil.rmtree(folder, ignore_errors=True)
                if not folder.exists():
                    break
                time.sleep(0.05)
        with _LIVE_LOCK:
            _LIVE.discard(self)
            if not _LIVE:
                _restore_handlers()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close(graceful=kind is None)

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close(graceful=False)

    # -- protocol

    def _send(self, method: str, params: dict[str, Any], session: str | None = None) -> int:
        if self._write is None:
            raise _Closed
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        while data:
            written = os.write(self._write, data)
            data = data[written:]
        return self._next_id

    def _receive(self, deadline: float) -> dict[str, Any]:
        assert self._read is not None
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self._read], [], [], left)
            if not ready:
                raise TimeoutError
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise _Closed
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> dict[str, Any]:
        """Send one DevTools command and wait for its answer, handling events meanwhile."""
        return self.answer(self.ask(method, params, session=session), method)

    def ask(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> int:
        """Send one DevTools command without waiting; :meth:`answer` collects its result."""
        try:
            return self._send(method, params or {}, self._session if session else None)
        except (_Closed, OSError):
            detail = self._log_tail()
            self.close(graceful=False)
            raise RenderError(f"Chromium stopped unexpectedly ({method}): {detail}") from None

    def answer(self, wanted: int, method: str) -> dict[str, Any]:
        """The result of command ``wanted`` (answers to later commands are kept for their turn)."""
        try:
            deadline = time.monotonic() + self.timeout
            while wanted not in self._answers:
                message = self._receive(deadline)
                if "id" in message:
                    self._answers[message["id"]] = message
                else:
                    self._event(message)
            message = self._answers.pop(wanted)
        except TimeoutError:
            self.close(graceful=False)
            raise RenderError(f"Chromium did not answer ({method}) within {self.timeout:g} s") from None
        except (_Closed, OSError):
            detail = self._log_tail()
            self.close(graceful=False)
            raise RenderError(f"Chromium stopped unexpectedly ({method}): {detail}") from None
        if "error" in message:
            raise RenderError(f"Chromium could not {method}: {message['error'].get('message', '?')}")
        result: dict[str, Any] = message.get("result", {})
        return result

    def _event(self, message: dict[str, Any]) -> None:
        if message.get("method") == "Fetch.requestPaused":  # every request of the page: refused
            request = message.get("params", {}).get("requestId")
            self._send(
                "Fetch.failRequest", {"requestId": request, "errorReason": "BlockedByClient"}, message.get("sessionId")
            )

    def _open_page(self) -> None:
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)
        self._session = attached["sessionId"]
        self.call("Emulation.setScriptExecutionDisabled", {"value": True})
        self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        self.call("Page.enable")
        self._frame = self.call("Page.getFrameTree")["frameTree"]["frame"]["id"]

    def submit(self, html: str) -> int:
        """Start printing ``html`` (locked down first: :func:`locked_page`); :meth:`collect` gets the PDF."""
        page = locked_page(html, self.fonts)
        self.ask("Page.setDocumentContent", {"frameId": self._frame, "html": page})
        return self.ask("Page.printToPDF", {"preferCSSPageSize": True, "generateTaggedPDF": True})

    def collect(self, ticket: int) -> bytes:
        """The PDF of a page given to :meth:`submit`."""
        printed = self.answer(ticket, "Page.printToPDF")
        data = base64.b64decode(printed.get("data", ""))
        if not data.startswith(b"%PDF-"):
            raise RenderError("Chromium returned something that is not a PDF")
        return data

    def print_page(self, html: str) -> bytes:
        """``html`` printed to PDF."""
        return self.collect(self.submit(html))

    def submit_pages(self, pages: list[str]) -> tuple[int, list[str]]:
        """Start printing ``pages`` in one call, a page break between them; :meth:`collect_pages` splits it."""
        return self.submit(pages[0] if len(pages) == 1 else combined_page(pages)), pages

    def collect_pages(self, ticket: tuple[int, list[str]]) -> list[bytes]:
        """One PDF per page given to :meth:`submit_pages` (printed one at a time should the split fail)."""
        number, pages = ticket
        printed = self.collect(number)
        if len(pages) == 1:
            return [printed]
        try:
            return split_pdf(printed, len(pages), titles=[_title_of(page) for page in pages])
        except SplitError:
            return [self.print_page(page) for page in pages]

    def print_pages(self, pages: list[str]) -> list[bytes]:
        """Each page of ``pages`` as its own PDF, printed in one call and split."""
        return self.collect_pages(self.submit_pages(pages))


def _above(fd: int, lowest: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, lowest)
    os.close(fd)
    return moved


def _title_of(page: str) -> str:
    import html as htmllib

    match = re.search(r"<title>(.*?)</title>", page, re.S)
    return htmllib.unescape(match.group(1)) if match else ""


def html_to_pdf(html: str) -> bytes:
    """Print ``html`` (a standalone page) to PDF with headless Chromium."""
    with Browser() as browser:
        return browser.print_page(html)


def htmls_to_pdfs(pages: Iterable[str], batch: int = BATCH) -> Iterator[bytes]:
    """Print each page of ``pages`` to PDF, in order, with one browser for all of them."""
    stream = iter(pages)
    first = next(stream, None)
    if first is None:
        return
    with Browser() as browser:
        # while Chromium prints one batch, the previous one is split here (the two run on different cores)
        pending: tuple[int, list[str]] | None = None
        chunk = [first]
        for page in stream:
            chunk.append(page)
            if len(chunk) == batch:
                ticket = browser.submit_pages(chunk)
                if pending is not None:
                    yield from browser.collect_pages(pending)
                pending, chunk = ticket, []
        if chunk:
            ticket = browser.submit_pages(chunk)
            if pending is not None:
                yield from browser.collect_pages(pending)
            pending = ticket
        if pending is not None:
            yield from browser.collect_pages(pending)


__all__ = ["CHROMIUM_FLAGS", "CSP", "Browser", "chromium", "cjk_fonts", "html_to_pdf", "htmls_to_pdfs", "locked_page"]
