"""Page furniture: what a web page prints around a report (links, navigation, the site's footer), told
from the report's own text by shape.

A report's text ends where the page furniture begins.  Each line after the report's last line is
judged on its own (:func:`kind_of`): *furniture* (a line of links, a line in navigation or a footer,
the site's registration and ownership lines, the page's controls), *content* (a sentence, a numbered
heading, a signature date, an attachment), or *neutral* (a short label without a sentence, which may
be either).  The furniture starts at the first furniture line after which no line is content
(:func:`furniture_start`): neutral lines before it stay (a signature's agency line), neutral lines
after it go with it (the labels between a footer's link lists).  When in doubt a line is content, and
content stops the cut: a report's last sentence that mentions the site or a browser is kept.  The same
judgement, from the first line on, tells the page's lines before a report's preamble (a breadcrumb, the
article's metadata and controls): :func:`furniture_end`.

The vocabulary is declared once, in :data:`SITE_MARKS` and :data:`PAGE_CONTROLS`; the HTML reader
(:mod:`._html`) adds what the markup tells (links, navigation, footers) and the section texts
(:mod:`._texts`) use the judgement by text alone, whatever the kind of document.

HTML conditional comments that a page prints as text (``<!--[if !supportMisalignedColumns]-->``, left
by a conversion from Word) are not text either: :func:`without_conditionals`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ._labels import NUMERALS

CONTENT, NEUTRAL, FURNITURE = 0, 1, 2
"""What a line is: :func:`kind_of`."""

SITE_MARKS = (
    r"网站标识码",
    r"ICP\s*[备证]",
    r"公网安备",
    r"公安(?:机关)?备案",
    r"版权所有",
    r"copyright",
    r"©",
    r"(?:主办|承办|协办|主管|维护|运维)单位\s*[:：]",
    r"技术支持\s*[:：]",
    r"最佳(?:浏览|显示|访问)效果",
    r"分辨率\s*[:：为]?\s*\d{3,4}\s*[x×*＊]\s*\d{3,4}",
    r"\d{3,4}\s*[x×*＊]\s*\d{3,4}\s*(?:像素)?\s*(?:及?以上)?\s*(?:的)?\s*分辨率",
    r"(?:IE|Internet Explorer|Chrome|Firefox|火狐|谷歌|Edge|Safari)\s*(?:浏览器)?\s*\d+(?:\.\d+)?\s*版?本?\s*及?以上",
    r"(?:访问|浏览|点击|阅读)(?:量|次数|人次)\s*[:：]\s*\d",
    r"^[【\[]?\s*[上下]一[篇条]",
    r"(?:当前|您的|所在)位置\s*[:：]",
    r"^(?:索引号|发布机构|发文机关|主题分类|成文日期|发文日期|发布日期|发布时间|生效日期|信息来源|来源|文号)\s*[:：]",
)
"""What a site prints about itself and a page about its article, anywhere in a line of at most
:data:`MARK_CHARS` characters: site identification, registration numbers, ownership, the body running
the site, browser and resolution advice, visit counters, links to the previous and next article, the
breadcrumb (``当前位置：``), the labels of an article's metadata at the start of a line (``索引号：``)."""
PAGE_CONTROLS = (
    r"扫一扫",
    r"扫码",
    r"二维码",
    r"^分享",
    r"打印",
    r"关闭",
    r"字[体号]\s*[:：]?\s*[【\[]?\s*大",
    r"^附件下载",
    r"相关(?:链接|文章|阅读|稿件|信息)",
    r"友情链接",
    r"(?:返回|回到)(?:顶部|首页|列表)",
    r"网站地图",
    r"联系我们",
    r"关于我们",
    r"设为首页",
    r"加入收藏",
    r"使用帮助",
    r"隐私(?:保护|声明|政策)",
    r"免责声明",
    r"网站声明",
    r"无障碍",
    r"纠错",
)
"""What a page's controls and link headings say, in a line of at most :data:`CONTROL_CHARS` characters
that does not end a sentence: scan, share, print, close, font size, attachment download, related and
friendly links, back to top, site map, contact, help, accessibility, error report."""
MARK_CHARS = 200
"""The longest line (characters other than blanks) judged by :data:`SITE_MARKS`."""
CONTROL_CHARS = 30
"""The longest line judged by :data:`PAGE_CONTROLS`."""
LABEL_CHARS = 40
"""A line of at most this many characters without a sentence's punctuation is neutral."""
LONG_CHARS = 1000
"""A line of more characters is a paragraph: content, unless it is in an element of furniture or in links
(judged without looking further into it: a document may be one long line)."""

_MARK = re.compile("|".join(SITE_MARKS), re.I)
_CONTROL = re.compile("|".join(PAGE_CONTROLS))
_SENTENCE = re.compile(r"[。！？；!?;]")
_ENDS_SENTENCE = ("。", "！", "？", "!", "?")
_NUMERAL = f"[{NUMERALS}]{{1,3}}"
_NUMBERED = re.compile(f"{_NUMERAL}\\s*[、．.]|[（(]{_NUMERAL}[）)]|第{_NUMERAL}(?:部分|章|节)")
"""A numbered heading of a report (``六、``, ``（二）``, ``第三部分``)."""
_DATE = re.compile(
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零Ｏ一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月"
    r"\s*[一二三四五六七八九十]{1,3}\s*日)"
)
"""A signature's date, the whole line."""
_ATTACHED_FILE = re.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|wps|et|ofd|zip|rar|7z|txt|csv)\s*$", re.I)
_ATTACHMENT_TITLE = re.compile(r"附\s*件\s*\d*\s*[:：]\s*\S")
"""An attachment: a line that ends with a file's name, or starts with ``附件：`` and its title (two
patterns: one that starts with ``.`` is searched for it, one with ``^`` is tried at every place)."""


