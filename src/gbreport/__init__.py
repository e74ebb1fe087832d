"""gbreport: the Chinese government information disclosure annual report
(政府信息公开工作年度报告) as typed data.

Formats 国办公开办函〔2019〕60号 (``"2019-60"``) and 〔2021〕30号 (``"2021-30"``):
typed models, conformance checks, cell vocabulary and JSON Schema.
"""

import inspect

from ._api import cells, dumps, from_cells, load
from ._vector import Value
from .builders import CaseLog, ConversionResult, Ledger, complete, convert, next_year, replace, roll_up
from .checks import CATALOGUE, Finding, Findings, Rule, check, ensure_conforms, explain
from .datasets import to_dataframe
from .diffing import Diff, diff
from .errors import (
    ArgumentError,
    BuildError,
    ConformanceError,
    ConversionError,
    GbreportError,
    IncompatibleReportsError,
    LoadError,
    OutputError,
    RenderError,
    TotalsConflictError,
    UnknownCodeError,
    UnknownFormatError,
    UnknownKeyError,
    UnknownLocaleError,
)
from .formats import FORMAT_VERSIONS, FormatVersion, get_format
from .model import Contact, Header, Report, ReportV2019, ReportV2021, Sections
from .parsing import ParseResult, parse
from .rendering import render, render_many
from .reviewing import ReviewResult, review
from .schema import json_schema

__version__ = "0.1.0"

__all__ = [
    "CATALOGUE",
    "FORMAT_VERSIONS",
    "ArgumentError",
    "BuildError",
    "CaseLog",
    "ConformanceError",
    "Contact",
    "ConversionError",
    "ConversionResult",
    "Diff",
    "Finding",
    "Findings",
    "FormatVersion",
    "GbreportError",
    "Header",
    "IncompatibleReportsError",
    "Ledger",
    "LoadError",
    "OutputError",
    "ParseResult",
    "RenderError",
    "Report",
    "ReportV2019",
    "ReportV2021",
    "ReviewResult",
    "Rule",
    "Sections",
    "TotalsConflictError",
    "UnknownCodeError",
    "UnknownFormatError",
    "UnknownKeyError",
    "UnknownLocaleError",
    "Value",
    "__version__",
    "cells",
    "check",
    "complete",
    "convert",
    "diff",
    "dumps",
    "ensure_conforms",
    "explain",
    "from_cells",
    "get_format",
    "json_schema",
    "load",
    "next_year",
    "parse",
    "render",
    "render_many",
    "replace",
    "review",
    "roll_up",
    "to_dataframe",
]


def _publish() -> None:
    """Present every public class and function as ``gbreport.<name>`` (reprs, docs, pickling)."""
    namespace = globals()
    for name in __all__:
        obj = namespace[name]
        if isinstance(obj, type) or inspect.isfunction(obj):
            obj.__module__ = __name__


_publish()
