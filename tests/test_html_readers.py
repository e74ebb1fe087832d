"""The two HTML readers (lxml's parser, and the standard library's html.parser as the fallback) give the
same document: on the corpus pages, on rendered reports, on malformed markup.  Where the two parsers
build different trees from pathological markup, the difference is spelt out below."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gbreport
from conftest import CORPUS, EXAMPLE
from gbreport import LoadError, from_cells, render
from gbreport.builders._totals import valid_cells
from gbreport.parsing import _html, parse
from gbreport.parsing._doc import CELL, ROW, Doc
from gbreport.parsing._html import MAX_DEPTH, MAX_NODES, cell_text, read_html, read_html_stdlib, squeeze_lines
from gbreport.parsing._html_lxml import read_html_lxml
from gbreport.parsing._text import decode
from gbreport.strategies import reports

PAGES = sorted(CORPUS.glob("*.html"))


def _same(a: Doc, b: Doc) -> None:
    for f in fields(Doc):
        assert getattr(a, f.name) == getattr(b, f.name), f.name


def _places(doc: Doc) -> list[str]:
    return [doc.where(mark) for mark in doc.marks]


def _both(text: str) -> tuple[Doc, Doc]:
    return read_html_stdlib(text), read_html_lxml(text)


def _page(path: Path) -> str:
    return decode(path.read_bytes(), None).text


def test_read_html_uses_lxml_when_it_is_installed() -> None:
    assert _html.lxml_reader is read_html_lxml
    text = _page(PAGES[0])
    _same(read_html(text), read_html_lxml(text))


def test_the_corpus_has_web_pages() -> None:
    assert len(PAGES) >= 2


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_both_readers_give_the_same_document_for_a_corpus_page(path: Path) -> None:
    stdlib, lxml = _both(_page(path))
    assert len(stdlib.tables) == 3
    assert stdlib.meta["title"] and stdlib.meta["charset"] == "UTF-8"
    _same(stdlib, lxml)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_parse_gives_the_same_report_with_either_reader(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_lxml = parse(path)
    monkeypatch.setattr(_html, "lxml_reader", None)
    with_stdlib = parse(path)
    assert with_lxml.report == with_stdlib.report
    assert with_lxml.format_version == with_stdlib.format_version
    assert [(f.code, f.cells, f.location) for f in with_lxml.findings] == [
        (f.code, f.cells, f.location) for f in with_stdlib.findings
    ]
    assert with_lxml.read == with_stdlib.read
    assert with_lxml.outline == with_stdlib.outline


def _reports() -> list[gbreport.Report]:
    made = [gbreport.load(EXAMPLE)]
    for version in ("2019-60", "2021-30"):
        for seed in (1, 2):
            values = valid_cells(version, random.Random(seed).randint)
            made.append(from_cells(version, values, header={"agency": "某某市某某局", "year": 2023}))
    return made


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_both_readers_give_the_same_document_for_rendered_reports(locale: str) -> None:
    versions = set()
    for report in _reports():
        versions.add(report.format_version)
        stdlib, lxml = _both(str(render(report, to="html", locale=locale)))
        assert len(stdlib.tables) >= 3
        _same(stdlib, lxml)
    assert versions == {"2019-60", "2021-30"}


@given(reports())
def test_both_readers_give_the_same_document_for_generated_reports(report: gbreport.Report) -> None:
    _same(*_both(str(render(report, to="html"))))


SAME: dict[str, str] = {
    "unclosed td": "<table><tr><td>a<td>b<tr><td>c<td>d</table>",
    "unclosed tr": "<table><tr><td>a</td><tr><td>b</td></table>",
    "unclosed p": "<p>one<p>two<p>three",
    "p in cells": "<table><tr><td><p>a<p>b</td><td>c</td></tr></table>",
    "stray end tags": "</td></tr></table></p></div>text<b>x</i></b>",
    "stray end tags in a table": "<table><tr><td>a</div></span>b</td></tr></table>after",
    "table in a table": "<table><tr><td>outer<table><tr><td>1</td><td>2</td></tr></table></td></tr></table>",
    "three tables nested": "<table><tr><td><table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>"
    "</td></tr></table>",
    "two tables": "<p>before</p><table><tr><td>a</td></tr></table><p>mid</p><table><tr><th>h</th></tr></table>tail",
    "rowspan and colspan": '<table><tr><td rowspan="2">a</td><td colspan="2">b</td></tr><tr><td>c</td><td>d</td></tr>'
    "<tr><td colspan=3>e</td></tr></table>",
    "huge spans": '<table><tr><td rowspan="999999999" colspan="999999">x</td><td>y</td></tr><tr><td>z</td></tr></table>',
    "garbage spans": '<table><tr><td rowspan="abc" colspan="-3">a</td><td rowspan=" 2x" colspan="0">b</td>'
    '<td colspan="">c</td><td rowspan>d</td></tr><tr><td>e</td></tr></table>',
    "spans past the grid limit": "<table><tr>" + "<td rowspan=200 colspan=200>x</td>" * 6 + "</tr></table>",
    "comments": "a<!-- comment <td> -->b<!---->c",
    "script and style": "<p>a<script>var x='<td>';</script>b<style>td{}</style>c<noscript>n</noscript>d</p>",
    "entities": "<p>&amp; &lt;&gt; &nbsp;&copy &notin; &#20013;&#x6587; &#xD800; &bogus; &amp</p>",
    "entities in cells": "<table><tr><td>1&nbsp;2</td><td>&#8212;</td><td>&ensp;3&emsp;</td></tr></table>",
    "entity declarations": '<!DOCTYPE html [<!ENTITY x "boom">]><p>&x;</p>',
    "external doctype": '<!DOCTYPE x SYSTEM "file:///etc/passwd"><p>&passwd;</p>',
    "br forms": "a<br>b<br/>c<br />d</br>e<BR>f",
    "meta charset": '<html><head><meta charset="gb2312"><meta name="PubDate" content="2020-01-01">'
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>x</body></html>',
    "meta names": '<meta name="publishdate" content="2021"><meta property="firstpublishedtime" content="t">'
    '<meta name="" property="pubdate" content="no"><meta NAME="PUBDATE" CONTENT="yes">',
    "title": "<html><head><title> A &amp; B </title></head><body>x</body></html>",
    "title outside head": "<html><title>T</title><body>x</body></html>",
    "title in body": "<html><head></head><body><title>T</title>x</body></html>",
    "text outside html": "before<html><body>in</body></html>after",
    "deep nesting": "<div>" * (MAX_DEPTH + 50) + "deep" + "</div>" * (MAX_DEPTH + 50) + "after",
    "a table nested deep": "<html><body>"
    + "<div>" * 300
    + "<table><tr><td>规章</td><td>1</td></tr></table>"
    + "</div>" * 300,
    "upper case": "<TABLE><TR><TD>A</TD><TD ROWSPAN=2>B</TD></TR><TR><TD>C</TD></TR></TABLE>",
    "thead tbody tfoot": "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>b</td></tr></tbody>"
    "<tfoot><tr><td>f</td></tr></tfoot></table>",
    "caption": "<table><caption>cap</caption><tr><td>a</td></tr></table>",
    "blanks": "<div>\n  <p>  a  </p>\n\n  <p>b</p>\n</div>\n",
    "doctype": "<!DOCTYPE html>\n<html>\n<body>\n<p>x</p>\n</body>\n</html>\n",
    "empty": "",
    "only text": "just text",
    "void elements": "<p>a<img src=x>b<br>c<input>d<wbr>e</p>",
    "select and textarea": "<form><select><option>o</option></select><textarea>t<p></textarea>x</form>",
    "lists": "<ul><li>one</li><li>two</li></ul><ol><li>three</li></ol>",
    "inline elements in cells": "<table><tr><td><span>1</span><b>2</b></td><td><p>3</p><p>4</p></td></tr></table>",
    "cells outside a table": "<td>a</td><td>b</td>",
    "a row outside a table": "<tr><td>a</td></tr>",
    "self-closing tags": "<div/>x<p/>y<span/>z",
    "controls": "a\x01c<p>\x0bd</p>",
    "line ends": "a\r\nb\rc<table><tr><td>x\r\ny</td></tr></table>",
    "script in a row": "<table><tr><td>a</td><script>document.write('<tr><td>b</td></tr>')</script></tr></table>",
    "rows in noscript": "<table><tr><td>a</td></tr><noscript><tr><td>b</td></tr></noscript></table>",
    "table in a template in a table": "<table><tr><td>a</td></tr><template><table><tr><td>t</td></tr></table>"
    "</template></table>",
    "unclosed table": "<table><tr><td>a<td>b",
    "unquoted attributes": "<table border=1><tr><td colspan=2 class=a>x</td></tr></table>",
    "svg and math": "<p>a<svg><text>s</text></svg>b<math><mi>m</mi></math>c</p>",
    "iframe and object": "<p>a<iframe>i</iframe>b<object>o</object>c</p>",
    "head": "<head><style>x</style><script>y</script></head><body>z</body>",
    "button": "<p>a<button>b</button>c</p>",
    "less-than signs in text": "a < b > c <3 <> </ >",
    "Word's tags": "<o:p>x</o:p><st1:chsdate>2020</st1:chsdate>",
    "a row in a cell": "<table><tr><td>a<tr><td>b</td></tr></td></tr></table>",
    "processing instruction": "<?xml version='1.0'?><p>x</p>",
    "blanks before the page": "  \n <!-- c --> \n <p>x</p>",
    "blanks before text": "  hello <p>x</p>",
    "wide spaces": "\u3000<p>\u3000a\u00a0</p><table><tr><td>\u3000 1 \u00a0</td></tr></table>",
}


@pytest.mark.parametrize("name", sorted(SAME))
def test_both_readers_give_the_same_document_for_malformed_markup(name: str) -> None:
    _same(*_both(SAME[name]))


def test_what_both_readers_read_from_spans_and_nested_tables() -> None:
    for reader in (read_html_stdlib, read_html_lxml):
        doc = reader(SAME["rowspan and colspan"])
        assert doc.text == f"a{CELL}b{ROW}\nc{CELL}d{ROW}\ne{ROW}\n"
        assert _places(doc) == [
            "table 1, row 1, column 1",
            "table 1, row 1, column 2",
            "table 1, row 2, column 2",
            "table 1, row 2, column 3",
            "table 1, row 3, column 1",
        ]
        assert _places(reader(SAME["huge spans"]))[-1] == "table 1, row 2, column 201"
        assert reader(SAME["spans past the grid limit"]).text == ""  # 6 x 200 x 200 cells: the grid stops
        assert reader(SAME["table in a table"]).text == f"\n\n\nouter\n1{CELL}2{ROW}\n\n\n\n"
        assert reader(SAME["rows in noscript"]).text == f"a{ROW}\nb{ROW}\n"
        assert reader(SAME["meta charset"]).meta == {"charset": "gb2312", "pubdate": "2020-01-01"}
        assert reader(SAME["meta names"]).meta == {"publishdate": "2021", "firstpublishedtime": "t", "pubdate": "yes"}
        assert reader(SAME["title"]).meta == {"title": "A & B"}
        assert "deep" not in reader(SAME["deep nesting"]).text
        assert "boom" not in reader(SAME["entity declarations"]).text


DIFFERENT: dict[str, tuple[str, str, str]] = {
    # name: (markup, text read by the standard library's parser, text read by lxml's)
    # an unclosed comment: text for html.parser, a comment to the end for lxml
    "unclosed comment": ("a<!-- never closed <p>b", "a<!-- never closed <p>b\n", "a\n"),
    # a CDATA section in HTML is a bogus comment up to the first ">" (lxml); html.parser drops it whole
    "CDATA": ("<p>x<![CDATA[ c <b>y</b> ]]>z</p>", "\nxz\n\n", "\nxy ]]>z\n\n"),
    # HTML closes an open paragraph at a div, table or hr (lxml); html.parser's tree nests them
    "div in a paragraph": ("<p>a<div>b</div>c</p>", "\na\nb\nc\n\n", "\na\n\nb\nc\n"),
    "table in a paragraph": ("<p>x<table><tr><td>1</td></tr></table>y</p>", "\nx\n1\x1e\ny\n\n", "\nx\n\n1\x1e\ny\n"),
    "rule in a paragraph": ("<p>a<hr>b</p>", "\na\n\nb\n\n", "\na\n\n\nb\n"),
    # HTML closes an open list item at the next one (lxml); html.parser's tree nests them
    "unclosed list items": ("<ul><li>one<li>two</ul>", "\n\none\ntwo\n\n\n\n", "\n\none\n\ntwo\n\n\n"),
    # noscript is raw text for lxml; in html.parser's tree the inner <p> closes the outer one
    "paragraph in noscript": ("<p>a<noscript><p>b</p></noscript>c</p>", "\na\n\nb\nc\n", "\nac\n\n"),
    # a NUL character: a space (html.parser, then the document's control characters) or U+FFFD (lxml)
    "NUL": ("a\x00b", "a b\n", "a\ufffdb\n"),
    # the title is raw text for lxml, up to </title> or the end of the page
    "tags in the title": ("<title>a<b>b</b>c</title><p>x</p>", "\nabc\n\nx\n\n", "\na<b>b</b>c\n\nx\n\n"),
    "unclosed title": ("<title>abc<p>def", "\nabc\ndef\n\n\n", "\nabc<p>def\n\n"),
    # plaintext: the rest of the page is text for lxml
    "plaintext": ("<p>a<plaintext><b>b</b>", "\nab\n\n", "\na<b>b</b>\n\n"),
    # a cell inside a div inside a cell: html.parser's tree closes the first cell, lxml's nests it
    "cell in a div in a cell": ("<table><tr><td>a<div><td>b</div></td></tr></table>", "a\x1fb\x1e\n", "a\nb\x1e\n"),
}


@pytest.mark.parametrize("name", sorted(DIFFERENT))
def test_where_the_readers_differ_on_pathological_markup(name: str) -> None:
    markup, by_stdlib, by_lxml = DIFFERENT[name]
    stdlib, lxml = _both(markup)
    assert (stdlib.text, lxml.text) == (by_stdlib, by_lxml)


def test_duplicate_attributes_first_or_last() -> None:
    """A repeated attribute: html.parser's last value, lxml's first."""
    markup = '<table><tr><td colspan="2" colspan="3">x</td><td>y</td></tr></table>'
    stdlib, lxml = _both(markup)
    assert stdlib.text == lxml.text == f"x{CELL}y{ROW}\n"
    assert _places(stdlib)[-1] == "table 1, row 1, column 4"
    assert _places(lxml)[-1] == "table 1, row 1, column 3"


def test_titles_are_read_by_both() -> None:
    stdlib, lxml = _both(DIFFERENT["unclosed title"][0])
    assert (stdlib.meta, lxml.meta) == ({"title": "abcdef"}, {"title": "abc<p>def"})


@pytest.mark.parametrize("reader", [read_html_stdlib, read_html_lxml])
def test_more_elements_than_the_limit_is_a_load_error_with_either_reader(reader: object) -> None:
    assert callable(reader)
    reader("<b></b>" * (MAX_NODES - 10))
    with pytest.raises(LoadError, match="elements"):
        reader("<b></b>" * (MAX_NODES + 1))
    with pytest.raises(LoadError, match="elements"):
        reader("<b>x</b>" * (MAX_NODES // 2 + 1))


@pytest.mark.parametrize("reader", [read_html_stdlib, read_html_lxml])
def test_junk_gives_a_document_with_either_reader(reader: object) -> None:
    assert callable(reader)
    rng = random.Random(7)
    page = _page(PAGES[0])
    for _ in range(40):
        at = rng.randrange(len(page))
        junk = "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 40)))
        doc = reader(page[:at] + junk.encode("utf-8", "replace").decode("utf-8", "replace") + page[at + 100 :])
        assert isinstance(doc, Doc)
    for junk in ("<", "<<<>>>", "</", "<!", "<?", "<![", "&#", "&#x;", "<table", "<td rowspan=", "\ud800"):
        assert isinstance(reader(junk), Doc)


def test_a_page_past_a_limit_of_lxmls_parser_is_read_whole() -> None:
    """libxml2 stops at a run of text over 10 MB (without ``huge_tree``): the page is read with html.parser."""
    markup = "<p>a</p><p>" + "x " * 5_100_000 + "</p><table><tr><td>1</td></tr></table>"
    stdlib, lxml = _both(markup)
    assert lxml.tables == [(10_200_006, 10_200_009)]
    _same(stdlib, lxml)


def test_the_standard_library_reader_is_used_when_lxml_is_not_installed() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.modules["lxml"] = None  # as if lxml were not installed
        from gbreport.parsing import _html, parse
        assert _html.lxml_reader is None
        result = parse({str(PAGES[0])!r})
        print(result.format_version, _html.read_html("<p>x</p>").text == "\\nx\\n\\n")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.split() == [parse(PAGES[0]).format_version, "True"]


def test_read_html_falls_back_to_the_standard_library(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _page(PAGES[0])
    monkeypatch.setattr(_html, "lxml_reader", None)
    _same(read_html(text), read_html_stdlib(text))


@given(st.text(alphabet=" \t\r\n\f\v\u3000\u00a0ab\u4e2d"))
def test_a_cell_text_is_its_squeezed_lines_stripped(text: str) -> None:
    assert cell_text(text) == squeeze_lines(text).strip()
