"""Run a rule's documented example through the real extractor and checks.

The records an example names stand in for Crossref and PubMed, so the
example exercises exactly the code a real run does after the network. The
test suite uses this to prove that every `fails` example is flagged by its
rule and no `passes` example is.
"""

from __future__ import annotations

from citecheck.checks.base import Example
from citecheck.model import (
    Document,
    Evidence,
    EvidenceKind,
    FileReport,
    Outcome,
    Resolution,
)
from citecheck.settings import Settings
from citecheck.text.identifiers import doi_key


def resolutions_for(example: Example, dois: list[str]) -> dict[str, Resolution]:
    from citecheck.sources.records import work_from_message

    resolutions: dict[str, Resolution] = {}
    for doi in dois:
        if doi in example.agency:
            resolutions[doi] = Resolution(doi, Outcome.NOT_CROSSREF, agency=example.agency[doi])
        elif doi in example.works and example.works[doi] is None:
            resolutions[doi] = Resolution(doi, Outcome.NOT_FOUND)
        elif doi in example.works:
            work = work_from_message(example.works[doi])  # type: ignore[arg-type]
            resolutions[doi] = Resolution(doi, Outcome.FOUND, work=work)
        else:
            resolutions[doi] = Resolution(doi, Outcome.UNVERIFIED, reason="no record in the example")
    return resolutions


def evidence_for(example: Example) -> dict[str, Evidence]:
    evidence = {}
    for doi, fields in example.evidence.items():
        evidence[doi_key(doi)] = Evidence(
            kind=EvidenceKind(fields["kind"]),
            species=tuple(fields.get("species", ())),
            source=fields.get("source"),
            pmid=fields.get("pmid"),
            basis=fields.get("basis"),
        )
    return evidence


def run_example(example: Example, settings: Settings | None = None) -> FileReport:
    from citecheck.pipeline import Resolved, check, extract

    settings = settings or Settings()
    extraction = extract(Document(path="example.txt", text=example.article, source=example.article))
    dois = [r.doi for r in extraction.references if r.doi]
    resolved = Resolved(resolutions=resolutions_for(example, dois), evidence=evidence_for(example))
    return check(extraction, resolved, settings)
