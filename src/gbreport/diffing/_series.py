"""Key figures of one agency's reports, year by year."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .._vector import Value, cell_map, index, vector
from ..builders import convert
from ..checks import check
from ..errors import IncompatibleReportsError
from ..formats import Format, derived, get_format, versions
from ..model import Report, ensure_report
from ._diff import key_cells
from ._output import _check_locale, plain


@derived
def series_cells(fmt: Format) -> tuple[str, ...]:
    """The figures of a series: every cell of table 2, then the table totals (:func:`key_cells`)."""
    table2 = [c for c in index(fmt) if c.startswith(fmt.t2.id + ".")]
    return tuple(table2) + key_cells(fmt)


@dataclass(frozen=True)
class Series:
    """Key figures by year: ``reports`` (converted to ``format_version``, oldest first) and ``figures``."""

    format_version: str
    reports: tuple[Report, ...]
    sources: tuple[str, ...]
    figures: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def years(self) -> tuple[int | None, ...]:
        return tuple(r.header.year for r in self.reports)

    def values(self) -> dict[str, tuple[Value, ...]]:
        """Per figure (cell id), its value in each report, oldest first."""
        positions = index(self.format_version)
        vectors = [vector(r) for r in self.reports]
        return {cell: tuple(v[positions[cell]] for v in vectors) for cell in self.figures}

    def to_dict(self) -> dict[str, Any]:
        labels = cell_map(self.format_version)
        return {
            "format_version": self.format_version,
            "agency": [r.header.agency for r in self.reports],
            "years": list(self.years),
            "sources": list(self.sources),
            "notes": list(self.notes),
            "figures": [
                {
                    "cell": cell,
                    "label_zh": labels[cell].label.zh,
                    "label_en": labels[cell].label.en,
                    "values": [plain(v) for v in values],
                }
                for cell, values in self.values().items()
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_csv(self) -> str:
        """One row per figure: ``cell, label_zh, label_en``, then one column per year."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["cell", "label_zh", "label_en", *(str(y) for y in self.years)])
        labels = cell_map(self.format_version)
        for cell, values in self.values().items():
            writer.writerow(
                [cell, labels[cell].label.zh, labels[cell].label.en, *("" if v is None else v for v in values)]
            )
        return out.getvalue()

    def to_text(self, locale: str = "zh_CN") -> str:
        lang = _check_locale(locale)
        labels = cell_map(self.format_version)
        names = [labels[c].label.zh if lang == 0 else labels[c].label.en for c in self.figures]
        width = min(max((len(n) for n in names), default=10), 60)
        agencies = sorted({r.header.agency for r in self.reports if r.header.agency})
        lines = [f"{' / '.join(agencies) or '?'} ({self.format_version})"]
        lines += [f"  {n}" for n in self.notes]
        lines.append(f"{'':<{width}} " + " ".join(f"{y!s:>8}" for y in self.years))
        for name, values in zip(names, self.values().values(), strict=True):
            shown = name if len(name) <= width else name[: width - 1] + "…"
            lines.append(f"{shown:<{width}} " + " ".join(f"{'' if v is None else str(v):>8}" for v in values))
        return "\n".join(lines) + "\n"


def series(reports: Iterable[Report], *, sources: Sequence[str] = (), as_version: str | None = None) -> Series:
    """The key figures (:func:`series_cells`) of one agency's reports, by year.

    Reports of older format versions are converted to ``as_version`` (default: the
    newest version among them) with :func:`gbreport.convert`.  ``notes`` say when
    the agencies' names differ, a year repeats or is missing, and which consecutive
    years break a cross-year rule (:func:`gbreport.check` with ``previous=``).
    """
    items = [ensure_report(r, "each report") for r in reports]
    if not items:
        raise IncompatibleReportsError("a series needs at least one report")
    names = list(sources) + [""] * (len(items) - len(sources))
    order = sorted(range(len(items)), key=lambda i: (items[i].header.year is None, items[i].header.year or 0))
    items = [items[i] for i in order]
    names = [names[i] for i in order]
    present = {r.format_version for r in items}
    target = get_format(as_version).version if as_version else max(present, key=versions().index)
    notes: list[str] = []
    converted = []
    for r in items:
        if r.format_version != target:
            result = convert(r, target)
            converted.append(result.report)
            if result.lost:
                notes.append(
                    f"{r.header.year}: converted from {r.format_version}; {len(result.lost)} cell(s) with a value "
                    "not carried over"
                )
        else:
            converted.append(r)
    agencies = {r.header.agency for r in items if r.header.agency}
    if len(agencies) > 1:
        notes.append(f"the reports name {len(agencies)} agencies: {', '.join(sorted(agencies))}")
    years = [r.header.year for r in items]
    repeated = sorted(y for y, n in Counter(years).items() if n > 1 and y is not None)
    if repeated:
        notes.append(f"more than one report for {', '.join(map(str, repeated))}")
    if None in years:
        notes.append("some reports have no year; they come last")
    for last, this in itertools.pairwise(items):
        if last.header.year is None or this.header.year != last.header.year + 1:
            continue
        findings = check(this, previous=last)
        codes = Counter(f.code for f in findings if f.code.startswith("year.") and f.severity == "error")
        for code, n in sorted(codes.items()):
            notes.append(f"{last.header.year} → {this.header.year}: {code} broken in {n} place(s)")
    return Series(target, tuple(converted), tuple(names), series_cells(target), tuple(notes))
