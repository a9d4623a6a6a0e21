"""One word and one colour per reference, read from the findings already made.

The verdict of a reference is its worst finding (error, warning, info), or
`clean` when it has none; a reference that could not be looked up is
`unverified` unless it also has an error. This decides nothing about the
article: it only orders what the checks reported, so that every format
colours and words a reference the same way.
"""

from __future__ import annotations

import enum
from typing import Iterable, Sequence

from citecheck.model import Finding, ReferenceResult, Severity, Status


class Verdict(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    CLEAN = "clean"
    UNVERIFIED = "unverified"


# What a reader sees for each status: words, never the enum's value.
STATUS_WORDS = {
    Status.VERIFIED: "verified",
    Status.MISMATCH: "differs from the record",
    Status.NOT_FOUND: "DOI not found",
    Status.NO_DOI: "no DOI",
    Status.NOT_CROSSREF: "registered outside Crossref",
    Status.UNVERIFIED: "could not be checked",
}

UNVERIFIED_CODE = "CC901"


def status_words(status: Status | str) -> str:
    """A status as words; an unknown (newer) status as its value with spaces."""
    try:
        return STATUS_WORDS[Status(status)]
    except (KeyError, ValueError):
        return str(getattr(status, "value", status)).replace("_", " ")


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The most serious severity among `findings`, or None."""
    ranked = [f.severity for f in findings]
    return max(ranked, key=lambda severity: severity.rank) if ranked else None


def verdict(result: ReferenceResult | None, findings: Sequence[Finding]) -> Verdict:
    """The verdict of a reference (or of the findings outside any reference when `result` is None)."""
    own = [f for f in findings if f.code != UNVERIFIED_CODE]
    severity = worst(own)
    unverified = (result is not None and result.status is Status.UNVERIFIED) or len(own) < len(findings)
    if severity is Severity.ERROR:
        return Verdict.ERROR
    if unverified:
        return Verdict.UNVERIFIED
    if severity is None:
        return Verdict.CLEAN
    return Verdict(severity.value)


def findings_by_reference(findings: Iterable[Finding]) -> dict[str | None, list[Finding]]:
    """Findings grouped by reference id (None: about no reference), each group sorted by line and column."""
    groups: dict[str | None, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.reference, []).append(finding)
    for group in groups.values():
        group.sort(key=lambda f: (f.line, f.column or 0, f.code))
    return groups
