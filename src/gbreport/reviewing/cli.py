"""The ``gbreport check`` subcommand: review reports (files and folders) and write what was found.

Exit codes for a batch: 0 when every file was read and no report fails (some may need
review); 1 when at least one report fails, whatever else happened; 2 for a usage error,
when no report file was found, or when a file could not be used and no report fails.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from .._cliutil import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail, write_output
from ..checks.catalogue import SEVERITIES
from ..errors import GbreportError
from ..parsing import load_any
from . import html as pages
from ._compat import agency_kinds
from ._discover import discover, report_suffixes
from ._result import ReviewResult
from ._run import DEFAULT_BATCH, review
from .outputs import CsvTables, Totals, XlsxTables, report_json, text_lines, write_json_stream

__all__ = ["FORMATS", "add_commands", "cmd_check"]

FORMATS = ("text", "json", "jsonl", "csv", "xlsx")


def _progress(total: int) -> tuple[Callable[[int], object] | None, Callable[[], None]]:
    """A progress bar on stderr when it is a terminal (tqdm when installed, a counter otherwise)."""
    if not sys.stderr.isatty() or total < 2:
        return None, lambda: None
    try:
        tqdm = importlib.import_module("tqdm").tqdm
    except ImportError:
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            print(f"\r{done[0]}/{total} reviewed", end="", file=sys.stderr, flush=True)

        return tick, lambda: print(file=sys.stderr)
    bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False, dynamic_ncols=True)
    return bar.update, bar.close


@contextlib.contextmanager
def _executor(args: argparse.Namespace) -> Iterator[Executor | None]:
    if args.scheduler:
        try:
            client_class: Any = importlib.import_module("distributed").Client
        except ImportError:
            raise GbreportError("--scheduler needs Dask: pip install 'gbreport[dask]'") from None
        try:
            client = client_class(args.scheduler, timeout=args.connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise GbreportError(f"cannot reach the Dask scheduler {args.scheduler} ({exc})") from None
        try:
            yield client.get_executor()
        finally:
            client.close()
    elif args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            yield pool
    else:
        yield None


def _reasoned(path: str) -> str:
    suffixes = " ".join(report_suffixes())
    return f"{path}: is a directory with no report files in it ({suffixes}); name files or use --include"


def cmd_check(args: argparse.Namespace) -> int:
    if args.json:
        args.format = "json"
    if args.format in ("csv", "xlsx") and not args.output:
        what = "a folder for reports.csv and findings.csv: -o DIR" if args.format == "csv" else "a file: -o OUT.xlsx"
        return fail(f"--format {args.format} needs {what}")
    if args.previous:
        try:
            load_any(args.previous)
        except GbreportError as exc:
            return fail(f"--previous {exc}")
    files = list(discover(args.paths, include=args.include or (), exclude=args.exclude or ()))
    if not files:
        folders = [p for p in args.paths if Path(p).is_dir()]
        return fail(_reasoned(folders[0]) if folders else "no report files to check")
    if args.html:
        out_html = Path(args.html)
        try:
            (out_html / "reports").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return fail(f"{out_html}: cannot create the folder ({exc.strerror or exc})")
    tick, close = _progress(len(files))
    totals = Totals()
    stream: TextIO = sys.stdout if args.output in (None, "-") else io.StringIO()
    tables: CsvTables | XlsxTables | None = None
    index_rows: list[dict[str, object]] = []
    try:
        if args.format in ("csv", "xlsx"):
            tables = CsvTables(args.min_severity) if args.format == "csv" else XlsxTables(args.min_severity)
        with _executor(args) as pool:
            results = review(
                files,
                executor=pool,
                previous=args.previous,
                pair_years=not args.no_pairing,
                agency_kind=args.agency_kind,
                batch_size=args.batch_size,
                max_pending=max(2, 2 * max(args.jobs, 1)) if not args.scheduler else 16,
                progress=tick,
            )
            results = _tallied(results, totals, args, index_rows)
            if args.format == "text":
                for result in results:
                    for line in text_lines(result, lang=args.lang, min_severity=args.min_severity, quiet=args.quiet):
                        print(line, file=stream)
                print(totals.line(), file=stream)
            elif args.format == "json":
                write_json_stream(results, stream, args.min_severity)
            elif args.format == "jsonl":
                for result in results:
                    print(json.dumps(report_json(result, args.min_severity), ensure_ascii=False), file=stream)
            else:
                assert tables is not None
                for result in results:
                    tables.add(result)
    except GbreportError as exc:
        close()
        return fail(str(exc))
    close()
    inputs = files + ([args.previous] if args.previous else [])
    if isinstance(tables, CsvTables):
        folder = Path(args.output)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return fail(f"{folder}: cannot create the folder for the CSV files ({exc.strerror or exc})")
        reports_csv, findings_csv = tables.finish()
        write_output(folder / "reports.csv", reports_csv, inputs=inputs)
        write_output(folder / "findings.csv", findings_csv, inputs=inputs)
    elif isinstance(tables, XlsxTables):
        write_output(args.output, tables.finish(), inputs=inputs)
    elif isinstance(stream, io.StringIO):
        write_output(args.output, stream.getvalue(), inputs=inputs)
    if args.html:
        write_output(Path(args.html) / "index.html", pages.index_page(index_rows), inputs=inputs)
    return _exit_code(totals, strict=args.strict)


def _tallied(
    results: Iterator[ReviewResult], totals: Totals, args: argparse.Namespace, index_rows: list[dict[str, object]]
) -> Iterator[ReviewResult]:
    """The results, counted; unusable files named on stderr; HTML pages written as they come."""
    for result in results:
        totals.add(result)
        if result.status == "unusable":
            print(f"gbreport: error: {result.path}: {result.reason}", file=sys.stderr)
        if args.html:
            name = pages.page_name(result)
            write_output(Path(args.html) / "reports" / name, pages.report_page(result), inputs=[result.path])
            index_rows.append(pages.index_row(result, name))
        yield result


def _exit_code(totals: Totals, *, strict: bool) -> int:
    if totals.statuses["fails"] or (strict and totals.statuses["needs_review"]):
        return EXIT_FINDINGS
    if totals.statuses["unusable"]:
        return EXIT_USAGE
    return EXIT_OK


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, not {value}")
    return value


def add_commands(sub: Any) -> None:
    """Register ``check`` on the subcommands of the ``gbreport`` parser."""
    p = sub.add_parser(
        "check",
        help="check reports (files or folders; JSON or published documents) against the format's rules",
        description=(
            "Review reports: every file named, and every report file in the folders named (recursively). "
            "Each gets a status: conforms, fails, needs_review or unusable. "
            "Exit codes: 0 no report fails; 1 a report fails; 2 usage error, nothing found, "
            "or an unusable file and no report fails."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files and folders")
    p.add_argument("--include", action="append", metavar="GLOB", help="in folders, read only files matching GLOB")
    p.add_argument("--exclude", action="append", metavar="GLOB", help="skip files matching GLOB")
    p.add_argument("--previous", metavar="FILE", help="check every report against this report of the year before")
    p.add_argument("--no-pairing", action="store_true", help="do not pair each agency's reports of consecutive years")
    kinds = agency_kinds()
    if kinds:
        p.add_argument(
            "--agency-kind",
            choices=kinds,
            help="the kind of agency of every report, for the publication deadline (default: from the name)",
        )
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (csv: a folder for reports.csv and findings.csv)")
    p.add_argument("--html", metavar="DIR", help="also write annotated pages: DIR/index.html and DIR/reports/")
    p.add_argument("--lang", choices=("zh", "en", "both"), default="both", help="language of messages (text)")
    p.add_argument(
        "--min-severity", choices=SEVERITIES, default="info", help="list findings of this severity and above"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="text: one line per report that does not conform")
    p.add_argument("--strict", action="store_true", help="exit 1 also when a report needs review")
    p.add_argument("--jobs", type=_positive, default=1, metavar="N", help="review in N processes")
    p.add_argument("--scheduler", metavar="ADDRESS", help="review on a Dask cluster (tcp://host:8786)")
    p.add_argument("--connect-timeout", type=float, default=10.0, metavar="S", help=argparse.SUPPRESS)
    p.add_argument(
        "--batch-size", type=_positive, default=None, metavar="N", help=f"files per task (default {DEFAULT_BATCH})"
    )
    p.set_defaults(run=cmd_check, agency_kind=None)
