"""Render throughput per output format, against a baseline measured in the same run.

    python benchmarks/bench_render.py [--reports N] [--pdf-reports M]

Reports are generated (valid by construction) for both format versions; the
baseline is ``json.dumps`` of the same documents (``report.model_dump(mode="json")``).
Numbers are reports per second on this machine; the ratio column is the slowdown
against the baseline.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable

import gbreport
from gbreport.builders._totals import valid_cells
from gbreport.model import Report
from gbreport.rendering import OUTPUTS, render

TEXT = "本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息。"


def generated(n: int) -> list[Report]:
    out = []
    for i in range(n):
        version = gbreport.FORMAT_VERSIONS[i % 2]
        rng = random.Random(i)
        values = valid_cells(version, rng.randint)
        header = {"agency": f"某某市某某局{i}", "year": 2021, "published": "2022-01-20", "preamble": TEXT}
        sections = {k: "\n".join([TEXT] * 5) for k in ("overview", "problems", "other")}
        out.append(gbreport.from_cells(version, values, header=header, sections=sections))
    return out


def rate(fn: Callable[[Report], object], reports: list[Report], min_seconds: float = 1.0) -> float:
    """Reports per second: repeat the whole list until ``min_seconds`` have passed."""
    fn(reports[0])  # warm caches (templates, layouts, catalogues)
    done, start = 0, time.perf_counter()
    while True:
        for r in reports:
            fn(r)
        done += len(reports)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--pdf-reports", type=int, default=3, help="PDF runs a browser per report; keep it small")
    parser.add_argument("--locale", default="zh_CN")
    args = parser.parse_args()
    reports = generated(args.reports)
    baseline = rate(lambda r: json.dumps(r.model_dump(mode="json"), ensure_ascii=False), reports)
    rows = [("json.dumps (baseline)", baseline)]
    for to in OUTPUTS:
        subset = reports[: args.pdf_reports] if to == "pdf" else reports
        rows.append((to, rate(lambda r, to=to: render(r, to=to, locale=args.locale), subset, 0 if to == "pdf" else 1.0)))
    print(f"{len(reports)} generated reports (both format versions), locale {args.locale}")
    print(f"{'output':<24}{'reports/s':>12}{'x slower than baseline':>26}")
    for name, value in rows:
        print(f"{name:<24}{value:>12.1f}{baseline / value:>26.1f}")


if __name__ == "__main__":
    main()
