"""Which format version a document is in, from the labels its tables print.

For every pair of registered versions, the labels one declares and the other does not
are its *signature* against the other (a label found only where a longer label of the
other version containing it is also found does not count).  A version wins a pair when the
document carries more of its signature than of the other's; the version that wins
against every other is detected.  No clear winner (a tie, or nothing found) gives a
``parse.format_version`` finding and the last registered of the best versions.
Nothing here names a version: every registered version is scored.
"""

from __future__ import annotations

import re

from ..checks import Finding, make_finding
from ..formats import Format, Label, derived, versions
from ._doc import Doc
from ._labels import label_pattern, labels_of

MIN_SIGNATURE_CHARS = 4


@derived
def signatures(fmt: Format) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Per other registered version: the labels of ``fmt`` that it does not have, each with the labels
    of the other version that contain it (a label found only inside one of those is no evidence)."""
    mine = labels_of(fmt)
    out: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    for other in versions():
        if other == fmt.version:
            continue
        theirs = labels_of(other)
        out[other] = tuple(
            (label, tuple(sorted(t for t in theirs if label in t)))
            for label in sorted(mine - theirs)
            if len(re.sub(r"\W", "", label)) >= MIN_SIGNATURE_CHARS
        )
    return out


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(label: str) -> re.Pattern[str]:
    found = _PATTERNS.get(label)
    if found is None:
        found = _PATTERNS[label] = re.compile(label_pattern(label, loose=False))
    return found


def detect_version(doc: Doc) -> tuple[str, list[Finding]]:
    """The format version whose table signature the document carries (see the module docs)."""
    ids = versions()
    present: dict[str, bool] = {}

    def found(label: str) -> bool:
        if label not in present:
            present[label] = _pattern(label).search(doc.text) is not None
        return present[label]

    def score(version: str, other: str) -> int:
        return sum(
            1
            for label, containers in signatures(version).get(other, ())
            if found(label) and not any(found(c) for c in containers)
        )

    wins = {v: 0 for v in ids}
    scores = {v: 0 for v in ids}
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            sa, sb = score(a, b), score(b, a)
            scores[a] += sa
            scores[b] += sb
            if sa > sb:
                wins[a] += 1
            elif sb > sa:
                wins[b] += 1
    best = max(wins.values(), default=0)
    leaders = [v for v in ids if wins[v] == best]
    version = leaders[-1]
    if len(ids) == 1 or (len(leaders) == 1 and best == len(ids) - 1):
        return version, []
    scores_zh = "，".join(f"{v} 得分 {scores[v]}" for v in ids)
    scores_en = ", ".join(f"{v} scores {scores[v]}" for v in ids)
    return version, [make_finding("parse.format_version", scores=Label(scores_zh, scores_en), version=version)]
