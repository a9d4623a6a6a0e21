"""`--format json`: the whole report as one JSON document, described in docs/json-schema.md.

The shape is a public interface: scripts read it. Keys are only ever added
while `schema_version` stays 1; removing or renaming a key, or changing what a
value means, bumps it (see docs/json-schema.md). Unknown values are null,
never missing, and every line number is 1-based in the file as written.
`citecheck extract --format json` uses the same reference and citation
objects, without what only a look-up can tell (status, Crossref record...).
"""

from __future__ import annotations

import json
from typing import Any, Sequence, TextIO

from citecheck.model import (
    Citation,
    Extraction,
    FileReport,
    Reference,
    ReferenceResult,
    Report,
    RunStats,
)
from citecheck.report.summary import summarize

SCHEMA_VERSION = 1


def reference_dict(reference: Reference, result: ReferenceResult | None = None) -> dict[str, Any]:
    """One reference; the look-up keys are null when `result` is None (extraction only)."""
    resolution = result.resolution if result else None
    work = result.work if result else None
    suggestion = result.suggestion if result else None
    return {
        "id": reference.id,
        "line": reference.line,
        "end_line": reference.end_line,
        "number": reference.number,
        "section": reference.section,
        "text": reference.text,
        "doi": reference.doi,
        "malformed_doi": reference.malformed_doi,
        "parsed": reference.parsed(),
        "status": result.status.value if result else None,
        "lookup": (
            {
                "outcome": resolution.outcome.value,
                "source": resolution.source,
                "agency": resolution.agency,
                "reason": resolution.reason,
            }
            if resolution
            else None
        ),
        "crossref": work.as_json() if work else None,
        "evidence": result.evidence.as_json() if result and result.evidence else None,
        "suggested_doi": suggestion.doi if suggestion else None,
        "suggestion": (
            {"doi": suggestion.doi, "score": suggestion.score, "title": suggestion.title}
            if suggestion
            else None
        ),
        "comparison": result.comparison.as_json() if result and result.comparison else None,
    }


def citation_dict(citation: Citation) -> dict[str, Any]:
    return {
        "line": citation.line,
        "text": citation.text,
        "sentence": citation.sentence,
        "kind": citation.kind,
        "references": list(citation.references),
        "candidates": list(citation.candidates),
        "authors": list(citation.authors),
        "year": citation.year,
        "year_suffix": citation.year_suffix,
        "numbers": list(citation.numbers),
    }


def file_dict(file: FileReport) -> dict[str, Any]:
    return {
        "path": file.path,
        "format": file.extraction.document.format.value,
        "references": [reference_dict(result.reference, result) for result in file.results],
        "citations": [citation_dict(citation) for citation in file.extraction.citations],
        "findings": [finding.as_json() for finding in file.findings],
        "error": file.error,
    }


def stats_dict(stats: RunStats) -> dict[str, Any]:
    return {
        "requests": stats.requests,
        "cache_hits": stats.cache_hits,
        "rate_limited": stats.rate_limited,
        "failures": stats.failures,
        "offline": stats.offline,
        "cache_enabled": stats.cache_enabled,
        "mailto": stats.mailto,
        "cache_problem": stats.cache_problem,
        "pubmed_problem": stats.pubmed_problem,
    }


def to_dict(report: Report) -> dict[str, Any]:
    from citecheck import __version__

    return {
        "schema_version": SCHEMA_VERSION,
        "citecheck_version": __version__,
        "files": [file_dict(file) for file in report.files],
        "summary": summarize(report).as_json(),
        "stats": stats_dict(report.stats),
        "hints": list(report.hints),
    }


def extraction_to_dict(extractions: Sequence[Extraction]) -> dict[str, Any]:
    from citecheck import __version__

    return {
        "schema_version": SCHEMA_VERSION,
        "citecheck_version": __version__,
        "files": [
            {
                "path": extraction.document.path,
                "format": extraction.document.format.value,
                "references": [reference_dict(reference) for reference in extraction.references],
                "citations": [citation_dict(citation) for citation in extraction.citations],
            }
            for extraction in extractions
        ],
    }


def _dump(data: dict[str, Any], out: TextIO) -> None:
    # ASCII with \u escapes: stdout is not always UTF-8 (a Windows console, a C
    # locale), and an escape can never fail to encode or be misread.
    json.dump(data, out, indent=2, ensure_ascii=True)
    out.write("\n")


def write(report: Report, out: TextIO, *, color: bool | None = None, options: object = None) -> None:
    _dump(to_dict(report), out)


def write_extraction(extractions: Sequence[Extraction], out: TextIO, *, color: bool | None = None) -> None:
    _dump(extraction_to_dict(extractions), out)
