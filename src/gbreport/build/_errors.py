"""Exceptions raised by the builders."""

from __future__ import annotations

from ..errors import GbreportError


class BuildError(GbreportError):
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
