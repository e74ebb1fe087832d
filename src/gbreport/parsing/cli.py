"""Command-line commands of the parsers: ``gbreport parse`` and ``gbreport accuracy``.

:func:`add_commands` registers both on the ``gbreport`` sub-command parser.
Exit codes: 0 success, 1 findings of error severity (or, for ``accuracy``, a cell
read wrong without a finding saying so), 2 unusable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from .._api import cells, dumps
from .._cliutil import EXIT_FINDINGS, EXIT_OK, fail, inert, write_output
from ..errors import GbreportError
from . import ParseResult, load_any, parse

__all__ = ["accuracy", "add_commands", "load_any"]


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        previous = load_any(args.previous) if args.previous else None
        following = load_any(args.following) if args.following else None
        result = parse(Path(args.file), previous=previous, following=following)
    except GbreportError as exc:
        return fail(str(exc))
    text = dumps(result.report)
    if args.output:
        inputs = [p for p in (args.file, args.previous, args.following) if p]
        try:
            write_output(args.output, text, inputs=inputs)
        except GbreportError as exc:
            return fail(str(exc))
    else:
        sys.stdout.write(text)
    if args.json_findings:
        print(result.findings.to_json(), file=sys.stderr)
    else:
        for f in result.findings:
            where = f" at {f.location}" if f.location else ""
            print(inert(f"{args.file}: {f.severity} {f.code}{where}: {f.message_en}"), file=sys.stderr)
    return EXIT_FINDINGS if result.findings.errors else EXIT_OK


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)


def accuracy(directory: str | Path) -> list[dict[str, Any]]:
    """Per document with a ``<name>.truth.json`` next to it: cells right, blank with a finding, wrong.

    ``right``: the value read is what the truth says the document prints (a blank cell read
    blank counts).  ``flagged``: left blank, and a parse finding names the cell.  ``wrong``:
    anything else -- a value that is not what the document prints, or a blank without a
    finding where the document prints a value.  ``wrong_cells`` lists the wrong cells with
    the value read and the truth.
    """
    rows: list[dict[str, Any]] = []
    for truth_path in sorted(Path(directory).glob("*.truth.json")):
        doc_path = truth_path.with_name(truth_path.name.removesuffix(".truth.json"))
        if not doc_path.exists():
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        row: dict[str, Any] = {"document": doc_path.name, "cells": len(truth.get("cells", {}))}
        try:
            result: ParseResult = parse(doc_path)
        except GbreportError as exc:
            row.update(error=str(exc), right=0, flagged=row["cells"], wrong=0, wrong_cells={})
            rows.append(row)
            continue
        same_version = result.format_version == truth.get("format_version")
        got = {cid: _plain(v) for cid, v in cells(result.report)}
        flagged = {c for f in result.findings if f.code.startswith("parse.") and f.severity != "info" for c in f.cells}
        right = marked = 0
        wrong: dict[str, list[str | None]] = {}
        for cid, value in truth.get("cells", {}).items():
            read = got.get(cid) if same_version else None
            if same_version and read == _plain(value):
                right += 1
            elif read is None and (cid in flagged or not same_version):
                marked += 1
            else:
                wrong[cid] = [read, _plain(value)]
        row.update(format_version=result.format_version, right=right, flagged=marked, wrong=len(wrong))
        row["wrong_cells"] = wrong
        rows.append(row)
    return rows


def cmd_accuracy(args: argparse.Namespace) -> int:
    directory = Path(args.directory)
    if not directory.is_dir():
        return fail(f"{directory}: not a directory; give a folder of documents with *.truth.json files")
    rows = accuracy(directory)
    if not rows:
        return fail(f"{directory}: no document with a <document>.truth.json next to it")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=lambda v: str(v) if isinstance(v, Decimal) else v))
    else:
        print(f"{'document':<36} {'cells':>5} {'right':>5} {'flagged':>7} {'wrong':>5} {'accuracy':>8}")
        for row in rows:
            share = 100.0 * row["right"] / row["cells"] if row["cells"] else 100.0
            print(
                f"{row['document']:<36} {row['cells']:>5} {row['right']:>5} {row['flagged']:>7} {row['wrong']:>5} "
                f"{share:>7.1f}%"
            )
            if row.get("error"):
                print(f"  error: {row['error']}")
            for cid, (read, truth) in row.get("wrong_cells", {}).items():
                print(f"  wrong: {cid} read {read} (document prints {truth})")
        total = sum(r["cells"] for r in rows)
        right = sum(r["right"] for r in rows)
        flagged = sum(r["flagged"] for r in rows)
        wrong = sum(r["wrong"] for r in rows)
        print(f"{'overall':<36} {total:>5} {right:>5} {flagged:>7} {wrong:>5} {100.0 * right / max(total, 1):>7.1f}%")
        print(
            "right = read as the document prints it; flagged = left blank with a parse finding; "
            "wrong = a value the document does not print, or blank without a finding."
        )
    return EXIT_FINDINGS if any(r["wrong"] for r in rows) else EXIT_OK


def add_commands(sub: Any) -> None:
    """Register ``parse`` and ``accuracy`` on the ``gbreport`` sub-command parser ``sub``."""
    p = sub.add_parser("parse", help="read a published report (text, Markdown, HTML, .docx, PDF) into JSON")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", metavar="OUT.json", help="write the report JSON here instead of stdout")
    p.add_argument("--json-findings", action="store_true", help="print the parse findings as JSON on stderr")
    p.add_argument("--previous", metavar="FILE", help="the agency's report of the year before, as evidence")
    p.add_argument("--following", metavar="FILE", help="the agency's report of the year after, as evidence")
    p.set_defaults(run=cmd_parse)

    p = sub.add_parser("accuracy", help="cell accuracy of the parser over documents with *.truth.json files")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(run=cmd_accuracy)
