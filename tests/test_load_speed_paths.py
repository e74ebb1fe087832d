"""The quick paths of load() and check() agree with the general ones, both ways.

``load`` refuses a repeated key by counting colons first, then ``":`` pairs, then
parsing key by key; JSON text is validated as ``str`` and falls back to the bytes
path for anything it does not accept.  ``check`` answers a report with no blank
cell and no violated relation from one generated function and takes the general
path otherwise.  Each test below puts a document or report on each side of a
quick path's condition and compares with what the general path says.
"""

from __future__ import annotations

import json
from operator import attrgetter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gbreport
from conftest import EXAMPLE
from gbreport import checks
from gbreport._vector import getter, vector
from gbreport.checks._sums import compiled, conforming
from gbreport.formats import FORMAT_VERSIONS, cells_of
from gbreport.model import Report, key_counter
from gbreport.strategies import BROKEN_CODES, broken_reports, publishable_reports, reports

TEXT = EXAMPLE.read_text(encoding="utf-8")


def _keys_in(text: str) -> int:
    """Every key of every object of ``text``, repeated ones included."""
    count = 0

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal count
        count += len(pairs)
        return dict(pairs)

    json.loads(text, object_pairs_hook=hook)
    return count


def _refused_by_name(source: str | bytes, key: str) -> None:
    with pytest.raises(gbreport.LoadError, match=f"the key '{key}' appears twice in one JSON object"):
        gbreport.load(source)


def _both(text: str) -> tuple[str, bytes]:
    return text, text.encode("utf-8")


# --- the key count ------------------------------------------------------------------------


@given(st.one_of(reports(), publishable_reports()))
def test_the_key_count_is_the_keys_of_the_canonical_text(report: Report) -> None:
    text = gbreport.dumps(report)
    loaded = gbreport.load(text)
    assert key_counter(loaded.format_version)(loaded) == _keys_in(text)


def test_the_key_count_follows_the_optional_parts_that_are_given() -> None:
    data = json.loads(TEXT)
    full = key_counter(data["format_version"])(gbreport.load(TEXT))
    del data["header"]["contact"], data["sections"]
    data["header"] = {k: v for k, v in data["header"].items() if k in ("agency", "year")}
    data["marks"] = {"t2.fees.change": "/"}
    data["t2"]["fees"]["change"] = None
    text = json.dumps(data, ensure_ascii=False)
    report = gbreport.load(text)
    assert key_counter(report.format_version)(report) == _keys_in(text) < full


# --- repeated keys, on every side of each quick test --------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('"format_version": "2019-60",', '"format_version": "2019-60", "format_version": "2019-60",', "format_version"),
        ('"upheld": ', '"upheld": 0, "upheld": ', "upheld"),  # a row of fixed shape
        ('"agency": ', '"agency": "甲", "agency": ', "agency"),  # a model with optional fields
        ('"email": ', '"email": null, "email": ', "email"),  # nested in the header
        ('"overview": ', '"overview": null, "overview": ', "overview"),
        ('"upheld": ', '"upheld" : 0, "upheld" : ', "upheld"),  # a space before the colon
    ],
)
def test_a_repeated_key_is_refused_with_or_without_colons_in_the_text(old: str, new: str, key: str) -> None:
    assert TEXT.count(":") == TEXT.count('":')  # the seed has no colon inside a text
    repeated = TEXT.replace(old, new, 1)
    with_colon = repeated.replace('"agency": "', '"agency": "时间：10:30 网址 http://a.b/c ', 1)
    with_quote = repeated.replace('"phone": "', '"phone": "\\":\\": ', 1)
    for text in (repeated, with_colon, with_quote):
        for source in _both(text):
            _refused_by_name(source, key)


def test_a_repeated_mark_is_refused() -> None:
    data = json.loads(TEXT)
    data["t2"]["fees"]["change"] = None
    data["marks"] = {"t2.fees.change": "/"}
    once = json.dumps(data, ensure_ascii=False)
    assert gbreport.load(once).marks == {"t2.fees.change": "/"}
    text = once.replace('"t2.fees.change": "/"', '"t2.fees.change": "/", "t2.fees.change": "—"')
    assert text != once
    for source in _both(text):
        _refused_by_name(source, "t2.fees.change")


@pytest.mark.parametrize(
    "inserted",
    [
        "时间：10:30",  # colons inside a text: more colons than keys
        'http://a.b/c \\": x',  # an escaped quote before a colon: ambiguous
        "a:b:c:d",
    ],
)
def test_colons_inside_texts_are_not_keys(inserted: str) -> None:
    text = TEXT.replace('"agency": "', f'"agency": "{inserted}', 1)
    assert text.count(":") > _keys_in(text)
    for source in _both(text):
        report = gbreport.load(source)
        assert report.header.agency.startswith(json.loads(f'"{inserted}"'))


def test_a_space_before_a_colon_is_not_a_repeated_key() -> None:
    text = TEXT.replace('"upheld": ', '"upheld" : ')
    for source in _both(text):
        assert gbreport.load(source) == gbreport.load(TEXT)


