"""Pair each agency's reports of consecutive years within one review, and run the cross-year rules.

Results arrive in any order.  A report whose agency's report of the year before has
been seen is paired at once; otherwise it waits until that report arrives or the review
ends, and then says that its cross-year rules were not assessable (``gap``) or that it is
the agency's first report in the review (``first``).  The reports seen and the results
waiting are kept in a temporary SQLite file, not in memory, so a review of 100,000 files
needs no more memory than one of ten (it uses a few kB of disk per report).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
import sqlite3
import tempfile
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ..checks import Findings
from ._compat import run_check, severity_rank
from ._one import locate
from ._result import Pairing, ReviewResult, status_of

if TYPE_CHECKING:
    from ..model import Report

__all__ = ["YearPairing", "agency_key", "cross_year"]


def agency_key(agency: str) -> str:
    """The agency's name as a pairing key: width-normalised, without whitespace."""
    return "".join(unicodedata.normalize("NFKC", agency).split())


def _pack(value: object) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(data: bytes) -> object:
    # Only ever data this process wrote into its own private temporary file.
    return pickle.loads(zlib.decompress(data))  # noqa: S301


def cross_year(
    result: ReviewResult,
    previous: Report,
    previous_path: str,
    previous_locations: Mapping[str, str],
    pairing: Pairing = "paired",
) -> ReviewResult:
    """``result`` with the cross-year findings against ``previous`` added (located) and its status updated."""
    report = result.report
    assert report is not None
    # the same checks with and without last year's report: what differs is what the pair adds
    alone = Counter(run_check(report, document=True))
    added = []
    for finding in run_check(report, previous=previous, document=True):
        if alone[finding] > 0:
            alone[finding] -= 1  # found without the previous report too: not a cross-year finding
        else:
            added.append(finding)
    locations = dict(result.locations)
    locations.update({f"previous.{cell}": f"{previous_path}: {where}" for cell, where in previous_locations.items()})
    findings = locate(sorted((*result.findings, *added), key=lambda f: severity_rank(f.severity)), locations)
    status = status_of(findings, result.unread, parser_warned=result.parser_warned, gap=pairing == "gap")
    return dataclasses.replace(
        result, findings=Findings(findings), status=status, previous=previous_path, pairing=pairing
    )


class YearPairing:
    """Pairs the results of one review by agency and year (see the module docstring)."""

    def __init__(self, folder: str | None = None) -> None:
        fd, self._path = tempfile.mkstemp(prefix="gbreport-review-", suffix=".sqlite", dir=folder)
        os.close(fd)
        self._db = sqlite3.connect(self._path)
        self._db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE seen (agency TEXT, year INTEGER, path TEXT, report BLOB, PRIMARY KEY (agency, year));
            CREATE TABLE held (seq INTEGER PRIMARY KEY, idx INTEGER, agency TEXT, year INTEGER, result BLOB);
            CREATE INDEX held_key ON held (agency, year);
            """
        )

    def _seen(
        self, agency: str, year: int, *, latest_before: bool = False
    ) -> tuple[str, Report, dict[str, str]] | None:
        """The report seen for ``(agency, year)`` (or, with ``latest_before``, the latest before ``year``)."""
        if latest_before:
            row = self._db.execute(
                "SELECT path, report FROM seen WHERE agency = ? AND year < ? ORDER BY year DESC LIMIT 1",
                (agency, year),
            ).fetchone()
        else:
            row = self._db.execute(
                "SELECT path, report FROM seen WHERE agency = ? AND year = ?", (agency, year)
            ).fetchone()
        if row is None:
            return None
        stored = _unpack(row[1])
        assert isinstance(stored, tuple)
        report: Report = stored[0]
        locations: dict[str, str] = stored[1]
        return str(row[0]), report, locations

    def add(self, result: ReviewResult) -> list[ReviewResult]:
        """Take one result; return the results that are now complete (this one and any waiting for it)."""
        if result.report is None:
            return [result]
        if not result.agency or result.year is None:
            return [self._unpaired(result, "no_agency_or_year")]
        key, year = agency_key(result.agency), result.year
        self._db.execute(
            "INSERT OR IGNORE INTO seen VALUES (?, ?, ?, ?)",
            (key, year, result.path, _pack((result.report, dict(result.locations)))),
        )
        ready: list[ReviewResult] = []
        before = self._seen(key, year - 1)
        if before is None:
            self._db.execute(
                "INSERT INTO held (idx, agency, year, result) VALUES (?, ?, ?, ?)",
                (result.index, key, year, _pack(result)),
            )
        else:
            ready.append(cross_year(result, before[1], before[0], before[2]))
        waiting = self._db.execute(
            "SELECT seq, result FROM held WHERE agency = ? AND year = ? ORDER BY seq", (key, year + 1)
        ).fetchall()
        if waiting:
            this = self._seen(key, year)
            assert this is not None
            for seq, data in waiting:
                held = _unpack(data)
                assert isinstance(held, ReviewResult)
                ready.append(cross_year(held, this[1], this[0], this[2]))
                self._db.execute("DELETE FROM held WHERE seq = ?", (seq,))
        return ready

    def finish(self) -> Iterator[ReviewResult]:
        """The results still waiting: their year before is not in the review."""
        rows = self._db.cursor().execute("SELECT agency, year, result FROM held ORDER BY idx, seq")
        for agency, year, data in rows:
            result = _unpack(data)
            assert isinstance(result, ReviewResult)
            earlier = self._seen(agency, year, latest_before=True)
            if earlier is None:
                yield self._unpaired(result, "first")
            else:  # a year is missing: the checker says which rules it could not assess, never an error
                yield cross_year(result, earlier[1], earlier[0], earlier[2], pairing="gap")
        self._db.execute("DELETE FROM held")

    @staticmethod
    def _unpaired(result: ReviewResult, pairing: str) -> ReviewResult:
        assessable = pairing == "first"
        status = status_of(result.findings, result.unread, parser_warned=result.parser_warned, gap=not assessable)
        return dataclasses.replace(result, pairing=pairing, status=status)  # type: ignore[arg-type]

    def close(self) -> None:
        self._db.close()
        with contextlib.suppress(OSError):
            os.unlink(self._path)

    def __enter__(self) -> YearPairing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
