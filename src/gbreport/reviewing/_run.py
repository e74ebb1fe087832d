"""The review of a set of reports: files in, one result per file out, as they are finished."""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from typing import Any

from ..model import Report
from ..parsing import load_any
from ._discover import discover
from ._one import review_batch
from ._pairing import YearPairing
from ._result import ReviewResult

__all__ = ["DEFAULT_BATCH", "review"]

DEFAULT_BATCH = 20
"""Files per task when an executor is given: enough to keep a scheduler's overhead per task small."""

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def _batches(items: Iterable[tuple[int, str]], size: int) -> Iterator[list[tuple[int, str]]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _failed(batch: Sequence[tuple[int, str]], exc: BaseException) -> list[ReviewResult]:
    reason = f"the worker reviewing this file failed ({type(exc).__name__}: {exc}); review it again on its own"
    return [ReviewResult(path, index, "unusable", reason=" ".join(reason.split())) for index, path in batch]


def _executor_of(executor: Any) -> Executor | None:
    """A ``concurrent.futures.Executor``; a ``distributed.Client`` gives its own through ``get_executor()``."""
    if executor is None or isinstance(executor, Executor):
        return executor
    get = getattr(executor, "get_executor", None)
    if callable(get):
        found = get()
        if isinstance(found, Executor):
            return found
    raise TypeError(
        f"executor must be a concurrent.futures.Executor or a distributed.Client, not {type(executor).__name__}"
    )


def _reviewed(
    items: Iterable[tuple[int, str]],
    *,
    executor: Executor | None,
    previous: Report | None,
    agency_kind: str | None,
    batch_size: int,
    max_pending: int,
    progress: Callable[[int], object] | None,
) -> Iterator[ReviewResult]:
    if executor is None:
        for batch in _batches(items, batch_size):
            done = review_batch(batch, previous, agency_kind)
            if progress is not None:
                progress(len(done))
            yield from done
        return
    pending: deque[tuple[Future[list[ReviewResult]], list[tuple[int, str]]]] = deque()

    def drain() -> list[ReviewResult]:
        future, batch = pending.popleft()
        try:
            done = future.result()
        except Exception as exc:  # a worker died or the scheduler lost it: the files still get their rows
            done = _failed(batch, exc)
        if progress is not None:
            progress(len(done))
        return done

    try:
        for batch in _batches(items, batch_size):
            pending.append((executor.submit(review_batch, batch, previous, agency_kind), batch))
            if len(pending) >= max_pending:
                yield from drain()
        while pending:
            yield from drain()
    finally:
        for future, _ in pending:
            future.cancel()


def review(
    paths: Paths,
    *,
    executor: Executor | Any | None = None,
    previous: Report | str | os.PathLike[str] | None = None,
    pair_years: bool = True,
    agency_kind: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    batch_size: int | None = None,
    max_pending: int = 8,
    progress: Callable[[int], object] | None = None,
) -> Iterator[ReviewResult]:
    """Review every report in ``paths`` (files and folders); yield one :class:`ReviewResult` per file.

    Folders are searched recursively for the kinds the parser reads (see
    :func:`gbreport.reviewing.discover`, with ``include``/``exclude`` globs).  Every file
    found gets exactly one result, unreadable ones included (status ``unusable`` with the
    reason).  Results come as files are finished, each with its ``index`` in the input
    order; with ``pair_years`` (the default) the reports of one agency in consecutive
    years are paired and the cross-year rules run on each pair, so a report whose year
    before has not been seen yet waits for it (or for the end of the review).
    ``previous`` instead checks every report against one given report of the year before
    (a :class:`~gbreport.Report` or a path) and turns the pairing off.  ``agency_kind``
    (``government`` or ``department``) tells the checker's timeliness rule which deadline
    applies where it cannot tell from an agency's name.

    ``executor`` is any :class:`concurrent.futures.Executor` (e.g. a
    ``ProcessPoolExecutor``, or ``distributed.Client.get_executor()``; a ``Client`` itself
    is accepted too): workers get batches of ``batch_size`` paths (default 20; 1 when
    serial) and read the files themselves; at most ``max_pending`` batches are in flight,
    so memory stays flat however many files there are.  ``progress`` is called with the
    number of files just reviewed.  Raises :class:`gbreport.LoadError` only for an
    unusable ``previous``.
    """
    pool = _executor_of(executor)
    size = batch_size or (DEFAULT_BATCH if pool is not None else 1)
    if size < 1 or max_pending < 1:
        raise ValueError("batch_size and max_pending must be at least 1")
    given: Report | None = None
    given_path: str | None = None
    if isinstance(previous, Report):
        given, given_path = previous, "(previous report)"
    elif previous is not None:
        given_path = os.fspath(previous)
        given = load_any(given_path)
    items = enumerate(discover(paths, include=include, exclude=exclude))
    results = _reviewed(
        items,
        executor=pool,
        previous=given,
        agency_kind=agency_kind,
        batch_size=size,
        max_pending=max_pending,
        progress=progress,
    )
    if given is not None:
        for result in results:
            yield dataclasses.replace(result, previous=given_path) if result.report is not None else result
        return
    if not pair_years:
        yield from results
        return
    with YearPairing() as pairing:
        for result in results:
            yield from pairing.add(result)
        yield from pairing.finish()
