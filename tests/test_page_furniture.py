"""A web page's furniture (links, navigation, the site's footer) and HTML conditional comments printed as
text are not read into the report: the report's text ends with its own last sentence or signature,
whichever HTML reader reads the page, whatever the shape of the site around it."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path

import pytest

import gbreport
from conftest import CORPUS, EXAMPLE
from gbreport import render
from gbreport.parsing import _html, parse
from gbreport.parsing._doc import Doc, normalise
from gbreport.parsing._furniture import (
    CONTENT,
    FURNITURE,
    NEUTRAL,
    furniture_end,
    furniture_start,
    kind_of,
    rows_kind,
    without_conditionals,
)
from gbreport.parsing._html import read_html_stdlib
from gbreport.parsing._html_lxml import read_html_lxml
from gbreport.parsing._text import decode

READERS = {"lxml": read_html_lxml, "stdlib": read_html_stdlib}


@pytest.fixture(params=sorted(READERS))
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Doc]]:
    """Each HTML reader, as the one :func:`parse` uses."""
    if request.param == "stdlib":
        monkeypatch.setattr(_html, "lxml_reader", None)
    yield READERS[request.param]


def _lines(doc: Doc) -> list[str]:
    """The document's lines that are not blank, stripped (normalised: ``,`` for ``，``)."""
    return [line.strip() for line in doc.text.split("\n") if line.strip()]


def _n(*lines: str) -> list[str]:
    return [normalise(line) for line in lines]


def _same(a: Doc, b: Doc) -> None:
    for f in fields(Doc):
        assert getattr(a, f.name) == getattr(b, f.name), f.name


# ---------------------------------------------------------------- the corpus pages

APPROVAL, FINANCE = CORPUS / "pingtan-approval_2025.html", CORPUS / "pingtan-finance_2019.html"
SITE_WORDS = (
    "附件下载",
    "扫一扫",
    "友情链接",
    "网站标识码",
    "ICP备",
    "公安备案号",
    "版权所有",
    "主办单位",
    "浏览器版本",
)


def test_the_last_section_of_a_corpus_page_ends_with_the_reports_last_sentence(reader: object) -> None:
    report = parse(APPROVAL).report
    assert report.sections.other == (
        "按照《国务院办公厅关于印发<政府信息公开信息处理费管理办法>的通知》（国办函〔2020〕109号）"
        "规定的按件、按量收费标准，本年度没有产生信息公开处理费。"
    )
    assert report.header.preamble is not None
    assert report.header.preamble.startswith("根据《中华人民共和国政府信息公开条例》《福建省政府信息公开办法》要求")
    assert report.sections.problems is not None
    assert report.sections.problems.endswith("持续提升政府信息公开工作规范化水平。")


def test_a_corpus_page_ends_with_its_signature_and_has_no_comment_debris(reader: object) -> None:
    report = parse(FINANCE).report
    # the signature (agency, date) ends the document; as in a text report it is not part of the section
    assert report.sections.other == "无其他需要报告事项。"
    assert report.sections.proactive is None  # it held only "<!--[if !supportMisalignedColumns]--><!--[endif]-->"
    assert report.header.preamble is not None
    assert report.header.preamble.startswith("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）")
    texts = [t for t in report.sections.model_dump().values() if isinstance(t, str)]
    assert not any("<!" in t or "endif" in t for t in texts)


@pytest.mark.parametrize("path", [APPROVAL, FINANCE], ids=lambda p: p.name)
def test_the_document_of_a_corpus_page_ends_before_the_sites_footer(path: Path) -> None:
    text = decode(path.read_bytes(), None).text
    stdlib, lxml = read_html_stdlib(text), read_html_lxml(text)
    _same(stdlib, lxml)
    lines = _lines(lxml)
    assert not [w for w in SITE_WORDS if w in lxml.text]
    assert "supportMisalignedColumns" not in lxml.text
    if path == FINANCE:
        assert lines[-3:] == _n("无其他需要报告事项。", "平潭综合实验区财政金融局", "2020年1月2日")
    else:
        assert lines[-1].endswith(normalise("本年度没有产生信息公开处理费。"))
    assert len(lxml.tables) == 3


def test_the_corpus_pages_give_the_same_report_with_either_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    with_lxml = [parse(path).report for path in (APPROVAL, FINANCE)]
    monkeypatch.setattr(_html, "lxml_reader", None)
    assert [parse(path).report for path in (APPROVAL, FINANCE)] == with_lxml


