"""The search over splits of run-together digits: bounded per run, the same readings as an exhaustive
enumeration, and a row left blank (never guessed) when there are too many readings to enumerate."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from gbreport import cells
from gbreport.formats import versions
from gbreport.parsing import parse
from gbreport.parsing._locate import t3_row_keys
from gbreport.parsing._split import MAX_CANDIDATES, segmentations
from gbreport.parsing._values import Token
from test_parse_unplaced import _running_text, _values


def _exhaustive(items: list[Token], count: int, widest: int) -> set[tuple[str, ...]]:
    """Every reading, by brute force: each run of digits cut at every subset of its gaps."""
    options: list[list[tuple[str, ...]]] = []
    for token in items:
        if not token.splittable:
            options.append([(token.text,)])
            continue
        whole, _, fraction = token.text.partition(".")
        mine = []
        for k in range(len(whole)):
            for cuts in itertools.combinations(range(1, len(whole)), k):
                bounds = [0, *cuts, len(whole)]
                pieces = [whole[a:b] for a, b in itertools.pairwise(bounds)]
                if all(len(p) <= widest and (p == "0" or p[0] != "0") for p in pieces):
                    if fraction:
                        pieces[-1] = f"{pieces[-1]}.{fraction}"
                    mine.append(tuple(pieces))
        options.append(mine)
    out = set()
    for combo in itertools.product(*options):
        flat = tuple(p for part in combo for p in part)
        if len(flat) == count:
            out.add(flat)
    return out


TOKENS = st.one_of(
    st.text("0012345", min_size=1, max_size=7).map(lambda t: Token("num", t)),
    st.sampled_from([Token("num", "+3"), Token("blank", "/"), Token("empty", ""), Token("num", "12.5")]),
)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(TOKENS, min_size=1, max_size=4), count=st.integers(1, 9), widest=st.integers(1, 4))
def test_bounded_search_finds_exactly_the_readings_of_an_exhaustive_one(
    items: list[Token], count: int, widest: int
) -> None:
    search = segmentations(items, count, widest)
    assert search.complete
    found = [tuple(t.text for t in reading) for reading in search.readings]
    assert len(found) == len(set(found))
    assert set(found) == _exhaustive(items, count, widest)


def test_a_run_too_long_for_its_values_is_no_reading() -> None:
    """Seven values of at most ten digits cannot hold 71 digits: nothing is searched."""
    search = segmentations([Token("num", "1" * 71)], 7, 10)
    assert search.complete and search.readings == []


def test_too_many_readings_leave_the_row_blank_with_a_finding() -> None:
    """A row of 40 run-together digits splits millions of ways: the row is not guessed from the first
    readings enumerated."""
    version = versions()[-1]
    values = _values(version, 5)
    key = t3_row_keys(version)[0]
    text = _running_text(version, values, key).replace(" 5 7\n", " " + "1234567891" * 4 + "\n", 1)
    assert segmentations([Token("num", "1234567891" * 4)], 7).complete is False
    result = parse(text)
    row = [cid for cid in values if cid.startswith(f"t3.{key}.")]
    flagged = {c for f in result.findings if f.code == "parse.unreadable_cell" for c in f.cells}
    got = dict(cells(result.report))
    assert all(got[cid] is None and cid in flagged for cid in row)
    assert str(MAX_CANDIDATES) in next(f.message_en for f in result.findings if f.cells and f.cells[0] == row[0])
