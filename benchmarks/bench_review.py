"""Review throughput on a folder of mixed documents: serial against two worker processes.

Run:  python benchmarks/bench_review.py [--documents 1000] [--quick]

Generates a folder of documents from the test fixtures and from reports drawn with
``gbreport.strategies`` and rendered (JSON, HTML, Markdown, text; plus copies of the
real corpus documents, PDF and Word included, and a few unusable files), then measures,
each in a fresh process so that peak memory is its own:

* baseline: reading every file's bytes, and ``gbreport.parse`` of every file (no check);
* ``gbreport.reviewing`` of the folder serially, and with a ``ProcessPoolExecutor(2)``
  (what ``gbreport check --jobs 2`` uses).

Reports documents per second, the ratio of each to the parse-only baseline, and the
peak resident memory of the main process (and of the workers).  ``--quick`` (100
documents) is for CI.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def generate(folder: Path, count: int) -> None:
    """``count`` documents of mixed kinds in ``folder`` (a few per agency and year)."""
    from hypothesis.errors import NonInteractiveExampleWarning

    import gbreport
    from gbreport.strategies import publishable_reports

    warnings.simplefilter("ignore", NonInteractiveExampleWarning)
    drawn = [publishable_reports(scale=200).example() for _ in range(12)]
    rendered: list[tuple[str, bytes]] = []
    for i, report in enumerate(drawn):
        rendered.append((f"drawn{i}.json", gbreport.dumps(report).encode("utf-8")))
        for to, suffix in (("html", ".html"), ("markdown", ".md"), ("text", ".txt")):
            rendered.append((f"drawn{i}{suffix}", gbreport.render(report, to=to).encode("utf-8")))
    corpus = [(p.name, p.read_bytes()) for p in sorted(CORPUS.iterdir()) if not p.name.endswith(".truth.json")]
    junk = [("empty.txt", b""), ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), ("notes.json", b"{}")]
    pool = rendered + corpus
    for n in range(count):
        name, data = junk[n // 100 % len(junk)] if n % 100 == 99 else pool[n % len(pool)]
        sub = folder / f"agency{n % 50:02d}" / str(2019 + n // 50 % 6)
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{n:05d}-{name}").write_bytes(data)


def measure(mode: str, folder: str) -> dict[str, float]:
    """Run one mode over ``folder`` in this process; time and peak memory."""
    from gbreport.parsing import parse
    from gbreport.reviewing import discover, review

    files = list(discover(folder))
    start = time.perf_counter()
    if mode == "read":
        for path in files:
            Path(path).read_bytes()
    elif mode == "parse":
        for path in files:
            try:
                parse(Path(path))
            except Exception:
                continue
    elif mode == "serial":
        for _ in review(files):
            pass
    else:
        with ProcessPoolExecutor(int(mode.split("-")[1])) as pool:
            for _ in review(files, executor=pool, max_pending=6):
                pass
    seconds = time.perf_counter() - start
    return {
        "files": len(files),
        "seconds": seconds,
        "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000, help="documents to generate (default 1000)")
    parser.add_argument("--quick", action="store_true", help="100 documents, for CI")
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    parser.add_argument("--generate", nargs=2, metavar=("FOLDER", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    if args.generate:
        generate(Path(args.generate[0]), int(args.generate[1]))
        return
    count = 100 if args.quick else args.documents
    folder = Path(tempfile.mkdtemp(prefix="gbreport-bench-review-"))
    try:
        # every step in its own process: the peak memory measured is that step's alone
        subprocess.run([sys.executable, __file__, "--generate", str(folder), str(count)], check=True)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(f"{count} documents, {size / 2**20:.1f} MiB, in {folder}; {os.cpu_count()} CPU(s)")
        results = {}
        for mode in ("read", "parse", "serial", "jobs-2"):
            done = subprocess.run(
                [sys.executable, __file__, "--measure", mode, str(folder)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[mode] = json.loads(done.stdout.splitlines()[-1])
        base = results["parse"]["files"] / results["parse"]["seconds"]
        print(f"{'mode':<22} {'docs/s':>9} {'vs parse':>9} {'peak RSS MiB':>13} {'workers MiB':>12}")
        labels = {
            "read": "read bytes (baseline)",
            "parse": "parse only (baseline)",
            "serial": "review, serial",
            "jobs-2": "review, --jobs 2",
        }
        for mode, r in results.items():
            rate = r["files"] / r["seconds"]
            workers = f"{r['workers_rss_mib']:>12.0f}" if mode == "jobs-2" else f"{'':>12}"
            print(f"{labels[mode]:<22} {rate:>9.1f} {rate / base:>8.2f}x {r['rss_mib']:>13.0f} {workers}")
        serial, jobs = (results[m]["files"] / results[m]["seconds"] for m in ("serial", "jobs-2"))
        print(f"--jobs 2 / serial: {jobs / serial:.2f}x")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
