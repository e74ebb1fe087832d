"""Render throughput per output, one document at a time and in batch, against baselines measured in the same run.

    python benchmarks/bench_render.py [--reports N] [--pdf-reports M] [--locale zh_CN|en]

Reports are generated (valid by construction, with text in every section) for every
registered format version.  Two baselines are measured on the same reports in the same
process:

* ``json.dumps`` of each report (``report.model_dump(mode="json")``);
* a bare jinja2 template that prints the report's three tables as HTML rows of values
  (no labels, spans or number formatting): the least a template engine costs.

"one" renders each report with ``gbreport.render``; "batch" renders the whole list with
``gbreport.rendering.render_many`` (for PDF: one browser, reports printed in batches).
Each figure is the best of a few passes (for PDF one document: a single pass of three
reports; batch: the best of two runs over 48 reports, the browser's start included).  The
ratio columns give how many times more time a report takes than with each baseline.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable

import jinja2

import gbreport
from gbreport.builders._totals import valid_cells
from gbreport.formats import versions
from gbreport.model import Report
from gbreport.rendering import OUTPUTS, layout, render, render_many

TEXT = "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息。"

BARE = jinja2.Environment(autoescape=True).from_string(
    "{% for table in tables %}<table>{% for row in table %}<tr>{% for v in row %}<td>{{ v }}</td>"
    "{% endfor %}</tr>{% endfor %}</table>{% endfor %}"
)


def generated(n: int) -> list[Report]:
    out = []
    known = versions()
    for i in range(n):
        version = known[i % len(known)]
        rng = random.Random(i)
        values = valid_cells(version, rng.randint)
        header = {"agency": f"某某市某某局{i}", "year": 2021, "published": "2022-01-20", "preamble": TEXT}
        sections = {k: "\n".join([TEXT] * 5) for k in ("overview", "problems", "other")}
        out.append(gbreport.from_cells(version, values, header=header, sections=sections))
    return out


def bare_jinja(report: Report) -> str:
    values = dict(gbreport.cells(report))
    tables = []
    for table in ("t2", "t3", "t4"):
        lay = layout(report.format_version, table)
        tables.append([[values[c.cell_id] for c in row if c.cell_id] for row in lay.rows])
    return BARE.render(tables=tables)


def rate(fn: Callable[[Report], object], reports: list[Report], min_seconds: float = 0.5, passes: int = 3) -> float:
    """Reports per second of ``fn`` on each report in turn: the best of ``passes`` passes of ``min_seconds`` or more.

    The best pass is the one least disturbed by other work on the machine.
    """
    fn(reports[0])  # warm caches (templates, frames, catalogues)
    best = 0.0
    for _ in range(passes):
        done, start = 0, time.perf_counter()
        while True:
            for r in reports:
                fn(r)
            done += len(reports)
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        best = max(best, done / elapsed)
    return best


def batch_rate(to: str, reports: list[Report], locale: str, min_seconds: float = 0.5, passes: int = 3) -> float:
    """Reports per second of ``render_many`` over the whole list (for PDF including the browser's start), best pass."""
    for _ in render_many(reports[:1], to=to, locale=locale):
        pass
    best = 0.0
    for _ in range(passes):
        done, start = 0, time.perf_counter()
        while True:
            for _ in render_many(reports, to=to, locale=locale):
                done += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        best = max(best, done / elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--pdf-reports", type=int, default=48, help="reports in the PDF batch")
    parser.add_argument("--pdf-single", type=int, default=3, help="PDF reports rendered one at a time")
    parser.add_argument("--locale", default="zh_CN")
    args = parser.parse_args()
    reports = generated(args.reports)
    json_rate = rate(lambda r: json.dumps(r.model_dump(mode="json"), ensure_ascii=False), reports)
    jinja_rate = rate(bare_jinja, reports)
    rows: list[tuple[str, str, float]] = []
    for to in OUTPUTS:
        if to == "pdf":
            single = reports[: args.pdf_single]
            rows.append((to, "one", rate(lambda r: render(r, to="pdf", locale=args.locale), single, 0, 1)))
            rows.append((to, "batch", batch_rate(to, generated(args.pdf_reports), args.locale, 0, 2)))
            continue
        rows.append((to, "one", rate(lambda r, to=to: render(r, to=to, locale=args.locale), reports)))
        rows.append((to, "batch", batch_rate(to, reports, args.locale)))
    print(f"{len(reports)} generated reports ({', '.join(versions())}), locale {args.locale}")
    print(f"baselines: json.dumps {json_rate:,.0f} reports/s, bare jinja2 tables {jinja_rate:,.0f} reports/s")
    print(f"{'output':<10}{'mode':<7}{'reports/s':>12}{'x json.dumps':>15}{'x bare jinja2':>15}")
    for to, mode, value in rows:
        print(f"{to:<10}{mode:<7}{value:>12,.1f}{json_rate / value:>15,.1f}{jinja_rate / value:>15,.1f}")


if __name__ == "__main__":
    main()
