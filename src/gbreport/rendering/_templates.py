"""The text outputs (HTML, Markdown, plain text): jinja2 templates around tables built once.

The markup of a table -- tags, spans, labels, rules -- depends only on the format
version and the locale (and, for plain text, on the column widths), never on the
values.  Each table is therefore rendered once per :class:`~._document.TableFrame`
by the same templates with a marker in place of every value, and the result kept as
a ``%``-format string; a report's table is that string filled with its escaped
values.  The output is the same, byte for byte, as rendering the whole template.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Final

import jinja2
from markupsafe import Markup, escape

from ._document import Document, TableFrame, TextTable
from ._text import draw_table, md_cell, md_escape

_MARK: Final = "\x00"
_MEMO_LIMIT: Final = 100_000


@cache
def environment() -> jinja2.Environment:
    """The jinja2 environment of the templates shipped in ``gbreport/rendering/templates``."""
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
    env.filters["table_html"] = table_html
    env.filters["table_md"] = table_md
    return env


def _skeleton(frame: TableFrame, template: str) -> str:
    """``template`` rendered for the table of ``frame``, ``%s`` where each value goes."""
    found: str | None = frame.compiled.get(template)
    if found is None:
        marked = TextTable(frame, (_MARK,) * len(frame.positions))
        drawn = environment().get_template(template).render(table=marked).removesuffix("\n")
        if drawn.count(_MARK) != len(frame.positions):  # pragma: no cover - a template that drops or repeats values
            raise AssertionError(f"{template} must print each value of {frame.id} exactly once")
        found = frame.compiled[template] = drawn.replace("%", "%%").replace(_MARK, "%s")
    return found


def _memoised(fn: Callable[[str], str]) -> Callable[[str], str]:
    memo: dict[str, str] = {}

    def cached(text: str) -> str:
        out = memo.get(text)
        if out is None:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            out = memo[text] = fn(text)
        return out

    return cached


_html_text = _memoised(lambda text: str(escape(text)))
_md_text = _memoised(md_cell)


def table_html(table: TextTable) -> Markup:
    """The ``<table>`` of ``table`` (in its scrolling box), from ``table.html.j2``."""
    skeleton = _skeleton(table.frame, "table.html.j2")
    return Markup(skeleton % tuple(map(_html_text, table.values)))  # noqa: S704 - values escaped above


def table_md(table: TextTable) -> str:
    """The pipe table of ``table``, from ``table.md.j2``."""
    return _skeleton(table.frame, "table.md.j2") % tuple(map(_md_text, table.values))


def html(doc: Document) -> str:
    return environment().get_template("report.html.j2").render(doc=doc)


def markdown(doc: Document) -> str:
    return environment().get_template("report.md.j2").render(doc=doc)


def text(doc: Document) -> str:
    return environment().get_template("report.txt.j2").render(doc=doc)


__all__ = ["environment", "html", "markdown", "table_html", "table_md", "text"]
