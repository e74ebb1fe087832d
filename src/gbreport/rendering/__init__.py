"""Render a report as a document people publish: HTML, Markdown, plain text, Word or PDF.

>>> from gbreport.rendering import render, render_many
>>> html = render(report, to="html", locale="zh_CN")      # doctest: +SKIP
>>> pdf = render(report, to="pdf", locale="en")           # doctest: +SKIP
>>> pdfs = list(render_many(reports, to="pdf"))           # doctest: +SKIP

The layout of the tables follows the official template and is derived from the
format declaration (:mod:`gbreport.rendering._layout`); labels come from the
declaration, fixed strings from the gettext catalogues, numbers and dates from
babel.  Text outputs are ``str``; ``docx`` and ``pdf`` are ``bytes``.  Each output
has one renderer in :data:`_RENDERERS`, from which :data:`OUTPUTS` and
:data:`SUFFIXES` are derived.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Final, Literal, cast, get_args, overload

from ..errors import ArgumentError, RenderError, UnknownLocaleError
from ..model import Report
from . import _templates
from ._document import Document, check_blank_as, document
from ._i18n import LOCALES, LocaleName, check_locale
from ._layout import Layout, LayoutCell, layout

Output = Literal["html", "markdown", "text", "docx", "pdf"]
"""The output names (static type); :data:`OUTPUTS` lists the ones with a renderer."""


def _write_docx(doc: Document) -> bytes:
    from ._docx import docx_bytes

    return docx_bytes(doc)


def _write_pdf(doc: Document) -> bytes:
    from ._pdf import html_to_pdf

    return html_to_pdf(_templates.html(doc))


def _write_pdf_many(docs: Iterable[Document]) -> Iterator[bytes]:
    from ._pdf import htmls_to_pdfs

    return htmls_to_pdfs(_templates.html(doc) for doc in docs)


@dataclass(frozen=True, slots=True)
class _Renderer:
    suffix: str
    write: Callable[[Document], str | bytes]
    binary: bool
    many: Callable[[Iterable[Document]], Iterator[str | bytes]] | None = None
    """Renders a stream of documents sharing expensive parts (one browser for PDF)."""


_RENDERERS: Final[dict[str, _Renderer]] = {
    "html": _Renderer(".html", _templates.html, binary=False),
    "markdown": _Renderer(".md", _templates.markdown, binary=False),
    "text": _Renderer(".txt", _templates.text, binary=False),
    "docx": _Renderer(".docx", _write_docx, binary=True),
    "pdf": _Renderer(".pdf", _write_pdf, binary=True, many=_write_pdf_many),
}
"""The one mapping from output name to its renderer; everything below derives from it."""

OUTPUTS: Final[tuple[Output, ...]] = tuple(cast("Output", name) for name in _RENDERERS)
TEXT_OUTPUTS: Final[tuple[Output, ...]] = tuple(cast("Output", k) for k, r in _RENDERERS.items() if not r.binary)
SUFFIXES: Final[dict[str, str]] = {name: r.suffix for name, r in _RENDERERS.items()}


def _renderer(to: str) -> _Renderer:
    renderer = _RENDERERS.get(to)
    if renderer is not None:
        return renderer
    if to in get_args(Output):
        raise RenderError(f"output {to!r} has no renderer; expected one of {', '.join(_RENDERERS)}")
    raise RenderError(f"unknown output {to!r}; expected one of {', '.join(_RENDERERS)}")


@overload
def render(
    report: Report, to: Literal["html", "markdown", "text"] = ..., locale: str = ..., *, blank_as: str | None = ...
) -> str: ...
@overload
def render(report: Report, to: Literal["docx", "pdf"], locale: str = ..., *, blank_as: str | None = ...) -> bytes: ...
@overload
def render(report: Report, to: str, locale: str = ..., *, blank_as: str | None = ...) -> str | bytes: ...


def render(report: Report, to: str = "html", locale: str = "zh_CN", *, blank_as: str | None = None) -> str | bytes:
    """Render ``report`` as ``to`` (``html``, ``markdown``, ``text``, ``docx`` or ``pdf``) in ``locale``.

    ``locale`` is ``zh_CN`` (default) or ``en``.  Returns ``str`` for the text
    outputs and ``bytes`` for ``docx`` and ``pdf``.  A blank cell prints as nothing
    (with a note under the tables), or as ``blank_as`` when given (``blank_as="0"``
    for reports whose authors enter only the cells that are not zero).  Raises
    :class:`RenderError` for an unknown output or locale, and, for PDF, when
    Chromium or a CJK font is missing (the message says what to install).
    """
    renderer = _renderer(to)
    return renderer.write(document(report, locale, blank_as=blank_as))


@overload
def render_many(
    reports: Iterable[Report],
    to: Literal["html", "markdown", "text"] = ...,
    locale: str = ...,
    *,
    blank_as: str | None = ...,
) -> Iterator[str]: ...
@overload
def render_many(
    reports: Iterable[Report], to: Literal["docx", "pdf"], locale: str = ..., *, blank_as: str | None = ...
) -> Iterator[bytes]: ...
@overload
def render_many(
    reports: Iterable[Report], to: str, locale: str = ..., *, blank_as: str | None = ...
) -> Iterator[str | bytes]: ...


def render_many(
    reports: Iterable[Report], to: str = "html", locale: str = "zh_CN", *, blank_as: str | None = None
) -> Iterator[str | bytes]:
    """Render every report of ``reports`` like :func:`render`, yielding each output in order.

    The expensive parts are set up once for the whole stream: compiled table layouts
    for every output, and for PDF one headless Chromium that prints every report (it
    is shut down when the iterator is exhausted, closed or garbage-collected).  The
    output, locale and ``blank_as`` are checked before the first report is rendered.
    """
    renderer = _renderer(to)
    check_locale(locale)
    check_blank_as(blank_as)
    if isinstance(reports, (str, bytes, os.PathLike)) or not isinstance(reports, Iterable):
        raise ArgumentError(f"reports must be an iterable of reports, not {type(reports).__name__}")
    docs = (document(report, locale, blank_as=blank_as) for report in reports)
    if renderer.many is not None:
        return renderer.many(docs)
    return map(renderer.write, docs)


__all__ = [
    "LOCALES",
    "OUTPUTS",
    "SUFFIXES",
    "TEXT_OUTPUTS",
    "Document",
    "Layout",
    "LayoutCell",
    "LocaleName",
    "Output",
    "RenderError",
    "UnknownLocaleError",
    "document",
    "layout",
    "render",
    "render_many",
]
