"""``gbreport diff A B`` (year over year) and ``gbreport diff --series PATH...`` (key figures by year)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._cliutil import EXIT_OK, EXIT_USAGE, fail, inert, write_output
from ..datasets import folder_suffixes
from ..errors import GbreportError
from ..formats import versions
from ..model import Report
from ..reviewing import discover, review_file
from ._diff import diff
from ._output import LOCALES, to_csv, to_html, to_json, to_text
from ._series import series

FORMATS = ("text", "json", "csv", "html")


def _load(path: str) -> Report:
    result = review_file(path)
    if result.report is None:
        raise _Unusable(f"{path}: {result.reason}")
    return result.report


class _Unusable(Exception):
    pass


def _write(text: str, output: str | None, inputs: list[str]) -> None:
    if output in (None, "-"):
        if sys.stdout.isatty():  # what the reports hold cannot steer the terminal
            text = "\n".join(inert(line) for line in text.split("\n"))
        sys.stdout.write(text)
    else:
        write_output(output, text, inputs=inputs)


def cmd_diff(args: argparse.Namespace) -> int:
    form = args.format
    try:
        if args.series:
            if form == "html":
                return fail("--series writes text, json or csv")
            files = list(discover(args.paths, include=[f"*{s}" for s in folder_suffixes()]))
            if not files:
                return fail(f"no report files in {', '.join(args.paths)}")
            reports, used = [], []
            for path in files:
                reviewed = review_file(path)
                if reviewed.report is None:
                    print(f"gbreport: skipped {path}: {reviewed.reason}", file=sys.stderr)
                    continue
                reports.append(reviewed.report)
                used.append(path)
            if not reports:
                return fail(f"no usable report in {', '.join(args.paths)}")
            result = series(reports, sources=used, as_version=args.as_version)
            text = {"text": lambda: result.to_text(args.locale), "json": result.to_json, "csv": result.to_csv}[form]()
            _write(text, args.output, files)
            return EXIT_OK
        if len(args.paths) != 2:
            return fail("diff compares two reports: gbreport diff EARLIER LATER (or --series PATH...)")
        before, after = (_load(p) for p in args.paths)
        if args.as_version:
            from ..builders import convert

            before, after = (
                r if r.format_version == args.as_version else convert(r, args.as_version).report
                for r in (before, after)
            )
        d = diff(before, after)
        renderers = {
            "text": lambda: to_text(d, args.locale),
            "json": lambda: to_json(d),
            "csv": lambda: to_csv(d),
            "html": lambda: to_html(d, args.locale),
        }
        _write(renderers[form](), args.output, list(args.paths))
    except _Unusable as exc:
        print(f"gbreport: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except GbreportError as exc:
        return fail(str(exc))
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register ``diff`` on the subcommands of the ``gbreport`` parser."""
    p = sub.add_parser(
        "diff",
        help="compare two reports year over year, or list key figures by year (--series)",
        description="Compare an agency's reports of two years: changed cells with absolute and relative change, the "
        "table totals side by side, section texts (similarity, changed paragraphs). Reports of different format "
        "versions are compared after converting the older one.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="EARLIER LATER, or with --series any files and folders")
    p.add_argument("--series", action="store_true", help="one table of the key figures by year")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument(
        "--as",
        dest="as_version",
        choices=versions(),
        metavar="VERSION",
        help="convert the reports to this format version first",
    )
    p.add_argument("--locale", choices=LOCALES, default="zh_CN", help="language of labels (default zh_CN)")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    p.set_defaults(run=cmd_diff)
