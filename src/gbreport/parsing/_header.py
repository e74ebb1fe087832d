"""The header of a report: agency and year from the title, and the date of publication."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from ._doc import Doc

HEAD_CHARS = 20000
"""How far into a document the title and the publication date are looked for."""

_G = "[ \t\n]*"
_AGENCY_CHAR = r"[^\s\x1e\x1f:：,，。、;；|_()（）]"
"""A character of an agency's name in a title."""
TITLE = re.compile(
    f"(?P<agency>{_AGENCY_CHAR}{{2,40}}?)"
    + _G
    + r"(?P<year>(?:19|20)\d{2})"
    + _G
    + "年"
    + _G
    + "度?"
    + _G
    + "(?:的)?"
    + _G
    + _G.join("政府信息公开")
    + f"(?:{_G}工{_G}作)?(?:{_G}年{_G}度)?{_G}报{_G}告"
)
_TAIL = re.compile(TITLE.pattern[TITLE.pattern.index("(?P<year>") :])
"""The title from its year on: searched first, since it starts with digits (the agency before it, of
any characters, would be tried at every position)."""
_AGENCY_BACK = re.compile(_AGENCY_CHAR + "{0,40}")
"""The agency's characters, matched on the reversed text before a year."""
_ANCHOR = re.compile(_G.join("政府信息公开"))
_BEFORE = 160
_AFTER = 60


def _title_at(text: str, start: int, stop: int) -> re.Match[str] | None:
    """The first match of :data:`TITLE` in ``text[start:stop]``, found from its year.

    The agency is a run of characters without blanks just before the year, so the leftmost place
    a title can start is the start of that run (at most 40 characters back) before the first year
    whose tail matches; :data:`TITLE` is then matched there, which gives what a search would.
    """
    pos = start
    while True:
        tail = _TAIL.search(text, pos, stop)
        if tail is None:
            return None
        year = tail.start()
        end = len(text[start:year].rstrip(" \t\n")) + start  # the agency ends here
        back = _AGENCY_BACK.match(text[max(start, end - 40) : end][::-1])
        length = back.end() if back is not None else 0
        if length >= 2:
            m = TITLE.match(text, end - length, stop)
            if m is not None:
                return m
        pos = year + 1


def titles(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The matches of :data:`TITLE` in ``text[start:end]``, in order: searched only around the words
    政府信息公开 that every title carries (the pattern tried at every position is slow on a long head)."""
    stop = len(text) if end is None else end
    pos = start
    for anchor in _ANCHOR.finditer(text, start, stop):
        if anchor.start() < pos:
            continue
        m = _title_at(text, max(pos, anchor.start() - _BEFORE), min(stop, anchor.end() + _AFTER))
        if m is not None:
            yield m
            pos = m.end()


TITLE_LABEL = re.compile(r"^(?:标题|题目|名称)")
PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发文日期|时间|日期)[ \t]*[:：][ \t]*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})"
)
DATE = re.compile(r"(\d\d{3})[ \t]*年[ \t]*(\d{1,2})[ \t]*月[ \t]*(\d{1,2})[ \t]*日")
"""A date written 2024年3月1日 (``\\d\\d{3}``, not ``\\d{4}``: a pattern that starts with a class is searched
for it, a repeat is tried at every place)."""
_META_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_URL_DATE = re.compile(r"https?://\S*?/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+\.s?html?")
"""A page address as content-management systems of government sites write it: ``…/t20220307_1762786.htm``."""


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def agency_of(m: re.Match[str]) -> str:
    """The agency named by a title match."""
    return TITLE_LABEL.sub("", m.group("agency").strip())[:200]


MAX_FULLER = 6
"""At most this many characters make a shortened agency name full (``人民政府``)."""


def _unwrapped(text: str) -> str:
    """The lines of ``text`` joined, without the breaks and the blanks around them (string operations: a
    pattern like ``[ \\t]*\\n`` rescans a run of blanks from each of its positions)."""
    parts = text.split("\n")
    if len(parts) == 1:
        return text
    return "".join([parts[0].rstrip(" \t"), *(p.strip(" \t") for p in parts[1:-1]), parts[-1].lstrip(" \t")])


def _fuller(agency: str, head: str) -> str:
    """The fuller name of ``agency`` where the text names it in a title of the same report.

    A page title may shorten the agency (``三明市``) that the text's own title names in
    full (``三明市人民政府``), possibly broken over lines in captured page text.
    """
    # a fuller name is the agency, one to MAX_FULLER more of its characters, then a year (blanks and line
    # breaks may fall anywhere): when the head has no such thing, no title can give one
    spaced = _G.join(re.escape(c) for c in agency)
    year = _G.join(["(?:1", "9|2", "0)", r"\d", r"\d"])
    if not re.search(f"{spaced}(?:{_G}{_AGENCY_CHAR}){{1,{MAX_FULLER}}}{_G}{year}", head):
        return agency
    joined = _unwrapped(head)
    for m in titles(joined):
        name = agency_of(m)
        at = name.find(agency)
        if at >= 0 and 0 < len(name) - at - len(agency) <= MAX_FULLER:
            return name[at:]
    return agency


def header_of(doc: Doc) -> dict[str, object]:
    """Agency, year and publication date, where the document prints them."""
    header: dict[str, object] = {}
    head = doc.text[:HEAD_CHARS]
    for source in (doc.meta.get("title", ""), head):
        m = next(titles(source), None)
        if m:
            header["agency"] = _fuller(agency_of(m), head)
            year = int(m.group("year"))
            if 1990 <= year <= 2100:
                header["year"] = year
            break
    published: dt.date | None = None
    for key in ("pubdate", "publishdate", "firstpublishedtime"):
        m = _META_DATE.search(doc.meta.get(key, ""))
        if m:
            published = _date(*m.groups())
            break
    if published is None:
        m = PUBLISHED.search(doc.text[:HEAD_CHARS])
        if m:
            published = _date(*m.groups())
    if published is None:
        m = _URL_DATE.search(head)
        if m:
            published = _date(*m.groups())
    if published is None:
        start = max(0, len(doc.text) - 400)
        dates = list(DATE.finditer(doc.text, start))
        if dates:
            last = dates[-1]
            rest = re.sub(r"[\s\x1e\x1f()（）\d\-—]", "", doc.text[last.end() : last.end() + 400])
            if len(rest) <= 10:
                published = _date(*last.groups())
    if published is not None and 1990 <= published.year <= 2100:
        header["published"] = published
    return header
