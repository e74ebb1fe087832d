"""The ``gbreport`` command line: check, cells, schema, render, parse, accuracy, explain.

``check`` and ``cells`` take canonical JSON or any published document the parsers
read (text, Markdown, HTML, Word, PDF; the kind is detected from the content).

Exit codes: 0 conforms / success, 1 findings of error severity, 2 unusable input
or usage.  Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import __version__
from ._cliutil import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fail
from .checks import CATALOGUE, Finding, Findings, check, explain
from .checks.catalogue import SEVERITIES
from .datasets.cli import add_commands as add_dataset_commands
from .diffing.cli import add_commands as add_diff_commands
from .errors import GbreportError
from .formats import versions
from .model import Report
from .parsing import parse
from .parsing.cli import add_commands as add_parse_commands
from .rendering.cli import add_commands as add_render_commands
from .schema import json_schema
from .workbook.cli import add_commands as add_workbook_commands


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"gbreport: error: {message} (see `gbreport --help`)\n")


def _load(path: str) -> tuple[Report, Findings]:
    """A report from a JSON file or a published document, with the parser's findings."""
    result = parse(Path(path))
    return result.report, result.findings


def _severity_rank(finding: Finding) -> int:
    return SEVERITIES.index(finding.severity)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _print_findings(path: str, report: Report, findings: Findings, lang: str, out: TextIO) -> None:
    header = report.header
    who = " ".join(str(x) for x in (header.agency, header.year) if x)
    errors, warnings = len(findings.errors), len(findings.warnings)
    infos = len(findings) - errors - warnings
    status = "conforms" if findings.conforms else "does not conform"
    print(
        f"{path}: {status} (format {report.format_version}{', ' + who if who else ''}): "
        f"{errors} error(s), {warnings} warning(s), {infos} info",
        file=out,
    )
    for f in findings:
        print(f"  {f.severity:<7} {f.code}  {', '.join(f.cells[-1:])}", file=out)
        if lang in ("zh", "both"):
            print(f"          {f.message_zh}", file=out)
        if lang in ("en", "both"):
            print(f"          {f.message_en}", file=out)


def cmd_check(args: argparse.Namespace) -> int:
    previous = None
    if args.previous:
        try:
            previous, _ = _load(args.previous)
        except GbreportError as exc:
            return fail(f"--previous {exc}")
    results: list[dict[str, Any]] = []
    status = EXIT_OK
    for path in args.files:
        try:
            report, parse_findings = _load(path)
        except GbreportError as exc:
            print(f"gbreport: error: {exc}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        findings = Findings(sorted((*parse_findings, *check(report, previous=previous)), key=_severity_rank))
        if not findings.conforms and status == EXIT_OK:
            status = EXIT_FINDINGS
        if args.json:
            results.append(
                {
                    "file": path,
                    "format_version": report.format_version,
                    "agency": report.header.agency,
                    "year": report.header.year,
                    "conforms": findings.conforms,
                    "findings": [f.to_dict() for f in findings],
                }
            )
        else:
            _print_findings(path, report, findings, args.lang, sys.stdout)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return status


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(args.format_version), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    if args.code is None:
        for rule in CATALOGUE.values():
            print(f"{rule.code:<22} {rule.severity:<8} {rule.title_en}")
        return EXIT_OK
    try:
        rule = explain(args.code)
    except KeyError as exc:
        return fail(str(exc.args[0]))
    print(f"{rule.code} ({rule.severity})")
    print(f"  {rule.title_zh}")
    print(f"  {rule.title_en}")
    print()
    print(f"  {rule.explanation_zh}")
    print(f"  {rule.explanation_en}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gbreport",
        description="政府信息公开工作年度报告: check reports, list cells, export schemas, render and parse documents.",
    )
    parser.add_argument("--version", action="version", version=f"gbreport {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("check", help="check reports (JSON or published documents) against the format's rules")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--previous", metavar="FILE", help="the same agency's report for the year before")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--lang", choices=("zh", "en", "both"), default="both", help="language of messages")
    p.set_defaults(run=cmd_check)

    add_dataset_commands(sub)

    p = sub.add_parser("schema", help="print the JSON Schema (Draft 2020-12) of a format version")
    p.add_argument("--format-version", choices=versions(), required=True)
    p.set_defaults(run=cmd_schema)

    add_render_commands(sub)
    add_parse_commands(sub)
    add_workbook_commands(sub)
    add_diff_commands(sub)

    p = sub.add_parser("explain", help="explain a finding code (all codes without CODE)")
    p.add_argument("code", nargs="?", metavar="CODE")
    p.set_defaults(run=cmd_explain)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gbreport`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except GbreportError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted")
    except BrokenPipeError:
        return EXIT_OK
    except RecursionError:
        return fail("the input is nested too deeply to be read")
    except Exception as exc:  # a defect in gbreport: still one line, and say so
        return fail(f"internal error ({type(exc).__name__}: {exc}); please report it with the input that caused it")


if __name__ == "__main__":
    raise SystemExit(main())