# ---------------------------------------------------------------- pages of other sites, made here

REPORT = gbreport.load(EXAMPLE)
RENDERED = str(render(REPORT, to="html"))
LAST = "无其他需要报告的事项。本报告电子版可在本局门户网站下载，建议使用常用浏览器查阅。"
"""The report's last sentence: it mentions the site and a browser, and is the report's all the same."""
AGENCY, DATE = "哈尔滨市平房区教育局", "2021年1月20日"
SIGNATURE = f"<p>{AGENCY}</p><p>{DATE}</p>"


def article(last: str = LAST, signature: str = SIGNATURE, debris: str = "") -> str:
    """The example report as the ``<article>`` a site shows: its sections and tables, ``last`` for the
    text of section 六, then ``signature`` (no contact block); ``debris`` after the heading of section 二."""
    body = RENDERED[RENDERED.index("<article") : RENDERED.index("</article>") + len("</article>")]
    body = re.sub(r'<section class="contact">.*?</section>', "", body, flags=re.S)
    body = re.sub(r'<footer class="signature">.*?</footer>', signature, body, flags=re.S)
    body = body.replace("<h2>二、主动公开政府信息情况</h2>", "<h2>二、主动公开政府信息情况</h2>" + debris)
    assert "<p>无。</p>" in body
    return body.replace("<p>无。</p>", f"<p>{last}</p>")


LINKS = "".join(f'<li><a href="/col{i}/">栏目{i}</a></li>' for i in range(8))
SITES = {
    # a site of divs: a menu, a breadcrumb, the article, page controls, a footer of a link list and lines
    "divs": (
        '<html><head><meta charset="utf-8"><title>t</title></head><body><div class="top"><ul class="menu">'
        + LINKS
        + '</ul></div><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>'
        '<div class="content">{article}</div>'
        '<div class="share">【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>打印本页</a> <a>关闭窗口</a></div>'
        '<div class="footer"><div class="links"><span>友情链接：</span>'
        + " | ".join(f'<a href="http://x{i}.gov.cn">某某市人民政府网站{i}</a>' for i in range(6))
        + "</div><p>主办单位：某某市人民政府办公室　承办单位：某某市大数据中心</p>"
        '<p>网站标识码：2301000001　黑ICP备05002345号-1　<img src="ga.png">黑公网安备 23010802000123号</p>'
        "<p>建议使用1280×800以上分辨率浏览本网站</p></div></body></html>"
    ),
    # a site laid out in one table: navigation in the first row, the footer in the last
    "table layout": (
        '<html><body><table width="1000"><tr><td><table><tr>'
        + "".join(f'<td><a href="/c{i}">导航{i}</a></td>' for i in range(6))
        + "</tr></table></td></tr><tr><td>{article}</td></tr>"
        '<tr><td align="center">版权所有：某某县人民政府　技术支持：某某网络科技有限公司<br>'
        "地址：某某县人民路1号　电话：0451-12345678<br>网站标识码：2301250001　ICP备案：黑ICP备12345678号</td></tr>"
        "</table></body></html>"
    ),
    # the footer in a table of its own (a grid), after a line of links
    "footer table": (
        "<html><body>{article}"
        '<p><a href="/">首页</a> | <a href="/map">网站地图</a> | <a href="/about">关于我们</a></p>'
        '<table class="foot"><tr><td>主办：某某市人民政府办公厅</td><td>网站标识码：2301000002</td></tr>'
        "<tr><td>Copyright © 2023 某某市人民政府</td><td>黑ICP备05002346号</td></tr></table></body></html>"
    ),
    # HTML5: navigation in <header><nav>, related links in <aside>, the site's <footer>
    "html5": (
        "<!DOCTYPE html><html><body><header><nav><ul>" + LINKS + "</ul></nav></header><main>{article}</main>"
        '<aside><h3>相关文章</h3><ul role="list">'
        + "".join(
            f'<li><a href="/a{i}">关于印发某某办法的通知（第{i}号）</a><span>2024-01-0{i + 1}</span></li>'
            for i in range(5)
        )
        + '</ul></aside><footer><p><a href="/about">关于我们</a> | <a href="/map">网站地图</a></p>'
        "<p>本网站由某某省人民政府办公厅主办</p><p>Copyright © 2024 某某省人民政府 All Rights Reserved</p>"
        "</footer></body></html>"
    ),
    # an ARIA page: the blocks of furniture told by role
    "roles": (
        '<html><body><div role="banner"><p>某某市人民政府门户网站</p></div>'
        '<div class="page">{article}</div><div role="navigation"><p>省市政府网站</p><ul>'
        + LINKS
        + '</ul></div><div role="contentinfo"><p>本站由某某市政务服务数据管理局维护，未经许可不得转载。</p></div>'
        "</body></html>"
    ),
}


