"""Typed, frozen pydantic models of the annual report, one class per format version.

The table models are generated from the format declarations
(:mod:`gbreport.formats`); attribute paths spell the cell ids, so that
``report.t3.granted.natural_person`` is the cell ``t3.granted.natural_person``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeAlias, Union, cast

from pydantic import Field, TypeAdapter

from ..formats import Format, derived, versions
from ..formats._codegen import model_source
from . import _generated
from ._base import Contact, Header
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
        literal = builtin.model_fields["format_version"].annotation
        if literal == Literal[fmt.version]:
            return cast("type[Report]", builtin)
    namespace: dict[str, Any] = {
        "__name__": __name__,
        "Literal": Literal,
        "Field": Field,
        "Header": Header,
        "AmountUnit": AmountUnit,
        "Count": Count,
        "Model": Model,
        "Money": Money,
        "SignedCount": SignedCount,
        "Text": Text,
    }
    exec(compile(model_source(fmt), f"<gbreport models {fmt.version}>", "exec"), namespace)  # noqa: S102
    return cast("type[Report]", namespace[fmt.model])


_ADAPTERS: dict[tuple[str, ...], TypeAdapter[Any]] = {}


def report_adapter() -> TypeAdapter[Any]:
    """A validator of a report of any registered version (discriminated on ``format_version``)."""
    known = versions()
    adapter = _ADAPTERS.get(known)
    if adapter is None:
        _ADAPTERS.clear()
        union = tuple(report_class(v) for v in known)
        adapter = _ADAPTERS[known] = TypeAdapter(Annotated[Union[union], Field(discriminator="format_version")])  # noqa: UP007
    return adapter

__all__ = [  # noqa: PLE0604
    "MAX_COUNT",
    "AmountUnit",
    "AnyReport",
    "Contact",
    "Count",
    "Header",
    "Model",
    "Money",
    "Report",
    "Sections",
    "report_adapter",
    "report_class",
    "SignedCount",
    *_generated_all,
]
