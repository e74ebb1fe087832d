"""PDF output: the HTML rendering printed by headless Chromium.

Chromium is the engine because it lays out the same HTML and print CSS that
browsers show (rowspan/colspan tables, A4 ``@page``, CJK line breaking and font
fallback through fontconfig), it is packaged and security-maintained by Debian
(``apt-get install chromium``), and it needs no Python package.  The PDF is only
as good as the fonts installed: without a Chinese font every character would come
out as an empty box, so a missing font is an error, detected with
``fc-list :lang=zh`` before printing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from ..errors import RenderError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Executables tried in turn; ``GBREPORT_CHROMIUM`` names another one."""

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)

INSTALL_HINT = "apt-get install -y chromium fonts-noto-cjk"
TIMEOUT_SECONDS = 120


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
    return tuple(sorted({line.strip() for line in result.stdout.splitlines() if line.strip()}))


def cjk_fonts() -> tuple[str, ...]:
    """The installed font families that cover Chinese, or :class:`RenderError` if there is none."""
    fonts = _cjk_fonts()
    if not fonts:
        raise RenderError(
            "no Chinese font is installed (`fc-list :lang=zh` lists none), so the PDF would show empty boxes; "
            "install one (Debian: apt-get install -y fonts-noto-cjk)"
        )
    return fonts


def html_to_pdf(html: str) -> bytes:
    """Print ``html`` (a standalone page) to PDF with headless Chromium."""
    cjk_fonts()
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="gbreport-pdf-") as tmp:
        root = Path(tmp)
        page, out = root / "report.html", root / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            exe,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={root / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            result = subprocess.run(  # noqa: S603 - the executable and arguments are ours
                command, capture_output=True, text=True, check=False, timeout=TIMEOUT_SECONDS,
                env={**os.environ, "HOME": tmp},
            )
        except subprocess.TimeoutExpired:
            raise RenderError(f"Chromium did not print the PDF within {TIMEOUT_SECONDS} s") from None
        if result.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise RenderError(f"Chromium failed to print the PDF (exit {result.returncode}): {detail}")
        return out.read_bytes()