@pytest.mark.parametrize("site", sorted(SITES))
def test_a_sites_page_ends_with_the_reports_signature(site: str, reader: Callable[[str], Doc]) -> None:
    page = SITES[site].replace("{article}", article())
    assert _lines(reader(page))[-3:] == _n(LAST, AGENCY, DATE)
    _same(read_html_stdlib(page), read_html_lxml(page))
    result = parse(page.encode("utf-8"))
    assert result.kind == "html"
    assert result.report.sections.other == LAST
    assert (result.report.t2, result.report.t3, result.report.t4) == (REPORT.t2, REPORT.t3, REPORT.t4)
    assert result.report.header.agency == AGENCY


@pytest.mark.parametrize("site", sorted(SITES))
def test_without_a_signature_the_page_ends_with_the_reports_last_sentence(
    site: str, reader: Callable[[str], Doc]
) -> None:
    page = SITES[site].replace("{article}", article(signature=""))
    assert _lines(reader(page))[-1] == normalise(LAST)
    assert parse(page.encode("utf-8")).report.sections.other == LAST


def test_a_report_text_after_the_furniture_keeps_everything_before_it(reader: Callable[[str], Doc]) -> None:
    """A sentence after a line of links is content: nothing before it is cut (when in doubt, keep)."""
    page = (
        SITES["divs"]
        .replace("{article}", article())
        .replace("</body>", "<p>本网站所载内容仅供参考，以正式文件为准。</p></body>")
    )
    lines = _lines(reader(page))
    assert lines[-1] == normalise("本网站所载内容仅供参考，以正式文件为准。")
    assert normalise("网站标识码：2301000001　黑ICP备05002345号-1　黑公网安备 23010802000123号") in lines


@pytest.mark.parametrize("tag", ["nav", "header", "aside"])
def test_an_element_of_furniture_left_open_does_not_take_the_report(tag: str, reader: Callable[[str], Doc]) -> None:
    """Broken markup leaves the report inside an element of furniture: the report's heading there shows the
    element is not furniture, and the page is judged by its text and links alone."""
    page = (
        f"<html><body><{tag}><ul>{LINKS}</ul>"
        + article(signature="")
        + '<div><a href="/map">网站地图</a> | <a href="/about">关于我们</a></div><p>版权所有：某某市人民政府</p>'
        "</body></html>"
    )
    assert _lines(reader(page))[-1] == normalise(LAST)
    report = parse(page.encode("utf-8")).report
    assert report.sections.other == LAST
    assert report.t3 == REPORT.t3


def test_a_page_without_furniture_keeps_its_last_lines(reader: Callable[[str], Doc]) -> None:
    last = "本机关网站已完成适老化改造，建议老年人使用浏览器的长者模式访问网站。"
    page = "<html><body>" + article(last=last, signature="") + "</body></html>"
    assert _lines(reader(page))[-1] == normalise(last)
    assert parse(page.encode("utf-8")).report.sections.other == last


def test_an_attachment_after_the_report_is_kept(reader: Callable[[str], Doc]) -> None:
    page = SITES["divs"].replace(
        "{article}", article() + '<div class="attach"><p>附件下载</p><a href="/f.xls">2020年统计表.xls</a></div>'
    )
    assert _lines(reader(page))[-5:] == _n(LAST, AGENCY, DATE, "附件下载", "2020年统计表.xls")


@pytest.mark.parametrize(
    "head",
    [
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a>年报</a></div>',
        "<div>【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>打印</a> <a>关闭</a></div>",
        "<div><span>索引号：11230108MB1234567X/2021-00012</span> <span>发布机构：平房区教育局</span></div>",
        "<div><p>来源：平房区教育局</p><p>浏览次数：123</p></div>",
    ],
)
def test_a_pages_lines_between_the_title_and_the_text_are_not_the_preamble(
    head: str, reader: Callable[[str], Doc]
) -> None:
    page = "<html><body>" + article().replace("</h1>", "</h1>" + head) + "</body></html>"
    assert parse(page.encode("utf-8")).report.header.preamble == REPORT.header.preamble


