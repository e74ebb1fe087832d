"""One clear :class:`LoadError` line from a pydantic validation error."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from .errors import LoadError
from .formats import versions


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _loc_part(part: str | int) -> str:
    text = str(part)
    return text if text.isidentifier() or text.isdigit() or text in versions() else json.dumps(text)


_EXPECTED = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "string_type": "a string",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
    "decimal_type": 'a decimal number (as a string such as "12.5" or a number)',
    "decimal_parsing": "a decimal number",
    "date_from_datetime_parsing": "a date YYYY-MM-DD",
    "date_parsing": "a date YYYY-MM-DD",
    "date_type": "a date YYYY-MM-DD",
}


def from_validation_error(error: ValidationError, source: str = "") -> LoadError:
    """One :class:`LoadError` line from a pydantic error (the first problem, and how many more)."""
    problems = error.errors(include_url=False)
    first = problems[0]
    loc = [_loc_part(p) for p in first["loc"]]
    kind = first["type"]
    if loc and loc[0] in versions():
        loc = loc[1:]
    location = ".".join(loc)
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    known = " or ".join(repr(v) for v in versions())
    if kind == "json_invalid":
        message = f"not valid JSON: {first['msg'].removeprefix('Invalid JSON: ')}"
        return LoadError(message + "; fix the JSON syntax", source=source)
    if kind == "union_tag_not_found":
        return LoadError(
            f'format_version is missing; add "format_version": {known}', location="format_version", source=source
        )
    if kind == "union_tag_invalid":
        got = first.get("ctx", {}).get("tag", first.get("input"))
        return LoadError(
            f"unknown format_version {_short(got)}; expected {known}", location="format_version", source=source
        )
    if kind in ("model_type", "model_attributes_type", "dict_type") and not loc:
        return LoadError(f"expected a JSON object with a report, got {_short(first['input'])}", source=source)
    if kind == "missing":
        return LoadError(f"required field is missing{more}", location=location, source=source)
    if kind == "extra_forbidden":
        return LoadError(f"unknown field (not part of the format){more}", location=location, source=source)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        message = f"{first['msg'].lower()}, got {_short(first['input'])}"
        return LoadError(message + more, location=location, source=source)
    expected = _EXPECTED.get(kind)
    if expected is not None:
        message = f"expected {expected}, got {_short(first['input'])}"
    else:
        message = f"{first['msg']}, got {_short(first['input'])}"
    return LoadError(message + more, location=location, source=source)
