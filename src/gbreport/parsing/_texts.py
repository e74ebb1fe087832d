"""The running text of a document: section texts, preamble and contact lines, as printed."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from ..formats import BlockTable, Format, cells_of, derived, get_format, versions
from ..model import Contact
from ..rendering._i18n import BLANK_NOTE, CONTACT_HEADING
from ._doc import CELL, ROW, Doc, normalise
from ._furniture import PAGE_CONTROLS, SITE_MARKS, furniture_end, furniture_start
from ._header import DATE, HEAD_CHARS, PUBLISHED, TITLE, TITLE_LABEL, agency_of, titles
from ._labels import _PREFIX, SECTION_WORDS, compiled, row_labels_of
from ._locate import at_line_start, table_start
from ._outline import MAX_HEADING_CHARS, HeadingSpot, next_stop

CONTACT_LABELS = {name: f.title or name for name, f in Contact.model_fields.items()}


# ---------------------------------------------------------------- structure words


@derived
def _format_words(fmt: Format) -> tuple[str, ...]:
    words: list[str] = [w for s in fmt.sections for w in (s.number, s.label.zh)]
    for cell in cells_of(fmt):
        words += [n.label.zh for n in cell.row + cell.column]
    for table in fmt.tables:
        if isinstance(table, BlockTable):
            words += [table.header.zh, *(b.caption.zh for b in table.blocks)]
        else:
            words += [table.corner.zh, *(b.note.zh for b in table.balances)]
            words += [table.column_header.zh] if table.column_header else []
    words += sorted(row_labels_of(fmt))
    return tuple(words)


_STRUCTURE: dict[tuple[str, ...], tuple[str, ...]] = {}


def structure_words() -> tuple[str, ...]:
    """Every fixed word the parser reads as structure of a document.

    Section numbers and headings, table labels and captions of every registered
    format version, the words of the title, date and publication-date patterns, the
    contact heading and labels, the blank-cell note and the marks of page furniture
    (:mod:`._furniture`).  Text that contains none of
    their characters cannot be mistaken for structure.
    """
    key = versions()
    found = _STRUCTURE.get(key)
    if found is not None:
        return found
    words: list[str] = [p.pattern for p in (TITLE, TITLE_LABEL, PUBLISHED, DATE, _PREFIX)]
    words += [w for ws in SECTION_WORDS.values() for w in ws]
    words += [*CONTACT_LABELS.values(), CONTACT_HEADING, BLANK_NOTE]
    words += [*SITE_MARKS, *PAGE_CONTROLS]  # a page's furniture, cut from the ends of its text
    for version in key:
        words += _format_words(version)
    out = _STRUCTURE[key] = tuple(sorted({w for w in words if w}))
    return out


# ---------------------------------------------------------------- running text


@dataclass(frozen=True)
class Texts:
    """The running text of a document: sections, preamble and contact lines."""

    sections: dict[str, str]
    preamble: str | None
    contact: dict[str, str]


_NO_SPACE = dict.fromkeys((c for c in range(0x3001) if chr(c).isspace()), None)


def _compact(text: str) -> str:
    """``text`` normalised, without whitespace (one translation: no list of pieces, whatever the length)."""
    return normalise(text).translate(_NO_SPACE)


def lines_of(doc: Doc, start: int, end: int) -> list[tuple[int, str, str]]:
    """The lines of ``doc.text[start:end]`` (``end`` at most the text's end): (offset, normalised, as
    printed), table markers as spaces.

    Running text is given as printed (full-width punctuation kept), a part of a line too (a
    document printed as one long line); table text only in normalised form.
    """
    return list(iter_lines(doc, start, end))


def iter_lines(doc: Doc, start: int, end: int) -> Iterator[tuple[int, str, str]]:
    """:func:`lines_of`, one line at a time."""
    text = doc.text
    printed = doc.printed
    markers = text.find(CELL, start, end) >= 0 or text.find(ROW, start, end) >= 0
    end = min(end, len(text))
    if start >= end:
        return
    pieces = text[start:end].split("\n")
    if not pieces[-1]:  # the region ends with a line break: no line after it
        pieces.pop()
    last = len(pieces) - 1
    pos = start
    for k, norm in enumerate(pieces):
        stop = pos + len(norm)
        # a whole line: a line break (or the text's start) before it and a line break after it
        whole = (k > 0 or pos == 0 or text[pos - 1] == "\n") and (k < last or (stop < len(text) and text[stop] == "\n"))
        shown = printed.get(pos, norm) if whole else doc.shown(pos, stop)
        if markers:
            yield pos, norm.replace(CELL, " ").replace(ROW, ""), shown.replace(CELL, " ").replace(ROW, "")
        else:
            yield pos, norm, shown
        pos = stop + 1


ARTEFACT = re.compile(r"\[[A-Za-z][A-Za-z ]{0,20}:[ \t]*[^\]\s]{0,80}\]")
"""A marker a conversion leaves in the text (``[bookmark: _GoBack]``): a bracketed ASCII tag and name."""


def paragraphs(doc: Doc, lines: list[tuple[int, str, str]]) -> list[str]:
    """The non-empty lines, stripped, conversion markers (:data:`ARTEFACT`) removed; a line the reader
    marked as continuing the one before is joined to it."""
    out: list[str] = []
    for pos, _, shown in lines:
        line = (ARTEFACT.sub("", shown) if "[" in shown else shown).strip()
        if not line:
            continue
        if out and pos in doc.continued:
            out[-1] += line
        else:
            out.append(line)
    return out


def _heading_end(doc: Doc, fmt: Format, key: str, start: int, end: int) -> int:
    """The end of a heading whose pattern matched only the start of its title: after the title's last words."""
    label = normalise(next(s.label.zh for s in fmt.sections if s.key == key))
    if _compact(doc.text[start:end]).endswith(_compact(label[-4:])):
        return end
    line_end = doc.text.find("\n", end)
    line_end = len(doc.text) if line_end < 0 else line_end
    m = compiled(label[-4:]).search(doc.text, end, min(line_end, end + 20))
    return m.end() if m else end


