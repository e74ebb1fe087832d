"""What every ``gbreport`` subcommand shares: exit codes, the one-line error, safe output files."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError

EXIT_OK = 0
"""Success; for ``check``: every report conforms."""
EXIT_FINDINGS = 1
"""At least one finding of error severity."""
EXIT_USAGE = 2
"""Unusable input or a usage error."""

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "fail", "inert", "write_output"]


_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 and C1 controls: escape sequences, carriage returns, line breaks
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\u2028\u2029\ufeff]"
)


def inert(text: str) -> str:
    """``text`` safe to print on a terminal: controls and bidi overrides shown as ``\\x..``/``\\u....``.

    Whatever a document or report holds (an agency name with an escape sequence,
    a right-to-left override, a line break) is printed as a visible escape and
    cannot move the cursor, recolour the terminal or reorder the line.
    """
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def fail(message: str) -> int:
    """Print one ``gbreport: error: ...`` line on stderr and return :data:`EXIT_USAGE`."""
    print(f"gbreport: error: {inert(message)}", file=sys.stderr)
    return EXIT_USAGE


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def write_output(
    path: str | os.PathLike[str], data: bytes | str, *, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write ``data`` to ``path`` atomically, never over one of ``inputs``.

    The data goes to a temporary file in the same folder, which is renamed into
    place once complete: a failed write leaves the previous file intact.  Raises
    :class:`OutputError` (one line) when ``path`` is an input (also through a
    link) or cannot be written.
    """
    out = Path(path)
    for source in inputs:
        if _same_file(out, Path(source)):
            raise OutputError(f"{out}: is the input file; write the output to another path")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = out.parent if str(out.parent) else Path(".")
    target = out.resolve() if out.is_symlink() else out
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{out}: cannot write the output ({exc.strerror or exc}); check the folder and permissions"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(
            f"{out}: cannot write the output ({exc.strerror or exc}); the previous file is unchanged"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
