"""The ``gbreport`` command line: check, cells, schema, render, parse, accuracy, explain.

``check`` and ``cells`` take canonical JSON or any published document the parsers
read (text, Markdown, HTML, Word, PDF; the kind is detected from the content).

Exit codes: 0 conforms / success, 1 findings of error severity, 2 unusable input
or usage.  Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from ._cliutil import EXIT_OK, EXIT_USAGE, fail
from .checks import CATALOGUE, Findings, explain
from .datasets.cli import add_commands as add_dataset_commands
from .diffing.cli import add_commands as add_diff_commands
from .errors import GbreportError
from .formats import versions
from .model import Report
from .parsing import parse
from .parsing.cli import add_commands as add_parse_commands
from .rendering.cli import add_commands as add_render_commands
from .reviewing.cli import add_commands as add_review_commands
from .schema import json_schema
from .workbook.cli import add_commands as add_workbook_commands


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"gbreport: error: {message} (see `gbreport --help`)\n")


def _load(path: str) -> tuple[Report, Findings]:
    """A report from a JSON file or a published document, with the parser's findings."""
    result = parse(Path(path))
    return result.report, result.findings


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


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
    except GbreportError as exc:
        return fail(str(exc))
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

    add_review_commands(sub)

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
