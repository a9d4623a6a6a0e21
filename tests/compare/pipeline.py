"""Run an article through the real extractor, comparison and rules, with records standing in for Crossref."""

from __future__ import annotations

from citecheck.ingest import document_from_text
from citecheck.model import FileReport, InputFormat, Outcome, Resolution, Work
from citecheck.pipeline import Resolved, check, extract
from citecheck.settings import Settings


def check_with_records(text: str, works: list[Work]) -> FileReport:
    """The report for `text` when every DOI of `works` resolves to its record (and nothing else does)."""
    document = document_from_text(text, "article.txt", InputFormat.TEXT)
    extraction = extract(document)
    known = {work.doi: work for work in works}
    resolutions = {}
    for reference in extraction.references:
        if reference.doi:
            work = known.get(reference.doi.lower())
            resolutions[reference.doi] = (
                Resolution(reference.doi, Outcome.FOUND, work=work) if work
                else Resolution(reference.doi, Outcome.UNVERIFIED, reason="no record in the test")
            )
    return check(extraction, Resolved(resolutions=resolutions), Settings(progress=False))


def article(*entries: str) -> str:
    return "A few papers\n\nSome findings were reported below.\n\nReferences\n\n" + "\n\n".join(entries) + "\n"


def identity_findings(report: FileReport) -> list[str]:
    """The CC1xx and CC2xx codes of a report, sorted."""
    return sorted(f.code for f in report.findings if f.code[:3] in ("CC1", "CC2"))
