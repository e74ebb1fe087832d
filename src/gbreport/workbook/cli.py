"""Clerks' commands: ``gbreport template`` (a fillable workbook) and ``gbreport new`` (next year's draft)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .._api import dumps, read_file
from .._cliutil import EXIT_OK, fail, write_output
from ..builders import draft_texts, next_year, values_of
from ..errors import GbreportError
from ..formats import versions
from ..model import Report
from ..parsing import load_any
from ._read import is_workbook, read_form
from ._write import template, write_workbook

SUFFIXES = (".json", ".xlsx")


def load_input(path: str) -> Report:
    """A report from JSON, a filled workbook or any published document the parsers read."""
    if path != "-" and Path(path).suffix.lower() == ".xlsx":
        data = read_file(Path(path), what="an Excel workbook")
        if is_workbook(data):
            return read_form(data, path)[0]
    return load_any(path)


def _emit(data: bytes, output: str | None, inputs: list[str], what: str) -> int:
    if output in (None, "-"):
        if sys.stdout.isatty() and what == "xlsx":
            return fail("an Excel workbook is binary data; give an output file with -o FILE.xlsx")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    write_output(output, data, inputs=inputs)
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    try:
        if args.source:
            report = load_input(args.source)
            if args.format_version and args.format_version != report.format_version:
                return fail(
                    f"--from is a {report.format_version} report and --format-version is {args.format_version}; "
                    "convert it first (gbreport.convert) or leave out --format-version"
                )
            data = write_workbook(report)
        else:
            data = template(args.format_version or versions()[-1])
    except GbreportError as exc:
        return fail(str(exc))
    return _emit(data, args.output, [args.source] if args.source else [], "xlsx")


def cmd_new(args: argparse.Namespace) -> int:
    output: str | None = args.output
    suffix = ".json" if output in (None, "-") else Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        return fail(f"-o {output}: write the draft as .json or .xlsx (got {suffix or 'no suffix'})")
    try:
        last = load_input(args.source)
        draft = next_year(last, format_version=args.format_version, keep_text=not args.no_text)
        data = write_workbook(draft) if suffix == ".xlsx" else dumps(draft).encode("utf-8")
    except GbreportError as exc:
        return fail(str(exc))
    status = _emit(data, output, [args.source], suffix.lstrip("."))
    if status != EXIT_OK:
        return status
    carried = [cell for cell, value in values_of(draft).items() if value is not None]
    marked = draft_texts(draft)
    who = draft.header.agency or "(no agency)"
    kept = f", {len(marked)} text(s) kept from last year, each behind a 【草稿…】 line to revise and delete"
    print(
        f"gbreport: {output or 'stdout'}: {draft.header.year} report of {who} in format {draft.format_version}, "
        f"started from {args.source} ({last.header.year}): {len(carried)} cell(s) carried over"
        + (kept if marked else ""),
        file=sys.stderr,
    )
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register ``template`` and ``new`` on the subcommands of the ``gbreport`` parser."""
    p = sub.add_parser(
        "template",
        help="write a fillable Excel workbook laid out like the official tables",
        description="Write a fillable Excel workbook (.xlsx): the official tables with live totals and a sheet for "
        "the header and section texts. Fill it in Excel or WPS, then `gbreport check` / `render` it.",
    )
    p.add_argument("--format-version", choices=versions(), help="format of the blank form (default: the newest)")
    p.add_argument("--from", dest="source", metavar="FILE", help="fill the workbook with this report instead")
    p.add_argument("-o", "--output", metavar="OUT.xlsx", help="output file ('-' for standard output)")
    p.set_defaults(run=cmd_template)

    p = sub.add_parser(
        "new",
        help="start next year's report from last year's (JSON or Excel draft)",
        description="Start next year's report from last year's: carried-over cells filled, agency and contact kept, "
        "last year's texts kept as a marked draft.",
    )
    p.add_argument(
        "--from",
        dest="source",
        metavar="LAST",
        required=True,
        help="last year's report: JSON, a filled workbook or a published document",
    )
    p.add_argument("-o", "--output", metavar="DRAFT", help="draft.json or draft.xlsx (default: JSON on stdout)")
    p.add_argument("--format-version", choices=versions(), help="start the new report in this format")
    p.add_argument("--no-text", action="store_true", help="leave the texts blank instead of keeping last year's")
    p.set_defaults(run=cmd_new)
