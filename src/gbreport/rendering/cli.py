"""The ``gbreport render`` subcommand: ``gbreport render FILE --to FORMAT [--locale L] [--blank-as 0] -o OUT``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._cliutil import EXIT_OK, fail, write_output
from ..errors import GbreportError
from ..parsing import load_any
from . import OUTPUTS, SUFFIXES, TEXT_OUTPUTS, render
from ._i18n import LOCALES


def cmd_render(args: argparse.Namespace) -> int:
    binary = args.to not in TEXT_OUTPUTS
    if args.output in (None, "-") and binary and sys.stdout.isatty():
        return fail(f"--to {args.to} writes binary data; give an output file with -o OUT{SUFFIXES[args.to]}")
    try:
        report = load_any(args.file)
        result = render(report, to=args.to, locale=args.locale, blank_as=args.blank_as)
        data = result.encode("utf-8") if isinstance(result, str) else result
        if args.output not in (None, "-"):
            write_output(args.output, data, inputs=[args.file])
            return EXIT_OK
    except GbreportError as exc:
        return fail(str(exc))
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register ``render`` on the subcommands of the ``gbreport`` parser."""
    p = sub.add_parser(
        "render",
        help="render a report as HTML, Markdown, text, Word or PDF",
        description="Render a report as a document laid out like the official template.",
    )
    p.add_argument("file", metavar="FILE", help="the report: JSON, or a published document the parsers read")
    p.add_argument("--to", choices=OUTPUTS, required=True, help="output format")
    p.add_argument("--locale", choices=LOCALES, default="zh_CN", help="document language (default zh_CN)")
    p.add_argument(
        "--blank-as",
        metavar="TEXT",
        help="print blank cells as TEXT, e.g. --blank-as 0 for reports that enter only the cells that are not zero "
        "(default: blank cells stay blank, with a note under the tables)",
    )
    p.add_argument(
        "-o", "--output", metavar="OUT", help="output file (default: standard output; '-' also means stdout)"
    )
    p.set_defaults(run=cmd_render)
