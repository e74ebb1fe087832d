"""The registry of format versions and the memoised views derived from them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import update_wrapper
from types import MappingProxyType
from typing import Generic, TypeVar

from ..errors import UnknownFormatError
from ._spec import Format

T = TypeVar("T")

_REGISTRY: dict[str, Format] = {}
_VIEWS: list[dict[str, object]] = []

FORMATS: Mapping[str, Format] = MappingProxyType(_REGISTRY)
"""Every registered format version, by id, in registration order (read-only view)."""


def versions() -> tuple[str, ...]:
    """The ids of every registered format version, in registration order."""
    return tuple(_REGISTRY)


def get_format(version: str | Format) -> Format:
    """The declaration of a registered ``version`` (a :class:`Format` is returned as is)."""
    if isinstance(version, Format):
        return version
    try:
        return _REGISTRY[version]
    except (KeyError, TypeError):
        raise UnknownFormatError(
            f"unknown format_version {version!r}; expected one of {', '.join(_REGISTRY)}"
        ) from None


def _forget() -> None:
    for view in _VIEWS:
        view.clear()


def register_format(fmt: Format) -> None:
    """Add (or replace) a format version; every derived view is recomputed on next use."""
    _REGISTRY[fmt.version] = fmt
    _forget()


def unregister_format(version: str) -> None:
    """Remove a registered format version (for tests and experiments)."""
    get_format(version)
    del _REGISTRY[version]
    _forget()


class _View(Generic[T]):
    """A derived view: ``fn(declaration)`` memoised per version id."""

    def __init__(self, fn: Callable[[Format], T]) -> None:
        self._fn = fn
        self._memo: dict[str, T] = {}
        _VIEWS.append(self._memo)  # type: ignore[arg-type]
        update_wrapper(self, fn)

    def __call__(self, version: str | Format) -> T:
        key = version if isinstance(version, str) else version.version
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = self._fn(get_format(key))
            return value

    def cache_clear(self) -> None:
        self._memo.clear()


def derived(fn: Callable[[Format], T]) -> Callable[[str | Format], T]:
    """Decorate a function of a :class:`Format` as a derived view of the registry.

    The view takes a version id (or a registered declaration), computes
    ``fn(get_format(version))`` once and keeps it until a version is registered or
    removed.  Keys are version ids, so a lookup hashes a short string, never the
    whole declaration.
    """
    return _View(fn)
