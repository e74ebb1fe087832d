"""Ledgers: record applications (table 3) and cases (table 4) one by one, get the tables.

A ledger counts each application exactly once on each side of table 3's stated
balance (received this year or carried over; one outcome row or still pending),
so the table it produces conforms by construction.  Every applicant kind,
outcome row, case group and case result is read from the format declaration.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .._api import from_cells
from .._vector import Value
from ..errors import BuildError, UnknownKeyError
from ..model import Header, Report
from ._edit import replace, values_of
from ._layout import check_version, t3_layout, t4_layout
from ._totals import fill_totals

PENDING = None
"""The outcome of an application still pending at year end (counted in 四、结转下年度继续办理)."""


def _choices(values: Iterable[str]) -> str:
    return ", ".join(repr(v) for v in values)


def applicant_kinds(format_version: str) -> tuple[str, ...]:
    """The applicant kinds of table 3: its column keys, ``natural_person`` first."""
    return t3_layout(check_version(format_version)).applicants


def outcomes(format_version: str) -> tuple[str, ...]:
    """The outcome rows of table 3 as row ids (``"granted"``, ``"withheld.state_secret"``, …)."""
    return t3_layout(check_version(format_version)).outcomes


def case_groups(format_version: str) -> tuple[str, ...]:
    """The groups of table 4 (``"reconsideration"``, ``"litigation_direct"``, …)."""
    return t4_layout(check_version(format_version)).groups


def case_results(format_version: str) -> tuple[str, ...]:
    """The results of a table-4 case (``"upheld"``, ``"corrected"``, ``"other"``, ``"pending"``)."""
    return t4_layout(check_version(format_version)).results


@dataclass(frozen=True, slots=True)
class Application:
    """One application for disclosure, as a ledger counts it.

    ``outcome`` is an outcome row id of table 3, or ``None`` when the application
    is still pending at year end.
    """

    applicant: str
    outcome: str | None = PENDING
    carried_over: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    """One administrative reconsideration or lawsuit: its table-4 group and result."""

    group: str
    result: str


Item = TypeVar("Item", Application, Case)


class _Tally(Generic[Item]):
    """What a ledger of applications and a log of cases share: counting, iterating, a report."""

    _noun = "ledger"
    _table = "t3."

    def __init__(self, format_version: str, items: Iterable[Item] = ()) -> None:
        self.format_version = check_version(format_version)
        self._counts: Counter[Item] = Counter()
        self._setup()
        for item in items:
            self.add(item)

    def _setup(self) -> None:
        """Read the table's layout (subclasses)."""

    def _normalise(self, item: Item) -> Item:
        """Validate ``item`` and return it in canonical form (subclasses raise UnknownKeyError)."""
        return item

    def add(self, item: Item, count: int = 1) -> None:
        """Count ``item`` ``count`` times."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise BuildError(f"count must be a non-negative integer, got {count!r}")
        item = self._normalise(item)
        if count:
            self._counts[item] += count

    def __iter__(self) -> Iterator[Item]:
        """Every recorded item, repeated as often as it was counted."""
        return self._counts.elements()

    def __len__(self) -> int:
        return self._counts.total()

    def counts(self) -> Mapping[Item, int]:
        """How often each distinct item was recorded."""
        return dict(self._counts)

    def _leaves(self) -> dict[str, int]:
        raise NotImplementedError

    def cells(self) -> dict[str, int]:
        """The table as ``{cell_id: count}``: every cell, totals included, no blanks."""
        filled = fill_totals(self.format_version, self._leaves())
        return {k: int(v or 0) for k, v in filled.items() if k.startswith(self._table)}

    def _report(
        self,
        values: dict[str, Value],
        base: Report | None,
        header: Header | Mapping[str, Any] | None,
        sections: Mapping[str, Any] | None,
    ) -> Report:
        if base is None:
            return from_cells(self.format_version, values, header=header, sections=sections)
        if base.format_version != self.format_version:
            raise BuildError(
                f"the base report is in format {base.format_version}, the {self._noun} in {self.format_version}"
            )
        self._check_base(values_of(base), values)
        fields: dict[str, Any] = {}
        if header is not None:
            fields["header"] = header
        if sections is not None:
            fields["sections"] = dict(sections)
        return replace(base, values, **fields)

    def _check_base(self, base: Mapping[str, Value], mine: Mapping[str, Value]) -> None:
        """Refuse a base report that contradicts the recorded items (subclasses)."""


class Ledger(_Tally[Application]):
    """The applications of one agency and year; :meth:`cells` is table 3 with every total filled.

    >>> ledger = Ledger("2021-30")
    >>> ledger.record("natural_person", "granted")
    >>> ledger.record("commercial", "withheld.state_secret", carried_over=True)
    >>> ledger.record("natural_person")  # still pending at year end
    >>> ledger.cells()["t3.total.total"], ledger.cells()["t3.carried_forward.total"]
    (2, 1)
    """

    def _setup(self) -> None:
        self._layout = t3_layout(self.format_version)

    def _normalise(self, application: Application) -> Application:
        layout = self._layout
        if application.outcome == layout.pending:
            application = Application(application.applicant, PENDING, application.carried_over)
        if application.applicant not in layout.applicants:
            raise UnknownKeyError(
                f"unknown applicant kind {application.applicant!r} for format {self.format_version}; "
                f"expected one of {_choices(layout.applicants)}"
            )
        outcome = application.outcome
        if outcome is not None and outcome not in layout.outcomes:
            raise UnknownKeyError(
                f"unknown outcome {outcome!r} for format {self.format_version}; expected one of "
                f"{_choices(layout.outcomes)}, or None for an application still pending at year end"
            )
        return application

    def record(
        self,
        applicant: str,
        outcome: str | None = PENDING,
        *,
        carried_over: bool = False,
        count: int = 1,
    ) -> None:
        """Record an application (or ``count`` identical ones).

        ``applicant`` is a table-3 column key (``"natural_person"``, ``"commercial"``,
        ``"research"``, ``"social_org"``, ``"legal_service"``, ``"other_org"``);
        ``outcome`` an outcome row id, or ``None`` (also spelled ``"carried_forward"``)
        while it is pending at year end; ``carried_over`` is true for an application
        received in an earlier year.
        """
        self.add(Application(applicant, outcome, carried_over), count)

    def _leaves(self) -> dict[str, int]:
        layout = self._layout
        rows = (*layout.received, *layout.outcomes, layout.pending)
        leaves: dict[str, int] = {layout.cell(row, column): 0 for row in rows for column in layout.applicants}
        for application, n in self._counts.items():
            received = layout.received[1] if application.carried_over else layout.received[0]
            outcome = layout.pending if application.outcome is None else application.outcome
            leaves[layout.cell(received, application.applicant)] += n
            leaves[layout.cell(outcome, application.applicant)] += n
        return leaves

    def to_report(
        self,
        *,
        base: Report | None = None,
        header: Header | Mapping[str, Any] | None = None,
        sections: Mapping[str, Any] | None = None,
        cases: CaseLog | None = None,
    ) -> Report:
        """A report whose table 3 (and table 4, with ``cases``) comes from the ledgers.

        With ``base`` (for example the result of :func:`gbreport.builders.next_year`),
        every other cell, the header and the sections are kept from it; where
        ``base`` already states 二、上年结转 (carried over from last year) and the
        ledger disagrees, :class:`BuildError` says which column differs.
        """
        values: dict[str, Value] = dict(self.cells())
        if cases is not None:
            if cases.format_version != self.format_version:
                raise BuildError(
                    f"the case log is for format {cases.format_version}, the ledger for {self.format_version}"
                )
            values.update(cases.cells())
        return self._report(values, base, header, sections)

    def _check_base(self, base: Mapping[str, Value], mine: Mapping[str, Value]) -> None:
        row = self._layout.received[1]
        bad = []
        for column in (*self._layout.applicants, self._layout.total_column):
            cell = self._layout.cell(row, column)
            if base[cell] is not None and base[cell] != mine[cell]:
                bad.append(f"{cell}: report says {base[cell]}, ledger has {mine[cell]}")
        if bad:
            raise BuildError(
                "the ledger's carried-over applications disagree with the report's 上年结转 ("
                + "; ".join(bad)
                + "); record one application with carried_over=True for each one carried over"
            )


class CaseLog(_Tally[Case]):
    """Reconsideration and litigation cases of one agency and year; :meth:`cells` is table 4.

    >>> log = CaseLog("2019-60")
    >>> log.record("reconsideration", "upheld")
    >>> log.record("litigation_direct", "pending")
    >>> log.cells()["t4.reconsideration.total"]
    1
    """

    _noun = "case log"
    _table = "t4."

    def _setup(self) -> None:
        self._layout = t4_layout(self.format_version)

    def _normalise(self, case: Case) -> Case:
        layout = self._layout
        if case.group not in layout.groups:
            raise UnknownKeyError(
                f"unknown case group {case.group!r} for format {self.format_version}; "
                f"expected one of {_choices(layout.groups)}"
            )
        if case.result not in layout.results:
            raise UnknownKeyError(
                f"unknown case result {case.result!r} for format {self.format_version}; "
                f"expected one of {_choices(layout.results)}"
            )
        return case

    def record(self, group: str, result: str, *, count: int = 1) -> None:
        """Record a case (or ``count`` identical ones) in ``group`` with ``result``."""
        self.add(Case(group, result), count)

    def _leaves(self) -> dict[str, int]:
        layout = self._layout
        leaves: dict[str, int] = {layout.cell(g, r): 0 for g in layout.groups for r in layout.results}
        for case, n in self._counts.items():
            leaves[layout.cell(case.group, case.result)] += n
        return leaves

    def to_report(
        self,
        *,
        base: Report | None = None,
        header: Header | Mapping[str, Any] | None = None,
        sections: Mapping[str, Any] | None = None,
    ) -> Report:
        """A report whose table 4 comes from this log (other cells from ``base``, else blank)."""
        return self._report(dict(self.cells()), base, header, sections)
