"""The header of a report: agency and year from the title, and the date of publication."""

from __future__ import annotations

import datetime as dt
import re

from ._doc import Doc

HEAD_CHARS = 20000
"""How far into a document the title and the publication date are looked for."""

_G = "[ \t\n]*"
TITLE = re.compile(
    r"(?P<agency>[^\s\x1e\x1f:：,，。、;；|_()（）]{2,40}?)"
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
TITLE_LABEL = re.compile(r"^(?:标题|题目|名称)")
PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发文日期|时间|日期)[ \t]*[:：][ \t]*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})"
)
DATE = re.compile(r"(\d{4})[ \t]*年[ \t]*(\d{1,2})[ \t]*月[ \t]*(\d{1,2})[ \t]*日")
_META_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def agency_of(m: re.Match[str]) -> str:
    """The agency named by a title match."""
    return TITLE_LABEL.sub("", m.group("agency").strip())[:200]


def header_of(doc: Doc) -> dict[str, object]:
    """Agency, year and publication date, where the document prints them."""
    header: dict[str, object] = {}
    for source in (doc.meta.get("title", ""), doc.text[:HEAD_CHARS]):
        m = TITLE.search(source)
        if m:
            header["agency"] = agency_of(m)
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
