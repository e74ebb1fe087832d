"""Document-level rules: the six sections, the format version against the year, timeliness.

These rules look at the report as a published document.  Each is conservative: when
it cannot decide it says so with a finding of a ``*.not_assessable`` rule (severity
info, ``Rule.assessable`` false), never with an error.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Literal

from .._vector import vector
from ..formats import FORMATS, Format, Label, Section, cells_of, get_format
from ._findings import Finding
from .catalogue import CATALOGUE, FRAGMENTS

if TYPE_CHECKING:
    from ..model import Report

AgencyKind = Literal["government", "department"]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading found in a document, in document order (one entry of an outline).

    ``text`` is the heading as printed (``"三、收到和处理政府信息公开申请情况"``);
    ``location`` says where (line, page); ``section`` is the key of the declared section
    the parser matched it to, when it did (``None``: matched here from the text).
    """

    text: str
    location: str = ""
    section: str | None = None


OutlineEntry = Heading | str | tuple[str, str]
"""A heading, its text, or ``(text, location)``."""


def as_heading(entry: OutlineEntry) -> Heading:
    if isinstance(entry, Heading):
        return entry
    if isinstance(entry, str):
        return Heading(entry)
    text, location = entry
    return Heading(text, location)


# --- sections -----------------------------------------------------------------------------

_NUMERALS = "一二三四五六七八九十"
_NUMBERING = re.compile(
    r"^\s*(?:第\s*(?P<a>[一二三四五六七八九十]+)\s*(?:部分|章|节)?\s*[、.,:：]?"
    r"|[(（]\s*(?P<b>[一二三四五六七八九十]+|\d{1,2})\s*[)）]"
    r"|(?P<c>[一二三四五六七八九十]+)\s*[、.,．]"
    r"|(?P<d>\d{1,2})\s*(?:[、.,．)）]|\s))\s*"
)
_PUNCT = re.compile(r"[\s\W_]+")


