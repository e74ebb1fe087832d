"""``gbreport cells``: the cells of one report (TSV or JSON), or a wide table of many (CSV, Excel, Parquet)."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._api import cells
from .._cliutil import EXIT_OK, fail, write_output
from ..builders import convert
from ..errors import GbreportError
from ..formats import cells_of, get_format, versions
from ..parsing import parse
from ._wide import WideTable, to_csv, to_parquet, to_xlsx, wide_table

FORMATS = ("csv", "tsv", "json", "xlsx", "parquet")
_BINARY = ("xlsx", "parquet")


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _vocabulary(version: str) -> int:
    print("cell_id\trow_zh\tcolumn_zh\ttype\tlabel_en")
    for cell in cells_of(get_format(version)):
        print(f"{cell.id}\t{cell.row_zh}\t{cell.column_zh}\t{cell.kind}\t{cell.label_en}")
    return EXIT_OK


def _one(args: argparse.Namespace) -> int:
    path = args.files[0]
    report = parse(Path(path)).report
    if args.as_version and report.format_version != args.as_version:
        converted = convert(report, args.as_version)
        report = converted.report
        for lost in converted.lost:
            print(f"gbreport: {path}: {lost.cell}={lost.value} not carried over ({lost.reason})", file=sys.stderr)
    if args.json or args.format == "json":
        printed = cells(report, printed=True)
        text = json.dumps({cell_id: _plain(value) for cell_id, value in printed}, ensure_ascii=False, indent=2)
        text += "\n"
    else:
        text = "".join(f"{cell_id}\t{'' if v is None else v}\n" for cell_id, v in cells(report, printed=True))
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_output(args.output, text, inputs=args.files)
    return EXIT_OK


def _render(table: WideTable, form: str) -> bytes:
    if form == "csv":
        return to_csv(table).encode("utf-8")
    if form == "tsv":
        lines = ["\t".join(table.columns)]
        for row in table.rows:
            lines.append("\t".join("" if v is None else str(_json_value(v)).replace("\t", " ") for v in row))
        return ("\n".join(lines) + "\n").encode("utf-8")
    if form == "json":
        records = [{k: _json_value(v) for k, v in record.items()} for record in table.records()]
        return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if form == "xlsx":
        return to_xlsx(table)
    return to_parquet(table)


def _wide(args: argparse.Namespace) -> int:
    output = args.output
    form = args.format
    if form is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output not in (None, "-") else ""
        form = suffix if suffix in FORMATS else "json" if args.json else "csv"
    if form in _BINARY and output in (None, "-") and sys.stdout.isatty():
        return fail(f"--format {form} writes binary data; give an output file with -o OUT.{form}")
    table = wide_table(args.files, as_version=args.as_version, printed=args.printed)
    if not table.rows:
        return fail(f"no report files in {', '.join(args.files)}")
    data = _render(table, form)
    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_output(output, data, inputs=[r[0] for r in table.rows if r[0]])
    for note in table.notes:
        print(f"gbreport: note: {note}", file=sys.stderr)
    unusable = [r for r in table.records() if r["status"] == "unusable"]
    if unusable:
        print(
            f"gbreport: {len(unusable)} of {len(table.rows)} file(s) unusable (status 'unusable', reason in 'reason')",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_cells(args: argparse.Namespace) -> int:
    if args.vocabulary:
        return _vocabulary(args.format_version or versions()[-1])
    if not args.files:
        return fail("cells needs a FILE (or --vocabulary --format-version V)")
    try:
        if args.wide:
            return _wide(args)
        if len(args.files) > 1 or Path(args.files[0]).is_dir():
            return fail("several reports or a folder make a table: add --wide (and --format csv|xlsx|parquet)")
        if args.format not in (None, "tsv", "json"):
            return fail(f"--format {args.format} is a table of reports: add --wide")
        return _one(args)
    except GbreportError as exc:
        return fail(str(exc))


def add_commands(sub: Any) -> None:
    """Register ``cells`` on the subcommands of the ``gbreport`` parser."""
    p = sub.add_parser(
        "cells",
        help="list every (cell_id, value) of a report, or a wide table of many reports",
        description="List every (cell_id, value) of a report in vocabulary order (TSV, or JSON with --json): "
        "a number, empty for a blank cell, or the mark printed in a cell that does not apply (/, —, 无); "
        "with --wide, one row per report of the files and folders given, one column per cell id.",
    )
    p.add_argument("files", nargs="*", metavar="PATH", help="reports or documents; folders too with --wide")
    p.add_argument("--json", action="store_true", help="a JSON object {cell_id: value} (with --wide: JSON records)")
    p.add_argument("--wide", action="store_true", help="one row per report: file, agency, year, ..., then the cells")
    p.add_argument("--format", choices=FORMATS, help="output format (default: from -o's suffix, else tsv / csv)")
    p.add_argument(
        "--as",
        dest="as_version",
        choices=versions(),
        metavar="VERSION",
        help="convert every report to this format version first (its losses are listed)",
    )
    p.add_argument(
        "--printed",
        action="store_true",
        help="with --wide: add printed:<cell_id> columns with the mark printed where a cell does not apply",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output)")
    p.add_argument("--vocabulary", action="store_true", help="print the cell vocabulary of --format-version")
    p.add_argument("--format-version", choices=versions(), help="the format of --vocabulary (default: the newest)")
    p.set_defaults(run=cmd_cells)