def test_a_line_of_text_between_the_title_and_the_preamble_is_kept(reader: Callable[[str], Doc]) -> None:
    page = "<html><body>" + article().replace("</h1>", "</h1><p>平房区教育局</p>") + "</body></html>"
    assert parse(page.encode("utf-8")).report.header.preamble == f"平房区教育局\n{REPORT.header.preamble}"


# ---------------------------------------------------------------- conditional comments

WORD = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
    "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->"
    '</head><body lang="ZH-CN"><div class="WordSection1">{article}</div></body></html>'
)
DEBRIS = (
    "<p>&lt;!--[if !supportMisalignedColumns]--&gt;&lt;!--[endif]--&gt;</p>"
    "<p><![if !supportLists]>&lt;![if !supportLists]&gt;<![endif]>&lt;![endif]&gt;</p>"
    "<p>&lt;!--[if gte mso 9]&gt;&lt;xml&gt;&lt;w:data&gt;0102FF&lt;/w:data&gt;&lt;/xml&gt;&lt;![endif]--&gt;</p>"
    "<!--[if !vml]--><!--[endif]-->"
)


def test_conditional_comments_are_not_text(reader: Callable[[str], Doc]) -> None:
    page = WORD.replace("{article}", article(debris=DEBRIS))
    doc = reader(page)
    assert not [w for w in ("<!", "[if", "endif", "supportLists", "0102FF", "WordDocument") if w in doc.text]
    _same(read_html_stdlib(page), read_html_lxml(page))
    report = parse(page.encode("utf-8")).report
    assert report.sections.proactive is None
    assert report.sections.other == LAST
    assert report.t2 == REPORT.t2


def test_conditional_comments_in_a_sentence_and_in_a_cell(reader: Callable[[str], Doc]) -> None:
    page = (
        "<p>一是&lt;!--[if !supportLists]--&gt;加强组织&lt;!--[endif]--&gt;领导。</p>"
        "<table><tr><td>&lt;![if !supportMisalignedColumns]&gt;规章&lt;![endif]&gt;</td><td>0</td></tr></table>"
    )
    doc = reader(page)
    assert _lines(doc)[0] == "一是加强组织领导。"
    assert doc.text.count("规章") == 1
    assert "<!" not in doc.text


@pytest.mark.parametrize(
    ("text", "without"),
    [
        ("<!--[if !supportMisalignedColumns]--><!--[endif]-->", ""),
        ("a<![if !supportLists]>1.<![endif]>b", "a1.b"),
        ("a<!--[if gte mso 9]><xml><o:p>x</o:p></xml><![endif]-->b", "ab"),
        ("a<!--[if gte vml 1]><v:shape/><![endif]--><![if !vml]>c<![endif]>b", "acb"),
        ("a<!--[IF !vml]-->c<!--[ENDIF]-->b", "acb"),
        ("a<!--[if gte mso 9]>never closed", "anever closed"),  # an unclosed hidden comment hides nothing
        ("if [endif] <!-- a comment --> <b>", "if [endif] <!-- a comment --> <b>"),
    ],
)
def test_without_conditionals(text: str, without: str) -> None:
    assert without_conditionals(text) == without


def test_without_conditionals_is_linear() -> None:
    """Unclosed hidden comments: the end is looked for once, not from each of them."""

    def seconds(n: int) -> float:
        text = "<!--[if gte mso 9]>x" * n
        start = time.perf_counter()
        assert without_conditionals(text) == "x" * n
        return time.perf_counter() - start

    small, large = seconds(20_000), seconds(80_000)
    assert large < 8 * max(small, 0.01)


