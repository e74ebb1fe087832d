"""The parser's fast paths give exactly what the plain definitions they replace give."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gbreport.formats import get_format
from gbreport.parsing._doc import Doc, DocBuilder, clean, nfkc, normalise, place_text
from gbreport.parsing._header import MAX_FULLER, TITLE, _fuller, _title_at, _unwrapped, agency_of, titles
from gbreport.parsing._labels import GAP, label_pattern
from gbreport.parsing._locate import row_cells
from gbreport.parsing._outline import _LINE, _tops
from gbreport.parsing._rows import RowRead, plain_row, row_tokens, value_row
from gbreport.parsing._values import _TOKEN, Token, tokens

_TRICKY = [
    "\u0301",  # combining acute
    "\u0328",
    "\u3099",  # kana voiced mark (combining)
    "\u1100",  # Hangul leading jamo
    "\u1161",  # Hangul vowel jamo: composes with the one before
    "\u11a8",
    "\uac00",  # Hangul syllable
    "\u0cd5",  # Kannada length mark: class 0, second of a composition
    "\u0cc6",
    "\u0b47",
    "\u0b3e",
    "\u00c5",
    "\u212b",  # angstrom sign: a singleton decomposition
    "\uff10",  # full-width digit
    "\uff0c",  # full-width comma
    "\u3000",  # ideographic space
    "\u2212",
    "\u2015",
    "\u2026",  # ellipsis: three characters
    "\U0001d400",  # mathematical bold A
    "\ue000",
    "\x1f",
    "\x1e",
    "\r",
    "\n",
    "e",
    "A",
    "1",
    "政",
]


def _plain_nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_nfkc_equals_unicodedata_around_every_character_of_the_plane() -> None:
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        for text in (
            f"a{char}b",
            f"{char}{char}\uff21{char}",
            f"{char}\u0301",
            f"\u1100{char}",
            f"e{char}\u0328\u0301{char}",
        ):
            assert nfkc(text) == _plain_nfkc(text), hex(code)


@given(st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=40))
@settings(max_examples=400)
def test_nfkc_equals_unicodedata_on_any_text(text: str) -> None:
    assert nfkc(text) == _plain_nfkc(text)


_TITLE_PIECES = [
    *"某市局区2019年度的 \n\t,（:",
    "政府信息公开",
    "2020年度",
    "工作年度报告",
    "2019年",
    "报告",
    "工作",
    "政府信息公开工作年度报告",
    "  ",
    "某某区人民政府办公室某某区人民政府办公室",
]


@given(st.lists(st.sampled_from(_TITLE_PIECES), max_size=25), st.data())
@settings(max_examples=600)
def test_title_found_from_its_year_is_the_first_match_of_the_pattern(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    stop = data.draw(st.integers(start, len(text)))
    expected = TITLE.search(text, start, stop)
    found = _title_at(text, start, stop)
    assert (found and (found.span(), found.groupdict())) == (expected and (expected.span(), expected.groupdict()))


def test_titles_are_found_in_a_long_head() -> None:
    head = "首页 > 信息公开\n" * 50 + "三明市人民政府2021年政府信息公开工作年度报告\n" + "正文" * 500
    found = [m.group("agency") for m in titles(head)]
    assert found == ["三明市人民政府"]


def _tokens_by_match(text: str, offset: int) -> list[Token]:
    """Tokens with every position taken from the match objects (what the accounting in tokens() must give)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text, 0, len(text.rstrip())):
        kind = "num" if m.group("num") else "blank" if m.group("blank") else "junk"
        word = m.group("num") or m.group("blank") or m.group("junk") or m.group("other")
        start = m.start(kind if kind != "junk" else "junk" if m.group("junk") else "other")
        broken = bool(out) and text.count("\n", m.start(), start) == 1
        out.append(Token(kind, word, (m.group("unit") or "").strip(), broken, offset + start))
    return out


_TOKEN_PIECES = [*"0123 \n\t,.元万/-—–+无不适用abc\x1f\x1e\x1c\x85\u3000件٣²", "   ", "\n\n", " 元", "万元", "\t元"]


@given(st.lists(st.sampled_from(_TOKEN_PIECES), max_size=14), st.integers(0, 99))
@settings(max_examples=500)
def test_tokens_are_placed_where_the_pattern_finds_them(pieces: list[str], offset: int) -> None:
    text = "".join(pieces)
    assert tokens(text, offset) == _tokens_by_match(text, offset)


def _fuller_by_every_title(agency: str, head: str) -> str:
    for m in titles(_unwrapped(head)):
        name = agency_of(m)
        at = name.find(agency)
        if at >= 0 and 0 < len(name) - at - len(agency) <= MAX_FULLER:
            return name[at:]
    return agency


