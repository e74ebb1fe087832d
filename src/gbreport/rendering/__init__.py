"""Render a report as a document people publish: HTML, Markdown, plain text, Word or PDF.

>>> from gbreport.rendering import render
>>> html = render(report, to="html", locale="zh_CN")      # doctest: +SKIP
>>> pdf = render(report, to="pdf", locale="en")           # doctest: +SKIP

The layout of the tables follows the official template and is derived from the
format declaration (:mod:`gbreport.rendering._layout`); labels come from the
declaration, fixed strings from the gettext catalogues, numbers and dates from
babel.  Text outputs are ``str``; ``docx`` and ``pdf`` are ``bytes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal, cast, get_args, overload

import jinja2

from ..errors import RenderError, UnknownLocaleError
from ..model import Report
from ._document import Document, document
from ._i18n import LOCALES, LocaleName
from ._layout import Layout, LayoutCell, layout
from ._text import draw_table, md_cell, md_escape

Output = Literal["html", "markdown", "text", "docx", "pdf"]
"""The output names (static type); :data:`OUTPUTS` lists the ones with a renderer."""

_TEMPLATES: Final = {"html": "report.html.j2", "markdown": "report.md.j2", "text": "report.txt.j2"}


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gbreport.rendering", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["md"] = md_escape
    env.filters["mdcell"] = md_cell
    env.filters["boxed"] = draw_table
    return env


def _template(doc: Document, report: Report, to: str) -> str:
    published = report.header.published
    template = _environment().get_template(_TEMPLATES[to])
    text = template.render(
        doc=doc, published_iso=published.isoformat() if isinstance(published, dt.date) else ""
    )
    return text


def _html(doc: Document, report: Report) -> str:
    return _template(doc, report, "html")


def _markdown(doc: Document, report: Report) -> str:
    return _template(doc, report, "markdown")


def _text(doc: Document, report: Report) -> str:
    return _template(doc, report, "text")


def _docx(doc: Document, report: Report) -> bytes:
    from ._docx import docx_bytes

    return docx_bytes(doc)


def _pdf(doc: Document, report: Report) -> bytes:
    from ._pdf import html_to_pdf

    return html_to_pdf(_html(doc, report))


@dataclass(frozen=True, slots=True)
class _Renderer:
    suffix: str
    write: Callable[[Document, Report], str | bytes]
    binary: bool


_RENDERERS: Final[dict[str, _Renderer]] = {
    "html": _Renderer(".html", _html, binary=False),
    "markdown": _Renderer(".md", _markdown, binary=False),
    "text": _Renderer(".txt", _text, binary=False),
    "docx": _Renderer(".docx", _docx, binary=True),
    "pdf": _Renderer(".pdf", _pdf, binary=True),
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
def render(report: Report, to: Literal["html", "markdown", "text"] = ..., locale: str = ...) -> str: ...
@overload
def render(report: Report, to: Literal["docx", "pdf"], locale: str = ...) -> bytes: ...
@overload
def render(report: Report, to: str, locale: str = ...) -> str | bytes: ...


def render(report: Report, to: str = "html", locale: str = "zh_CN") -> str | bytes:
    """Render ``report`` as ``to`` (``html``, ``markdown``, ``text``, ``docx`` or ``pdf``) in ``locale``.

    ``locale`` is ``zh_CN`` (default) or ``en``.  Returns ``str`` for the text
    outputs and ``bytes`` for ``docx`` and ``pdf``.  Raises :class:`RenderError`
    for an unknown output or locale, and, for PDF, when Chromium or a CJK font
    is missing (the message says what to install).
    """
    renderer = _renderer(to)
    doc = document(report, locale)
    return renderer.write(doc, report)


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
]