# ---------------------------------------------------------------- lines, by shape


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("网站标识码：3590000001", FURNITURE),
        ("闽ICP备09032658号", FURNITURE),
        ("京公网安备 11010502030143号", FURNITURE),
        ("公安备案号：35012899001-19002", FURNITURE),
        ("版权所有：平潭综合实验区党工委管委会网站", FURNITURE),
        ("Copyright © 2024 All Rights Reserved", FURNITURE),
        ("主办单位：福建省平潭综合实验区管理委员会办公室", FURNITURE),
        ("技术支持：某某网络科技有限公司", FURNITURE),
        ("为确保最佳浏览效果，建议您使用以下浏览器版本：IE浏览器9.0版本及以上；Chrome 63版本及以上。", FURNITURE),
        ("建议使用1280×800以上分辨率浏览本网站", FURNITURE),
        ("扫一扫在手机上查看当前页面", FURNITURE),
        ("【字体：大 中 小】【打印本页】【关闭窗口】", FURNITURE),
        ("分享到：微信 微博", FURNITURE),
        ("附件下载", FURNITURE),
        ("上一篇：平潭综合实验区2018年政府信息公开工作年度报告", FURNITURE),
        ("文字解读", NEUTRAL),
        ("|", NEUTRAL),
        (AGENCY, NEUTRAL),
        (DATE, CONTENT),
        ("二〇二一年一月二十日", CONTENT),
        ("六、其他需要报告的事项", CONTENT),
        ("（二）改进措施", CONTENT),
        ("附件：2020年政府信息公开工作年度报告统计表", CONTENT),
        ("2020年统计表.xlsx", CONTENT),
        ("无。", CONTENT),
        (LAST, CONTENT),
        ("如有疑问，请联系我们。", CONTENT),
        ("通过政府网站和手机浏览器及时公开信息，为群众提供更好的使用体验。", CONTENT),
    ],
)
def test_the_kind_of_a_line_by_its_text(line: str, kind: int) -> None:
    assert kind_of(line) == kind


def test_the_kind_of_a_line_by_its_markup() -> None:
    assert kind_of("人民网", links=1.0) == FURNITURE
    assert kind_of("人民网", structural=True) == FURNITURE
    assert kind_of("详见《关于政府信息公开的规定》。", links=0.8) == CONTENT  # a sentence with a link
    assert kind_of(DATE, structural=True) == CONTENT  # a signature in a footer element
    assert kind_of(DATE, links=1.0) == FURNITURE  # a date in a list of links
    assert kind_of("六、其他需要报告的事项", structural=True) == CONTENT
    assert kind_of("2020年统计表.xls", links=1.0) == CONTENT


def test_the_kind_of_a_table() -> None:
    assert rows_kind([["版权所有：某某市人民政府", None], ["网站标识码：2301000002", "联系我们"]]) == FURNITURE
    assert rows_kind([["规章", "0"], ["版权所有", "x"]]) == CONTENT  # a cell of digits: a report's table
    assert rows_kind([["导航一", "导航二"]]) == NEUTRAL
    assert rows_kind([["导航一", "导航二"]], structural=True) == FURNITURE
    assert rows_kind([["规章", "0"]], structural=True) == CONTENT


def test_where_the_furniture_ends_in_first_lines() -> None:
    lines = [
        "",
        "当前位置：首页 > 政务公开",
        "平房区教育局",
        "【打印】【关闭】",
        "文字版",
        "根据《条例》，编制本报告。",
    ]
    assert furniture_end(lines) == 4
    assert furniture_end(lines[4:]) == 0
    assert furniture_end(["根据《条例》，编制本报告。", "索引号：1"]) == 0


def test_where_the_furniture_starts_in_lines() -> None:
    lines = ["无其他需要报告事项。", AGENCY, DATE, "附件下载", "扫一扫", "文字解读", "网站标识码：1", "|", ""]
    assert furniture_start(lines) == 3
    assert furniture_start(lines[:3]) == 3
    assert furniture_start([*lines, "本网站所载内容仅供参考，以正式文件为准。"]) == 10
    assert furniture_start(["网站标识码：1"]) == 0
    assert furniture_start(["文字解读", "图片解读"]) == 2  # labels alone are not furniture


# ---------------------------------------------------------------- text reports


def test_a_page_saved_as_text_ends_before_its_footer() -> None:
    text = str(render(REPORT, to="text"))
    text = text[: text.index("联系方式")] + (
        f"{AGENCY}\n{DATE}\n\n上一篇：关于某某的通知\n下一篇：关于某某的公告\n【打印本页】【关闭窗口】\n"
        "网站地图 | 联系我们\n版权所有：某某区人民政府 主办单位：某某区人民政府办公室\n网站标识码：2301080001 黑ICP备05002345号\n"
    )
    result = parse(text.encode("utf-8"))
    assert result.kind == "text"
    assert result.report.sections.other == "无。"
    text = text.replace("无。", LAST).replace(f"{AGENCY}\n{DATE}\n", "")
    assert parse(text.encode("utf-8")).report.sections.other == LAST
