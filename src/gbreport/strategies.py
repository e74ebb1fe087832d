"""Public hypothesis strategies for gbreport reports.

``reports()`` generates reports that conform by construction: leaf cells are
drawn, the stated balance of table 3 is satisfied by splitting each column's
outflow between 一 and 二, and every total is derived.  Nothing is filtered.

Requires hypothesis: ``pip install 'gbreport[hypothesis]'``.
"""

from __future__ import annotations

import datetime as dt

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise ImportError(
        "gbreport.strategies needs hypothesis; install it with: pip install 'gbreport[hypothesis]'"
    ) from exc

from ._api import from_cells
from .build._totals import valid_cells
from .formats import FORMAT_VERSIONS
from .model import Report

__all__ = ["format_versions", "reports", "texts"]

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    max_size=40,
)


def format_versions() -> st.SearchStrategy[str]:
    """One of the supported format versions."""
    return st.sampled_from(FORMAT_VERSIONS)


def texts() -> st.SearchStrategy[str | None]:
    """Text for a section: absent, empty, or any printable Unicode."""
    return st.none() | _TEXT


@st.composite
def _reports(draw: st.DrawFn, format_version: str | None, scale: int) -> Report:
    version = format_version or draw(format_versions())

    def integer(lo: int, hi: int) -> int:
        return draw(st.integers(lo, hi))

    values = valid_cells(version, integer, scale=scale)
    year = draw(st.integers(2019, 2030))
    header = {
        "agency": draw(st.text(min_size=1, max_size=30).map(str.strip).filter(bool) | st.just("某某市某某局")),
        "year": year,
        "published": draw(st.none() | st.dates(dt.date(year + 1, 1, 1), dt.date(year + 1, 3, 31))),
    }
    sections = {key: draw(texts()) for key in ("overview", "proactive", "applications", "reviews", "problems", "other")}
    return from_cells(version, values, header=header, sections=sections)


def reports(format_version: str | None = None, *, scale: int = 60) -> st.SearchStrategy[Report]:
    """Reports that pass every check of their format version (valid by construction).

    ``format_version`` fixes the version (both by default); ``scale`` bounds each
    leaf count.
    """
    return _reports(format_version, scale)
