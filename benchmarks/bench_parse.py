"""Parse throughput per input kind, against baselines measured in the same run.

Run:  python benchmarks/bench_parse.py [--seconds 1.0]

For every corpus document: documents parsed per second, and two baselines on the
same document in the same process: reading its bytes, and ``json.loads`` of its
truth file.  The ratio columns are parse time / read time and parse time / json.loads time.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from gbreport.parsing import detect_kind, parse

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


def rate(fn: Callable[[], object], seconds: float) -> float:
    """Calls per second of ``fn`` over at least ``seconds`` (and at least 3 calls)."""
    fn()
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and calls >= 3:
            return calls / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="time spent per measurement")
    args = parser.parse_args()
    print(
        f"{'document':<32} {'kind':<8} {'KiB':>6} {'parse/s':>9} {'read/s':>10} {'json.loads/s':>13} "
        f"{'parse:read':>10} {'parse:json':>10}"
    )
    for path in sorted(CORPUS.iterdir()):
        if path.name.endswith((".json", ".md")):
            continue
        data = path.read_bytes()
        kind = detect_kind(data)
        truth = path.with_name(path.name + ".truth.json")
        truth_text = truth.read_text(encoding="utf-8") if truth.exists() else "{}"
        parsed = rate(lambda data=data: parse(data), args.seconds)
        read = rate(lambda path=path: path.read_bytes(), args.seconds)
        loads = rate(lambda text=truth_text: json.loads(text), args.seconds)
        print(
            f"{path.name:<32} {kind:<8} {len(data) / 1024:>6.0f} {parsed:>9.1f} {read:>10.0f} {loads:>13.0f} "
            f"{read / parsed:>9.0f}x {loads / parsed:>9.0f}x"
        )


if __name__ == "__main__":
    main()
