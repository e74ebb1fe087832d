"""The gettext catalogues of rendered documents.

A catalogue holds two kinds of messages, keyed by their Chinese wording:

* the fixed strings a document prints (:data:`gbreport.rendering._i18n.MESSAGES`),
  translated by hand in the ``.po``;
* every label of the format declarations (section headings, table captions, row and
  column labels), with the format version as ``msgctxt``.  These entries are generated
  from the declarations: the English is declared once, next to the official Chinese
  wording (:class:`gbreport.formats.Label`), and copied into the English catalogue by

      python -m gbreport.rendering._catalogue

  which also compiles the ``.mo`` the package ships.  A test fails while either file is
  stale.  A catalogue for another language gets the same label entries with empty
  translations, to be filled by a translator.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from ..formats import FORMATS, BlockTable, Format, Label, Node

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "gbreport"


def _nodes(nodes: tuple[Node, ...]) -> Iterator[Label]:
    for n in nodes:
        yield n.label
        yield from _nodes(n.children)


def format_labels(fmt: Format) -> Iterator[Label]:
    """Every label a document of ``fmt`` prints, in declaration order (with repeats)."""
    for section in fmt.sections:
        yield section.label
    for table in fmt.tables:
        if isinstance(table, BlockTable):
            yield table.header
            for block in table.blocks:
                yield block.caption
                yield from _nodes(block.columns)
                yield from _nodes(block.rows)
        else:
            yield table.corner
            if table.column_header is not None:
                yield table.column_header
            yield from _nodes(table.rows)
            yield from _nodes(table.columns)


def label_entries() -> list[tuple[str, Label]]:
    """``(format version, label)`` for every distinct non-empty label, in a stable order."""
    out: list[tuple[str, Label]] = []
    seen: set[tuple[str, str]] = set()
    for version, fmt in FORMATS.items():
        for label in format_labels(fmt):
            key = (version, label.zh)
            if label.zh and key not in seen:
                seen.add(key)
                out.append((version, label))
    return out


def _po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def updated(locale: str) -> tuple[bytes, bytes]:
    """The ``.po`` and ``.mo`` of ``locale`` with the label entries regenerated."""
    with _po_path(locale).open("rb") as f:
        old = read_po(f, locale=locale)
    catalog = Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment=old.header_comment,
        project=old.project,
        version=old.version,
        msgid_bugs_address="",
        last_translator="gbreport developers",
        language_team=old.language_team,
        creation_date=old.creation_date,
        revision_date=old.revision_date,
        fuzzy=False,
    )
    for message in old:
        if message.id and message.context not in FORMATS:
            catalog.add(message.id, message.string, auto_comments=message.auto_comments, context=message.context)
    for version, label in label_entries():
        catalog.add(
            label.zh,
            label.en if locale == "en" else "",
            auto_comments=[f"declared in gbreport.formats ({version})"],
            context=version,
        )
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, width=0, omit_header=False, sort_output=False)
    write_mo(mo, catalog)
    # the header names the generating Babel version; leave it out so the file is reproducible
    lines = [line for line in po.getvalue().splitlines(keepends=True) if not line.startswith(b'"Generated-By:')]
    return b"".join(lines), mo.getvalue()


def locales() -> list[str]:
    return sorted(p.name for p in LOCALE_DIR.iterdir() if _po_path(p.name).exists())


def main(argv: list[str]) -> int:
    stale = []
    for locale in locales():
        po, mo = updated(locale)
        po_path = _po_path(locale)
        mo_path = po_path.with_suffix(".mo")
        if "--check" in argv:
            if po_path.read_bytes() != po or mo_path.read_bytes() != mo:
                stale.append(locale)
        else:
            po_path.write_bytes(po)
            mo_path.write_bytes(mo)
    if stale:
        print(f"stale catalogue(s): {', '.join(stale)}; run python -m gbreport.rendering._catalogue", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
