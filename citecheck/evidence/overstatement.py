"""Which cited works a sentence overstates: animal or cell studies cited for a claim about people.

Pure, one sentence at a time: the rules CC401/CC402 (`citecheck.checks.evidence`) and the accuracy
benchmark (`benchmarks/evidence.py`) both decide through `overstated`, so the figures measure what the
rules report. A sentence overstates an animal-only or cell-only work when it reads as a claim about
people (`people.read_sentence`) and nothing cited beside the work can carry that claim:

* a human, mixed or review source cited in the same sentence carries it;
* a work of unknown kind cited beside it may be the study in people (a trial whose title names
  nobody), so nothing is flagged: a false alarm costs more than a missed one;
* a work with no evidence at all (not resolved) carries nothing and hides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from citecheck.evidence.people import PeopleReading, read_sentence
from citecheck.model import Evidence, EvidenceKind

__all__ = ["Overstatement", "overstated", "CARRIES_CLAIM", "FLAGGED_KINDS"]

# Evidence that, cited in the same sentence, carries a claim about people.
CARRIES_CLAIM = (EvidenceKind.HUMAN, EvidenceKind.MIXED, EvidenceKind.REVIEW)
FLAGGED_KINDS = (EvidenceKind.ANIMAL, EvidenceKind.IN_VITRO)


@dataclass(frozen=True)
class Overstatement:
    """The verdict on one citing sentence: the reading, when it was needed, and the works overstated."""

    reading: PeopleReading | None
    works: tuple[str, ...]  # ids of the animal or cell-culture works cited for a claim about people


def overstated(
    sentence: str,
    cited: Mapping[str, Evidence | None],
    context: str | Callable[[], str] = "",
) -> Overstatement:
    """The works of `cited` (id -> evidence, in citation order) that `sentence` overstates.

    `context` is the rest of the sentence's paragraph (a paragraph that says "in rats" frames a
    sentence that does not itself turn to people), or a function that finds it when it is needed.
    """
    kinds = [e.kind for e in cited.values() if e is not None]
    if not any(kind in FLAGGED_KINDS for kind in kinds):
        return Overstatement(None, ())
    if any(kind in CARRIES_CLAIM or kind is EvidenceKind.UNKNOWN for kind in kinds):
        return Overstatement(None, ())
    reading = read_sentence(sentence, context() if callable(context) else context)
    if not reading.about_people:
        return Overstatement(reading, ())
    works = tuple(key for key, e in cited.items() if e is not None and e.kind in FLAGGED_KINDS)
    return Overstatement(reading, works)