def heading_text(doc: Doc, fmt: Format, spot: HeadingSpot) -> str:
    """A heading as printed: its whole line when it has a line of its own, else the heading's words."""
    text = doc.text
    line_start = text.rfind("\n", 0, spot.start) + 1
    line_end = text.find("\n", spot.start)
    line_end = len(text) if line_end < 0 else line_end
    whole = not text[line_start : spot.start].strip() and line_end - spot.start <= MAX_HEADING_CHARS
    if whole:
        shown = doc.printed.get(line_start, text[line_start:line_end])
    else:
        end = _heading_end(doc, fmt, spot.section, spot.start, spot.end) if spot.section else spot.end
        shown = doc.shown(spot.start, min(end, line_end))
    return shown.replace(CELL, " ").replace(ROW, "").strip()


def _exact_line(doc: Doc, text: str, lines: list[tuple[int, str, str]]) -> int | None:
    """Offset of the first of ``lines`` (see :func:`lines_of`) that reads exactly ``text`` (whitespace aside).

    The lines are matched by a pattern (whitespace allowed between the characters), which fails at the
    first character that differs: a long line costs nothing.
    """
    pattern = _spaced(text)
    first = _compact(text)[:1]  # a line without the first character cannot read the text
    for pos, norm, _ in lines:
        if first in norm and pattern.fullmatch(norm) is not None and at_line_start(doc.text, pos):
            return pos
    return None


@cache
def _spaced(text: str) -> re.Pattern[str]:
    return re.compile(r"\s*" + r"\s*".join(re.escape(c) for c in _compact(text)) + r"\s*")


def _reads_as(line: str, text: str) -> bool:
    """True when normalised ``line`` reads ``text``, whitespace aside (a pattern that fails at the first
    character that differs, so a long line costs nothing)."""
    return _spaced(text).fullmatch(line) is not None


def _contact(doc: Doc, start: int) -> dict[str, str]:
    """The ``label：value`` lines after the contact heading, labels as the model declares them."""
    labels = sorted(CONTACT_LABELS.items(), key=lambda item: -len(item[1]))
    out: dict[str, str] = {}
    for _, _, shown in iter_lines(doc, start, len(doc.text)):
        line = shown.strip()
        if not line:
            continue
        for key, label in labels:
            m = re.match(re.escape(label) + r"\s*[:：]\s*(.*\S)", line)
            if m:
                out.setdefault(key, m.group(1))
                break
        else:
            break
    return out


