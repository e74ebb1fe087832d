"""HTML reader on lxml's HTML parser (libxml2): the parser's events go straight into the walk of
:mod:`._html` (the parser's target), no tree is built.

The parser is the safe kind: no network, no entities but HTML's own, no ``huge_tree``; the walk
counts the elements and runs of text and stops at :data:`._html.MAX_NODES` as the events come.  When
the parser stops early at a limit of its own (a run of text over 10 MB), the page is read again with
the standard library's parser.
"""

from __future__ import annotations

import re

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from ._doc import Doc
from ._html import _Walk, read_html_stdlib

_PROLOGUE = re.compile(r"([ \t\n\r\f]*)(?:<!--.*?-->|<![^>]*>|<\?[^>]*>)?", re.S)


def _leading_space(text: str) -> str:
    """The blanks before the first element or text of a page, around the doctype and comments: lxml's
    parser drops them, the walk reads them as the standard library's parser gives them."""
    spaces: list[str] = []
    at = 0
    while True:
        match = _PROLOGUE.match(text, at)
        assert match is not None  # the pattern matches the empty string
        spaces.append(match.group(1))
        if match.end() == at or match.end(1) == match.end():
            return "".join(spaces)
        at = match.end()


_WRAPPERS = {tag: re.compile(f"<{tag}[\\s/>]", re.I) for tag in ("html", "head", "body")}


def _implied(text: str) -> frozenset[str]:
    """The elements ``html``, ``head`` and ``body`` that ``text`` does not have: lxml's parser adds them,
    the standard library's parser does not."""
    return frozenset(tag for tag, pattern in _WRAPPERS.items() if pattern.search(text) is None)


def read_html_lxml(text: str) -> Doc:
    """An HTML page or fragment, read with lxml's HTML parser."""
    walk = _Walk()
    parser = etree.HTMLParser(
        target=walk,
        encoding="utf-8",
        recover=True,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
    )
    implied = _implied(text)
    if implied:
        walk.ignore(implied)
    space = _leading_space(text)
    if space:
        walk.data(space)
    try:
        etree.fromstring(text.encode("utf-8", "replace"), parser)
    except etree.LxmlError:
        return read_html_stdlib(text)
    if parser.error_log.filter_from_level(etree.ErrorLevels.FATAL):
        # the parser stopped before the end, at one of libxml2's own limits (a run of text or an
        # attribute value of more than 10 MB): the standard library's parser reads the whole page
        return read_html_stdlib(text)
    return walk.finish()
