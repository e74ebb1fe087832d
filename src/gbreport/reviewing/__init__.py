"""Review many reports at once: a status per report, findings located in their sources.

>>> for result in review(["reports/2023", "reports/2024"]):      # doctest: +SKIP
...     print(result.path, result.status, result.codes)

:func:`review` takes files and folders, reads every report in them (JSON or a published
document), checks it, pairs each agency's reports of consecutive years for the
cross-year rules, and yields one :class:`ReviewResult` per file, as it goes.  Statuses:
``conforms``, ``fails`` (error findings), ``needs_review`` (no error, but the parser left
cells unread or ambiguous, or a rule could not be assessed) and ``unusable`` (with the
reason).  It runs serially, on any ``concurrent.futures.Executor`` (``--jobs N`` on the
command line) or on a Dask cluster (``distributed.Client``; ``--scheduler ADDRESS``).
The outputs of ``gbreport check`` (text, JSON, JSON lines, CSV, Excel and annotated
HTML pages) are in :mod:`gbreport.reviewing.outputs` and :mod:`gbreport.reviewing.html`.
"""

from __future__ import annotations

from ._discover import UNREADABLE_SUFFIXES, discover, report_suffixes
from ._one import review_file
from ._result import PAIRINGS, STATUSES, Pairing, ReviewResult, Status
from ._run import DEFAULT_BATCH, review

__all__ = [
    "DEFAULT_BATCH",
    "PAIRINGS",
    "STATUSES",
    "UNREADABLE_SUFFIXES",
    "Pairing",
    "ReviewResult",
    "Status",
    "discover",
    "report_suffixes",
    "review",
    "review_file",
]