def _preamble(doc: Doc, headings: list[tuple[str, int, int]], agency: object) -> str | None:
    """The text between the title (the last one naming ``agency``) and the first section heading."""
    if not headings or not isinstance(agency, str) or not agency:
        return None
    first = headings[0][1]
    named = [
        m
        for m in titles(doc.text, 0, min(first, HEAD_CHARS))
        if agency_of(m) == agency or (len(agency_of(m)) >= 2 and agency.startswith(agency_of(m)))
    ]
    if not named:
        return None
    lines = lines_of(doc, named[-1].end(), first)
    lines = lines[furniture_end([shown for _, _, shown in lines]) :]  # a page's breadcrumb, controls, metadata
    body = "\n".join(paragraphs(doc, without_furniture(lines)))
    return body or None


_PROSE = re.compile(r"[。，；！？、]")
_META = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2}|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|https?://|www\."
)


def without_furniture(lines: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """``lines`` without the page furniture before their first sentence.

    Between a web page's title and the text, pages print metadata and controls: the source, a date
    and time, the font size, share and print links, a byline with the date.  By shape: the items
    (runs of non-blank characters) before the first one that reads as a sentence (it has ``。，；！？、``)
    are furniture when one of them is a date, a time or a web address; otherwise they are text and stay.
    """
    before: list[str] = []
    for k, (pos, norm, shown) in enumerate(lines):
        for item in re.finditer(r"\S+", shown):
            if _PROSE.search(item.group()):
                if not _META.search(normalise(" ".join(before))):
                    return lines
                return [(pos, norm, shown[item.start() :]), *lines[k + 1 :]]
            before.append(item.group())
    return lines


def texts_of(
    doc: Doc,
    version: str,
    headings: list[tuple[str, int, int]],
    header: Mapping[str, object],
    stops: Sequence[int] = (),
) -> Texts:
    """Sections, preamble and contact lines of ``doc``; paragraphs joined with one line break.

    The last section ends at the blank-cell note or the contact heading, whichever
    comes first, or before the page furniture at the end of the text
    (:func:`._furniture.furniture_start`: a site's footer in a page saved as text);
    without the note and the heading, at the signature (a date at the end, and above
    it a line with the agency of the title), which is not part of the section.
    """
    fmt = get_format(version)
    text = doc.text
    out: dict[str, str] = {}
    contact: dict[str, str] = {}
    agency = header.get("agency")
    for i, (key, start, end) in enumerate(headings):
        stop = headings[i + 1][1] if i + 1 < len(headings) else len(text)
        stop = min(stop, next_stop(list(stops), start, stop))
        begin = _heading_end(doc, fmt, key, start, end)
        section = next(s for s in fmt.sections if s.key == key)
        if section.table is not None:
            stop = table_start(doc, fmt, section.table, begin, stop) or stop
        signed = False
        lines = lines_of(doc, begin, stop)
        if i + 1 == len(headings):
            note = _exact_line(doc, BLANK_NOTE, lines)
            heading = _exact_line(doc, CONTACT_HEADING, lines)
            if heading is not None:
                after = text.find("\n", heading)
                contact = _contact(doc, after + 1 if after >= 0 else len(text))
            tail = min((p for p in (note, heading) if p is not None), default=None)
            if tail is not None:  # a line start: the lines before it are whole lines of the region
                stop = tail
                lines = [line for line in lines if line[0] < tail]
            cut = furniture_start([shown for _, _, shown in lines])
            if cut < len(lines):  # the page's furniture after the report's text (a line start)
                stop = lines[cut][0]
                lines = lines[:cut]
            if tail is None:
                signed = True
                region = text[begin:stop].replace(CELL, " ").replace(ROW, "\n")
                dates = list(DATE.finditer(region))
                if dates and len(re.sub(r"[\s()（）\d\-—]", "", region[dates[-1].end() :])) <= 10:
                    stop = begin + dates[-1].start()
                    lines = lines_of(doc, begin, stop)
        if lines and lines[0][2].strip().startswith(("。", ".")):
            pos, norm, shown = lines[0]
            lines[0] = (pos, norm, shown.strip()[1:])
        found = paragraphs(doc, lines)
        signature = agency if signed and isinstance(agency, str) and agency else None
        short = bool(found) and len(found[-1]) <= 4 * len(signature or "") + 64
        if signature and short and _reads_as(normalise(found[-1]), signature):
            found.pop()
        body = "\n".join(found)
        if body:
            out[key] = body
    return Texts(out, _preamble(doc, headings, agency), contact)
