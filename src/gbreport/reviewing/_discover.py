"""Which files a review reads: files named on the command line, and report files found in folders.

The file suffixes picked up in folders follow the parser's registry of input kinds
(:data:`gbreport.parsing.KINDS`): each kind stands for its usual suffixes, and a kind
added to the parser later stands for ``.<kind>`` unless it is listed here with other
suffixes.  A few document formats that the parser cannot read (legacy Word ``.doc``,
WPS, RTF, OpenDocument) are picked up too, so that a report published in one of them
gets a row that says so instead of being left out silently.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

from .. import parsing

__all__ = ["UNREADABLE_SUFFIXES", "discover", "report_suffixes"]

_KIND_SUFFIXES: Final[dict[str, tuple[str, ...]]] = {
    "text": (".txt",),
    "markdown": (".md", ".markdown"),
    "html": (".html", ".htm", ".shtml", ".xhtml"),
}
"""Kinds whose suffixes are not just ``.<kind>``."""

UNREADABLE_SUFFIXES: Final[tuple[str, ...]] = (".doc", ".wps", ".rtf", ".odt")
"""Formats reports are published in that the parser does not read: listed, as unusable, with the reason."""


def _parser_suffixes(kind: str) -> tuple[str, ...]:
    registry = getattr(parsing, "SUFFIXES", None)  # a suffix registry of the parser, when it has one
    if isinstance(registry, dict) and kind in registry:
        found = registry[kind]
        return (found,) if isinstance(found, str) else tuple(found)
    return _KIND_SUFFIXES.get(kind, (f".{kind}",))


def report_suffixes() -> tuple[str, ...]:
    """The file suffixes (lower case) a folder is searched for, from the parser's kinds."""
    found: list[str] = []
    for kind in parsing.KINDS:
        found.extend(s.lower() for s in _parser_suffixes(kind))
    found.extend(UNREADABLE_SUFFIXES)
    return tuple(dict.fromkeys(found))


def _matches(path: str, patterns: Sequence[str]) -> bool:
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _walk(folder: Path) -> Iterator[str]:
    """Files under ``folder`` in a stable (sorted) order, hidden files and folders left out."""
    for root, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def discover(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> Iterator[str]:
    """The files a review of ``paths`` reads, lazily, in a stable order.

    A file named directly is always read (whatever its suffix, and even if it does not
    exist: the review then says so).  A folder is searched recursively for files whose
    suffix is one of :func:`report_suffixes`; hidden files and folders are skipped.
    ``include`` and ``exclude`` are glob patterns matched against the path and the file
    name (``*.pdf``, ``*/2023/*``); ``include``, when given, replaces the suffix rule for
    files found in folders, and ``exclude`` applies to every file.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    suffixes = report_suffixes()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in _walk(path):
                if exclude and _matches(found, exclude):
                    continue
                if include:
                    if _matches(found, include):
                        yield found
                elif found.lower().endswith(suffixes):
                    yield found
        elif not (exclude and _matches(str(path), exclude)):
            yield str(path)
