"""JSON Schema (Draft 2020-12) of the canonical JSON, one per format version."""

from __future__ import annotations

from typing import Any

from .formats import get_format
from .model import report_class

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(format_version: str) -> dict[str, Any]:
    """The JSON Schema that :func:`gbreport.dumps` output of ``format_version`` validates against."""
    fmt = get_format(format_version)
    schema = report_class(fmt.version).model_json_schema(mode="serialization")
    return {
        "$schema": DIALECT,
        "$id": f"urn:gbreport:schema:{fmt.version}",
        "title": f"政府信息公开工作年度报告 ({fmt.version})",
        "description": fmt.document.en,
        **{k: v for k, v in schema.items() if k != "title"},
    }
