"""read → extract → resolve → classify → check → Report: the one place the stages meet.

Each stage is a named function so that a library user (or a test) can run
any prefix of the pipeline. Only the resolve and classify stages do I/O, and
they share one resolver (one HTTP client, one cache, one rate budget) across
every file of the run.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from citecheck.model import (
    Document,
    Evidence,
    Extraction,
    FileReport,
    Outcome,
    Reference,
    ReferenceResult,
    Report,
    Resolution,
    Status,
    Suggestion,
)
from citecheck.settings import Settings

Progress = Callable[[int, int], None]


# ------------------------------------------------------------------ stage: read


def read(path: str | Path, settings: Settings) -> Document:
    """Read one file (or `-` for stdin) into a Document; raises InputError."""
    from citecheck.extract.inputs import read_document

    return read_document(path, settings.input_format)


# --------------------------------------------------------------- stage: extract


def extract(document: Document) -> Extraction:
    """Find the references, citations, claims and suppressions; no network."""
    from citecheck.extract.extractor import extract as _extract

    return _extract(document)


# --------------------------------------------------------------- stage: resolve


def _lookup_dois(extractions: Iterable[Extraction], settings: Settings) -> list[str]:
    from citecheck.checks.skip import is_skipped

    seen: dict[str, None] = {}
    for extraction in extractions:
        for reference in extraction.references:
            if reference.doi and not is_skipped(reference.doi, settings.skip_dois):
                seen.setdefault(reference.doi, None)
    return list(seen)


async def resolve(
    extractions: Sequence[Extraction], settings: Settings, resolver=None
) -> tuple[dict[str, Resolution], dict[tuple[str, str], Suggestion], dict[str, Evidence], object]:
    """Look every DOI up once, search for references without one, classify evidence.

    Returns (resolutions by DOI, suggestions by (path, reference id), evidence
    by DOI, run statistics).
    """
    from citecheck.sources.resolver import Resolver

    owned = resolver is None
    resolver = resolver or Resolver(settings)
    try:
        dois = _lookup_dois(extractions, settings)
        resolutions = await resolver.resolve(dois)
        # References without a DOI: ask the search (and record the suggestion)
        suggestions: dict[tuple[str, str], Suggestion] = {}
        if settings.search and not settings.offline:
            wanted = [
                (extraction.document.path, reference)
                for extraction in extractions
                for reference in extraction.references
                if not reference.doi and _searchable(reference)
            ]
            found = await resolver.suggest_many([reference for _, reference in wanted]) if wanted else []
            for (path, reference), suggestion in zip(wanted, found):
                if suggestion is not None:
                    suggestions[(path, reference.id)] = suggestion
        works = [r.work for r in resolutions.values() if r.work is not None]
        evidence = await resolver.classify(works) if works else {}
        return resolutions, suggestions, evidence, resolver.stats()
    finally:
        if owned:
            await resolver.aclose()


def _searchable(reference: Reference) -> bool:
    return bool(reference.title and len(reference.title) >= 12)


# ----------------------------------------------------------------- stage: check


def status_of(resolution: Resolution | None, reference: Reference, findings) -> Status:
    if resolution is None:
        return Status.NO_DOI if not reference.doi else Status.UNVERIFIED
    if resolution.outcome is Outcome.UNVERIFIED:
        return Status.UNVERIFIED
    if resolution.outcome is Outcome.NOT_FOUND:
        return Status.NOT_FOUND
    if resolution.outcome is Outcome.NOT_CROSSREF and resolution.work is None:
        return Status.NOT_CROSSREF
    mismatched = any(
        f.reference == reference.id and f.code[:3] in {"CC1", "CC2"} for f in findings
    )
    if mismatched:
        return Status.MISMATCH
    if resolution.outcome is Outcome.NOT_CROSSREF:
        return Status.NOT_CROSSREF
    return Status.VERIFIED


def check(
    extraction: Extraction,
    resolutions: dict[str, Resolution],
    suggestions: dict[tuple[str, str], Suggestion],
    evidence: dict[str, Evidence],
    settings: Settings,
) -> FileReport:
    """Run the selected rules on one file and settle each reference's status."""
    from citecheck.checks import registry
    from citecheck.checks.base import CheckContext
    from citecheck.checks.skip import is_skipped

    path = extraction.document.path
    results = []
    for reference in extraction.references:
        resolution = resolutions.get(reference.doi) if reference.doi else None
        if reference.doi and is_skipped(reference.doi, settings.skip_dois):
            resolution = None
        work = resolution.work if resolution else None
        results.append(
            ReferenceResult(
                reference=reference,
                status=Status.UNVERIFIED,  # settled below, once the findings are known
                resolution=resolution,
                evidence=evidence.get(work.doi) if work else None,
                suggestion=suggestions.get((path, reference.id)),
            )
        )
    context = CheckContext(extraction=extraction, results=tuple(results))
    findings = registry.run(context, settings)
    settled = tuple(
        replace(
            result,
            status=(
                Status.NO_DOI
                if result.reference.doi and is_skipped(result.reference.doi, settings.skip_dois)
                else status_of(result.resolution, result.reference, findings)
            ),
        )
        for result in results
    )
    return FileReport(path=path, extraction=extraction, results=settled, findings=findings)


# -------------------------------------------------------------------- the whole


async def run_documents(
    documents: Sequence[Document], settings: Settings, resolver=None
) -> Report:
    from citecheck.report.hints import hints_for

    extractions = [extract(document) for document in documents]
    resolutions, suggestions, evidence, stats = await resolve(extractions, settings, resolver)
    files = tuple(
        check(extraction, resolutions, suggestions, evidence, settings)
        for extraction in extractions
    )
    report = Report(files=files, stats=stats)
    return replace(report, hints=tuple(hints_for(report, settings)))


def check_text(text: str, path: str = "<text>", settings: Settings | None = None) -> Report:
    """Check an article given as a string (plain text unless settings say otherwise)."""
    from citecheck.extract.inputs import document_from_text

    settings = settings or Settings()
    document = document_from_text(text, path, settings.input_format)
    return asyncio.run(run_documents([document], settings))


def check_file(path: str | Path, settings: Settings | None = None) -> Report:
    """Check one article file."""
    settings = settings or Settings()
    return asyncio.run(run_documents([read(path, settings)], settings))


def check_paths(paths: Sequence[str | Path], settings: Settings) -> Report:
    """Check files and folders (walked with the include/exclude globs)."""
    from citecheck.walk import collect_paths

    documents = [read(path, settings) for path in collect_paths(paths, settings)]
    return asyncio.run(run_documents(documents, settings))
