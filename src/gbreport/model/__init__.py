"""Typed, frozen pydantic models of the annual report, one class per format version.

The table models are generated from the format declarations
(:mod:`gbreport.formats`); attribute paths spell the cell ids, so that
``report.t3.granted.natural_person`` is the cell ``t3.granted.natural_person``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeAlias, Union, cast, get_args, get_origin

from pydantic import Field, TypeAdapter

from ..errors import ArgumentError
from ..formats import Format, derived, versions
from ..formats._codegen import model_source
from . import _generated
from ._base import Contact, Header, Mark, ReportModel
from ._generated import *  # noqa: F403
from ._generated import ReportV2019, ReportV2021, Sections
from ._generated import __all__ as _generated_all
from ._types import MAX_COUNT, AmountUnit, Count, Model, Money, SignedCount, Text

Report: TypeAlias = ReportV2019 | ReportV2021
"""An annual report of either format version."""

AnyReport = Annotated[Report, Field(discriminator="format_version")]
""":data:`Report` with its discriminator, for validation."""


@derived
def report_class(fmt: Format) -> type[Report]:
    """The report model of a registered format version.

    The built-in versions have generated classes (:class:`ReportV2019`,
    :class:`ReportV2021`); a version registered at run time gets classes built from
    the same generator, so its models follow the declaration exactly.
    """
    builtin = getattr(_generated, fmt.model, None)
    if isinstance(builtin, type) and issubclass(builtin, Model):
        literal: object = builtin.model_fields["format_version"].annotation
        if get_args(literal) == (fmt.version,):
            return cast("type[Report]", builtin)
    namespace: dict[str, Any] = {
        "__name__": __name__,
        "Literal": Literal,
        "Field": Field,
        "Header": Header,
        "Mark": Mark,
        "ReportModel": ReportModel,
        "AmountUnit": AmountUnit,
        "Count": Count,
        "Model": Model,
        "Money": Money,
        "SignedCount": SignedCount,
        "Text": Text,
    }
    exec(compile(model_source(fmt), f"<gbreport models {fmt.version}>", "exec"), namespace)  # noqa: S102
    return cast("type[Report]", namespace[fmt.model])


def _model_of(annotation: Any) -> type[Model] | None:
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return annotation
    for arg in get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _fixed_keys(cls: type[Model]) -> int | None:
    """The keys every valid JSON object of ``cls`` has (nested objects included), if that is fixed.

    Fixed when every field is required (so present in any input that validates)
    and every nested object is a required model of fixed shape; ``None`` otherwise.
    """
    n = 0
    for field in cls.model_fields.values():
        if not field.is_required():
            return None
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, Model):
            inner = _fixed_keys(annotation)
            if inner is None:
                return None
            n += inner
        elif _model_of(annotation) is not None or get_origin(annotation) is dict or annotation is dict:
            return None
        n += 1
    return n


@derived
def key_counter(fmt: Format) -> Callable[[Any], int]:
    """A function counting the keys a report of this version was given in JSON (in every nested object).

    Generated from the report class: a nested model of fixed shape (every field
    required, see :func:`_fixed_keys`) adds a constant, any other model its
    ``len(fields_set)``, so ``load`` can compare the count with the keys in the
    JSON text and tell a repeated key cheaply.  A ``dict`` field counts its keys.
    Valid only for a report validated from JSON.
    """
    lines = ["def count(r):", "    n = len(r.__pydantic_fields_set__)"]
    constant = 0
    counter = iter(range(1_000_000))

    def walk(cls: type[Model], holder: str) -> None:
        nonlocal constant
        for name, field in cls.model_fields.items():
            nested = _model_of(field.annotation)
            origin = get_origin(field.annotation)
            if nested is not None:
                exact = field.annotation is nested and field.is_required()  # not optional, not in a union
                fixed = _fixed_keys(nested) if exact else None
                if fixed is not None:
                    constant += fixed
                    continue
                var = f"m{next(counter)}"
                lines.append(f"    {var} = {holder}.{name}")
                lines.append(f"    if {var} is not None:")
                lines.append(f"        n += len({var}.__pydantic_fields_set__)")
                start = len(lines)
                walk(nested, var)
                if len(lines) > start:  # nested lines run only when the object is there
                    lines[start:] = ["    " + line for line in lines[start:]]
                    lines.insert(start, f"    if {var} is not None:")
            elif origin is dict or field.annotation is dict:
                lines.append(f"    n += len({holder}.{name} or ())")

    walk(report_class(fmt), "r")
    lines.append(f"    return n + {constant}")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<gbreport keys {fmt.version}>", "exec"), namespace)  # noqa: S102
    count: Callable[[Any], int] = namespace["count"]
    return count


def ensure_report(value: object, name: str = "report") -> Report:
    """``value`` if it is a report of a registered version, else :class:`ArgumentError` saying what to pass."""
    if isinstance(value, Model) and isinstance(getattr(value, "format_version", None), str):
        return cast("Report", value)
    hint = f"; read it first with gbreport.load({value!r})" if isinstance(value, (str, os.PathLike)) else ""
    raise ArgumentError(f"{name} must be a report (gbreport.Report), not {type(value).__name__}{hint}")


_ADAPTERS: dict[tuple[str, ...], TypeAdapter[Any]] = {}


def report_adapter() -> TypeAdapter[Any]:
    """A validator of a report of any registered version (discriminated on ``format_version``)."""
    known = versions()
    adapter = _ADAPTERS.get(known)
    if adapter is None:
        _ADAPTERS.clear()
        union: Any = Union[tuple(report_class(v) for v in known)]  # noqa: UP007
        adapter = _ADAPTERS[known] = TypeAdapter(Annotated[union, Field(discriminator="format_version")])
    return adapter


__all__ = [  # noqa: PLE0604
    "MAX_COUNT",
    "AmountUnit",
    "AnyReport",
    "Contact",
    "Count",
    "Header",
    "Mark",
    "Model",
    "Money",
    "Report",
    "ReportModel",
    "Sections",
    "ensure_report",
    "key_counter",
    "report_adapter",
    "report_class",
    "SignedCount",
    *_generated_all,
]
