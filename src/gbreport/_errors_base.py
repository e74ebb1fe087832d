"""The root of gbreport's exception hierarchy (kept apart so every module can import it)."""

from __future__ import annotations


class GbreportError(ValueError):
    """Base class of every gbreport exception."""
