"""Whether checking the corrected text confirms the fixes that were applied to it.

A fix is confirmed when, in a check of the corrected text, the findings it
answers are gone and no finding appears that was not there before. A finding
that appears is laid at the door of the fixes of its reference (or, for a
finding about no reference, of the fixes with an edit on its line); the only
ones expected are what a newly written DOI's record reveals about its entry
(metadata, status, evidence). Pure: the check itself is the caller's.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from citecheck.model import Finding, Fix

_REVEALED = ("CC2", "CC3", "CC4")  # what a DOI added, replaced or repaired may bring to light


def finding_key(finding: Finding) -> tuple[str, str | None, int]:
    return finding.code, finding.reference, finding.line


def unconfirmed(before: Sequence[Finding], fixes: Sequence[Fix], planned: Sequence[Finding],
                after: Sequence[Finding]) -> set[int]:
    """The indexes of `fixes` that checking the corrected text does not confirm.

    `before` are the findings of the text as written, `planned` the same
    findings with their fixes, `after` the findings of the corrected text.
    """
    before_count = Counter(finding_key(f) for f in before)
    after_count = Counter(finding_key(f) for f in after)
    owners = [[f for f in planned if f.fix == fix] for fix in fixes]
    references = [{f.reference for f in owned} for owned in owners]
    new_doi = [any(f.code[:3] == "CC1" for f in owned) for owned in owners]
    bad: set[int] = set()
    for index, owned in enumerate(owners):
        if any(after_count[finding_key(f)] >= before_count[finding_key(f)] for f in owned):
            bad.add(index)
    for (code, reference, line), _ in (after_count - before_count).items():
        if reference is not None:
            culprits = {i for i, refs in enumerate(references) if reference in refs}
            if code.startswith(_REVEALED) and culprits and all(new_doi[i] for i in culprits):
                continue
        else:
            culprits = {i for i, fix in enumerate(fixes) if any(e.line <= line <= e.end_line for e in fix.edits)}
        bad.update(culprits or range(len(fixes)))
    return bad