# --- text validated as str, or by the bytes path ------------------------------------------


def test_text_with_a_byte_order_mark_loads_like_bytes_with_one() -> None:
    plain = gbreport.load(TEXT)
    assert gbreport.load("\ufeff" + TEXT) == plain
    assert gbreport.load(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == plain


def test_text_the_str_path_refuses_gets_the_bytes_path_message() -> None:
    with pytest.raises(gbreport.LoadError, match="unpaired surrogate"):
        gbreport.load(TEXT.replace("哈尔滨", "\ud800", 1))
    broken = TEXT.replace('"year": 2020', '"year": "2020"', 1)
    with pytest.raises(gbreport.LoadError) as from_text:
        gbreport.load(broken)
    with pytest.raises(gbreport.LoadError) as from_bytes:
        gbreport.load(broken.encode("utf-8"))
    assert str(from_bytes.value) == "<bytes>: " + str(from_text.value)


def test_cells_as_json_text_still_load() -> None:
    report = gbreport.load(TEXT)
    flat = {"format_version": report.format_version, **{k: v for k, v in gbreport.cells(report) if v is not None}}
    text = json.dumps(flat, default=str)
    assert dict(gbreport.cells(gbreport.load(text))) == dict(gbreport.cells(report))


# --- the cell vector ----------------------------------------------------------------------


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_the_vector_reads_every_cell_by_its_path(version: str) -> None:
    by_path = attrgetter(*(c.id for c in cells_of(version)))
    report = gbreport.from_cells(version, {c.id: i for i, c in enumerate(cells_of(version)) if c.kind != "money"})
    assert vector(report) == by_path(report)


def test_a_row_of_another_shape_is_read_by_attribute() -> None:
    report = gbreport.load(TEXT)
    row = report.t4.reconsideration
    grown = row.model_copy(update={"note": 1})  # a field pydantic keeps though it is not declared
    t4 = report.t4.model_copy(update={"reconsideration": grown})
    odd = report.model_copy(update={"t4": t4})
    assert vector(odd) == vector(report) == attrgetter(*(c.id for c in cells_of(report.format_version)))(odd)
    assert vector(report.model_copy(update={"note": 1})) == vector(report)  # at the top, too
    assert conforming(report.format_version)(report)
    assert not conforming(report.format_version)(odd)  # the general path decides
    assert gbreport.check(odd) == gbreport.check(report) == ()
    short = type(row).model_construct(**{k: v for k, v in row if k != "upheld"})
    missing = report.model_copy(update={"t4": report.t4.model_copy(update={"reconsideration": short})})
    with pytest.raises(AttributeError, match="upheld"):
        getter(report.format_version)(missing)


# --- check: the quick answer and the general path -----------------------------------------


def _general(report: Report, monkeypatch: pytest.MonkeyPatch) -> gbreport.checks.Findings:
    with monkeypatch.context() as m:
        m.setattr(checks, "conforming", lambda version: lambda report: False)
        return gbreport.check(report)


def _quick_contract(report: Report) -> None:
    values = vector(report)
    expected = None not in values and not compiled(report.format_version).run(values)
    assert conforming(report.format_version)(report) is expected


@given(st.one_of(reports(), broken_reports()))
def test_conforming_is_true_exactly_without_blanks_and_violations(report: Report) -> None:
    _quick_contract(report)


@pytest.mark.parametrize("version", FORMAT_VERSIONS)
def test_every_blank_cell_leaves_the_quick_path(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    full = {c.id: 1 if c.kind == "money" else 0 for c in cells_of(version)}
    assert conforming(version)(gbreport.from_cells(version, full))
    for cell in cells_of(version):
        report = gbreport.from_cells(version, {**full, cell.id: None})
        assert not conforming(version)(report), cell.id
        assert gbreport.check(report) == _general(report, monkeypatch)


@pytest.mark.parametrize("code", BROKEN_CODES)
def test_findings_are_those_of_the_general_path(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    @given(broken_reports(code=code) | reports())
    def same(report: Report) -> None:
        _quick_contract(report)
        assert gbreport.check(report) == _general(report, monkeypatch)

    same()


def test_the_quick_path_is_not_taken_when_more_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    report = gbreport.load(TEXT)
    calls: list[str] = []
    monkeypatch.setattr(checks, "conforming", lambda version: calls.append(version) or (lambda report: True))
    gbreport.check(report, previous=report)
    gbreport.check(report, document=True)
    gbreport.check(report, source=["一、总体情况"])
    gbreport.check(report, agency_kind="government")
    assert calls == []
    assert gbreport.check(report) == () and calls == [report.format_version]


def test_a_row_without_a_dict_is_read_by_attribute() -> None:
    class Slotted:
        __slots__ = ("corrected", "other", "pending", "total", "upheld")

        def __init__(self, values: dict[str, Any]) -> None:
            for key, value in values.items():
                setattr(self, key, value)

    report = gbreport.load(TEXT)
    row = Slotted(dict(report.t4.reconsideration))
    odd = report.model_copy(update={"t4": report.t4.model_copy(update={"reconsideration": row})})
    assert vector(odd) == vector(report)
