"""Evidence: what a cited work studied, and whether the citing sentence is about people.

Pure functions, no I/O: `kinds` classifies a work (PubMed MeSH and
publication types, else abstract, else title), `people` reads a sentence,
`wording` proposes an honest rewording. The CC4xx rules
(`citecheck.checks.evidence`) put them together; `citecheck.sources.pubmed`
fetches what `kinds` reads.
"""

from __future__ import annotations

from typing import Any, Mapping

from citecheck.evidence.kinds import PubMedRecord, classify, classify_pubmed, classify_text, classify_work
from citecheck.evidence.people import PeopleReading, about_people, read_sentence
from citecheck.model import Evidence, EvidenceKind

__all__ = [
    "PubMedRecord",
    "classify",
    "classify_pubmed",
    "classify_text",
    "classify_work",
    "PeopleReading",
    "about_people",
    "read_sentence",
    "evidence_from_json",
]


def evidence_from_json(data: Mapping[str, Any]) -> Evidence:
    """An Evidence from its JSON form (`Evidence.as_json()`, or a rule example's `evidence` entry)."""
    return Evidence(
        kind=EvidenceKind(data["kind"]),
        species=tuple(data.get("species") or ()),
        source=data.get("source"),
        pmid=data.get("pmid"),
        basis=data.get("basis"),
        confidence=data.get("confidence") or "high",
    )
