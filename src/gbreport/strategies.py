"""Public hypothesis strategies for gbreport reports, ledgers and broken-on-purpose reports.

``reports()`` generates reports that conform by construction: leaf cells are
drawn, the stated balance of table 3 is satisfied by splitting each column's
outflow between 一 and 二, and every total is derived.  ``broken_reports()``
takes such a report and breaks exactly one rule.  ``ledgers()`` and
``case_logs()`` generate the builders' input, ``report_chains()`` consecutive
years of one agency.  Nothing is filtered and no health check is suppressed.

Requires hypothesis: ``pip install 'gbreport[hypothesis]'``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "gbreport.strategies needs hypothesis; install it with: pip install 'gbreport[hypothesis]'"
    ) from exc

from ._api import from_cells
from .builders import CaseLog, Ledger, next_year
from .builders._layout import t3_layout, t4_layout
from .builders._totals import valid_cells
from .formats import get_format, relations_of, versions
from .model import Contact, Report, Sections

__all__ = [
    "BROKEN_CODES",
    "broken_reports",
    "case_logs",
    "format_versions",
    "ledgers",
    "publishable_reports",
    "report_chains",
    "reports",
    "texts",
]

BROKEN_CODES: Final[tuple[str, ...]] = tuple(sorted({r.rule for v in versions() for r in relations_of(v)}))
"""The finding codes :func:`broken_reports` can break: one per summation rule of the formats
(of the versions registered when this module is imported)."""

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    max_size=40,
)
_AGENCY = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=30)


def format_versions() -> st.SearchStrategy[str]:
    """One of the registered format versions."""
    return st.sampled_from(versions())


def texts() -> st.SearchStrategy[str | None]:
    """Text for a section: absent, empty, or any printable Unicode."""
    return st.none() | _TEXT


def _version(draw: st.DrawFn, format_version: str | None) -> str:
    return get_format(format_version).version if format_version else draw(format_versions())


def _header(draw: st.DrawFn, year: int | None = None, agency: str | None = None) -> dict[str, Any]:
    year = draw(st.integers(2019, 2030)) if year is None else year
    return {
        "agency": draw(_AGENCY | st.just("某某市某某局")) if agency is None else agency,
        "year": year,
        "published": draw(st.none() | st.dates(dt.date(year + 1, 1, 1), dt.date(year + 1, 3, 31))),
    }


def _sections(draw: st.DrawFn) -> dict[str, str | None]:
    return {key: draw(texts()) for key in Sections.model_fields}


def _valid_values(draw: st.DrawFn, version: str, scale: int) -> dict[str, Any]:
    def integer(lo: int, hi: int) -> int:
        return draw(st.integers(lo, hi))

    return valid_cells(version, integer, scale=scale)


@st.composite
def _reports(draw: st.DrawFn, format_version: str | None, scale: int) -> Report:
    version = _version(draw, format_version)
    values = _valid_values(draw, version, scale)
    return from_cells(version, values, header=_header(draw), sections=_sections(draw))


def reports(format_version: str | None = None, *, scale: int = 60) -> st.SearchStrategy[Report]:
    """Reports that pass every check of their format version (valid by construction).

    ``format_version`` fixes the version (both by default); ``scale`` bounds each
    leaf count.
    """
    return _reports(format_version, scale)


# --- publishable text ---------------------------------------------------------------------

_CJK_PUNCTUATION = "，。、；：？！“”《》（）…"
_CONTACT_PUNCTUATION = "-@./"


def _safe_cjk() -> str:
    """Common CJK ideographs minus every character of a word the parser reads as structure."""
    from .parsing._match import structure_words

    taken = {c for word in structure_words() for c in word if unicodedata.category(c) == "Lo"}
    return "".join(chr(c) for c in range(0x4E00, 0x9FA6) if chr(c) not in taken)


_ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _words(alphabet: str, max_words: int) -> st.SearchStrategy[str]:
    word = st.text(st.sampled_from(alphabet), min_size=1, max_size=12)
    return st.lists(word, min_size=1, max_size=max_words).map(" ".join)


def _publishable_text(alphabet: str) -> st.SearchStrategy[str | None]:
    return st.none() | st.lists(_words(alphabet, 4), min_size=1, max_size=4).map("\n".join)


@st.composite
def _publishable(draw: st.DrawFn, format_version: str | None, scale: int) -> Report:
    version = _version(draw, format_version)
    values = _valid_values(draw, version, scale)
    cjk = _safe_cjk()
    text = cjk + _ASCII + _CJK_PUNCTUATION
    year = draw(st.integers(2019, 2030))
    agency = draw(st.just("某某市某某局") | st.text(st.sampled_from(cjk + _ASCII), min_size=2, max_size=20))
    contact = {key: draw(st.none() | _words(cjk + _ASCII + _CONTACT_PUNCTUATION, 3)) for key in Contact.model_fields}
    header = {
        "agency": agency,
        "year": year,
        "published": draw(st.none() | st.dates(dt.date(year + 1, 1, 1), dt.date(year + 1, 12, 31))),
        "preamble": draw(_publishable_text(text)),
        "contact": contact,
    }
    sections = {key: draw(_publishable_text(text)) for key in Sections.model_fields}
    return from_cells(version, values, header=header, sections=sections)


def publishable_reports(format_version: str | None = None, *, scale: int = 60) -> st.SearchStrategy[Report]:
    """Conforming reports whose text is in the normal form a published document carries.

    Every text field (sections, preamble) is ``None`` or one to four paragraphs
    joined by a single ``"\\n"``; a paragraph is one to four words separated by
    single spaces, with no leading or trailing blank.  Words are drawn from common
    CJK ideographs, ASCII letters and digits and the punctuation ``，。、；：？！“”《》（）…``;
    contact values are single lines that may also hold ``- @ . /``.  The agency is
    2 to 20 ideographs, letters or digits and the year is always set.  No character
    of a word the parser reads as structure (section headings, table labels, the
    title, dates, the contact heading and labels) is used, so the text can never be
    taken for structure.  ``render`` then ``parse`` gives the same report back for
    HTML, Markdown, plain text and Word (see docs/parsing.md, "Round trips").
    """
    return _publishable(format_version, scale)


# --- broken on purpose -----------------------------------------------------------------


def _shift(draw: st.DrawFn, values: dict[str, Any], cells: Sequence[str], scale: int) -> None:
    """Add the same non-zero amount to every cell of ``cells``, keeping each one non-negative."""
    lo = -min(int(values[c]) for c in cells)
    hi = scale
    i = draw(st.integers(0, hi - lo - 1))
    d = lo + i if lo + i < 0 else lo + i + 1
    for c in cells:
        values[c] += d


def _breakage(draw: st.DrawFn, version: str, code: str) -> list[str]:
    """Cells to shift by one common amount so that ``code``, and no other rule, is violated.

    The table-3 equations are linearly dependent (the balance of the 总计 column
    follows from the six applicant columns' balances and the row totals, and so
    on), so no change breaks just one of them; each pattern below breaks two or
    three equations of the same rule and keeps every other equation true.
    Table 4's group totals are independent: one cell of one group breaks one.
    """
    t3 = t3_layout(version)
    t4 = t4_layout(version)
    sampled = st.sampled_from
    if code == "t4.group_total":
        group = draw(sampled(t4.groups))
        return [t4.cell(group, draw(sampled((*t4.results, t4.total))))]
    total = t3.total_column
    if code == "t3.balance":
        # one applicant column of 一, 二 or 四 and its row total: that column's and the 总计 column's balances
        row = draw(sampled((*t3.received, t3.pending)))
        column = draw(sampled(t3.applicants))
        return [t3.cell(row, column), t3.cell(row, total)]
    if code == "t3.row_total":
        received = draw(sampled(t3.received))
        if draw(st.booleans()):
            # the totals on both sides of the 总计 column's balance: two row totals
            return [t3.cell(received, total), t3.cell(t3.pending, total)]
        # an outcome's total, （七）总计's total and one side of the balance: three row totals
        outcome = draw(sampled(t3.outcomes))
        return [t3.cell(outcome, total), t3.cell(t3.results_total, total), t3.cell(received, total)]
    if code == "t3.results_total":
        # one outcome cell and its row total: that column's and the 总计 column's results totals
        outcome = draw(sampled(t3.outcomes))
        column = draw(sampled(t3.applicants))
        return [t3.cell(outcome, column), t3.cell(outcome, total)]
    raise ValueError(f"unknown code {code!r}; broken_reports() can break {', '.join(BROKEN_CODES)}")


@st.composite
def _broken(draw: st.DrawFn, format_version: str | None, code: str | None, scale: int) -> Report:
    version = _version(draw, format_version)
    code = code or draw(st.sampled_from(BROKEN_CODES))
    values = _valid_values(draw, version, scale)
    _shift(draw, values, _breakage(draw, version, code), scale)
    return from_cells(version, values, header=_header(draw), sections=_sections(draw))


def broken_reports(
    code: str | None = None, *, format_version: str | None = None, scale: int = 60
) -> st.SearchStrategy[Report]:
    """Reports that break exactly one rule, ``code`` (any of :data:`BROKEN_CODES` by default).

    ``check`` finds error findings of that code and of no other (no blank cell
    either).  A table-4 break is one finding; the equations of table 3 are
    linearly dependent, so a table-3 break is two or three findings of the same
    code (for example the balance of one applicant column and of the 总计 column).
    """
    if code is not None and code not in BROKEN_CODES:
        raise ValueError(f"unknown code {code!r}; broken_reports() can break {', '.join(BROKEN_CODES)}")
    return _broken(format_version, code, scale)


# --- ledgers -----------------------------------------------------------------------------


@st.composite
def _ledgers(draw: st.DrawFn, format_version: str | None, previous: Report | None, max_size: int) -> Ledger:
    if format_version is None and previous is not None:
        format_version = previous.format_version
    version = _version(draw, format_version)
    layout = t3_layout(version)
    outcome = st.sampled_from((None, *layout.outcomes))
    ledger = Ledger(version)
    counts: Counter[tuple[str, str | None, bool]] = Counter()
    if previous is not None:
        carried = previous.t3.carried_forward
        for applicant in layout.applicants:
            n = getattr(carried, applicant) or 0
            for result in draw(st.lists(outcome, min_size=n, max_size=n)):
                counts[applicant, result, True] += 1
    entries = st.tuples(
        st.sampled_from(layout.applicants),
        outcome,
        st.just(False) if previous is not None else st.booleans(),
    )
    for entry in draw(st.lists(entries, max_size=max_size)):
        counts[entry] += 1
    for (applicant, result, carried_over), n in counts.items():
        ledger.record(applicant, result, carried_over=carried_over, count=n)
    return ledger


def ledgers(
    format_version: str | None = None, *, previous: Report | None = None, max_size: int = 40
) -> st.SearchStrategy[Ledger]:
    """Ledgers of up to ``max_size`` applications (plus the carried-over ones).

    With ``previous`` (last year's report, which should conform), the ledger holds
    exactly one carried-over application for each one that report carried
    forward, per applicant kind, each with a drawn outcome; new applications are
    then received this year.  Without it, any application may be carried over.
    """
    return _ledgers(format_version, previous, max_size)


@st.composite
def _case_logs(draw: st.DrawFn, format_version: str | None, max_size: int) -> CaseLog:
    version = _version(draw, format_version)
    layout = t4_layout(version)
    log = CaseLog(version)
    cases = st.tuples(st.sampled_from(layout.groups), st.sampled_from(layout.results))
    for group, result in draw(st.lists(cases, max_size=max_size)):
        log.record(group, result)
    return log


def case_logs(format_version: str | None = None, *, max_size: int = 10) -> st.SearchStrategy[CaseLog]:
    """Case logs (table 4) of up to ``max_size`` reconsiderations and lawsuits."""
    return _case_logs(format_version, max_size)


@st.composite
def _chains(draw: st.DrawFn, format_version: str | None, length: int, scale: int) -> list[Report]:
    version = _version(draw, format_version)
    first = draw(reports(version, scale=scale))
    chain = [first]
    for _ in range(length - 1):
        last = chain[-1]
        base = next_year(last)
        ledger = draw(ledgers(version, previous=last, max_size=scale))
        cases = draw(case_logs(version))
        chain.append(ledger.to_report(base=base, cases=cases))
    return chain


def report_chains(
    format_version: str | None = None, *, length: int = 3, scale: int = 10
) -> st.SearchStrategy[list[Report]]:
    """``length`` consecutive years of one agency: a :func:`reports` report, then each following
    year started with :func:`gbreport.builders.next_year` and filled from a ledger and a case log.

    Every report conforms and no cross-year error arises between neighbours.
    """
    if length < 1:
        raise ValueError("length must be at least 1")
    return _chains(format_version, length, scale)