_HEAD_PIECES = ["三明市", "人民政府", "政府", "2021", "年", "政府信息公开", "\n", " ", "，", "标题：", "首页"]


@st.composite
def _heads(draw: st.DrawFn) -> str:
    """Heads of reports: noise, and titles whose agency and year may be broken over lines."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        parts.extend(draw(st.lists(st.sampled_from(_HEAD_PIECES), max_size=6)))
        title = draw(st.sampled_from(["三明市", "三明市人民政府", "三明市人民政府办公室", "明市政府"]))
        title += draw(st.sampled_from(["", " ", "\n"])) + "2021年政府信息公开工作年度报告"
        cut = draw(st.integers(0, len(title)))
        parts.append(title[:cut] + draw(st.sampled_from(["", "\n", " \n "])) + title[cut:])
    return "".join(parts)


@given(st.sampled_from(["三明市", "三明市人民政府", "明市"]), _heads())
@settings(max_examples=500)
def test_a_fuller_agency_name_is_the_one_every_title_gives(agency: str, head: str) -> None:
    assert _fuller(agency, head) == _fuller_by_every_title(agency, head)


class _OneByOne:
    """The document a builder must give, built the plain way: each text normalised on its own, each line
    and cell marked as it comes."""

    def __init__(self) -> None:
        self.text = ""
        self.marks: list[int] = []
        self.places: list[str] = []
        self.running = bytearray()
        self.printed: dict[int, str] = {}
        self.continued: set[int] = set()
        self.tables: list[tuple[int, int]] = []

    def _mark(self, place: str, running: bool) -> None:
        self.marks.append(len(self.text))
        self.places.append(place)
        self.running.append(running)

    def line(self, text: str, place: str, continued: bool = False) -> None:
        self._mark(place, True)
        if continued:
            self.continued.add(len(self.text))
        line, original = normalise(text).replace("\n", " "), clean(text).replace("\n", " ")
        if original != line:
            self.printed[len(self.text)] = original
        self.text += line + "\n"

    def numbered_lines(self, texts: list[str], first: int) -> None:
        for k, text in enumerate(texts):
            self.line(text, f"line {first + k}")

    def cells(self, cells: list[str], place: str) -> None:
        for column, cell in enumerate(cells):
            if column:
                self.text += "\x1f"
            self._mark(f"{place}, column {column + 1}" if column else place, False)
            self.text += normalise(cell).replace("\n", " ").replace("\x1f", " ").replace("\x1e", " ")
        self.text += "\n"

    def block(self, text: str, place: str) -> None:
        lines = normalise(text).split("\n")
        printed: list[str | None] = list(clean(text).split("\n"))
        if len(printed) != len(lines):
            printed = [None] * len(lines)
        for i, (line, original) in enumerate(zip(lines, printed, strict=True)):
            self._mark(f"{place}, line {i + 1}" if i else place, True)
            if original is not None and original != line:
                self.printed[len(self.text)] = original
            self.text += line + "\n"

    def table(self, grid: list[list[str | None]], place: str) -> None:
        start = len(self.text)
        for r, row in enumerate(grid, 1):
            first = True
            for c, cell in enumerate(row, 1):
                if cell is None:
                    continue
                if not first:
                    self.text += "\x1f"
                first = False
                self._mark(f"{place}table {len(self.tables) + 1}, row {r}, column {c}", False)
                self.text += normalise(cell).replace("\x1f", " ").replace("\x1e", " ")
            self.text += "\x1e\n"
        self.tables.append((start, len(self.text)))


_ANY = st.text(alphabet=st.sampled_from([*_TRICKY, "1", " ", "|", "\ue000"]) | st.characters(), max_size=12)
_OPS = st.one_of(
    st.tuples(st.just("line"), _ANY, st.booleans()),
    st.tuples(st.just("numbered_lines"), st.lists(_ANY, max_size=5), st.integers(1, 50)),
    st.tuples(st.just("cells"), st.lists(_ANY, min_size=1, max_size=4)),
    st.tuples(st.just("block"), _ANY),
    st.tuples(st.just("table"), st.lists(st.lists(st.none() | _ANY, max_size=4), max_size=4)),
)


@given(st.lists(_OPS, max_size=8))
@settings(max_examples=300)
def test_the_builder_gives_what_adding_each_text_on_its_own_gives(ops: list[tuple[object, ...]]) -> None:
    builder, reference = DocBuilder("text"), _OneByOne()
    for op in ops:
        name, first, *rest = op
        if name == "line":
            builder.line(first, "line 7", continued=bool(rest[0]))  # type: ignore[arg-type]
            reference.line(first, "line 7", continued=bool(rest[0]))  # type: ignore[arg-type]
        elif name == "numbered_lines":
            builder.numbered_lines(first, rest[0])  # type: ignore[arg-type]
            reference.numbered_lines(first, rest[0])  # type: ignore[arg-type]
        elif name == "cells":
            builder.cells(first, "line 8")  # type: ignore[arg-type]
            reference.cells(first, "line 8")  # type: ignore[arg-type]
        elif name == "block":
            builder.block(first, "text")  # type: ignore[arg-type]
            reference.block(first, "text")  # type: ignore[arg-type]
        else:
            builder.table(first, "line 9: ")  # type: ignore[arg-type]
            reference.table(first, "line 9: ")  # type: ignore[arg-type]
    doc = builder.build()
    assert doc.text == reference.text
    assert (doc.marks, doc.running, doc.printed) == (reference.marks, reference.running, reference.printed)
    assert (doc.continued, doc.tables) == (reference.continued, reference.tables)
    assert [place_text(p, i) for i, p in enumerate(doc.places)] == reference.places
    plain = Doc("text", reference.text, reference.marks, list(reference.places), running=reference.running)
    assert [doc.where(pos) for pos in range(len(doc.text) + 1)] == [plain.where(p) for p in range(len(doc.text) + 1)]


_T3_ROW = row_cells(get_format("2021-30"))[("t3", "new_received")]  # seven counts
_PLAIN = ["", " ", "0", "12", " 7 ", "007", "٣"]
_VALUES = st.one_of(
    st.lists(st.sampled_from(_PLAIN), min_size=7, max_size=7),  # a plain row: the fast path
    st.lists(
        st.sampled_from([*_PLAIN, "x", "1,2", "1.5", "-", "99999999999999", "+3", "12件"]), min_size=5, max_size=9
    ),
)


def _general_row(doc: Doc, start: int, end: int, location: str, source: str) -> RowRead:
    toks, mode = row_tokens(doc, start, end)
    return value_row(_T3_ROW, toks, mode, location, source, where=doc.where)


def _fields(row: RowRead) -> tuple[object, ...]:
    return (row.ids, row.location, row.source, row.candidates, row.certain, row.segmented, row.units, row.problems)


@given(_VALUES, st.booleans())
@settings(max_examples=400)
def test_a_plain_row_reads_as_the_general_path_reads_it(values: list[str], grid: bool) -> None:
    builder = DocBuilder("text")
    builder.line("前文", "line 1")
    if grid:
        builder.table([["本年新收政府信息公开申请数量", *values]])
    else:
        builder.numbered_lines(["本年新收政府信息公开申请数量", *values], 2)
    builder.line("后文", "line 99")
    doc = builder.build()
    start = doc.text.index("数量") + 2
    end = doc.text.index("\x1e", start) if grid else doc.text.index("后文")
    location, source = doc.where(start - 2), doc.text[start:end]
    fast = plain_row(doc, _T3_ROW, start, end, location=location, source=source)
    general = _general_row(doc, start, end, location, source)
    plain = all(v.strip() == "" or v.strip().isdecimal() for v in values) and len(values) == len(_T3_ROW)
    if fast is not None:
        assert _fields(fast) == _fields(general)
    if grid and plain and all(len(v.strip()) < 14 for v in values):
        assert fast is not None  # the commonest rows take the fast path


_LINE_PIECES = ["\n", " ", "\t", "第", "部分", "一", "二", "十", "三、", "四.", "五．", "、", "标题", "1", "\x1f", "x"]


@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=30))
@settings(max_examples=400)
def test_heading_lines_are_the_lines_a_multiline_pattern_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected = [
        (m.start(), m.end(), m.group("a") or m.group("b") or "") for m in re.finditer(f"^{_LINE}", text, re.MULTILINE)
    ]
    assert list(_tops(text)) == expected


@given(st.sampled_from(["申请人逾期未按收费通知要求缴纳费用", "本年新收政府信息公开申请数量", "予以公开"]), st.data())
@settings(max_examples=300)
def test_a_label_with_an_optional_number_finds_what_the_optional_group_finds(label: str, data: st.DataObject) -> None:
    numbered = data.draw(st.sampled_from(["2.", "一、", "(三)", "10、"]))
    pattern = label_pattern(numbered + label)
    optional = f"(?:{label_pattern(numbered, loose=False)}{GAP})?{label_pattern(label, loose=False)}"
    pieces = [numbered, label, label[:3], " ", "\n", "\x1f", "、", "2", "(", "三", ")", "x"]
    text = "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=12)))
    found = [m.span() for m in re.finditer(pattern, text)]
    assert found == [m.span() for m in re.finditer(optional, text)]
