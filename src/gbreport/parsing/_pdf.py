"""PDF reader for documents with a text layer.

The text is taken in content-stream order, which keeps a table row's label and its
values together: with poppler's ``pdftotext -raw`` (Debian package ``poppler-utils``)
(required: without it, reading a PDF is a clear error saying what to install).
Page footers (``- 4 -``, ``第 4 页``, a bare page number at the foot of its page)
are dropped, so that a table split across pages reads as one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

from ..errors import LoadError
from ._doc import Doc, DocBuilder, clean

TIMEOUT_SECONDS = 60
_FOOTER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/共]\s*\d{1,4}\s*页?)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


def _pdftotext(data: bytes) -> str | None:
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="gbreport-") as tmp:
        path = os.path.join(tmp, "in.pdf")
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
                [exe, "-raw", "-enc", "UTF-8", "-q", path, "-"],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise LoadError(f"the PDF took more than {TIMEOUT_SECONDS} s to read; it may be damaged") from None
        except OSError:
            return None
    if done.returncode != 0 and not done.stdout:
        raise LoadError("not a readable PDF (pdftotext failed); check that the file is a complete PDF")
    return done.stdout.decode("utf-8", errors="replace")


_PARAGRAPH_END = re.compile(r"[。！？!?；;：:…]\s*[”’」』）)]*$")
_PARAGRAPH_START = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]|——|[•·])"
)


def wraps(previous: str, line: str) -> bool:
    """True when printed ``line`` continues the paragraph of ``previous`` (both as printed, stripped).

    A PDF's text layer breaks a paragraph at every printed line end, so a line continues
    the one before unless that one ends a sentence (。！？；： and the like) or this one
    starts a numbered or dashed item.
    """
    return bool(previous) and not _PARAGRAPH_END.search(previous) and not _PARAGRAPH_START.match(line)


def read_pdf(data: bytes) -> Doc:
    """A PDF with a text layer."""
    text = _pdftotext(data)
    if text is None:
        raise LoadError("reading PDF needs poppler's pdftotext: apt-get install poppler-utils")
    builder = DocBuilder("pdf")
    pages = text.split("\f")
    previous = ""
    for page_number, page in enumerate(pages, 1):
        lines = page.splitlines()
        while lines and not lines[-1].strip():
            lines.pop()
        for line_number, line in enumerate(lines, 1):
            if _FOOTER.match(line):
                continue
            if line_number == len(lines) and line.strip() == str(page_number):
                continue
            shown = clean(line).strip()
            builder.line(line, f"page {page_number}, line {line_number}", continued=wraps(previous, shown))
            if shown:
                previous = shown
    doc = builder.build()
    if not doc.text.strip():
        raise LoadError("the PDF has no text layer (a scanned image?); run OCR on it first")
    return doc