def _numeral(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in _NUMERALS:
        return _NUMERALS.index(text) + 1
    if len(text) == 2 and text[0] == "十":
        return 10 + _NUMERALS.index(text[1]) + 1
    return None


def _normal(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


MAX_HEADING = 200
"""Characters of a heading that are read (a heading is a line, not a paragraph)."""


def split_heading(text: str) -> tuple[int | None, str]:
    """The number of a heading (一、 / （一） / 1. / 第一部分 → 1) and its title, punctuation removed."""
    text = unicodedata.normalize("NFKC", text[:MAX_HEADING])
    m = _NUMBERING.match(text)
    if m is None:
        return None, _normal(text)
    number = next(g for g in m.groups() if g is not None)
    return _numeral(number), _normal(text[m.end() :])


def title_score(title: str, section: Section) -> float:
    """How well a heading's title reads as the section's title (1: the same; a title containing it: 0.9)."""
    label = _normal(section.label.zh)
    if not title:
        return 0.0
    if title == label:
        return 1.0
    if label in title:
        return 0.9
    return SequenceMatcher(None, title, label, autojunk=False).ratio()


_MIN_SCORE = 0.6
"""A heading whose title is this close to a section's title is that section's heading."""
_MIN_SCORE_NUMBERED = 0.35
"""... or this close, when it carries the section's number."""


def match_outline(fmt: Format, outline: Sequence[Heading]) -> dict[str, int]:
    """Section key -> the index of its heading in ``outline`` (sections not found are left out).

    A heading the parser already matched (``Heading.section``) is taken as is.  Otherwise
    each section takes the heading that reads most like its title, accepted when the
    title is close (:data:`_MIN_SCORE`) or, for a heading carrying the section's number,
    somewhat close (:data:`_MIN_SCORE_NUMBERED`): sub-headings such as （一）主动公开 in
    section 一 are not taken for section 二.
    """
    found: dict[str, int] = {}
    keys = {s.key for s in fmt.sections}
    for i, heading in enumerate(outline):
        if heading.section in keys and heading.section not in found:
            found[heading.section] = i
    for position, section in enumerate(fmt.sections, start=1):
        if section.key in found:
            continue
        best, best_score = -1, 0.0
        for i, heading in enumerate(outline):
            if heading.section is not None or i in found.values():
                continue
            number, title = split_heading(heading.text)
            score = title_score(title, section)
            if score >= _MIN_SCORE or (number == position and score >= _MIN_SCORE_NUMBERED):
                # prefer the heading carrying the section's own number, then the closer title
                rank = score + (0.5 if number == position else 0.0)
                if rank > best_score:
                    best, best_score = i, rank
        if best >= 0:
            found[section.key] = best
    return found


def _section_number(fmt: Format, section: Section) -> Label:
    return Label(section.number, str(fmt.sections.index(section) + 1))


def _in_order(positions: list[int]) -> set[int]:
    """Indices (into ``positions``) of a longest increasing run: what is in order."""
    n = len(positions)
    best = [1] * n
    before = [-1] * n
    for i in range(n):
        for j in range(i):
            if positions[j] < positions[i] and best[j] + 1 > best[i]:
                best[i], before[i] = best[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: (best[k], -k))
    keep = set()
    while i >= 0:
        keep.add(i)
        i = before[i]
    return keep


def _has_text(value: str | None) -> bool:
    return bool(value and value.strip())


def section_findings(report: Report, outline: Sequence[Heading] | None) -> list[Finding]:
    """Every section present, in the official order (from the outline, else from the report's texts)."""
    fmt = get_format(report.format_version)
    texts = report.sections
    if outline:
        return _outline_findings(fmt, list(outline))
    if not any(_has_text(getattr(texts, s.key, None)) for s in fmt.sections) and not _has_text(report.header.preamble):
        return [CATALOGUE["sections.not_assessable"].finding()]
    values = dict(zip((c.id for c in cells_of(fmt)), vector(report), strict=True))
    tables_with_data = {cell_id.split(".")[0] for cell_id, value in values.items() if value is not None}
    out = []
    for section in fmt.sections:
        if _has_text(getattr(texts, section.key, None)) or section.table in tables_with_data:
            continue
        out.append(
            CATALOGUE["sections.missing"].finding(
                variant="texts",
                location=f"sections.{section.key}",
                number=_section_number(fmt, section),
                section=section.label,
            )
        )
    return out


def _outline_findings(fmt: Format, outline: list[Heading]) -> list[Finding]:
    found = match_outline(fmt, outline)
    out = []
    for section in fmt.sections:
        if section.key not in found:
            out.append(
                CATALOGUE["sections.missing"].finding(
                    location=f"sections.{section.key}", number=_section_number(fmt, section), section=section.label
                )
            )
    present = [s for s in fmt.sections if s.key in found]
    keep = _in_order([found[s.key] for s in present])
    sequence = sorted(present, key=lambda s: found[s.key])
    shown = Label(
        FRAGMENTS["list"].zh.join(s.number for s in sequence),
        FRAGMENTS["list"].en.join(str(fmt.sections.index(s) + 1) for s in sequence),
    )
    for i, section in enumerate(present):
        if i not in keep:
            out.append(
                CATALOGUE["sections.order"].finding(
                    location=outline[found[section.key]].location,
                    number=_section_number(fmt, section),
                    section=section.label,
                    found=shown,
                )
            )
    return out


# --- format version against the report year --------------------------------------------------


def template_findings(report: Report) -> list[Finding]:
    """A warning when the format version is not the one prescribed for the report year."""
    fmt = get_format(report.format_version)
    year = report.header.year
    if year is None:
        return [CATALOGUE["template.not_assessable"].finding()]
    if fmt.prescribed_for(year):
        return []
    documents = [f.document for f in FORMATS.values() if f.prescribed_for(year)]
    prescribed = (
        Label(FRAGMENTS["or"].zh.join(d.zh for d in documents), FRAGMENTS["or"].en.join(d.en for d in documents))
        if documents
        else FRAGMENTS["no_version"]
    )
    return [CATALOGUE["template.year"].finding(year=year, version=fmt.document, prescribed=prescribed)]


# --- timeliness ------------------------------------------------------------------------------

DEADLINES: dict[AgencyKind, tuple[int, int]] = {"department": (1, 31), "government": (3, 31)}
"""Month and day of the year after the report year (《政府信息公开条例》第四十九条)."""

_ZONE = re.compile(r"(?:开发区|新区|高新区|园区|实验区|试验区|合作区|保税区|示范区|经济区)(?:管理委员会|管委会)$")
_TOWNSHIP = re.compile(r"(?:乡|镇|苏木)人民政府$")
_GOVERNMENT = re.compile(r"(?:省|市|县|区|州|盟|旗|自治区|自治州|自治县)人民政府$")
_DEPARTMENT = re.compile(r"(?:局|委|委员会|办|办公室|办公厅|厅|署)$")


def agency_kind_of(agency: str) -> AgencyKind | None:
    """The kind of agency its name tells unambiguously, else ``None``.

    …省/市/县/区人民政府 and the 管理委员会 of a development zone are governments (a
    township's 人民政府 is not: 第四十九条 sets no date for it); a name ending in
    局, 委, 委员会, 办, 办公室, 厅 or 署 is a department (人民政府办公室 included).
    """
    name = _normal(agency)
    if not name or _TOWNSHIP.search(name):
        return None
    if _GOVERNMENT.search(name) or _ZONE.search(name):
        return "government"
    if _DEPARTMENT.search(name):
        return "department"
    return None


def deadline(year: int, kind: AgencyKind) -> dt.date:
    """The last day to publish the report for ``year`` of an agency of ``kind``."""
    month, day = DEADLINES[kind]
    return dt.date(year + 1, month, day)


def timeliness_findings(report: Report, agency_kind: AgencyKind | None = None) -> list[Finding]:
    """A warning when the printed publication date is after the statutory deadline."""
    header = report.header
    rule = CATALOGUE["timeliness.not_assessable"]
    if header.published is None:
        return [rule.finding()]
    if header.year is None:
        return [rule.finding(variant="no_year")]
    kind = agency_kind or header.agency_kind or agency_kind_of(header.agency)
    if kind is None:
        return [rule.finding(variant="kind", agency=header.agency)]
    last = deadline(header.year, kind)
    if header.published <= last:
        return []
    return [
        CATALOGUE["timeliness.late"].finding(
            published=header.published.isoformat(),
            deadline=last.isoformat(),
            days=(header.published - last).days,
            kind=FRAGMENTS[kind],
        )
    ]


def outline_of(source: object) -> list[Heading] | None:
    """The outline a ``source`` gives: its ``outline`` attribute, or the source itself if a sequence."""
    outline = getattr(source, "outline", source)
    if outline is None or isinstance(outline, (str, bytes)) or not isinstance(outline, Iterable):
        return None
    return [as_heading(entry) for entry in outline]