_BLANKS = " \t\r\f\v\u3000\xa0\u2002\u2003\u2009"


def chars(text: str) -> int:
    """Characters of ``text`` (without line breaks) other than blanks; a long text counted without copying
    it into pieces."""
    if len(text) <= LONG_CHARS:
        return len("".join(text.split()))
    return len(text) - sum(map(text.count, _BLANKS))


def kind_of(line: str, links: float = 0.0, structural: bool = False) -> int:
    """What ``line`` (stripped, not empty) is: :data:`FURNITURE`, :data:`NEUTRAL` or :data:`CONTENT`.

    ``links`` is the share of its characters inside links, ``structural`` whether it is in an element
    that holds a page's furniture (navigation, a footer, an aside): both known from a web page's markup.
    An attachment, and a signature's date or a numbered heading not in a link, are content, wherever
    they are; a line in such an element, or a line mostly of links that does not end a sentence, is
    furniture; then a line with one of :data:`SITE_MARKS` (or, short, :data:`PAGE_CONTROLS`) is
    furniture, a short line without a sentence's punctuation neutral, anything else content.
    """
    if _ATTACHED_FILE.search(line) or _ATTACHMENT_TITLE.match(line):
        return CONTENT
    linked = links >= 0.5
    if not linked and ((len(line) <= 30 and _DATE.fullmatch(line)) or _NUMBERED.match(line)):
        return CONTENT
    if structural or (linked and not line.endswith(_ENDS_SENTENCE)):
        return FURNITURE
    size = chars(line)
    if size <= MARK_CHARS and _MARK.search(line):
        return FURNITURE
    if size <= CONTROL_CHARS and not line.endswith(_ENDS_SENTENCE) and _CONTROL.search(line):
        return FURNITURE
    if size <= LABEL_CHARS and not _SENTENCE.search(line):
        return NEUTRAL
    return CONTENT


def furniture_start(lines: Sequence[str]) -> int:
    """Index of the first of ``lines`` (a text's last lines, as printed) that is page furniture with
    nothing but furniture and neutral lines after it (:func:`kind_of`, by the text alone); ``len(lines)``
    when the text does not end in furniture."""
    start = len(lines)
    for k in range(len(lines) - 1, -1, -1):
        kind = line_kind(lines[k])
        if kind == CONTENT:
            break
        if kind == FURNITURE:
            start = k
    return start


def furniture_end(lines: Sequence[str]) -> int:
    """Index after the last of ``lines`` (a text's first lines, as printed) that is page furniture with
    nothing but furniture and neutral lines before it; 0 when the text does not start with furniture."""
    end = 0
    for k, line in enumerate(lines):
        kind = line_kind(line)
        if kind == CONTENT:
            break
        if kind == FURNITURE:
            end = k + 1
    return end


def line_kind(line: str, links: float = 0.0, structural: bool = False) -> int | None:
    """:func:`kind_of` a line as printed, ``None`` for a blank one (once conditional comments are taken
    out); a line of more than :data:`LONG_CHARS` characters is judged by ``links`` and ``structural`` only."""
    if len(line) > LONG_CHARS:
        ends = line[-LONG_CHARS:].rstrip().endswith(_ENDS_SENTENCE)
        return FURNITURE if structural or (links >= 0.5 and not ends) else CONTENT
    line = line.strip()
    if "<!" in line:
        line = without_conditionals(line).strip()
    return kind_of(line, links, structural) if line else None


_NUMBER = re.compile(r"\d[\d,.，]*")
"""A cell of a report's table: a count or an amount."""


def rows_kind(rows: Sequence[Sequence[str | None]], structural: bool = False) -> int:
    """What a table is, by its rows (each read as a line, cells joined by a blank): content when it has a
    cell of digits (a report's table, wherever it is) or a row that is content; else furniture when it is
    in an element of furniture (``structural``) or a row is furniture; else neutral."""
    kind = FURNITURE if structural else NEUTRAL
    for row in rows:
        cells = [cell for cell in row if cell]
        if any(_NUMBER.fullmatch(cell) for cell in cells):
            return CONTENT
        found = line_kind(" ".join(cells), structural=structural)
        if found == CONTENT:
            return CONTENT
        kind = max(kind, found or NEUTRAL)
    return kind


_CONDITIONAL = re.compile(r"<!(?:--)?\[\s*(?:if\b[^\]<>\n]{0,100}|endif\s*)\](?:--)?>", re.I)
"""An HTML conditional comment's start or end, in any of its forms (``<!--[if …]>``, ``<!--[if …]-->``,
``<![if …]>``, ``<![endif]>``, ``<![endif]-->``, ``<!--[endif]-->``)."""
_HIDDEN = re.compile(r"<!--\[\s*if\b[^\]<>\n]{0,100}\]>", re.I)
"""The start of a conditional comment whose content is hidden (``<!--[if gte mso 9]>`` … ``<![endif]-->``)."""
_HIDDEN_END = "<![endif]-->"


def without_conditionals(text: str) -> str:
    """``text`` without the HTML conditional comments it prints, and without the content of those that
    hide it (up to their ``<![endif]-->``; an unclosed one hides nothing).  Linear: the end of a hidden
    comment is looked for once per comment, and not at all after one is found unclosed."""
    parts: list[str] = []
    at = 0
    while True:
        start = _HIDDEN.search(text, at)
        if start is None:
            break
        end = text.find(_HIDDEN_END, start.end())
        if end < 0:
            break
        parts.append(text[at : start.start()])
        at = end + len(_HIDDEN_END)
    if parts:
        text = "".join(parts) + text[at:]
    return _CONDITIONAL.sub("", text)
