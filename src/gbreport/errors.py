"""Every exception gbreport raises, in one place.

Findings are values (:class:`gbreport.Finding`); exceptions are for input that cannot be
used at all, for a request the library cannot carry out, and for the strict entry point
:func:`gbreport.ensure_conforms`.  Catch :class:`GbreportError` to catch them all::

    GbreportError                    base of everything below
    ├── ArgumentError (TypeError)    an argument of the wrong kind (a path where a report is expected)
    ├── UnknownCodeError (KeyError)  a finding code that is not in the catalogue
    ├── LoadError (ValueError)       input that cannot be read as a report (file, JSON, document)
    │   └── UnknownFormatError       a format_version that is not registered
    ├── ConformanceError (ValueError)  ensure_conforms(): carries every error finding
    ├── BuildError (ValueError)      a builder cannot do what was asked
    │   ├── UnknownKeyError          an applicant kind, outcome or case key the format lacks
    │   ├── TotalsConflictError      printed totals disagree with their parts
    │   ├── IncompatibleReportsError reports that cannot be combined
    │   └── ConversionError          a report that cannot be converted to another version
    ├── RenderError                  a document cannot be produced (output, engine, font)
    │   └── UnknownLocaleError (ValueError)  a locale the renderers do not have
    └── OutputError (OSError)        an output file that cannot, or must not, be written

Classes marked with a built-in exception in brackets also derive from that built-in class, for callers that
catch it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .checks import Finding, Findings

__all__ = [
    "ArgumentError",
    "BuildError",
    "ConformanceError",
    "ConversionError",
    "GbreportError",
    "IncompatibleReportsError",
    "LoadError",
    "OutputError",
    "RenderError",
    "TotalsConflictError",
    "UnknownCodeError",
    "UnknownFormatError",
    "UnknownKeyError",
    "UnknownLocaleError",
]


class GbreportError(Exception):
    """Base class of every exception gbreport raises."""


class ArgumentError(GbreportError, TypeError):
    """An argument of the wrong kind, such as a file name where a loaded report is expected."""


class UnknownCodeError(GbreportError, KeyError):
    """A finding code that is not in the catalogue (:data:`gbreport.CATALOGUE`)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class LoadError(GbreportError, ValueError):
    """Input that cannot be read as a report: one clear line saying where and why.

    ``location`` is the dotted path of the offending field (``""`` for the whole
    document) and ``source`` names the file or input it came from.
    """

    def __init__(self, message: str, *, location: str = "", source: str = "") -> None:
        self.location = location
        self.source = source
        message = " ".join(message.splitlines())
        self.reason = message
        where = f"{source}: " if source else ""
        at = f"{location}: " if location else ""
        super().__init__(f"{where}{at}{message}")


class UnknownFormatError(LoadError):
    """A format version that is not registered (see :func:`gbreport.formats.versions`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, location="format_version")


class ConformanceError(GbreportError, ValueError):
    """Raised by :func:`gbreport.ensure_conforms`; ``findings`` holds every error finding."""

    findings: Findings

    def __init__(self, findings: Iterable[Finding]) -> None:
        from .checks import Findings

        self.findings = Findings(findings)
        lines = "\n".join(f"  {f}" for f in self.findings)
        super().__init__(f"report does not conform: {len(self.findings)} error finding(s)\n{lines}")


class BuildError(GbreportError, ValueError):
    """A builder cannot do what was asked (unknown outcome, incompatible reports, ...)."""


class UnknownKeyError(BuildError):
    """An applicant kind, outcome, case group or case result that the format does not have."""


class TotalsConflictError(BuildError):
    """A total printed in a report disagrees with the sum of its parts.

    ``conflicts`` holds ``(cell_id, given, computed)`` for each such total.
    """

    def __init__(self, conflicts: list[tuple[str, object, object]]) -> None:
        self.conflicts = tuple(conflicts)
        shown = "; ".join(
            f"{cell} is {given}, its parts add up to {computed}" for cell, given, computed in conflicts[:5]
        )
        more = f" (and {len(conflicts) - 5} more)" if len(conflicts) > 5 else ""
        super().__init__(
            f"{len(conflicts)} total(s) disagree with their parts: {shown}{more}; "
            "correct the parts, blank the totals, or pass overwrite=True to replace them"
        )


class IncompatibleReportsError(BuildError):
    """Reports that cannot be combined (different format versions or years, mixed units)."""


class ConversionError(BuildError):
    """A report cannot be converted to the requested format version."""


class RenderError(GbreportError):
    """A document cannot be produced: unknown output or locale, or a missing engine or font.

    The message says what is missing and how to install it.
    """


class UnknownLocaleError(RenderError, ValueError):
    """A locale other than those the renderers have (``zh_CN``, ``en``)."""


class OutputError(GbreportError, OSError):
    """An output file that cannot be written, or must not be (it is one of the inputs).

    The previous content of the file, if any, is left intact.
    """
